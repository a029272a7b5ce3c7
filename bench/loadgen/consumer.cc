#include "bench/loadgen/consumer.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <thread>

#include "bench/loadgen/client.h"
#include "bench/loadgen/clock.h"

namespace samsa::loadgen {
namespace {

rd_kafka_topic_t* simple_topic(rd_kafka_t* rk, const std::string& name) {
    // The simple consumer keeps its positions itself: nothing committed or stored.
    rd_kafka_topic_conf_t* tc = rd_kafka_topic_conf_new();
    char err[256];
    rd_kafka_topic_conf_set(tc, "auto.commit.enable", "false", err, sizeof err);
    rd_kafka_topic_conf_set(tc, "auto.offset.reset", "earliest", err, sizeof err);
    return rd_kafka_topic_new(rk, name.c_str(), tc);
}

struct ctx {
    const consume_plan* plan;
    consume_result* r;
    std::vector<bool>* done;
    size_t* remaining;
    const std::vector<int>* slot;
};

void on_message(rd_kafka_message_t* m, void* opaque) {
    auto& c = *static_cast<ctx*>(opaque);
    auto& r = *c.r;
    if (m->err) {
        if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) ++r.errors;
        return;
    }
    const int64_t now = now_ns();
    if (r.first_ns == 0) r.first_ns = now;
    r.last_ns = now;
    ++r.records;
    r.bytes += m->len + m->key_len;
    if (c.plan->e2e) {
        if (m->len < 8) return;
        int64_t intended = 0;
        std::memcpy(&intended, m->payload, sizeof intended);
        if (intended >= c.plan->window_start_ns && intended < c.plan->window_end_ns) {
            r.e2e_latency_us.record(
                static_cast<uint64_t>(std::max<int64_t>(0, now - intended) / 1000));
        }
        return;
    }
    const int i = (*c.slot)[m->partition];
    if (!(*c.done)[i] && m->offset + 1 >= c.plan->end_offsets[i]) {
        (*c.done)[i] = true;
        --*c.remaining;
    }
}

}  // namespace

void query_watermarks(const options& o, const std::vector<int>& partitions,
                      std::vector<int64_t>& low, std::vector<int64_t>& high) {
    auto rk = make_client(o, client_kind::consumer, make_conf(o, client_kind::consumer));
    low.assign(partitions.size(), -1);
    high.assign(partitions.size(), -1);
    for (size_t i = 0; i < partitions.size(); ++i) {
        // A partition just created may not answer yet (no leader, not ready): retry for 30 s.
        const int64_t deadline = now_ns() + 30'000'000'000LL;
        while (rd_kafka_query_watermark_offsets(rk.get(), o.topic.c_str(), partitions[i], &low[i],
                                                &high[i], 10000)
               != RD_KAFKA_RESP_ERR_NO_ERROR) {
            low[i] = high[i] = -1;
            if (now_ns() > deadline) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

consume_result run_consumer(const options& o, const consume_plan& plan, consume_control& control) {
    consume_result r;
    // Reading a backlog is timed from the start, connecting and the first fetch included.
    if (!plan.e2e) r.first_ns = now_ns();
    auto rk = make_client(o, client_kind::consumer, make_conf(o, client_kind::consumer));
    rd_kafka_topic_t* rkt = simple_topic(rk.get(), o.topic);
    rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
    const size_t n = plan.partitions.size();
    std::vector<bool> done(n, false);
    size_t remaining = n;
    for (size_t i = 0; i < n; ++i) {
        if (!plan.e2e && plan.end_offsets[i] <= plan.start_offsets[i]) {
            done[i] = true;
            --remaining;
        }
        if (rd_kafka_consume_start_queue(rkt, plan.partitions[i], plan.start_offsets[i], queue)
            == -1) {
            std::fprintf(stderr, "loadgen: consume_start %d: %s\n", plan.partitions[i],
                         rd_kafka_err2str(rd_kafka_last_error()));
            ++r.errors;
        }
    }
    // Partition id -> index in the plan, for the end check.
    std::vector<int> slot;
    for (size_t i = 0; i < n; ++i) {
        if (plan.partitions[i] >= static_cast<int>(slot.size()))
            slot.resize(plan.partitions[i] + 1, -1);
        slot[plan.partitions[i]] = static_cast<int>(i);
    }
    ctx c{&plan, &r, &done, &remaining, &slot};
    while (!control.stop.load(std::memory_order_relaxed) && (plan.e2e || remaining > 0)) {
        // Serves every message already queued, waiting up to 100 ms only when none is.
        const uint64_t before = r.records;
        rd_kafka_consume_callback_queue(queue, 100, on_message, &c);
        control.consumed.fetch_add(r.records - before, std::memory_order_relaxed);
    }
    for (size_t i = 0; i < n; ++i)
        rd_kafka_consume_stop(rkt, plan.partitions[i]);
    rd_kafka_queue_destroy(queue);
    rd_kafka_topic_destroy(rkt);
    return r;
}

}  // namespace samsa::loadgen
