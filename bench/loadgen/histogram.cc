#include "bench/loadgen/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace samsa::loadgen {

int histogram::index_of(uint64_t value) {
    if (value < static_cast<uint64_t>(sub_buckets)) return static_cast<int>(value);
    const int msb = std::bit_width(value) - 1;  // >= precision_bits
    const int shift = msb - (precision_bits - 1);
    const int top = static_cast<int>(value >> shift);  // in [half, sub_buckets)
    const int index = sub_buckets + (shift - 1) * half + (top - half);
    return std::min(index, bucket_count - 1);
}

uint64_t histogram::lowest_in(int index) {
    if (index < sub_buckets) return static_cast<uint64_t>(index);
    const int shift = (index - sub_buckets) / half + 1;
    const uint64_t top = static_cast<uint64_t>((index - sub_buckets) % half + half);
    return top << shift;
}

uint64_t histogram::highest_in(int index) {
    if (index < sub_buckets) return static_cast<uint64_t>(index);
    const int shift = (index - sub_buckets) / half + 1;
    return lowest_in(index) + (uint64_t{1} << shift) - 1;
}

void histogram::record(uint64_t value, uint64_t count) {
    if (count == 0) return;
    counts_[index_of(value)] += count;
    count_ += count;
    sum_ += value * count;
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
}

void histogram::merge(const histogram& other) {
    for (int i = 0; i < bucket_count; ++i)
        counts_[i] += other.counts_[i];
    count_ += other.count_;
    sum_ += other.sum_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

uint64_t histogram::quantile(double q) const {
    if (count_ == 0) return 0;
    q = std::clamp(q, 0.0, 1.0);
    const auto rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * count_)));
    uint64_t seen = 0;
    for (int i = 0; i < bucket_count; ++i) {
        seen += counts_[i];
        if (seen >= rank) return std::min(highest_in(i), max_);
    }
    return max_;
}

}  // namespace samsa::loadgen
