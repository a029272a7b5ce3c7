#include "bench/loadgen/histogram.h"

#include <gtest/gtest.h>

namespace samsa::loadgen {
namespace {

TEST(Histogram, SmallValuesAreExact) {
    histogram h;
    for (uint64_t v = 0; v < 256; ++v)
        h.record(v);
    EXPECT_EQ(h.count(), 256u);
    EXPECT_EQ(h.quantile(0.5), 127u);
    EXPECT_EQ(h.quantile(1.0), 255u);
    EXPECT_EQ(h.min(), 0u);
}

TEST(Histogram, BucketsTileTheRangeWithoutGaps) {
    for (int i = 0; i + 1 < histogram::bucket_count; ++i) {
        ASSERT_EQ(histogram::highest_in(i) + 1, histogram::lowest_in(i + 1)) << i;
        ASSERT_EQ(histogram::index_of(histogram::lowest_in(i)), i);
        ASSERT_EQ(histogram::index_of(histogram::highest_in(i)), i);
    }
}

TEST(Histogram, LargeValuesStayWithinOnePercent) {
    for (uint64_t v : {1000ull, 123456ull, 9999999ull, 1ull << 39}) {
        histogram h;
        h.record(v);
        const auto got = histogram::lowest_in(histogram::index_of(v));
        EXPECT_LE(got, v);
        EXPECT_GE(static_cast<double>(got), v * 0.99);
        EXPECT_EQ(h.quantile(0.99), v);  // capped at the exact maximum
    }
}

TEST(Histogram, ValuesPastTheRangeLandInTheTopBucket) {
    histogram h;
    h.record(uint64_t{1} << 50);
    EXPECT_EQ(h.max(), uint64_t{1} << 50);
    EXPECT_EQ(histogram::index_of(uint64_t{1} << 50), histogram::bucket_count - 1);
}

TEST(Histogram, QuantilesOfAUniformSpread) {
    histogram h;
    for (uint64_t v = 1; v <= 100000; ++v)
        h.record(v);
    EXPECT_NEAR(static_cast<double>(h.quantile(0.5)), 50000, 500);
    EXPECT_NEAR(static_cast<double>(h.quantile(0.99)), 99000, 990);
    EXPECT_NEAR(static_cast<double>(h.quantile(0.999)), 99900, 999);
    EXPECT_EQ(h.quantile(1.0), 100000u);
    EXPECT_NEAR(h.mean(), 50000.5, 0.01);
}

TEST(Histogram, MergeAddsCountsAndKeepsExtremes) {
    histogram a, b;
    a.record(10, 3);
    b.record(5000);
    a.merge(b);
    EXPECT_EQ(a.count(), 4u);
    EXPECT_EQ(a.min(), 10u);
    EXPECT_EQ(a.max(), 5000u);
    EXPECT_EQ(a.quantile(0.75), 10u);
}

TEST(Histogram, EmptyHasZeroes) {
    histogram h;
    EXPECT_EQ(h.quantile(0.5), 0u);
    EXPECT_EQ(h.min(), 0u);
    EXPECT_EQ(h.mean(), 0);
}

}  // namespace
}  // namespace samsa::loadgen
