// Message codec throughput on one core: decoding and encoding the two messages that carry
// record data (a 1 MiB Produce request, a 1 MiB Fetch response) and a small Metadata
// request and response, whose figures are the per-message overhead of the generated code.
// Requests are timed as the server sees them: the request header parsed, then the body
// decoded with records as views into the frame. Figures only; nothing here asserts a speed.
//
//   cmake --preset release && cmake --build --preset release --target protocol_bench
//   build/release/bench/protocol_bench
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "protocol/headers.h"
#include "protocol/messages/fetch_response.h"
#include "protocol/messages/metadata_request.h"
#include "protocol/messages/metadata_response.h"
#include "protocol/messages/produce_request.h"
#include "protocol/messages/request_header.h"
#include "protocol/records/record_batch_builder.h"
#include "protocol/wire/message_impl.h"

namespace {

using namespace samsa::protocol;

constexpr size_t one_mib = 1 << 20;
constexpr int16_t produce_version = 11;
constexpr int16_t fetch_version = 16;
constexpr int16_t metadata_version = 12;

// Valid uncompressed batches of keyed JSON-ish events, about `size` bytes in all, each
// batch about 64 KiB (a typical producer batch.size): the records field of one partition.
byte_buffer batches(size_t size, uint32_t seed) {
    std::mt19937 gen(seed);
    byte_buffer out;
    int64_t offset = 0;
    while (out.size() < size) {
        batch_options o;
        o.base_offset = offset;
        record_batch_builder b(o);
        while (b.records_size() < 64 * 1024 && out.size() + b.records_size() < size) {
            const std::string key = "user-" + std::to_string(gen() % 1000000);
            const std::string value = R"({"user_id":)" + std::to_string(gen() % 1000000)
                                      + R"(,"type":"page_view","path":"/catalog/item/)"
                                      + std::to_string(gen() % 50000) + R"(","ok":true})";
            b.add({.timestamp = 1'700'000'000'000 + offset,
                   .key = as_bytes(key),
                   .value = as_bytes(value),
                   .headers = {}});
            ++offset;
        }
        b.finish(out);
    }
    return out;
}

// A request frame as the server receives it (no size prefix): header v1/v2, then body.
template <typename Request>
byte_buffer request_frame(const Request& body, int16_t version) {
    request_header h;
    h.request_api_key = Request::info.api_key;
    h.request_api_version = version;
    h.correlation_id = 42;
    h.client_id = "bench-client";
    const api_info* api = find_api(Request::info.api_key);
    byte_buffer frame = encode_message(h, request_header_version(*api, version));
    const byte_buffer b = encode_message(body, version);
    frame.insert(frame.end(), b.begin(), b.end());
    return frame;
}

// Header parse + body decode of frame, then the body encoded again.
template <typename Request>
void request_round_trip(benchmark::State& state, const byte_buffer& frame_bytes) {
    const auto frame = std::make_shared<const byte_buffer>(frame_bytes);
    for (auto _ : state) {
        parsed_request_header h;
        if (parse_request_header(*frame, h) != decode_errc::none) {
            state.SkipWithError("header");
            return;
        }
        const int16_t version = h.header.request_api_version;
        Request req;
        if (decode_message(req, bytes_view(*frame).subspan(h.body_offset), version, frame)
            != decode_errc::none) {
            state.SkipWithError("decode");
            return;
        }
        const byte_buffer out = encode_message(req, version);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * frame->size()));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.counters["frame_bytes"] = static_cast<double>(frame->size());
}

// Body decode, then encode, as a client (or a test) handles a response.
template <typename Response>
void response_round_trip(benchmark::State& state, const byte_buffer& body, int16_t version) {
    const auto owner = std::make_shared<const byte_buffer>(body);
    for (auto _ : state) {
        Response resp;
        if (decode_message(resp, *owner, version, owner) != decode_errc::none) {
            state.SkipWithError("decode");
            return;
        }
        const byte_buffer out = encode_message(resp, version);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * owner->size()));
    state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
    state.counters["body_bytes"] = static_cast<double>(owner->size());
}

// ---- 1 MiB messages ----

const byte_buffer& produce_frame() {
    static const byte_buffer records_bytes = batches(one_mib, 1);
    static const byte_buffer frame = [] {
        produce_request req;
        req.acks = -1;
        req.timeout_ms = 30000;
        auto& topic = req.topic_data.emplace_back();
        topic.name = "bench-events";
        auto& partition = topic.partition_data.emplace_back();
        partition.index = 0;
        partition.records = records::of(records_bytes, nullptr);
        return request_frame(req, produce_version);
    }();
    return frame;
}

const byte_buffer& fetch_body() {
    constexpr int partitions = 4;
    static const std::vector<byte_buffer> records_bytes = [] {
        std::vector<byte_buffer> out;
        for (int p = 0; p < partitions; ++p)
            out.push_back(batches(one_mib / partitions, 10 + p));
        return out;
    }();
    static const byte_buffer body = [] {
        fetch_response resp;
        resp.session_id = 7;
        auto& topic = resp.responses.emplace_back();
        topic.topic_id.bytes.fill(0x5a);
        for (int p = 0; p < partitions; ++p) {
            auto& part = topic.partitions.emplace_back();
            part.partition_index = p;
            part.high_watermark = 1'000'000;
            part.last_stable_offset = 1'000'000;
            part.log_start_offset = 0;
            part.records = records::of(records_bytes[p], nullptr);
        }
        return encode_message(resp, fetch_version);
    }();
    return body;
}

void BM_produce_request_1mib(benchmark::State& state) {
    request_round_trip<produce_request>(state, produce_frame());
}
BENCHMARK(BM_produce_request_1mib)->Unit(benchmark::kMicrosecond);

void BM_fetch_response_1mib(benchmark::State& state) {
    response_round_trip<fetch_response>(state, fetch_body(), fetch_version);
}
BENCHMARK(BM_fetch_response_1mib)->Unit(benchmark::kMicrosecond);

// ---- small messages: per-message overhead ----

// What a consumer asks on start-up: three topics by name.
void BM_metadata_request(benchmark::State& state) {
    static const byte_buffer frame = [] {
        metadata_request req;
        for (const char* name : {"orders", "payments", "bench-events"}) {
            auto& t = req.topics->emplace_back();
            t.name = name;
        }
        return request_frame(req, metadata_version);
    }();
    request_round_trip<metadata_request>(state, frame);
}
BENCHMARK(BM_metadata_request);

// The answer from a three-broker cluster: three topics of six partitions, replicated thrice.
void BM_metadata_response(benchmark::State& state) {
    static const byte_buffer body = [] {
        metadata_response resp;
        for (int32_t id = 0; id < 3; ++id) {
            auto& b = resp.brokers.emplace_back();
            b.node_id = id;
            b.host = "broker-" + std::to_string(id) + ".kafka.internal";
            b.port = 9092;
            b.rack = "rack-" + std::to_string(id);
        }
        resp.cluster_id = "Zx9u1zkfT3eqFtDnPWxUqg";
        resp.controller_id = 0;
        int topic_index = 0;
        for (const char* name : {"orders", "payments", "bench-events"}) {
            auto& t = resp.topics.emplace_back();
            t.name = name;
            t.topic_id.bytes.fill(static_cast<uint8_t>(++topic_index));
            for (int32_t p = 0; p < 6; ++p) {
                auto& part = t.partitions.emplace_back();
                part.partition_index = p;
                part.leader_id = p % 3;
                part.leader_epoch = 4;
                part.replica_nodes = {p % 3, (p + 1) % 3, (p + 2) % 3};
                part.isr_nodes = part.replica_nodes;
            }
        }
        return encode_message(resp, metadata_version);
    }();
    response_round_trip<metadata_response>(state, body, metadata_version);
}
BENCHMARK(BM_metadata_response);

}  // namespace

BENCHMARK_MAIN();
