// Appends and reads: offsets, segment rolls, whole-batch reads, idempotent appends.
#include "log/partition_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "log/log_test_support.h"
#include "protocol/records/record_batch.h"

namespace samsa::log {
namespace {

using test::batch_spec;
using test::batches_of;
using test::log_fixture;
using pairs = std::vector<std::pair<int64_t, int64_t>>;

TEST(PartitionLog, NewLogIsEmptyAtOffsetZero) {
    log_fixture f;
    auto log = f.open();
    EXPECT_EQ(log->log_start_offset(), 0);
    EXPECT_EQ(log->log_end_offset(), 0);
    EXPECT_EQ(log->high_watermark(), 0);
    EXPECT_EQ(log->last_stable_offset(), 0);
    EXPECT_TRUE(std::filesystem::exists(f.path() + "/00000000000000000000.log"));
    EXPECT_TRUE(std::filesystem::exists(f.path() + "/00000000000000000000.index"));
    EXPECT_TRUE(std::filesystem::exists(f.path() + "/00000000000000000000.timeindex"));
}

TEST(PartitionLog, AppendsAssignConsecutiveOffsetsAndAdvanceTheHighWatermark) {
    log_fixture f;
    auto log = f.open();
    auto a = f.append(*log, {.count = 3});
    EXPECT_EQ(a.base_offset, 0);
    EXPECT_EQ(a.last_offset, 2);
    EXPECT_EQ(a.log_start_offset, 0);
    auto b = f.append(*log, {.count = 2});
    EXPECT_EQ(b.base_offset, 3);
    EXPECT_EQ(b.last_offset, 4);
    EXPECT_EQ(log->log_end_offset(), 5);
    EXPECT_EQ(log->high_watermark(), 5);
}

TEST(PartitionLog, AppendRewritesTheCallersBytesInPlace) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 3});
    protocol::byte_buffer b = test::make_batch({.count = 1});
    log->set_leader_epoch(4);
    ASSERT_EQ(log->append(b, f.clock.get(), true).error, errc::none);
    const auto v = protocol::read_batch(b).batch;
    EXPECT_EQ(v.base_offset(), 3);
    EXPECT_EQ(v.partition_leader_epoch(), 4);
    EXPECT_TRUE(v.verify_crc());
}

TEST(PartitionLog, SegmentFileHoldsTheBatchesAsAppended) {
    log_fixture f;
    auto log = f.open();
    protocol::byte_buffer b = test::make_batch({.count = 2});
    ASSERT_EQ(log->append(b, f.clock.get(), true).error, errc::none);
    EXPECT_EQ(test::read_file(f.path() + "/00000000000000000000.log"), b);
}

TEST(PartitionLog, ReadReturnsWholeBatchesFromTheOneHoldingTheOffset) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 3});
    f.append(*log, {.count = 3});
    f.append(*log, {.count = 3});
    auto r = log->read(4, 1 << 20, true, isolation::read_uncommitted);
    ASSERT_EQ(r.error, errc::none);
    EXPECT_EQ(batches_of(r), (pairs{{3, 5}, {6, 8}}));
    EXPECT_EQ(r.high_watermark, 9);
    EXPECT_EQ(r.log_start_offset, 0);
}

TEST(PartitionLog, ReadStopsBeforeABatchThatWouldPassMaxBytes) {
    log_fixture f;
    auto log = f.open();
    const auto one = test::make_batch({.count = 2}).size();
    for (int i = 0; i < 4; ++i)
        f.append(*log, {.count = 2});
    auto r =
        log->read(0, static_cast<int32_t>(2 * one + one / 2), true, isolation::read_uncommitted);
    EXPECT_EQ(batches_of(r), (pairs{{0, 1}, {2, 3}}));
    EXPECT_EQ(r.bytes, 2 * one);
}

TEST(PartitionLog, FirstBatchLargerThanMaxBytesComesWholeWithMinOneBatch) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 5, .value_size = 500});
    f.append(*log, {.count = 1});
    auto r = log->read(0, 10, true, isolation::read_uncommitted);
    EXPECT_EQ(batches_of(r), (pairs{{0, 4}}));
    auto none = log->read(0, 10, false, isolation::read_uncommitted);
    EXPECT_TRUE(none.ranges.empty());
    EXPECT_EQ(none.error, errc::none);
}

TEST(PartitionLog, ReadAtTheEndIsEmptyAndBeyondItIsOutOfRange) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 2});
    auto at_end = log->read(2, 1000, true, isolation::read_uncommitted);
    EXPECT_EQ(at_end.error, errc::none);
    EXPECT_TRUE(at_end.ranges.empty());
    EXPECT_EQ(log->read(3, 1000, true, isolation::read_uncommitted).error,
              errc::offset_out_of_range);
    EXPECT_EQ(log->read(-1, 1000, true, isolation::read_uncommitted).error,
              errc::offset_out_of_range);
}

TEST(PartitionLog, SegmentBytesRollsAndReadsSpanSegments) {
    log_fixture f;
    const auto one = test::make_batch({.count = 2}).size();
    f.config.segment_bytes = static_cast<int32_t>(2 * one);
    auto log = f.open();
    for (int i = 0; i < 5; ++i)
        f.append(*log, {.count = 2});
    const auto segs = log->segments();
    ASSERT_EQ(segs.size(), 3u);
    EXPECT_EQ(segs[1]->base_offset(), 4);
    EXPECT_EQ(segs[2]->base_offset(), 8);
    EXPECT_TRUE(std::filesystem::exists(f.path() + "/00000000000000000004.log"));
    auto r = log->read(1, 1 << 20, true, isolation::read_uncommitted);
    EXPECT_EQ(batches_of(r), (pairs{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}}));
    EXPECT_EQ(r.ranges.size(), 3u);
    auto mid = log->read(6, 1 << 20, true, isolation::read_uncommitted);
    EXPECT_EQ(batches_of(mid), (pairs{{6, 7}, {8, 9}}));
}

TEST(PartitionLog, RollTrimsTheOldSegmentsIndexesAndWritesAProducerSnapshot) {
    log_fixture f;
    const auto one = test::make_batch({.count = 2}).size();
    f.config.segment_bytes = static_cast<int32_t>(one);
    auto log = f.open();
    f.append(*log, {.count = 2, .producer_id = 5, .producer_epoch = 0, .base_sequence = 0});
    f.append(*log, {.count = 2, .producer_id = 5, .producer_epoch = 0, .base_sequence = 2});
    EXPECT_EQ(std::filesystem::file_size(f.path() + "/00000000000000000000.index"), 0u);
    EXPECT_EQ(std::filesystem::file_size(f.path() + "/00000000000000000000.timeindex"), 12u);
    EXPECT_EQ(std::filesystem::file_size(f.path() + "/00000000000000000002.index"), 4096u);
    EXPECT_TRUE(std::filesystem::exists(f.path() + "/00000000000000000002.snapshot"));
}

TEST(PartitionLog, SegmentMsRollsWhenTheNewBatchIsThatMuchNewerThanTheFirst) {
    log_fixture f;
    f.config.segment_ms = 1000;
    auto log = f.open();
    f.append(*log, {.timestamp = f.clock.get()});
    f.append(*log, {.timestamp = f.clock.get() + 1000});
    EXPECT_EQ(log->segment_count(), 1u);
    f.append(*log, {.timestamp = f.clock.get() + 1001});
    EXPECT_EQ(log->segment_count(), 2u);
}

TEST(PartitionLog, SegmentMsUsesTheClockForBatchesWithoutTimestamps) {
    log_fixture f;
    f.config.segment_ms = 1000;
    auto log = f.open();
    f.append(*log, {.timestamps = {-1}});
    f.clock.advance(1001);
    f.append(*log, {.timestamps = {-1}});
    EXPECT_EQ(log->segment_count(), 2u);
}

TEST(PartitionLog, OffsetIndexGetsAnEntryPerIndexIntervalBytes) {
    log_fixture f;
    f.config.index_interval_bytes = 100;
    auto log = f.open();
    for (int i = 0; i < 4; ++i)
        f.append(*log, {.count = 2, .value_size = 60, .timestamp = f.clock.get() + i * 10});
    const auto seg = log->segments().front();
    // Batch 0 is never indexed; each later batch starts > 100 bytes after the last entry.
    EXPECT_EQ(seg->offsets().entries(), 3u);
    EXPECT_EQ(seg->offsets().entry(0).offset, 3);  // a batch's last offset
    const auto one = test::make_batch({.count = 2, .value_size = 60}).size();
    EXPECT_EQ(seg->offsets().entry(0).position, one);
    EXPECT_EQ(seg->times().entries(), 3u);
    EXPECT_EQ(seg->times().entry(0).offset, 3);
}

TEST(PartitionLog, OversizedBatchForTheSegmentIsRecordListTooLarge) {
    log_fixture f;
    f.config.segment_bytes = 100;
    auto log = f.open();
    protocol::byte_buffer b = test::make_batch({.count = 2, .value_size = 100});
    auto r = log->append(b, f.clock.get(), true);
    EXPECT_EQ(r.error, errc::record_list_too_large);
    EXPECT_EQ(r.log_start_offset, -1);
    EXPECT_EQ(log->log_end_offset(), 0);
}

TEST(PartitionLog, FailedValidationWritesNothing) {
    log_fixture f;
    auto log = f.open();
    protocol::byte_buffer b = test::make_batch({.count = 2});
    b[b.size() - 1] ^= 1;
    auto r = log->append(b, f.clock.get(), true);
    EXPECT_EQ(r.error, errc::corrupt_message);
    EXPECT_EQ(r.log_start_offset, -1);
    EXPECT_EQ(std::filesystem::file_size(f.path() + "/00000000000000000000.log"), 0u);
}

TEST(PartitionLog, RetriedIdempotentBatchAnswersTheOriginalOffsetsWithoutWriting) {
    log_fixture f;
    auto log = f.open();
    const batch_spec s{.count = 2, .producer_id = 7, .producer_epoch = 0, .base_sequence = 0};
    auto first = f.append(*log, s);
    f.append(*log, {.count = 1});
    auto retry = f.append(*log, s);
    EXPECT_EQ(retry.error, errc::none);
    EXPECT_EQ(retry.base_offset, first.base_offset);
    EXPECT_EQ(retry.last_offset, first.last_offset);
    EXPECT_EQ(retry.log_append_time, s.timestamp + 1);  // the original batch's max timestamp
    EXPECT_EQ(log->log_end_offset(), 3);
}

TEST(PartitionLog, OutOfOrderSequenceIsRefusedWithTheLogStartOffset) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.producer_id = 7, .producer_epoch = 0, .base_sequence = 0});
    protocol::byte_buffer b =
        test::make_batch({.producer_id = 7, .producer_epoch = 0, .base_sequence = 5});
    auto r = log->append(b, f.clock.get(), true);
    EXPECT_EQ(r.error, errc::out_of_order_sequence);
    EXPECT_EQ(r.log_start_offset, 0);
    EXPECT_TRUE(r.message.empty());
    EXPECT_EQ(log->log_end_offset(), 1);
}

TEST(PartitionLog, StaleEpochIsInvalidProducerEpoch) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.producer_id = 7, .producer_epoch = 3, .base_sequence = 0});
    protocol::byte_buffer b =
        test::make_batch({.producer_id = 7, .producer_epoch = 2, .base_sequence = 1});
    EXPECT_EQ(log->append(b, f.clock.get(), true).error, errc::invalid_producer_epoch);
}

TEST(PartitionLog, LogAppendTimeTopicAnswersTheStampedTime) {
    log_fixture f;
    f.config.log_append_time = true;
    auto log = f.open();
    auto r = f.append(*log, {.count = 2, .timestamps = {1, 2}});
    EXPECT_EQ(r.log_append_time, f.clock.get());
}

TEST(PartitionLog, ReadHeldAcrossRetentionStillReadsTheDeletedSegment) {
    log_fixture f;
    const auto one = test::make_batch({.count = 2}).size();
    f.config.segment_bytes = static_cast<int32_t>(one);
    f.config.retention_ms = 1000;
    f.config.file_delete_delay_ms = 0;
    auto log = f.open();
    f.append(*log, {.count = 2, .timestamp = f.clock.get()});
    f.append(*log, {.count = 2, .timestamp = f.clock.get()});
    auto r = log->read(0, 1 << 20, true, isolation::read_uncommitted);
    f.clock.advance(5000);
    ASSERT_GE(log->delete_old_segments(f.clock.get()), 1);
    log->delete_expired_files(f.clock.get());
    EXPECT_FALSE(std::filesystem::exists(f.path() + "/00000000000000000000.log"));
    EXPECT_EQ(batches_of(r), (pairs{{0, 1}, {2, 3}}));
}

}  // namespace
}  // namespace samsa::log
