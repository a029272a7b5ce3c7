// Retention by time and size, DeleteRecords and deferred deletion, with a manual clock.
#include <gtest/gtest.h>

#include "log/log_test_support.h"

namespace samsa::log {
namespace {

using test::batches_of;
using test::log_fixture;

// A log with one 2-record batch per segment, batch i stamped at `start + i * step`.
std::shared_ptr<partition_log> log_of_segments(log_fixture& f, int n, int64_t step = 1000) {
    f.config.segment_bytes = static_cast<int32_t>(test::make_batch({.count = 2}).size());
    f.config.file_delete_delay_ms = 60000;
    auto log = f.open();
    const int64_t start = f.clock.get();
    for (int i = 0; i < n; ++i)
        f.append(*log, {.count = 2, .timestamp = start + i * step});
    return log;
}

TEST(Retention, SegmentsOlderThanRetentionMsGoOldestFirst) {
    log_fixture f;
    f.config.retention_ms = 10000;
    auto log = log_of_segments(f, 4);  // max timestamps start+1, +1001, +2001, +3001
    f.clock.advance(11002);
    EXPECT_EQ(log->delete_old_segments(f.clock.get()), 2);
    EXPECT_EQ(log->log_start_offset(), 4);
    EXPECT_EQ(log->segment_count(), 2u);
    EXPECT_EQ(log->read(3, 1000, true, isolation::read_uncommitted).error,
              errc::offset_out_of_range);
}

TEST(Retention, NegativeRetentionMsKeepsForever) {
    log_fixture f;
    f.config.retention_ms = -1;
    auto log = log_of_segments(f, 3);
    f.clock.advance(int64_t{1} << 40);
    EXPECT_EQ(log->delete_old_segments(f.clock.get()), 0);
}

TEST(Retention, WhenEverySegmentExpiresAnEmptyActiveSegmentIsRolledFirst) {
    log_fixture f;
    f.config.retention_ms = 1000;
    auto log = log_of_segments(f, 3);
    f.clock.advance(100000);
    EXPECT_EQ(log->delete_old_segments(f.clock.get()), 3);
    EXPECT_EQ(log->segment_count(), 1u);
    EXPECT_EQ(log->segments().front()->base_offset(), 6);
    EXPECT_EQ(log->log_start_offset(), 6);
    EXPECT_EQ(log->log_end_offset(), 6);
    EXPECT_EQ(f.append(*log, {.count = 1, .timestamp = f.clock.get()}).base_offset, 6);
}

TEST(Retention, EmptyActiveSegmentIsNeverDeleted) {
    log_fixture f;
    f.config.retention_ms = 0;
    auto log = f.open();
    f.clock.advance(100000);
    EXPECT_EQ(log->delete_old_segments(f.clock.get()), 0);
    EXPECT_EQ(log->segment_count(), 1u);
}

TEST(Retention, RetentionBytesDeletesWhileTheRestStaysAboveTheLimit) {
    log_fixture f;
    const int64_t one = static_cast<int64_t>(test::make_batch({.count = 2}).size());
    f.config.retention_bytes = 2 * one;
    auto log = log_of_segments(f, 5);
    EXPECT_EQ(log->delete_old_segments(f.clock.get()), 3);
    EXPECT_EQ(log->size_bytes(), static_cast<uint64_t>(2 * one));
    EXPECT_EQ(log->log_start_offset(), 6);
}

TEST(Retention, RetentionBytesNotReachedDeletesNothing) {
    log_fixture f;
    f.config.retention_bytes = 1 << 20;
    auto log = log_of_segments(f, 5);
    EXPECT_EQ(log->delete_old_segments(f.clock.get()), 0);
}

TEST(Retention, CompactOnlyTopicDeletesOnlyBelowTheLogStart) {
    log_fixture f;
    f.config.retention_ms = 1;
    f.config.delete_retention = false;
    f.config.compact = true;
    auto log = log_of_segments(f, 3);
    f.clock.advance(100000);
    EXPECT_EQ(log->delete_old_segments(f.clock.get()), 0);
    EXPECT_EQ(std::get<errc>(log->delete_records_before(2)), errc::policy_violation);
}

TEST(Retention, DeletedFilesWaitForFileDeleteDelay) {
    log_fixture f;
    f.config.retention_ms = 1000;
    auto log = log_of_segments(f, 2);
    f.clock.advance(100000);
    ASSERT_EQ(log->delete_old_segments(f.clock.get()), 2);
    const std::string dir = f.path() + "/";
    EXPECT_FALSE(std::filesystem::exists(dir + "00000000000000000000.log"));
    EXPECT_TRUE(std::filesystem::exists(dir + "00000000000000000000.log.deleted"));
    EXPECT_TRUE(std::filesystem::exists(dir + "00000000000000000000.index.deleted"));
    EXPECT_TRUE(std::filesystem::exists(dir + "00000000000000000002.snapshot.deleted"));
    log->delete_expired_files(f.clock.get() + 59999);
    EXPECT_TRUE(std::filesystem::exists(dir + "00000000000000000000.log.deleted"));
    log->delete_expired_files(f.clock.get() + 60000);
    EXPECT_FALSE(std::filesystem::exists(dir + "00000000000000000000.log.deleted"));
    EXPECT_FALSE(std::filesystem::exists(dir + "00000000000000000000.timeindex.deleted"));
    EXPECT_FALSE(std::filesystem::exists(dir + "00000000000000000002.snapshot.deleted"));
}

TEST(DeleteRecords, MovesTheLogStartOffsetWithinASegment) {
    log_fixture f;
    auto log = f.open();
    for (int i = 0; i < 3; ++i)
        f.append(*log, {.count = 2});
    auto r = log->delete_records_before(3);
    ASSERT_EQ(std::get<int64_t>(r), 3);
    EXPECT_EQ(log->log_start_offset(), 3);
    EXPECT_EQ(log->read(2, 1000, true, isolation::read_uncommitted).error,
              errc::offset_out_of_range);
    // The batch holding offset 3 starts at 2; the consumer skips offset 2 itself.
    EXPECT_EQ(batches_of(log->read(3, 1000, true, isolation::read_uncommitted)).front().first, 2);
    EXPECT_EQ(log->earliest().offset, 3);
}

TEST(DeleteRecords, MinusOneMeansTheHighWatermark) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 4});
    EXPECT_EQ(std::get<int64_t>(log->delete_records_before(-1)), 4);
}

TEST(DeleteRecords, BeyondTheHighWatermarkIsOffsetOutOfRange) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 4});
    EXPECT_EQ(std::get<errc>(log->delete_records_before(5)), errc::offset_out_of_range);
    EXPECT_EQ(std::get<errc>(log->delete_records_before(-2)), errc::offset_out_of_range);
    EXPECT_EQ(log->log_start_offset(), 0);
}

TEST(DeleteRecords, BelowTheCurrentStartChangesNothing) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 4});
    ASSERT_EQ(std::get<int64_t>(log->delete_records_before(3)), 3);
    EXPECT_EQ(std::get<int64_t>(log->delete_records_before(1)), 3);
}

TEST(DeleteRecords, WholeSegmentsBelowTheStartAreDeletedByTheNextRetentionRun) {
    log_fixture f;
    auto log = log_of_segments(f, 4);
    ASSERT_EQ(std::get<int64_t>(log->delete_records_before(5)), 5);
    EXPECT_EQ(log->segment_count(), 4u);
    EXPECT_EQ(log->delete_old_segments(f.clock.get()), 2);
    EXPECT_EQ(log->segments().front()->base_offset(), 4);
    EXPECT_EQ(log->log_start_offset(), 5);
}

TEST(ProducerExpiry, IdleProducerIsForgottenAfterTheExpiration) {
    log_fixture f;
    f.options.producer_id_expiration_ms = 1000;
    auto log = f.open();
    f.append(
        *log,
        {.timestamp = f.clock.get(), .producer_id = 3, .producer_epoch = 0, .base_sequence = 0});
    log->remove_expired_producers(f.clock.get() + 999);
    EXPECT_NE(log->producers_unlocked().find(3), nullptr);
    log->remove_expired_producers(f.clock.get() + 1000);
    EXPECT_EQ(log->producers_unlocked().find(3), nullptr);
}

}  // namespace
}  // namespace samsa::log
