// Loading a partition directory: clean restarts, torn and corrupt tails, broken indexes,
// producer state from snapshots.
#include <gtest/gtest.h>

#include "log/log_test_support.h"
#include "log/producer_snapshot.h"
#include "protocol/records/record_batch.h"

namespace samsa::log {
namespace {

using test::batch_spec;
using test::batches_of;
using test::log_fixture;
using pairs = std::vector<std::pair<int64_t, int64_t>>;

std::string seg_path(const log_fixture& f, int64_t base, const char* suffix) {
    char name[32];
    std::snprintf(name, sizeof name, "%020lld", static_cast<long long>(base));
    return f.path() + "/" + name + suffix;
}

pairs read_all(const partition_log& log) {
    return batches_of(log.read(log.log_start_offset(), 1 << 30, true, isolation::read_uncommitted));
}

TEST(Recovery, CleanCloseAndReopenKeepsEverything) {
    log_fixture f;
    const auto one = test::make_batch({.count = 2}).size();
    f.config.segment_bytes = static_cast<int32_t>(2 * one);
    {
        auto log = f.open();
        for (int i = 0; i < 5; ++i)
            f.append(*log, {.count = 2});
        ASSERT_FALSE(log->close());
    }
    auto log = f.open(true);
    EXPECT_EQ(log->log_end_offset(), 10);
    EXPECT_EQ(log->segment_count(), 3u);
    EXPECT_EQ(read_all(*log), (pairs{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {8, 9}}));
    EXPECT_EQ(f.append(*log, {.count = 1}).base_offset, 10);
}

TEST(Recovery, CleanStopIsNotRescanned) {
    // A byte flipped inside a batch after a clean stop stays: only unclean stops rescan.
    log_fixture f;
    {
        auto log = f.open();
        f.append(*log, {.count = 2});
        f.append(*log, {.count = 2});
        ASSERT_FALSE(log->close());
    }
    auto bytes = test::read_file(seg_path(f, 0, ".log"));
    bytes[bytes.size() - 5] ^= 1;
    test::write_file(seg_path(f, 0, ".log"), bytes);
    auto log = f.open(true);
    EXPECT_EQ(log->log_end_offset(), 4);
}

TEST(Recovery, TornTailIsCutAtTheLastWholeBatch) {
    log_fixture f;
    {
        auto log = f.open();
        f.append(*log, {.count = 2});
        f.append(*log, {.count = 3});
    }
    auto bytes = test::read_file(seg_path(f, 0, ".log"));
    const size_t first = test::make_batch({.count = 2}).size();
    bytes.erase(bytes.end() - 7, bytes.end());
    test::write_file(seg_path(f, 0, ".log"), bytes);
    auto log = f.open(false);
    EXPECT_EQ(log->log_end_offset(), 2);
    EXPECT_EQ(std::filesystem::file_size(seg_path(f, 0, ".log")), first);
    EXPECT_EQ(f.append(*log, {.count = 1}).base_offset, 2);
}

TEST(Recovery, TailCutInsideTheHeaderIsCut) {
    log_fixture f;
    {
        auto log = f.open();
        f.append(*log, {.count = 2});
    }
    auto bytes = test::read_file(seg_path(f, 0, ".log"));
    const size_t first = bytes.size();
    bytes.insert(bytes.end(), {0, 0, 0, 0, 0, 0, 0, 2, 0, 0});
    test::write_file(seg_path(f, 0, ".log"), bytes);
    auto log = f.open(false);
    EXPECT_EQ(log->log_end_offset(), 2);
    EXPECT_EQ(std::filesystem::file_size(seg_path(f, 0, ".log")), first);
}

TEST(Recovery, FlippedByteCutsFromTheCorruptBatchOn) {
    log_fixture f;
    {
        auto log = f.open();
        f.append(*log, {.count = 2});
        f.append(*log, {.count = 2});
        f.append(*log, {.count = 2});
    }
    const size_t one = test::make_batch({.count = 2}).size();
    auto bytes = test::read_file(seg_path(f, 0, ".log"));
    bytes[one + 70] ^= 0x10;  // inside the second batch's records
    test::write_file(seg_path(f, 0, ".log"), bytes);
    auto log = f.open(false);
    EXPECT_EQ(log->log_end_offset(), 2);
    EXPECT_EQ(read_all(*log), (pairs{{0, 1}}));
}

TEST(Recovery, SegmentsAfterACorruptOneAreDeleted) {
    log_fixture f;
    const auto one = test::make_batch({.count = 2}).size();
    f.config.segment_bytes = static_cast<int32_t>(one);
    {
        auto log = f.open();
        for (int i = 0; i < 3; ++i)
            f.append(*log, {.count = 2});
        ASSERT_EQ(log->segment_count(), 3u);
    }
    auto bytes = test::read_file(seg_path(f, 2, ".log"));
    bytes[30] ^= 0x01;
    test::write_file(seg_path(f, 2, ".log"), bytes);
    auto log = f.open(false);
    EXPECT_EQ(log->log_end_offset(), 2);
    EXPECT_FALSE(std::filesystem::exists(seg_path(f, 4, ".log")));
    EXPECT_EQ(read_all(*log), (pairs{{0, 1}}));
}

TEST(Recovery, SegmentsBeforeTheRecoveryPointAreTrusted) {
    log_fixture f;
    const auto one = test::make_batch({.count = 2}).size();
    f.config.segment_bytes = static_cast<int32_t>(one);
    {
        auto log = f.open();
        for (int i = 0; i < 3; ++i)
            f.append(*log, {.count = 2});
    }
    auto bytes = test::read_file(seg_path(f, 0, ".log"));
    bytes[bytes.size() - 2] ^= 0x01;
    test::write_file(seg_path(f, 0, ".log"), bytes);
    auto log = f.open(false, 2);  // recovery point 2: segment 0 was flushed
    EXPECT_EQ(log->log_end_offset(), 6);
}

TEST(Recovery, MissingIndexIsRebuilt) {
    log_fixture f;
    f.config.index_interval_bytes = 10;
    {
        auto log = f.open();
        for (int i = 0; i < 4; ++i)
            f.append(*log, {.count = 2, .timestamp = f.clock.get() + i});
        ASSERT_FALSE(log->close());
    }
    const auto before = test::read_file(seg_path(f, 0, ".index"));
    ASSERT_EQ(before.size(), 24u);
    std::filesystem::remove(seg_path(f, 0, ".index"));
    auto log = f.open(true);
    ASSERT_FALSE(log->close());
    EXPECT_EQ(test::read_file(seg_path(f, 0, ".index")), before);
}

TEST(Recovery, CorruptIndexIsRebuilt) {
    log_fixture f;
    f.config.index_interval_bytes = 10;
    f.config.segment_bytes = static_cast<int32_t>(3 * test::make_batch({.count = 2}).size());
    {
        auto log = f.open();
        for (int i = 0; i < 6; ++i)
            f.append(*log, {.count = 2, .timestamp = f.clock.get() + i});
        ASSERT_FALSE(log->close());
    }
    const auto index = test::read_file(seg_path(f, 0, ".index"));
    const auto times = test::read_file(seg_path(f, 0, ".timeindex"));
    ASSERT_EQ(index.size(), 16u);
    test::write_file(seg_path(f, 0, ".index"), std::vector<uint8_t>(16, 0xff));
    test::write_file(seg_path(f, 0, ".timeindex"), std::vector<uint8_t>(7, 0));
    auto log = f.open(true);
    EXPECT_EQ(read_all(*log).size(), 6u);
    auto r = log->read(3, 1 << 20, true, isolation::read_uncommitted);
    EXPECT_EQ(batches_of(r).front(), (std::pair<int64_t, int64_t>{2, 3}));
    ASSERT_FALSE(log->close());
    EXPECT_EQ(test::read_file(seg_path(f, 0, ".index")), index);
    EXPECT_EQ(test::read_file(seg_path(f, 0, ".timeindex")), times);
}

TEST(Recovery, UncleanStopRebuildsTheActiveSegmentsIndexes) {
    log_fixture f;
    f.config.index_interval_bytes = 10;
    std::vector<uint8_t> index;
    {
        auto log = f.open();
        for (int i = 0; i < 4; ++i)
            f.append(*log, {.count = 2, .timestamp = f.clock.get() + i});
        // no close: the index stays preallocated, as after a crash
    }
    auto log = f.open(false);
    EXPECT_EQ(log->log_end_offset(), 8);
    EXPECT_EQ(log->segments().back()->offsets().entries(), 3u);
    auto r = log->read(5, 1 << 20, true, isolation::read_uncommitted);
    EXPECT_EQ(batches_of(r).front(), (std::pair<int64_t, int64_t>{4, 5}));
}

TEST(Recovery, StrayDeletedFilesAreRemoved) {
    log_fixture f;
    { auto log = f.open(); }
    test::write_file(f.path() + "/00000000000000000099.log.deleted", {1, 2, 3});
    test::write_file(f.path() + "/00000000000000000099.index", {});
    auto log = f.open(false);
    EXPECT_FALSE(std::filesystem::exists(f.path() + "/00000000000000000099.log.deleted"));
    EXPECT_FALSE(std::filesystem::exists(f.path() + "/00000000000000000099.index"));
}

TEST(Recovery, CleanRestartRestoresProducerStateFromTheSnapshot) {
    log_fixture f;
    const batch_spec last{.count = 2, .producer_id = 9, .producer_epoch = 1, .base_sequence = 2};
    {
        auto log = f.open();
        f.append(*log, {.count = 2, .producer_id = 9, .producer_epoch = 1, .base_sequence = 0});
        f.append(*log, last);
        ASSERT_FALSE(log->close());
    }
    EXPECT_TRUE(std::filesystem::exists(seg_path(f, 4, ".snapshot")));
    auto log = f.open(true);
    auto dup = f.append(*log, last);
    EXPECT_EQ(dup.base_offset, 2);
    EXPECT_EQ(log->log_end_offset(), 4);
    protocol::byte_buffer gap =
        test::make_batch({.producer_id = 9, .producer_epoch = 1, .base_sequence = 9});
    EXPECT_EQ(log->append(gap, f.clock.get(), true).error, errc::out_of_order_sequence);
}

TEST(Recovery, UncleanRestartReplaysProducerStateAfterTheLastSnapshot) {
    log_fixture f;
    const auto one = test::make_batch({.count = 2}).size();
    f.config.segment_bytes = static_cast<int32_t>(one);
    {
        auto log = f.open();
        for (int i = 0; i < 4; ++i)
            f.append(*log,
                     {.count = 2, .producer_id = 9, .producer_epoch = 1, .base_sequence = 2 * i});
        // crash: snapshots exist at the rolls (2, 4, 6), not at the end (8)
    }
    EXPECT_FALSE(std::filesystem::exists(seg_path(f, 8, ".snapshot")));
    auto log = f.open(false, 6);
    // Batches after the snapshot were replayed, so the whole window is back.
    auto dup =
        f.append(*log, {.count = 2, .producer_id = 9, .producer_epoch = 1, .base_sequence = 6});
    EXPECT_EQ(dup.base_offset, 6);
    auto next =
        f.append(*log, {.count = 1, .producer_id = 9, .producer_epoch = 1, .base_sequence = 8});
    EXPECT_EQ(next.base_offset, 8);
    EXPECT_TRUE(std::filesystem::exists(seg_path(f, 8, ".snapshot")));
}

TEST(Recovery, CorruptSnapshotFallsBackToAnOlderOneAndTheLog) {
    log_fixture f;
    const auto one = test::make_batch({.count = 2}).size();
    f.config.segment_bytes = static_cast<int32_t>(one);
    {
        auto log = f.open();
        for (int i = 0; i < 3; ++i)
            f.append(*log,
                     {.count = 2, .producer_id = 9, .producer_epoch = 1, .base_sequence = 2 * i});
    }
    test::write_file(seg_path(f, 4, ".snapshot"), {0, 1, 2});
    auto log = f.open(false);
    EXPECT_FALSE(std::filesystem::exists(seg_path(f, 4, ".snapshot")));
    auto dup =
        f.append(*log, {.count = 2, .producer_id = 9, .producer_epoch = 1, .base_sequence = 4});
    EXPECT_EQ(dup.base_offset, 4);
    EXPECT_EQ(log->log_end_offset(), 6);
}

TEST(Recovery, LogStartOffsetCheckpointIsHonoured) {
    log_fixture f;
    {
        auto log = f.open();
        for (int i = 0; i < 3; ++i)
            f.append(*log, {.count = 2});
        ASSERT_FALSE(log->close());
    }
    auto log = f.open(true, 0, 3);
    EXPECT_EQ(log->log_start_offset(), 3);
    EXPECT_EQ(log->read(2, 1000, true, isolation::read_uncommitted).error,
              errc::offset_out_of_range);
    EXPECT_EQ(batches_of(log->read(3, 1000, true, isolation::read_uncommitted)).front().first, 2);
}

TEST(Recovery, LeaderEpochsAreRecoveredFromTheLog) {
    log_fixture f;
    {
        auto log = f.open();
        log->set_leader_epoch(1);
        f.append(*log, {.count = 2});
        log->set_leader_epoch(3);
        f.append(*log, {.count = 2});
    }
    std::filesystem::remove(f.path() + "/leader-epoch-checkpoint");
    auto log = f.open(false);
    EXPECT_EQ(log->end_offset_for_epoch(1).offset, 2);
    EXPECT_EQ(log->end_offset_for_epoch(1).leader_epoch, 1);
    EXPECT_EQ(log->end_offset_for_epoch(3).offset, 4);
}

}  // namespace
}  // namespace samsa::log
