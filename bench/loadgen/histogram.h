// A latency histogram in the manner of HdrHistogram: log-linear buckets, so every value is
// kept to within 1/128 (0.8%) of itself, from 0 to 2^40 (about 12.7 days in microseconds),
// in a fixed 35 KiB of counters. Values above the range go to the top bucket; the exact
// maximum is kept apart.
//
// Not thread-safe: each thread records into its own histogram and the results are merged.
#pragma once

#include <array>
#include <cstdint>

namespace samsa::loadgen {

class histogram {
  public:
    // Values below 2^precision_bits get a bucket each; above, each power of two is split
    // into 2^(precision_bits-1) buckets.
    static constexpr int precision_bits = 8;
    static constexpr int max_value_bits = 40;
    static constexpr int sub_buckets = 1 << precision_bits;
    static constexpr int half = sub_buckets / 2;
    static constexpr int bucket_count = sub_buckets + (max_value_bits - precision_bits) * half;

    void record(uint64_t value, uint64_t count = 1);
    void merge(const histogram& other);

    uint64_t count() const { return count_; }
    uint64_t max() const { return max_; }
    uint64_t min() const { return count_ ? min_ : 0; }
    double mean() const { return count_ ? static_cast<double>(sum_) / count_ : 0; }

    // The value at quantile q (0..1): the highest value equivalent to the bucket holding
    // the ceil(q * count)-th smallest value, capped at the exact maximum. 0 when empty.
    uint64_t quantile(double q) const;

    // Bucket index of a value, and the range [lowest, highest] of values in a bucket.
    static int index_of(uint64_t value);
    static uint64_t lowest_in(int index);
    static uint64_t highest_in(int index);

  private:
    std::array<uint64_t, bucket_count> counts_{};
    uint64_t count_ = 0;
    uint64_t sum_ = 0;
    uint64_t min_ = UINT64_MAX;
    uint64_t max_ = 0;
};

}  // namespace samsa::loadgen
