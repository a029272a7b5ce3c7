// loadgen: samsa's load generator for Kafka-protocol brokers (librdkafka clients).
// Produces at a target rate or as fast as it can, consumes with explicit partitions, and
// prints one JSON object of figures. See docs/benchmarks.md and `loadgen --help`.
#include <csignal>
#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

#include "bench/loadgen/client.h"
#include "bench/loadgen/clock.h"
#include "bench/loadgen/consumer.h"
#include "bench/loadgen/idle_connections.h"
#include "bench/loadgen/producer.h"
#include "bench/loadgen/report.h"

using namespace samsa::loadgen;

namespace {

// The topic's partitions, waiting up to a minute for the metadata.
std::vector<int> topic_partitions(const options& o) {
    auto rk = make_client(o, client_kind::consumer, make_conf(o, client_kind::consumer));
    const int64_t deadline = now_ns() + 60'000'000'000LL;
    int n = -1;
    while (n < 0 && now_ns() < deadline)
        n = partition_count(rk.get(), o.topic, 5000);
    std::vector<int> out;
    for (int p = 0; p < n; ++p)
        out.push_back(p);
    return out;
}

// Partitions dealt round-robin to the consumers.
std::vector<consume_plan> deal(const options& o, const std::vector<int>& partitions,
                               const std::vector<int64_t>& start, const std::vector<int64_t>& end) {
    std::vector<consume_plan> plans(std::min<size_t>(o.consumers, partitions.size()));
    for (size_t i = 0; i < partitions.size(); ++i) {
        auto& p = plans[i % plans.size()];
        p.partitions.push_back(partitions[i]);
        p.start_offsets.push_back(start[i]);
        p.end_offsets.push_back(end[i]);
    }
    return plans;
}

void finish_consume(run_report& r, const std::vector<consume_result>& results) {
    r.consume.present = true;
    int64_t first = INT64_MAX, last = 0;
    for (const auto& c : results) {
        r.consume.records += c.records;
        r.consume.bytes += c.bytes;
        r.consume.errors += c.errors;
        r.consume.latency_us.merge(c.e2e_latency_us);
        if (c.records > 0) {
            first = std::min(first, c.first_ns);
            last = std::max(last, c.last_ns);
        }
    }
    r.consume.seconds = last > first ? (last - first) / 1e9 : 0;
}

// Consumer plans: from the low watermarks to the high ones (consume), or from the high ones
// onwards (e2e). False, with a message, when the topic or its offsets cannot be had.
bool plan_consumers(const options& o, std::vector<consume_plan>& plans) {
    const auto partitions = topic_partitions(o);
    if (partitions.empty()) {
        std::fprintf(stderr, "loadgen: topic %s has no partitions\n", o.topic.c_str());
        return false;
    }
    std::vector<int64_t> low, high;
    query_watermarks(o, partitions, low, high);
    for (size_t i = 0; i < partitions.size(); ++i) {
        if (high[i] < 0) {
            std::fprintf(stderr, "loadgen: no offsets for partition %d\n", partitions[i]);
            return false;
        }
    }
    plans =
        o.mode == run_mode::e2e ? deal(o, partitions, high, high) : deal(o, partitions, low, high);
    return true;
}

// When producers start (together, a little ahead so that every client is connected), when
// counting starts (after the warm-up) and when sending ends.
struct timeline {
    int64_t start_ns;
    int64_t window_start_ns;
    int64_t end_ns;
};

timeline make_timeline(const options& o) {
    timeline t;
    t.start_ns = now_ns() + (o.mode == run_mode::e2e ? 1'000'000'000LL : 200'000'000LL);
    t.window_start_ns =
        o.records > 0 ? t.start_ns : t.start_ns + static_cast<int64_t>(o.warmup_s * 1e9);
    t.end_ns = t.window_start_ns + static_cast<int64_t>(o.duration_s * 1e9);
    return t;
}

void run_producers(const options& o, const timeline& t, std::atomic<uint64_t>& acked,
                   run_report& r) {
    std::vector<produce_result> results(o.producers);
    std::vector<std::thread> producers;
    for (int i = 0; i < o.producers; ++i) {
        produce_plan plan;
        plan.index = i;
        plan.rate = o.rate / o.producers;
        plan.quota = o.records > 0 ? (o.records + o.producers - 1 - i) / o.producers : 0;
        plan.start_ns = t.start_ns;
        plan.window_start_ns = t.window_start_ns;
        plan.end_ns = t.end_ns;
        producers.emplace_back([&, plan, i] { results[i] = run_producer(o, plan, acked); });
    }
    for (auto& th : producers)
        th.join();
    r.produce.present = true;
    int64_t last = 0;
    for (const auto& p : results) {
        r.produce.records += p.records;
        r.produce.bytes += p.bytes;
        r.produce.errors += p.errors;
        r.produce.latency_us.merge(p.latency_us);
        last = std::max(last, p.window_end_ns);
    }
    r.produce.seconds = (o.records > 0 ? last - t.start_ns : t.end_ns - t.window_start_ns) / 1e9;
    if (r.produce.errors > 0) r.ok = false;
}

// e2e: until everything acknowledged has arrived, or the drain time passes. consume: the
// consumers stop by themselves at the high watermarks; a cap guards against a stall.
void stop_consumers(const options& o, consume_control& control, std::vector<std::thread>& consumers,
                    const std::atomic<uint64_t>& acked) {
    const double cap_s = o.mode == run_mode::e2e ? o.drain_s : o.probe_timeout_s;
    const int64_t deadline = now_ns() + static_cast<int64_t>(cap_s * 1e9);
    if (o.mode == run_mode::e2e) {
        while (control.consumed.load() < acked.load() && now_ns() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        control.stop = true;
        for (auto& t : consumers)
            t.join();
        return;
    }
    std::thread watchdog([&control, deadline] {
        while (!control.stop.load() && now_ns() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        control.stop = true;
    });
    for (auto& t : consumers)
        t.join();
    control.stop = true;
    watchdog.join();
}

int emit(const run_report& r) {
    const std::string json = to_json(r);
    std::fputs(json.c_str(), stdout);
    if (!r.opts->output.empty()) {
        if (FILE* f = std::fopen(r.opts->output.c_str(), "w")) {
            std::fputs(json.c_str(), f);
            std::fclose(f);
        }
    }
    return r.ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const auto parsed = parse_options(argc, argv);
    if (!parsed) return 2;
    const options& o = *parsed;
    std::signal(SIGPIPE, SIG_IGN);
    run_report r;
    r.opts = &o;

    if (o.create && !create_topic(o)) {
        r.ok = false;
        return emit(r);
    }
    if (o.mode == run_mode::create) return emit(r);
    if (o.mode == run_mode::probe) {
        r.probe_s = probe(o);
        r.ok = r.probe_s >= 0;
        return emit(r);
    }

    std::optional<idle_connections> idle;
    if (o.idle_connections > 0) {
        idle.emplace(o.bootstrap, o.idle_connections);
        r.idle_opened = idle->opened();
        r.idle_answered = idle->answered();
    }

    consume_control control;
    std::vector<consume_plan> cplans;
    const bool consuming = o.mode == run_mode::consume || o.mode == run_mode::e2e;
    if (consuming && !plan_consumers(o, cplans)) {
        r.ok = false;
        return emit(r);
    }
    const timeline t = make_timeline(o);
    for (auto& p : cplans) {
        p.e2e = o.mode == run_mode::e2e;
        p.window_start_ns = t.window_start_ns;
        p.window_end_ns = o.records > 0 ? INT64_MAX : t.end_ns;
    }
    std::vector<consume_result> cresults(cplans.size());
    std::vector<std::thread> consumers;
    for (size_t i = 0; i < cplans.size(); ++i)
        consumers.emplace_back([&, i] { cresults[i] = run_consumer(o, cplans[i], control); });

    std::atomic<uint64_t> acked{0};
    if (o.mode == run_mode::produce || o.mode == run_mode::e2e) run_producers(o, t, acked, r);
    if (consuming) {
        stop_consumers(o, control, consumers, acked);
        finish_consume(r, cresults);
        if (o.mode == run_mode::e2e && r.consume.records < acked.load()) {
            std::fprintf(stderr, "loadgen: consumed %llu of %llu acknowledged records\n",
                         static_cast<unsigned long long>(r.consume.records),
                         static_cast<unsigned long long>(acked.load()));
            r.ok = false;
        }
    }
    return emit(r);
}
