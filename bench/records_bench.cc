// Record batch throughput on one core: CRC-32C (hardware and portable), each codec's
// compression and decompression of a realistic 1 MiB records payload, record iteration,
// and batch building. Figures only; nothing here asserts a speed.
//
//   cmake --preset release && cmake --build --preset release --target records_bench
//   build/release/bench/records_bench
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "protocol/records/compression.h"
#include "protocol/records/crc32c.h"
#include "protocol/records/record.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_batch_builder.h"

namespace {

using namespace samsa::protocol;

constexpr size_t one_mib = 1 << 20;

// JSON-ish events with a key each: typical of what producers send.
struct sample {
    std::vector<std::string> keys;
    std::vector<std::string> values;
};

const sample& events() {
    static const sample s = [] {
        sample out;
        std::mt19937 gen(42);
        const char* kinds[] = {"page_view", "click", "add_to_cart", "purchase", "search"};
        size_t total = 0;
        while (total < one_mib) {
            std::string v = R"({"user_id":)" + std::to_string(gen() % 1000000) + R"(,"session":")"
                            + std::to_string(gen()) + R"(","type":")" + kinds[gen() % 5]
                            + R"(","path":"/catalog/item/)" + std::to_string(gen() % 50000)
                            + R"(","ts":)" + std::to_string(1'700'000'000'000 + total)
                            + R"js(,"ua":"Mozilla/5.0 (X11; Linux x86_64)","ok":true})js";
            out.keys.push_back("user-" + std::to_string(gen() % 1000000));
            total += v.size() + out.keys.back().size() + 10;
            out.values.push_back(std::move(v));
        }
        return out;
    }();
    return s;
}

byte_buffer build_batch(compression_codec codec) {
    batch_options o;
    o.codec = codec;
    record_batch_builder b(o);
    const sample& s = events();
    for (size_t i = 0; i < s.values.size(); ++i) {
        b.add({.timestamp = 1'700'000'000'000 + static_cast<int64_t>(i),
               .key = as_bytes(s.keys[i]),
               .value = as_bytes(s.values[i]),
               .headers = {}});
    }
    byte_buffer out;
    b.finish(out);
    return out;
}

// The uncompressed records section of a 1 MiB batch.
const byte_buffer& payload() {
    static const byte_buffer p = [] {
        const byte_buffer batch = build_batch(compression_codec::none);
        return byte_buffer(batch.begin() + batch_header_size, batch.end());
    }();
    return p;
}

byte_buffer random_mib() {
    std::mt19937_64 gen(7);
    byte_buffer b(one_mib);
    for (auto& x : b)
        x = static_cast<uint8_t>(gen());
    return b;
}

void BM_crc32c_hardware(benchmark::State& state) {
    if (!crc32c_hardware_available()) {
        state.SkipWithError("no SSE4.2");
        return;
    }
    const byte_buffer data = random_mib();
    for (auto _ : state)
        benchmark::DoNotOptimize(crc32c_hardware(data));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_crc32c_hardware);

void BM_crc32c_portable(benchmark::State& state) {
    const byte_buffer data = random_mib();
    for (auto _ : state)
        benchmark::DoNotOptimize(crc32c_portable(data));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_crc32c_portable);

void BM_compress(benchmark::State& state) {
    const auto codec = static_cast<compression_codec>(state.range(0));
    const byte_buffer& in = payload();
    byte_buffer out;
    out.reserve(2 * in.size());
    for (auto _ : state) {
        out.clear();
        compress(codec, in, out);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetLabel(std::string(to_string(codec)));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
    state.counters["ratio"] = static_cast<double>(in.size()) / static_cast<double>(out.size());
}
BENCHMARK(BM_compress)->DenseRange(1, 4)->Unit(benchmark::kMicrosecond);

void BM_decompress(benchmark::State& state) {
    const auto codec = static_cast<compression_codec>(state.range(0));
    const byte_buffer& in = payload();
    byte_buffer packed;
    compress(codec, in, packed);
    byte_buffer out;
    for (auto _ : state) {
        out.clear();
        if (decompress(codec, packed, out, 4 * one_mib) != decode_errc::none) {
            state.SkipWithError("decompress failed");
            return;
        }
        benchmark::DoNotOptimize(out.data());
    }
    state.SetLabel(std::string(to_string(codec)));
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_decompress)->DenseRange(1, 4)->Unit(benchmark::kMicrosecond);

// Reading every record (and touching its key and value) of a 1 MiB batch; with a codec,
// the time includes decompressing into a reused buffer.
void BM_iterate_records(benchmark::State& state) {
    const auto codec = static_cast<compression_codec>(state.range(0));
    const byte_buffer batch = build_batch(codec);
    const record_batch_view view = read_batch(batch).batch;
    byte_buffer scratch;
    int64_t records_read = 0;
    for (auto _ : state) {
        bytes_view records;
        batch_records(view, scratch, 4 * one_mib, records);
        record_reader reader(records, view.records_count());
        record_view r;
        size_t bytes = 0;
        while (reader.next(r))
            bytes += r.key->size() + r.value->size();
        benchmark::DoNotOptimize(bytes);
        records_read += reader.records_read();
    }
    state.SetLabel(std::string(to_string(codec)));
    state.SetItemsProcessed(records_read);
}
BENCHMARK(BM_iterate_records)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

void BM_verify_and_split(benchmark::State& state) {
    const byte_buffer batch = build_batch(compression_codec::none);
    for (auto _ : state) {
        batch_reader reader(batch);
        const batch_result r = reader.next();
        benchmark::DoNotOptimize(r.batch.verify_crc());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * batch.size()));
}
BENCHMARK(BM_verify_and_split);

void BM_build_batch(benchmark::State& state) {
    const auto codec = static_cast<compression_codec>(state.range(0));
    int64_t records = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(build_batch(codec).data());
        records += static_cast<int64_t>(events().values.size());
    }
    state.SetLabel(std::string(to_string(codec)));
    state.SetItemsProcessed(records);
}
BENCHMARK(BM_build_batch)->DenseRange(0, 4)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
