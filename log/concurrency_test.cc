// Appends, reads, retention and DeleteRecords racing on one partition: readers only ever see
// whole batches with contiguous offsets below the high watermark they were given.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "log/log_test_support.h"

namespace samsa::log {
namespace {

using test::log_fixture;

TEST(Concurrency, ReadersSeeWholeContiguousBatchesWhileWritersRollAndRetentionDeletes) {
    log_fixture f;
    f.config.segment_bytes = 4000;
    f.config.index_interval_bytes = 300;
    f.config.retention_bytes = 40000;
    f.config.file_delete_delay_ms = 0;
    auto log = f.open();
    constexpr int writers = 3, batches_per_writer = 300;
    std::atomic<int> writers_left{writers};
    std::atomic<int64_t> records{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            std::mt19937 gen(static_cast<unsigned>(w));
            for (int i = 0; i < batches_per_writer; ++i) {
                const int n = 1 + static_cast<int>(gen() % 5);
                protocol::byte_buffer b = test::make_batch(
                    {.count = n, .value_size = 1 + gen() % 100, .timestamp = f.clock.get()});
                ASSERT_EQ(log->append(b, f.clock.get(), true).error, errc::none);
                records += n;
            }
            --writers_left;
        });
    }
    std::atomic<int> failures{0};
    for (int r = 0; r < 2; ++r) {
        threads.emplace_back([&, r] {
            std::mt19937 gen(static_cast<unsigned>(100 + r));
            while (writers_left > 0) {
                const int64_t start = log->log_start_offset();
                const int64_t hw = log->high_watermark();
                const int64_t at =
                    start + (hw > start ? static_cast<int64_t>(gen() % (hw - start)) : 0);
                const read_result res = log->read(at, 1 + static_cast<int32_t>(gen() % 20000), true,
                                                  isolation::read_uncommitted);
                if (res.error == errc::offset_out_of_range) continue;  // retention moved on
                const auto got = test::batches_of(res);
                for (size_t i = 0; i < got.size(); ++i) {
                    const bool ok = got[i].second >= at && got[i].second < res.high_watermark
                                    && (i == 0 ? got[i].first <= at || at < start
                                               : got[i].first == got[i - 1].second + 1);
                    if (!ok) ++failures;
                }
            }
        });
    }
    threads.emplace_back([&] {
        while (writers_left > 0) {
            log->delete_old_segments(f.clock.get());
            log->delete_expired_files(f.clock.get());
            const int64_t hw = log->high_watermark();
            if (hw > 0) log->delete_records_before(hw / 2);
            std::this_thread::yield();
        }
    });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(log->log_end_offset(), records);
    const auto all = test::batches_of(
        log->read(log->log_start_offset(), 1 << 30, true, isolation::read_uncommitted));
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all.back().second, records - 1);
    for (size_t i = 1; i < all.size(); ++i)
        EXPECT_EQ(all[i].first, all[i - 1].second + 1);
}

TEST(Preallocate, SegmentFilesStartAtSegmentBytesAndAreTrimmedWhenRolled) {
    log_fixture f;
    f.config.preallocate = true;
    const auto one = test::make_batch({.count = 2}).size();
    f.config.segment_bytes = static_cast<int32_t>(2 * one);
    auto log = f.open();
    const std::string first = f.path() + "/00000000000000000000.log";
    EXPECT_EQ(std::filesystem::file_size(first), 2 * one);
    f.append(*log, {.count = 2});
    EXPECT_EQ(log->size_bytes(), one);
    f.append(*log, {.count = 2});
    f.append(*log, {.count = 2});  // rolls
    EXPECT_EQ(std::filesystem::file_size(first), 2 * one);
    EXPECT_EQ(std::filesystem::file_size(f.path() + "/00000000000000000004.log"), 2 * one);
    ASSERT_FALSE(log->close());
    EXPECT_EQ(std::filesystem::file_size(f.path() + "/00000000000000000004.log"), one);
}

TEST(Preallocate, UncleanRestartCutsThePreallocatedZeros) {
    log_fixture f;
    f.config.preallocate = true;
    f.config.segment_bytes = 100000;
    {
        auto log = f.open();
        f.append(*log, {.count = 2});
    }
    auto log = f.open(false);
    EXPECT_EQ(log->log_end_offset(), 2);
    EXPECT_EQ(std::filesystem::file_size(f.path() + "/00000000000000000000.log"),
              test::make_batch({.count = 2}).size());
    EXPECT_EQ(f.append(*log, {.count = 1}).base_offset, 2);
}

}  // namespace
}  // namespace samsa::log
