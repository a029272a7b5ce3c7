// Flushing: recovery points, samsa.log.fsync.before.ack group commit, durability waiters.
#include <gtest/gtest.h>

#include "log/log_test_support.h"

namespace samsa::log {
namespace {

using test::log_fixture;

TEST(Flush, DefaultPolicyLeavesFlushingToTheOsAndTheHighWatermarkAtTheEnd) {
    log_fixture f;
    auto log = f.open();
    f.append(*log, {.count = 3});
    EXPECT_EQ(log->high_watermark(), 3);
    EXPECT_EQ(log->recovery_point(), 0);
    f.clock.advance(1000000);
    EXPECT_FALSE(log->flush_if_due(f.clock.get()));
    EXPECT_EQ(log->recovery_point(), 0);
}

TEST(Flush, RollFlushesTheOldSegmentInTheBackground) {
    log_fixture f;
    f.config.segment_bytes = static_cast<int32_t>(test::make_batch({.count = 2}).size());
    auto log = f.open();
    f.append(*log, {.count = 2});
    f.append(*log, {.count = 2});
    EXPECT_EQ(log->recovery_point(), 0);
    EXPECT_TRUE(log->flush_if_due(f.clock.get()));
    EXPECT_EQ(log->recovery_point(), 2);
}

TEST(Flush, FlushMessagesFlushesOnceThatManyAreUnflushed) {
    log_fixture f;
    f.config.flush_messages = 5;
    auto log = f.open();
    f.append(*log, {.count = 3});
    EXPECT_FALSE(log->flush_if_due(f.clock.get()));
    f.append(*log, {.count = 2});
    EXPECT_TRUE(log->flush_if_due(f.clock.get()));
    EXPECT_EQ(log->recovery_point(), 5);
}

TEST(Flush, FlushMsFlushesWhenThatLongPassedSinceTheLastFlush) {
    log_fixture f;
    f.config.flush_ms = 1000;
    auto log = f.open();
    f.append(*log, {.count = 3});
    EXPECT_FALSE(log->flush_if_due(f.clock.get() + 999));
    EXPECT_TRUE(log->flush_if_due(f.clock.get() + 1000));
    EXPECT_EQ(log->recovery_point(), 3);
}

TEST(FsyncBeforeAck, HighWatermarkWaitsForTheSync) {
    log_fixture f;
    f.options.fsync_before_ack = true;
    auto log = f.open();
    f.append(*log, {.count = 3});
    EXPECT_EQ(log->log_end_offset(), 3);
    EXPECT_EQ(log->high_watermark(), 0);
    EXPECT_TRUE(log->read(0, 1000, true, isolation::read_uncommitted).ranges.empty());
    EXPECT_TRUE(log->sync_for_ack());
    EXPECT_EQ(log->high_watermark(), 3);
    EXPECT_FALSE(log->sync_for_ack());  // nothing new
}

TEST(FsyncBeforeAck, OneSyncCoversEveryAppendBeforeIt) {
    log_fixture f;
    f.options.fsync_before_ack = true;
    auto log = f.open();
    std::vector<int64_t> acked;
    std::vector<int64_t> hws;
    log->set_append_listener([&](int64_t hw) { hws.push_back(hw); });
    int requests = 0;
    log->set_sync_requester([&] { ++requests; });
    for (int i = 0; i < 3; ++i) {
        const append_result r = f.append(*log, {.count = 2});
        log->when_durable(r.last_offset, [&, last = r.last_offset](errc e) {
            EXPECT_EQ(e, errc::none);
            acked.push_back(last);
        });
    }
    EXPECT_EQ(requests, 3);
    EXPECT_TRUE(acked.empty());
    EXPECT_TRUE(log->sync_for_ack());
    EXPECT_EQ(acked, (std::vector<int64_t>{1, 3, 5}));
    EXPECT_EQ(hws, (std::vector<int64_t>{6}));
}

TEST(FsyncBeforeAck, WaiterForDurableOffsetRunsAtOnce) {
    log_fixture f;
    f.options.fsync_before_ack = true;
    auto log = f.open();
    const append_result r = f.append(*log, {.count = 2});
    log->sync_for_ack();
    bool called = false;
    log->when_durable(r.last_offset, [&](errc e) { called = e == errc::none; });
    EXPECT_TRUE(called);
}

TEST(FsyncBeforeAck, CloseReleasesWaiters) {
    log_fixture f;
    f.options.fsync_before_ack = true;
    auto log = f.open();
    const append_result r = f.append(*log, {.count = 2});
    log->abandon();
    errc got = errc::none;
    log->when_durable(r.last_offset, [&](errc e) { got = e; });
    EXPECT_EQ(got, errc::log_closed);
}

TEST(FsyncBeforeAck, PendingWaitersAreReleasedByClose) {
    log_fixture f;
    f.options.fsync_before_ack = true;
    auto log = f.open();
    const append_result r = f.append(*log, {.count = 2});
    std::vector<errc> got;
    log->when_durable(r.last_offset, [&](errc e) { got.push_back(e); });
    ASSERT_FALSE(log->close());
    // close() flushes everything, so the waiter is satisfied rather than failed.
    EXPECT_EQ(got, (std::vector<errc>{errc::none}));
    EXPECT_EQ(log->high_watermark(), 2);
}

TEST(FsyncBeforeAck, ReopenedLogHasItsWholeEndDurable) {
    log_fixture f;
    f.options.fsync_before_ack = true;
    {
        auto log = f.open();
        f.append(*log, {.count = 2});
    }
    auto log = f.open(false);
    EXPECT_EQ(log->high_watermark(), 2);
    EXPECT_EQ(log->recovery_point(), 2);
}

TEST(Durability, WithoutFsyncModeWaitersRunAtOnce) {
    log_fixture f;
    auto log = f.open();
    const append_result r = f.append(*log, {.count = 2});
    bool called = false;
    log->when_durable(r.last_offset, [&](errc e) { called = e == errc::none; });
    EXPECT_TRUE(called);
}

TEST(Durability, AppendListenerHearsEachNewHighWatermark) {
    log_fixture f;
    auto log = f.open();
    std::vector<int64_t> hws;
    log->set_append_listener([&](int64_t hw) { hws.push_back(hw); });
    f.append(*log, {.count = 2});
    f.append(*log, {.count = 1});
    EXPECT_EQ(hws, (std::vector<int64_t>{2, 3}));
}

TEST(Durability, ClosedLogRefusesAppends) {
    log_fixture f;
    auto log = f.open();
    ASSERT_FALSE(log->close());
    protocol::byte_buffer b = test::make_batch({});
    EXPECT_EQ(log->append(b, f.clock.get(), true).error, errc::log_closed);
}

}  // namespace
}  // namespace samsa::log
