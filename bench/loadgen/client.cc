#include "bench/loadgen/client.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "bench/loadgen/clock.h"

namespace samsa::loadgen {
namespace {

void set(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
    char err[512];
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        std::fprintf(stderr, "loadgen: %s=%s: %s\n", key.c_str(), value.c_str(), err);
        std::exit(2);
    }
}

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

}  // namespace

rd_kafka_conf_t* make_conf(const options& o, client_kind kind) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", o.bootstrap);
    set(conf, "client.id", "samsa-loadgen");
    set(conf, "log_level", "4");
    if (kind == client_kind::producer) {
        set(conf, "acks", o.acks);
        set(conf, "compression.codec", o.compression);
        set(conf, "linger.ms", number(o.linger_ms));
        set(conf, "batch.size", std::to_string(o.batch_size));
        set(conf, "max.in.flight.requests.per.connection", std::to_string(o.max_in_flight));
        set(conf, "enable.idempotence", o.idempotence ? "true" : "false");
        // As the Java client's buffer.memory (32 MiB): a bounded queue in front of the
        // broker, so that latency at saturation is the broker's and not an unbounded queue's.
        set(conf, "queue.buffering.max.kbytes", "32768");
        set(conf, "queue.buffering.max.messages", "1000000");
        set(conf, "message.max.bytes", std::to_string(std::max(1000000, o.record_size + 4096)));
    } else {
        set(conf, "fetch.wait.max.ms", std::to_string(o.fetch_wait_max_ms));
        set(conf, "enable.partition.eof", "false");
        set(conf, "fetch.message.max.bytes", std::to_string(std::max(1 << 20, o.record_size * 2)));
    }
    for (const auto& [k, v] : o.client_props)
        set(conf, k, v);
    return conf;
}

client_ptr make_client(const options& o, client_kind kind, rd_kafka_conf_t* conf) {
    char err[512];
    rd_kafka_t* rk =
        rd_kafka_new(kind == client_kind::producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf,
                     err, sizeof err);
    if (!rk) {
        std::fprintf(stderr, "loadgen: cannot make a client: %s\n", err);
        std::exit(2);
    }
    return client_ptr(rk);
}

int partition_count(rd_kafka_t* rk, const std::string& topic, int timeout_ms) {
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
    const rd_kafka_metadata_t* md = nullptr;
    int count = -1;
    if (rd_kafka_metadata(rk, 0, rkt, &md, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
            count = md->topics[0].partition_cnt;
            for (int i = 0; i < md->topics[0].partition_cnt; ++i) {
                if (md->topics[0].partitions[i].leader < 0) count = -1;
            }
        }
        rd_kafka_metadata_destroy(md);
    }
    rd_kafka_topic_destroy(rkt);
    return count;
}

namespace {

// One admin request (CreateTopics or CreatePartitions) for o.topic, waited for; true when it
// succeeded (or the topic already existed).
bool admin_call(rd_kafka_t* rk, const options& o, int total_partitions, bool create) {
    char err[512];
    rd_kafka_AdminOptions_t* ao = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_ANY);
    rd_kafka_AdminOptions_set_operation_timeout(ao, 120000, err, sizeof err);
    rd_kafka_AdminOptions_set_request_timeout(ao, 180000, err, sizeof err);
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    rd_kafka_NewTopic_t* nt = nullptr;
    rd_kafka_NewPartitions_t* np = nullptr;
    const char* what = create ? "CreateTopics" : "CreatePartitions";
    if (create) {
        nt = rd_kafka_NewTopic_new(o.topic.c_str(), total_partitions, 1, err, sizeof err);
        if (nt) {
            for (const auto& [k, v] : o.topic_configs)
                rd_kafka_NewTopic_set_config(nt, k.c_str(), v.c_str());
            rd_kafka_CreateTopics(rk, &nt, 1, ao, q);
        }
    } else {
        np = rd_kafka_NewPartitions_new(o.topic.c_str(), static_cast<size_t>(total_partitions), err,
                                        sizeof err);
        if (np) rd_kafka_CreatePartitions(rk, &np, 1, ao, q);
    }
    bool ok = false;
    rd_kafka_event_t* ev = nullptr;
    if (!nt && !np) {
        std::fprintf(stderr, "loadgen: %s: %s\n", what, err);
    } else if (!(ev = rd_kafka_queue_poll(q, 200000))) {
        std::fprintf(stderr, "loadgen: %s: no answer\n", what);
    } else if (rd_kafka_event_error(ev)) {
        std::fprintf(stderr, "loadgen: %s: %s\n", what, rd_kafka_event_error_string(ev));
    } else {
        size_t n = 0;
        const rd_kafka_topic_result_t** res =
            create ? rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n)
                   : rd_kafka_CreatePartitions_result_topics(
                       rd_kafka_event_CreatePartitions_result(ev), &n);
        ok = n == 1;
        for (size_t i = 0; i < n; ++i) {
            const auto e = rd_kafka_topic_result_error(res[i]);
            if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                std::fprintf(stderr, "loadgen: %s %s: %s\n", what, o.topic.c_str(),
                             rd_kafka_topic_result_error_string(res[i]));
                ok = false;
            }
        }
    }
    if (ev) rd_kafka_event_destroy(ev);
    if (nt) rd_kafka_NewTopic_destroy(nt);
    if (np) rd_kafka_NewPartitions_destroy(np);
    rd_kafka_queue_destroy(q);
    rd_kafka_AdminOptions_destroy(ao);
    return ok;
}

// Kafka's controller refuses more than 10,000 partitions, or 10,000 metadata records, in one
// request: a larger topic is created with part of its partitions and grown in steps.
constexpr int partitions_per_request = 5000;

}  // namespace

bool create_topic(const options& o) {
    rd_kafka_conf_t* conf = make_conf(o, client_kind::producer);
    auto rk = make_client(o, client_kind::producer, conf);
    int have = std::min(o.partitions, partitions_per_request);
    bool ok = admin_call(rk.get(), o, have, true);
    while (ok && have < o.partitions) {
        // The new partitions are added to a topic the metadata must show first.
        const int64_t until = now_ns() + 120'000'000'000LL;
        while (partition_count(rk.get(), o.topic, 5000) != have && now_ns() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        have = std::min(o.partitions, have + partitions_per_request);
        ok = admin_call(rk.get(), o, have, false);
    }
    if (!ok) return false;
    const int64_t deadline = now_ns() + 120'000'000'000LL;
    while (partition_count(rk.get(), o.topic, 5000) != o.partitions) {
        if (now_ns() > deadline) {
            std::fprintf(stderr, "loadgen: %s: partitions without a leader after 120 s\n",
                         o.topic.c_str());
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // A leader in the metadata is not yet a partition that serves: wait until each answers
    // ListOffsets, so that the first measured second is not spent on the broker's set-up.
    for (int p = 0; p < o.partitions; ++p) {
        int64_t lo = 0, hi = 0;
        while (rd_kafka_query_watermark_offsets(rk.get(), o.topic.c_str(), p, &lo, &hi, 5000)
               != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (now_ns() > deadline) {
                std::fprintf(stderr, "loadgen: %s: partition %d not ready after 120 s\n",
                             o.topic.c_str(), p);
                return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    return true;
}

double probe(const options& o) {
    const int64_t start = now_ns();
    const int64_t deadline = start + static_cast<int64_t>(o.probe_timeout_s * 1e9);
    rd_kafka_conf_t* conf = make_conf(o, client_kind::consumer);
    set(conf, "reconnect.backoff.ms", "10");
    set(conf, "reconnect.backoff.max.ms", "100");
    auto rk = make_client(o, client_kind::consumer, conf);
    int partitions = -1;
    while (partitions < 0) {
        if (now_ns() > deadline) return -1;
        partitions = partition_count(rk.get(), o.topic, 1000);
        if (partitions < 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    for (int p = 0; p < partitions; ++p) {
        int64_t lo = 0, hi = 0;
        while (rd_kafka_query_watermark_offsets(rk.get(), o.topic.c_str(), p, &lo, &hi, 1000)
               != RD_KAFKA_RESP_ERR_NO_ERROR) {
            if (now_ns() > deadline) return -1;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    return (now_ns() - start) / 1e9;
}

}  // namespace samsa::loadgen
