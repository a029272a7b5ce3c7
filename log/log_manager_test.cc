// The log manager: hosting partition logs, configs, background work with a manual clock,
// checkpoints and clean shutdown.
#include "log/log_manager.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "log/checkpoints.h"
#include "log/test_util.h"

namespace samsa::log {
namespace {

using test::temp_dir;

protocol::uuid topic_id() {
    protocol::uuid id;
    id.bytes[0] = 1;
    return id;
}

struct manager_fixture {
    temp_dir dir;
    test::manual_clock clock;
    log_options options;
    manager_fixture() { options.clock = clock.fn(); }
    std::unique_ptr<log_manager> make() {
        auto m = std::make_unique<log_manager>(std::vector<std::string>{dir.path()}, options);
        EXPECT_FALSE(m->open());
        log_config c;
        c.segment_index_bytes = 4096;
        m->set_default_config(c);
        return m;
    }
};

void append(partition_log& log, int count, int64_t now) {
    protocol::byte_buffer b = test::make_batch({.count = count, .timestamp = now});
    ASSERT_EQ(log.append(b, now, true).error, errc::none);
}

TEST(LogManager, CreatePartitionOpensItsLog) {
    manager_fixture f;
    auto m = f.make();
    EXPECT_EQ(m->get("t", 0), nullptr);
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
    auto log = m->get("t", 0);
    ASSERT_NE(log, nullptr);
    append(*log, 2, f.clock.get());
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));  // idempotent
    EXPECT_EQ(m->get("t", 0), log);
    EXPECT_TRUE(std::filesystem::exists(f.dir.sub("t-0/00000000000000000000.log")));
}

TEST(LogManager, DeletePartitionClosesAndRemovesIt) {
    manager_fixture f;
    auto m = f.make();
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
    auto log = m->get("t", 0);
    m->delete_partition("t", 0);
    EXPECT_EQ(m->get("t", 0), nullptr);
    protocol::byte_buffer b = test::make_batch({});
    EXPECT_EQ(log->append(b, f.clock.get(), true).error, errc::log_closed);
}

TEST(LogManager, TopicConfigAppliesToOpenLogs) {
    manager_fixture f;
    auto m = f.make();
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
    log_config c;
    c.max_message_bytes = 10;
    m->set_config("t", c);
    EXPECT_EQ(m->get("t", 0)->config()->max_message_bytes, 10);
}

TEST(LogManager, AppendListenerNamesThePartition) {
    manager_fixture f;
    auto m = f.make();
    std::string heard;
    m->set_append_listener([&](const std::string& t, int32_t p, int64_t hw) {
        heard = t + "-" + std::to_string(p) + "@" + std::to_string(hw);
    });
    ASSERT_FALSE(m->create_partition("t", 3, topic_id()));
    append(*m->get("t", 3), 2, f.clock.get());
    EXPECT_EQ(heard, "t-3@2");
}

TEST(LogManager, ShutdownWritesCheckpointsAndTheCleanMarker) {
    manager_fixture f;
    auto m = f.make();
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
    append(*m->get("t", 0), 3, f.clock.get());
    ASSERT_EQ(std::get<int64_t>(m->get("t", 0)->delete_records_before(1)), 1);
    m->shutdown();
    EXPECT_TRUE(std::filesystem::exists(f.dir.sub(".kafka_cleanshutdown")));
    const auto rp =
        std::get<0>(read_offset_checkpoint(f.dir.sub("recovery-point-offset-checkpoint")));
    EXPECT_EQ(rp.at({"t", 0}), 3);
    const auto hw = std::get<0>(read_offset_checkpoint(f.dir.sub("replication-offset-checkpoint")));
    EXPECT_EQ(hw.at({"t", 0}), 3);
    const auto ls = std::get<0>(read_offset_checkpoint(f.dir.sub("log-start-offset-checkpoint")));
    EXPECT_EQ(ls.at({"t", 0}), 1);
}

TEST(LogManager, RestartAfterShutdownIsCleanAndKeepsTheLogStart) {
    manager_fixture f;
    {
        auto m = f.make();
        ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
        append(*m->get("t", 0), 3, f.clock.get());
        ASSERT_EQ(std::get<int64_t>(m->get("t", 0)->delete_records_before(2)), 2);
        m->mark_clean_shutdown();
    }
    auto m = f.make();
    EXPECT_TRUE(m->last_shutdown_was_clean());
    EXPECT_FALSE(std::filesystem::exists(f.dir.sub(".kafka_cleanshutdown")));
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
    auto log = m->get("t", 0);
    EXPECT_EQ(log->log_end_offset(), 3);
    EXPECT_EQ(log->log_start_offset(), 2);
}

TEST(LogManager, UncleanRestartUsesTheRecoveryPointCheckpoint) {
    manager_fixture f;
    {
        auto m = f.make();
        ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
        append(*m->get("t", 0), 3, f.clock.get());
        m->get("t", 0)->flush_up_to(3);
        ASSERT_FALSE(m->write_checkpoints());
        append(*m->get("t", 0), 2, f.clock.get());
        // no shutdown: a crash
    }
    auto m = f.make();
    EXPECT_FALSE(m->last_shutdown_was_clean());
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
    EXPECT_EQ(m->get("t", 0)->log_end_offset(), 5);
    EXPECT_EQ(m->get("t", 0)->recovery_point(), 3);
}

TEST(LogManager, PeriodicTasksRunRetentionAndCheckpointsAtTheirIntervals) {
    manager_fixture f;
    f.options.retention_check_interval_ms = 1000;
    auto m = f.make();
    log_config c;
    c.segment_index_bytes = 4096;
    c.segment_bytes = static_cast<int32_t>(test::make_batch({.count = 2}).size());
    c.retention_ms = 5000;
    c.file_delete_delay_ms = 0;
    m->set_config("t", c);
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
    auto log = m->get("t", 0);
    append(*log, 2, f.clock.get());
    append(*log, 2, f.clock.get());
    m->run_periodic_tasks(f.clock.get());
    EXPECT_EQ(log->segment_count(), 2u);
    EXPECT_TRUE(std::filesystem::exists(f.dir.sub("recovery-point-offset-checkpoint")));
    f.clock.advance(10000);
    m->run_periodic_tasks(f.clock.get());
    EXPECT_EQ(log->log_start_offset(), 4);
    m->run_periodic_tasks(f.clock.get() + 1);
    EXPECT_FALSE(std::filesystem::exists(f.dir.sub("t-0/00000000000000000000.log.deleted")));
}

TEST(LogManager, FsyncBeforeAckBackgroundAdvancesTheHighWatermark) {
    manager_fixture f;
    f.options.fsync_before_ack = true;
    auto m = f.make();
    m->start_background();
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
    auto log = m->get("t", 0);
    std::promise<errc> durable;
    protocol::byte_buffer b = test::make_batch({.count = 2});
    const append_result r = log->append(b, f.clock.get(), true);
    ASSERT_EQ(r.error, errc::none);
    log->when_durable(r.last_offset, [&](errc e) { durable.set_value(e); });
    auto fut = durable.get_future();
    ASSERT_EQ(fut.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(fut.get(), errc::none);
    EXPECT_EQ(log->high_watermark(), 2);
    m->shutdown();
}

// Several flusher threads sync partitions at once, one sync at a time per partition; appends
// arriving while their partition syncs get the next sync. Every append becomes durable.
TEST(LogManager, FsyncBeforeAckWithSeveralFlushersMakesEveryAppendDurable) {
    manager_fixture f;
    f.options.fsync_before_ack = true;
    f.options.fsync_threads = 3;
    auto m = f.make();
    m->start_background();
    constexpr int partitions = 8, appenders = 4, appends = 50;
    for (int p = 0; p < partitions; ++p)
        ASSERT_FALSE(m->create_partition("t", p, topic_id()));
    std::atomic<int> durable = 0, failed = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < appenders; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < appends; ++i) {
                auto log = m->get("t", (t + i) % partitions);
                protocol::byte_buffer b = test::make_batch({.count = 3});
                const append_result r = log->append(b, f.clock.get(), true);
                if (r.error != errc::none) {
                    ++failed;
                    continue;
                }
                log->when_durable(r.last_offset,
                                  [&](errc e) { ++(e == errc::none ? durable : failed); });
            }
        });
    }
    for (auto& t : threads)
        t.join();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (durable + failed < appenders * appends && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(durable.load(), appenders * appends);
    EXPECT_EQ(failed.load(), 0);
    int64_t total = 0;
    for (int p = 0; p < partitions; ++p) {
        auto log = m->get("t", p);
        EXPECT_EQ(log->high_watermark(), log->log_end_offset()) << "partition " << p;
        total += log->high_watermark();
    }
    EXPECT_EQ(total, int64_t{appenders} * appends * 3);
    m->shutdown();
}

TEST(LogManager, PartitionSizeCountsSegmentsNotPreallocatedIndexes) {
    manager_fixture f;
    auto m = f.make();
    ASSERT_FALSE(m->create_partition("t", 0, topic_id()));
    append(*m->get("t", 0), 2, f.clock.get());
    EXPECT_EQ(log_manager::partition_size(f.dir.sub("t-0")), test::make_batch({.count = 2}).size());
}

}  // namespace
}  // namespace samsa::log
