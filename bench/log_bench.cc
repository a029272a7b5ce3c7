// Partition log throughput on one core, in the page cache (no fsync): appends of 16 KiB
// batches of 1 KiB records (validation, offset assignment, one pwrite), idempotent appends,
// compressed appends (decompressed for validation), and reads (choosing the file ranges of a
// 1 MiB fetch, and those ranges copied out with pread). Figures only; nothing here asserts a
// speed.
//
//   cmake --preset release && cmake --build --preset release --target log_bench
//   build/release/bench/log_bench
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "log/partition_log.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_batch_builder.h"

namespace {

using namespace samsa;
namespace proto = samsa::protocol;

constexpr size_t record_size = 1024;
constexpr int records_per_batch = 16;  // 16 KiB batches

struct temp_dir {
    std::string path;
    temp_dir() {
        std::string t =
            (std::filesystem::temp_directory_path() / "samsa-log-bench-XXXXXX").string();
        path = ::mkdtemp(t.data());
    }
    ~temp_dir() { std::filesystem::remove_all(path); }
};

proto::byte_buffer batch(proto::compression_codec codec, int64_t producer_id = -1) {
    proto::batch_options o;
    o.codec = codec;
    if (producer_id >= 0) {
        o.producer_id = producer_id;
        o.producer_epoch = 0;
        o.base_sequence = 0;
    }
    proto::record_batch_builder b(o);
    std::mt19937 gen(7);
    for (int i = 0; i < records_per_batch; ++i) {
        std::string key = "key-" + std::to_string(i);
        std::string value(record_size - key.size(), 'x');
        for (auto& c : value)
            c = static_cast<char>('a' + gen() % 8);  // compressible, not trivially
        b.add({.timestamp = log::system_clock_ms(),
               .key = proto::as_bytes(key),
               .value = proto::as_bytes(value),
               .headers = {}});
    }
    proto::byte_buffer out;
    b.finish(out);
    return out;
}

std::shared_ptr<log::partition_log> open_log(const std::string& dir) {
    log::partition_log_options o;
    o.dir = dir + "/bench-0";
    o.topic = "bench";
    o.config.segment_bytes = 256 << 20;
    auto r = log::partition_log::open(o);
    return std::get<0>(r);
}

void run_appends(benchmark::State& state, proto::compression_codec codec, bool idempotent) {
    spdlog::set_level(spdlog::level::warn);
    temp_dir dir;
    auto log = open_log(dir.path);
    proto::byte_buffer b = batch(codec, idempotent ? 1 : -1);
    const int64_t now = log::system_clock_ms();
    int32_t seq = 0;
    uint64_t records_bytes = 0;
    for (auto _ : state) {
        proto::set_base_offset(b, 0);
        if (idempotent) {
            state.PauseTiming();  // the producer's work, not the broker's
            b[53] = static_cast<uint8_t>(seq >> 24);
            b[54] = static_cast<uint8_t>(seq >> 16);
            b[55] = static_cast<uint8_t>(seq >> 8);
            b[56] = static_cast<uint8_t>(seq);
            // baseSequence is covered by the CRC: restamp it (as a producer would have).
            proto::set_max_timestamp(b, proto::timestamp_type::create_time,
                                     proto::read_batch(b).batch.max_timestamp());
            seq += records_per_batch;
            state.ResumeTiming();
        }
        const log::append_result r = log->append(b, now, true);
        if (r.error != log::errc::none) {
            state.SkipWithError(r.detail.c_str());
            break;
        }
        records_bytes += record_size * records_per_batch;
    }
    state.SetBytesProcessed(static_cast<int64_t>(records_bytes));
    state.counters["batch_bytes"] = static_cast<double>(b.size());
}

void BM_Append(benchmark::State& s) {
    run_appends(s, proto::compression_codec::none, false);
}
void BM_AppendIdempotent(benchmark::State& s) {
    run_appends(s, proto::compression_codec::none, true);
}
void BM_AppendLz4(benchmark::State& s) {
    run_appends(s, proto::compression_codec::lz4, false);
}
void BM_AppendZstd(benchmark::State& s) {
    run_appends(s, proto::compression_codec::zstd, false);
}

// A log of 256 MiB in 16 KiB batches, read in 1 MiB fetches from offsets spread over it.
struct read_fixture {
    temp_dir dir;
    std::shared_ptr<log::partition_log> log;
    read_fixture() {
        spdlog::set_level(spdlog::level::warn);
        log = open_log(dir.path);
        proto::byte_buffer b = batch(proto::compression_codec::none);
        const int64_t now = log::system_clock_ms();
        for (int i = 0; i < 256 * 64; ++i) {
            proto::set_base_offset(b, 0);
            log->append(b, now, true);
        }
    }
};

void BM_ReadRanges(benchmark::State& state) {
    static read_fixture f;
    const int64_t end = f.log->log_end_offset();
    std::mt19937_64 gen(1);
    uint64_t bytes = 0;
    for (auto _ : state) {
        const auto r = f.log->read(static_cast<int64_t>(gen() % static_cast<uint64_t>(end)),
                                   1 << 20, true, log::isolation::read_uncommitted);
        bytes += r.bytes;
        benchmark::DoNotOptimize(r.ranges.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_ReadRangesAndCopy(benchmark::State& state) {
    static read_fixture f;
    const int64_t end = f.log->log_end_offset();
    std::mt19937_64 gen(1);
    std::vector<uint8_t> buf(2 << 20);
    uint64_t bytes = 0;
    for (auto _ : state) {
        const auto r = f.log->read(static_cast<int64_t>(gen() % static_cast<uint64_t>(end)),
                                   1 << 20, true, log::isolation::read_uncommitted);
        for (const auto& range : r.ranges) {
            if (::pread(range.file->fd(), buf.data(), range.size,
                        static_cast<off_t>(range.position))
                != static_cast<ssize_t>(range.size)) {
                state.SkipWithError("short read");
            }
        }
        bytes += r.bytes;
    }
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

BENCHMARK(BM_Append);
BENCHMARK(BM_AppendIdempotent);
BENCHMARK(BM_AppendLz4);
BENCHMARK(BM_AppendZstd);
BENCHMARK(BM_ReadRanges);
BENCHMARK(BM_ReadRangesAndCopy);

}  // namespace

BENCHMARK_MAIN();
