#include "bench/loadgen/producer.h"

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "bench/loadgen/client.h"
#include "bench/loadgen/clock.h"

namespace samsa::loadgen {
namespace {

constexpr size_t filler_size = 1 << 20;

struct state {
    produce_result result;
    std::atomic<uint64_t>* acked = nullptr;
    bool count_by_quota = false;  // --records: every record counts, window = first..last
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto& s = *static_cast<state*>(opaque);
    if (m->err) {
        if (s.result.errors++ == 0) {
            std::fprintf(stderr, "loadgen: delivery failed: %s\n", rd_kafka_err2str(m->err));
        }
        return;
    }
    s.acked->fetch_add(1, std::memory_order_relaxed);
    const int64_t now = now_ns();
    int64_t intended = 0;
    std::memcpy(&intended, m->payload, sizeof intended);
    auto& r = s.result;
    if (intended >= r.window_start_ns && (s.count_by_quota || intended < r.window_end_ns)) {
        r.latency_us.record(static_cast<uint64_t>(std::max<int64_t>(0, now - intended) / 1000));
    }
    if (s.count_by_quota || (now >= r.window_start_ns && now < r.window_end_ns)) {
        ++r.records;
        r.bytes += m->len + m->key_len;
    }
}

std::vector<char> make_filler(int index) {
    std::vector<char> filler(filler_size);
    std::mt19937_64 rng(0x5a5a + index);
    for (auto& c : filler)
        c = static_cast<char>('A' + rng() % 26);
    return filler;
}

}  // namespace

produce_result run_producer(const options& o, const produce_plan& plan,
                            std::atomic<uint64_t>& acked) {
    state s;
    s.acked = &acked;
    s.count_by_quota = plan.quota > 0;
    s.result.window_start_ns = plan.window_start_ns;
    s.result.window_end_ns = s.count_by_quota ? INT64_MAX : plan.end_ns;

    rd_kafka_conf_t* conf = make_conf(o, client_kind::producer);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_opaque(conf, &s);
    auto rk = make_client(o, client_kind::producer, conf);
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk.get(), o.topic.c_str(), nullptr);

    const std::vector<char> filler = make_filler(plan.index);
    std::vector<char> value(o.record_size);
    std::mt19937_64 rng(plan.index * 7919 + 1);
    const double interval_ns = plan.rate > 0 ? 1e9 / plan.rate : 0;
    const int64_t span = static_cast<int64_t>(filler_size) - o.record_size + 16;
    uint64_t seq = 0;
    char key[32];

    sleep_until_ns(plan.start_ns);
    for (;;) {
        const int64_t now = now_ns();
        if (plan.quota > 0 ? static_cast<int64_t>(seq) >= plan.quota : now >= plan.end_ns) break;
        // Records due by now at a fixed rate; at max rate a burst of 256 between polls.
        int64_t due = interval_ns > 0
                          ? static_cast<int64_t>((now - plan.start_ns) / interval_ns) + 1
                          : static_cast<int64_t>(seq) + 256;
        if (plan.quota > 0) due = std::min(due, plan.quota);
        bool queue_full = false;
        while (static_cast<int64_t>(seq) < due) {
            const int64_t intended = interval_ns > 0
                                         ? plan.start_ns + static_cast<int64_t>(seq * interval_ns)
                                         : now_ns();
            if (interval_ns <= 0 && intended >= plan.end_ns && plan.quota == 0) break;
            const uint64_t tag = (static_cast<uint64_t>(plan.index) << 48) | seq;
            std::memcpy(value.data(), &intended, 8);
            std::memcpy(value.data() + 8, &tag, 8);
            if (o.record_size > 16) {
                const int64_t off = static_cast<int64_t>(rng() % static_cast<uint64_t>(span));
                std::memcpy(value.data() + 16, filler.data() + off, o.record_size - 16);
            }
            int key_len = 0;
            if (o.keyed) {
                key_len = std::snprintf(key, sizeof key, "key-%llu",
                                        static_cast<unsigned long long>(rng() % o.key_space));
            }
            if (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, value.data(),
                                 value.size(), o.keyed ? key : nullptr, key_len, nullptr)
                == -1) {
                if (rd_kafka_last_error() == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                    queue_full = true;
                    break;  // the same record (same intended time) is tried again
                }
                if (s.result.errors++ == 0) {
                    std::fprintf(stderr, "loadgen: produce failed: %s\n",
                                 rd_kafka_err2str(rd_kafka_last_error()));
                }
            }
            ++seq;
            ++s.result.sent;
        }
        if (queue_full) {
            rd_kafka_poll(rk.get(), 1);
            continue;
        }
        rd_kafka_poll(rk.get(), 0);
        if (interval_ns > 0) {
            // Wait for the next record's time inside poll while it is a millisecond or more
            // away, so that acknowledgements are timed when they arrive, not when we wake.
            const int64_t next =
                std::min(plan.start_ns + static_cast<int64_t>(seq * interval_ns), plan.end_ns);
            for (int64_t left = next - now_ns(); left >= 2'000'000; left = next - now_ns())
                rd_kafka_poll(rk.get(), static_cast<int>(left / 1'000'000) - 1);
            sleep_until_ns(next);
        }
    }
    while (rd_kafka_outq_len(rk.get()) > 0) {
        if (rd_kafka_flush(rk.get(), 60000) == RD_KAFKA_RESP_ERR__TIMED_OUT) {
            std::fprintf(stderr, "loadgen: producer %d: records unacknowledged after 60 s\n",
                         plan.index);
            break;
        }
    }
    if (s.count_by_quota) s.result.window_end_ns = now_ns();
    rd_kafka_topic_destroy(rkt);
    return s.result;
}

}  // namespace samsa::loadgen
