// The offset and time indexes: entry layout, lookups, limits, trimming, sanity.
#include <gtest/gtest.h>

#include "log/offset_index.h"
#include "log/test_util.h"
#include "log/time_index.h"
#include "protocol/records/big_endian.h"

namespace samsa::log {
namespace {

using test::temp_dir;

TEST(OffsetIndex, NewFileIsPreallocatedToWholeEntries) {
    temp_dir d;
    offset_index idx(100);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 83, true));
    EXPECT_EQ(idx.entries(), 0u);
    EXPECT_EQ(idx.max_entries(), 10u);
    EXPECT_EQ(std::filesystem::file_size(d.sub("a.index")), 80u);
}

TEST(OffsetIndex, EntriesAreRelativeOffsetAndPositionBigEndian) {
    temp_dir d;
    offset_index idx(1000);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 80, true));
    ASSERT_FALSE(idx.append(1005, 4200));
    ASSERT_FALSE(idx.trim());
    const auto bytes = test::read_file(d.sub("a.index"));
    ASSERT_EQ(bytes.size(), 8u);
    EXPECT_EQ(protocol::be::load32(bytes.data()), 5u);
    EXPECT_EQ(protocol::be::load32(bytes.data() + 4), 4200u);
}

TEST(OffsetIndex, LookupFindsGreatestEntryAtOrBelowTarget) {
    temp_dir d;
    offset_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, true));
    for (int i = 1; i <= 10; ++i)
        ASSERT_FALSE(idx.append(i * 10, static_cast<uint32_t>(i * 1000)));
    EXPECT_EQ(idx.lookup(55).offset, 50);
    EXPECT_EQ(idx.lookup(55).position, 5000u);
    EXPECT_EQ(idx.lookup(60).offset, 60);
    EXPECT_EQ(idx.lookup(1000).offset, 100);
}

TEST(OffsetIndex, LookupBelowFirstEntryAnswersBaseOffsetAndPositionZero) {
    temp_dir d;
    offset_index idx(500);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, true));
    EXPECT_EQ(idx.lookup(700).offset, 500);
    ASSERT_FALSE(idx.append(510, 100));
    EXPECT_EQ(idx.lookup(505).offset, 500);
    EXPECT_EQ(idx.lookup(505).position, 0u);
}

TEST(OffsetIndex, OffsetNotAboveLastEntryIsRefused) {
    temp_dir d;
    offset_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, true));
    ASSERT_FALSE(idx.append(10, 100));
    EXPECT_TRUE(idx.append(10, 200));
    EXPECT_TRUE(idx.append(9, 200));
    EXPECT_EQ(idx.entries(), 1u);
}

TEST(OffsetIndex, OffsetOutOfRelativeRangeIsRefused) {
    temp_dir d;
    offset_index idx(100);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, true));
    EXPECT_TRUE(idx.append(99, 0));
    EXPECT_FALSE(idx.can_append_offset(100 + (int64_t{1} << 31)));
    EXPECT_TRUE(idx.can_append_offset(int64_t{100} + INT32_MAX));
}

TEST(OffsetIndex, FullIndexRefusesAppend) {
    temp_dir d;
    offset_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 16, true));
    ASSERT_FALSE(idx.append(1, 10));
    ASSERT_FALSE(idx.append(2, 20));
    EXPECT_TRUE(idx.is_full());
    EXPECT_TRUE(idx.append(3, 30));
}

TEST(OffsetIndex, TrimmedIndexReopensWithItsEntries) {
    temp_dir d;
    {
        offset_index idx(0);
        ASSERT_FALSE(idx.open(d.sub("a.index"), 800, true));
        ASSERT_FALSE(idx.append(3, 30));
        ASSERT_FALSE(idx.append(7, 70));
        ASSERT_FALSE(idx.trim());
    }
    offset_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, false));
    EXPECT_EQ(idx.entries(), 2u);
    EXPECT_EQ(idx.last_entry().offset, 7);
    EXPECT_TRUE(idx.sane(100));
    ASSERT_FALSE(idx.resize(800));
    EXPECT_EQ(idx.entries(), 2u);
    EXPECT_FALSE(idx.append(9, 90));
}

TEST(OffsetIndex, TruncateToDropsEntriesAtOrAboveOffset) {
    temp_dir d;
    offset_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, true));
    for (int i = 1; i <= 5; ++i)
        ASSERT_FALSE(idx.append(i * 10, static_cast<uint32_t>(i * 100)));
    idx.truncate_to(30);
    EXPECT_EQ(idx.entries(), 2u);
    EXPECT_EQ(idx.last_entry().offset, 20);
}

TEST(OffsetIndex, ZeroFilledPreallocatedTailIsNotSane) {
    temp_dir d;
    {
        offset_index idx(0);
        ASSERT_FALSE(idx.open(d.sub("a.index"), 800, true));
        ASSERT_FALSE(idx.append(5, 50));
        // no trim: a crash leaves the preallocated zeros
    }
    offset_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, false));
    EXPECT_EQ(idx.entries(), 100u);
    EXPECT_FALSE(idx.sane(1000));
}

TEST(OffsetIndex, EntryPointingPastTheLogIsNotSane) {
    temp_dir d;
    offset_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, true));
    ASSERT_FALSE(idx.append(5, 500));
    EXPECT_TRUE(idx.sane(501));
    EXPECT_FALSE(idx.sane(500));
}

TEST(OffsetIndex, PartialEntryFileIsNotSane) {
    temp_dir d;
    test::write_file(d.sub("a.index"), std::vector<uint8_t>(12, 0));
    offset_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, false));
    EXPECT_FALSE(idx.sane(1000));
}

TEST(OffsetIndex, FloorByPositionFindsBatchBoundaryAtOrBelow) {
    temp_dir d;
    offset_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.index"), 800, true));
    ASSERT_FALSE(idx.append(10, 1000));
    ASSERT_FALSE(idx.append(20, 2000));
    EXPECT_EQ(idx.floor_by_position(1999).position, 1000u);
    EXPECT_EQ(idx.floor_by_position(2000).position, 2000u);
    EXPECT_EQ(idx.floor_by_position(999).position, 0u);
}

TEST(TimeIndex, EntriesAreTimestampAndRelativeOffsetBigEndian) {
    temp_dir d;
    time_index idx(1000);
    ASSERT_FALSE(idx.open(d.sub("a.timeindex"), 120, true));
    ASSERT_FALSE(idx.maybe_append(1'700'000'000'123, 1007));
    ASSERT_FALSE(idx.trim());
    const auto bytes = test::read_file(d.sub("a.timeindex"));
    ASSERT_EQ(bytes.size(), 12u);
    EXPECT_EQ(protocol::be::load64(bytes.data()), 1'700'000'000'123u);
    EXPECT_EQ(protocol::be::load32(bytes.data() + 8), 7u);
}

TEST(TimeIndex, OnlyLargerTimestampsAreAppended) {
    temp_dir d;
    time_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.timeindex"), 120, true));
    ASSERT_FALSE(idx.maybe_append(100, 1));
    ASSERT_FALSE(idx.maybe_append(100, 2));
    EXPECT_EQ(idx.entries(), 1u);
    EXPECT_TRUE(idx.maybe_append(99, 3));
    EXPECT_TRUE(idx.maybe_append(200, 0));
    ASSERT_FALSE(idx.maybe_append(200, 4));
    EXPECT_EQ(idx.entries(), 2u);
    EXPECT_TRUE(idx.maybe_append(-1, 5));  // the largest timestamp so far never goes back
    EXPECT_EQ(idx.entries(), 2u);
}

TEST(TimeIndex, EmptyIndexIgnoresNoTimestamp) {
    temp_dir d;
    time_index idx(7);
    ASSERT_FALSE(idx.open(d.sub("a.timeindex"), 120, true));
    ASSERT_FALSE(idx.maybe_append(-1, 9));
    EXPECT_EQ(idx.entries(), 0u);
    EXPECT_EQ(idx.last_entry().timestamp, -1);
    EXPECT_EQ(idx.last_entry().offset, 7);
}

TEST(TimeIndex, FullKeepsTheLastSlotForTheClosingEntry) {
    temp_dir d;
    time_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.timeindex"), 36, true));
    ASSERT_FALSE(idx.maybe_append(10, 1));
    ASSERT_FALSE(idx.maybe_append(20, 2));
    EXPECT_TRUE(idx.is_full());
    EXPECT_TRUE(idx.maybe_append(30, 3));
    ASSERT_FALSE(idx.maybe_append(30, 3, true));
    EXPECT_EQ(idx.entries(), 3u);
    EXPECT_TRUE(idx.maybe_append(40, 4, true));
}

TEST(TimeIndex, LookupFindsGreatestTimestampAtOrBelowTarget) {
    temp_dir d;
    time_index idx(100);
    ASSERT_FALSE(idx.open(d.sub("a.timeindex"), 120, true));
    ASSERT_FALSE(idx.maybe_append(1000, 105));
    ASSERT_FALSE(idx.maybe_append(2000, 110));
    EXPECT_EQ(idx.lookup(1500).offset, 105);
    EXPECT_EQ(idx.lookup(2000).offset, 110);
    EXPECT_EQ(idx.lookup(999).timestamp, -1);
    EXPECT_EQ(idx.lookup(999).offset, 100);
}

TEST(TimeIndex, ZeroFilledTailIsNotSane) {
    temp_dir d;
    {
        time_index idx(0);
        ASSERT_FALSE(idx.open(d.sub("a.timeindex"), 120, true));
        ASSERT_FALSE(idx.maybe_append(1000, 5));
    }
    time_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.timeindex"), 120, false));
    EXPECT_FALSE(idx.sane());
}

TEST(TimeIndex, TruncateToDropsEntriesAtOrAboveOffset) {
    temp_dir d;
    time_index idx(0);
    ASSERT_FALSE(idx.open(d.sub("a.timeindex"), 120, true));
    ASSERT_FALSE(idx.maybe_append(10, 1));
    ASSERT_FALSE(idx.maybe_append(20, 5));
    idx.truncate_to(5);
    EXPECT_EQ(idx.entries(), 1u);
    EXPECT_EQ(idx.last_entry().timestamp, 10);
}

}  // namespace
}  // namespace samsa::log
