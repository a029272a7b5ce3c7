// ListOffsets and OffsetForLeaderEpoch answers: earliest, latest, max timestamp, by timestamp.
#include <gtest/gtest.h>

#include "log/log_test_support.h"

namespace samsa::log {
namespace {

using test::log_fixture;

constexpr int64_t t0 = 1'700'000'000'000;

TEST(Lookup, EmptyLogAnswersStartAndEndZero) {
    log_fixture f;
    auto log = f.open();
    EXPECT_EQ(log->earliest().offset, 0);
    EXPECT_EQ(log->earliest().timestamp, -1);
    EXPECT_EQ(log->latest().offset, 0);
    EXPECT_EQ(log->offset_for_timestamp(0).offset, -1);
    EXPECT_EQ(log->max_timestamp().offset, -1);
}

TEST(Lookup, OffsetForTimestampIsTheFirstRecordAtOrAfterIt) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 3, .timestamps = {t0, t0 + 10, t0 + 20}});
    f.append(*log, {.count = 2, .timestamps = {t0 + 30, t0 + 40}});
    EXPECT_EQ(log->offset_for_timestamp(t0).offset, 0);
    EXPECT_EQ(log->offset_for_timestamp(t0 + 5).offset, 1);
    EXPECT_EQ(log->offset_for_timestamp(t0 + 5).timestamp, t0 + 10);
    EXPECT_EQ(log->offset_for_timestamp(t0 + 21).offset, 3);
    EXPECT_EQ(log->offset_for_timestamp(t0 + 40).offset, 4);
    const offset_lookup none = log->offset_for_timestamp(t0 + 41);
    EXPECT_EQ(none.offset, -1);
    EXPECT_EQ(none.timestamp, -1);
}

TEST(Lookup, OffsetForTimestampInsideACompressedBatch) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 4,
                    .codec = protocol::compression_codec::lz4,
                    .timestamps = {t0, t0 + 10, t0 + 20, t0 + 30}});
    EXPECT_EQ(log->offset_for_timestamp(t0 + 15).offset, 2);
}

TEST(Lookup, OffsetForTimestampAcrossSegmentsUsesTheIndexes) {
    log_fixture f;
    f.config.segment_bytes = static_cast<int32_t>(3 * test::make_batch({.count = 2}).size());
    f.config.index_interval_bytes = 1;
    auto log = f.open();
    for (int i = 0; i < 10; ++i)
        f.append(*log, {.count = 2, .timestamp = t0 + i * 100});
    EXPECT_GT(log->segment_count(), 2u);
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(log->offset_for_timestamp(t0 + i * 100).offset, 2 * i) << i;
        EXPECT_EQ(log->offset_for_timestamp(t0 + i * 100 + 1).offset, 2 * i + 1) << i;
    }
}

TEST(Lookup, OffsetForTimestampSkipsRecordsBelowTheLogStart) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 3, .timestamps = {t0, t0 + 10, t0 + 20}});
    ASSERT_EQ(std::get<int64_t>(log->delete_records_before(2)), 2);
    EXPECT_EQ(log->offset_for_timestamp(t0).offset, 2);
}

TEST(Lookup, MaxTimestampIsTheRecordCarryingIt) {
    log_fixture f;
    auto log = f.open();
    log->set_leader_epoch(6);
    f.append(*log, {.count = 3, .timestamps = {t0, t0 + 50, t0 + 20}});
    f.append(*log, {.count = 2, .timestamps = {t0 + 30, t0 + 40}});
    const offset_lookup m = log->max_timestamp();
    EXPECT_EQ(m.offset, 1);
    EXPECT_EQ(m.timestamp, t0 + 50);
    EXPECT_EQ(m.leader_epoch, 6);
}

TEST(Lookup, MaxTimestampUnderLogAppendTimeIsTheBatchsFirstRecord) {
    log_fixture f;
    f.config.log_append_time = true;
    auto log = f.open();
    f.append(*log, {.count = 2});
    f.clock.advance(10);
    f.append(*log, {.count = 3});
    const offset_lookup m = log->max_timestamp();
    EXPECT_EQ(m.offset, 2);
    EXPECT_EQ(m.timestamp, f.clock.get());
}

TEST(Lookup, EarliestAndLatestCarryTheLeaderEpoch) {
    log_fixture f;
    auto log = f.open();
    log->set_leader_epoch(2);
    f.append(*log, {.count = 2});
    log->set_leader_epoch(5);
    f.append(*log, {.count = 2});
    EXPECT_EQ(log->earliest().offset, 0);
    EXPECT_EQ(log->earliest().leader_epoch, 2);
    EXPECT_EQ(log->latest().offset, 4);
    EXPECT_EQ(log->latest().leader_epoch, 5);
}

TEST(Lookup, EarliestAfterDeleteRecordsKeepsTheEpochOfTheNewStart) {
    log_fixture f;
    auto log = f.open();
    log->set_leader_epoch(2);
    f.append(*log, {.count = 2});
    log->set_leader_epoch(5);
    f.append(*log, {.count = 2});
    ASSERT_EQ(std::get<int64_t>(log->delete_records_before(3)), 3);
    EXPECT_EQ(log->earliest().offset, 3);
    EXPECT_EQ(log->earliest().leader_epoch, 5);
}

TEST(Lookup, EndOffsetForEpoch) {
    log_fixture f;
    auto log = f.open();
    log->set_leader_epoch(1);
    f.append(*log, {.count = 2});
    log->set_leader_epoch(4);
    f.append(*log, {.count = 3});
    EXPECT_EQ(log->end_offset_for_epoch(1).offset, 2);
    EXPECT_EQ(log->end_offset_for_epoch(1).leader_epoch, 1);
    // An epoch between known ones: the last epoch before it, ending where the next starts.
    EXPECT_EQ(log->end_offset_for_epoch(2).leader_epoch, 1);
    EXPECT_EQ(log->end_offset_for_epoch(2).offset, 2);
    EXPECT_EQ(log->end_offset_for_epoch(4).offset, 5);
    EXPECT_EQ(log->end_offset_for_epoch(0).leader_epoch, 0);
    EXPECT_EQ(log->end_offset_for_epoch(0).offset, 0);
    EXPECT_EQ(log->end_offset_for_epoch(9).offset, -1);
    EXPECT_EQ(log->end_offset_for_epoch(-1).offset, -1);
}

TEST(LeaderEpochCheckpoint, FileIsKafkasTextFormat) {
    log_fixture f;
    auto log = f.open();
    log->set_leader_epoch(1);
    f.append(*log, {.count = 2});
    log->set_leader_epoch(4);
    f.append(*log, {.count = 3});
    EXPECT_FALSE(std::filesystem::exists(f.path() + "/leader-epoch-checkpoint"));
    ASSERT_FALSE(log->flush_epoch_checkpoint());
    const auto bytes = test::read_file(f.path() + "/leader-epoch-checkpoint");
    EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "0\n2\n1 0\n4 2\n");
}

TEST(LeaderEpochCache, NewEpochDropsEntriesItContradicts) {
    test::temp_dir d;
    leader_epoch_cache c(d.sub("leader-epoch-checkpoint"));
    c.assign(1, 0);
    c.assign(2, 10);
    c.assign(3, 20);
    c.assign(2, 15);  // drops 2@10 and 3@20
    EXPECT_EQ(c.entries(), (std::vector<epoch_entry>{{1, 0}, {2, 15}}));
    c.assign(2, 30);  // the same epoch at a later offset: no change
    EXPECT_EQ(c.entries().back(), (epoch_entry{2, 15}));
    ASSERT_FALSE(c.flush());
    leader_epoch_cache again(d.sub("leader-epoch-checkpoint"));
    ASSERT_FALSE(again.load());
    EXPECT_EQ(again.entries(), c.entries());
}

TEST(LeaderEpochCache, TruncateFromStartRestartsTheLastDroppedEpoch) {
    test::temp_dir d;
    leader_epoch_cache c(d.sub("leader-epoch-checkpoint"));
    c.assign(1, 0);
    c.assign(2, 10);
    c.assign(3, 20);
    c.truncate_from_start(15);
    EXPECT_EQ(c.entries(), (std::vector<epoch_entry>{{2, 15}, {3, 20}}));
    c.truncate_from_end(20);
    EXPECT_EQ(c.entries(), (std::vector<epoch_entry>{{2, 15}}));
    ASSERT_FALSE(c.flush());
    leader_epoch_cache again(d.sub("leader-epoch-checkpoint"));
    ASSERT_FALSE(again.load());
    EXPECT_EQ(again.entries(), c.entries());
}

}  // namespace
}  // namespace samsa::log
