// Crash safety: an idempotent librdkafka producer (acks=all) writes without pause while the
// broker is killed with SIGKILL at random moments and restarted, again and again. Afterwards
// every acknowledged record must be readable at the offset it was acknowledged with, each
// offset holds one record, and no record was written twice.
//
// SAMSA_CRASH_KILLS sets the number of kills (default 12); SAMSA_CRASH_SEED the random seed.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "server/testing/broker_process.h"
#include "server/testing/test_client.h"

namespace samsa::testing {
namespace {

using namespace std::chrono_literals;

constexpr int partitions = 3;

int env_int(const char* name, int fallback) {
    const char* v = std::getenv(name);
    return v ? std::atoi(v) : fallback;
}

// What the producer was told: record value -> (partition, offset).
struct acknowledged {
    std::mutex mu;
    std::map<std::string, std::pair<int32_t, int64_t>> records;
    std::vector<std::string> errors;
    std::atomic<int64_t> count{0};
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* acks = static_cast<acknowledged*>(opaque);
    std::lock_guard lock(acks->mu);
    if (m->err) {
        acks->errors.push_back(rd_kafka_err2str(m->err));
        return;
    }
    const std::string value(static_cast<const char*>(m->payload), m->len);
    acks->records[value] = {m->partition, m->offset};
    acks->count++;
}

void on_error(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    // Connection losses are expected here; a fatal error (the idempotent producer giving up)
    // is not.
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        char why[512];
        rd_kafka_fatal_error(rk, why, sizeof why);
        auto* acks = static_cast<acknowledged*>(opaque);
        std::lock_guard lock(acks->mu);
        acks->errors.push_back(std::string("fatal: ") + why);
    }
}

void set(rd_kafka_conf_t* conf, const char* k, const std::string& v) {
    char err[512];
    ASSERT_EQ(rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof err), RD_KAFKA_CONF_OK) << err;
}

TEST(CrashSafety, AcknowledgedRecordsSurviveKillNine) {
    const int kills = env_int("SAMSA_CRASH_KILLS", 12);
    const auto seed = static_cast<uint32_t>(env_int("SAMSA_CRASH_SEED", 20261121));
    std::mt19937 rng(seed);
    broker_process broker;
    {
        test_client c(broker.port());
        ASSERT_EQ(c.create_topic("crash", partitions), 0);
    }

    acknowledged acks;
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", "127.0.0.1:" + std::to_string(broker.port()));
    set(conf, "enable.idempotence", "true");
    set(conf, "acks", "all");
    set(conf, "linger.ms", "2");
    set(conf, "message.timeout.ms", "60000");
    set(conf, "reconnect.backoff.ms", "10");
    set(conf, "reconnect.backoff.max.ms", "100");
    set(conf, "compression.codec", "zstd");
    rd_kafka_conf_set_opaque(conf, &acks);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_error_cb(conf, on_error);
    char err[512];
    rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    ASSERT_NE(producer, nullptr) << err;

    std::atomic<bool> stop{false};
    std::atomic<int64_t> sent{0};
    std::thread writer([&] {
        int64_t n = 0;
        while (!stop) {
            const std::string value = "record-" + std::to_string(n);
            const auto e =
                rd_kafka_producev(producer, RD_KAFKA_V_TOPIC("crash"),
                                  RD_KAFKA_V_PARTITION(static_cast<int32_t>(n % partitions)),
                                  RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
            if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                rd_kafka_poll(producer, 10);
                continue;
            }
            if (e != RD_KAFKA_RESP_ERR_NO_ERROR) break;
            ++n;
            sent = n;
            if (n % 64 == 0) rd_kafka_poll(producer, 0);
            if (n % 256 == 0) std::this_thread::sleep_for(1ms);  // a sustained, not flooding, rate
        }
    });

    std::vector<int64_t> acked_at_kill;
    for (int k = 0; k < kills; ++k) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 800));
        broker.kill9();
        acked_at_kill.push_back(acks.count);
        std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 200));
        broker.restart();
    }
    std::this_thread::sleep_for(500ms);
    stop = true;
    writer.join();
    EXPECT_EQ(rd_kafka_flush(producer, 60000), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_destroy(producer);
    {
        std::lock_guard lock(acks.mu);
        EXPECT_TRUE(acks.errors.empty())
            << acks.errors.size() << " delivery errors, first: " << acks.errors.front();
        std::printf("crash safety: %d kills (seed %u), %lld records sent, %zu acknowledged\n",
                    kills, seed, static_cast<long long>(sent.load()), acks.records.size());
    }
    ASSERT_GT(acks.records.size(), 0u);
    // Records were being acknowledged across the kills, not only before the first.
    EXPECT_GT(acks.count.load(), acked_at_kill.front());

    // Read every partition back from the start with the group-less consumer.
    std::map<int32_t, std::map<int64_t, std::string>> stored;
    rd_kafka_conf_t* cconf = rd_kafka_conf_new();
    set(cconf, "bootstrap.servers", "127.0.0.1:" + std::to_string(broker.port()));
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, cconf, err, sizeof err);
    ASSERT_NE(consumer, nullptr) << err;
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(consumer, "crash", nullptr);
    std::set<std::string> seen_values;
    size_t duplicates = 0;
    for (int32_t p = 0; p < partitions; ++p) {
        ASSERT_EQ(rd_kafka_consume_start(rkt, p, RD_KAFKA_OFFSET_BEGINNING), 0);
        int idle = 0;
        while (idle < 6) {
            rd_kafka_message_t* m = rd_kafka_consume(rkt, p, 500);
            if (m == nullptr) {
                ++idle;
                continue;
            }
            if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                rd_kafka_message_destroy(m);
                break;
            }
            if (m->err) {
                ADD_FAILURE() << "partition " << p << ": " << rd_kafka_message_errstr(m);
                rd_kafka_message_destroy(m);
                break;
            }
            idle = 0;
            const std::string value(static_cast<const char*>(m->payload), m->len);
            EXPECT_TRUE(stored[p].emplace(m->offset, value).second)
                << "offset " << m->offset << " of partition " << p << " read twice";
            if (!seen_values.insert(value).second) ++duplicates;
            rd_kafka_message_destroy(m);
        }
        rd_kafka_consume_stop(rkt, p);
    }
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(consumer);

    size_t missing = 0, moved = 0;
    for (const auto& [value, where] : acks.records) {
        const auto& part = stored[where.first];
        const auto it = part.find(where.second);
        if (it == part.end()) {
            ++missing;
        } else if (it->second != value) {
            ++moved;
        }
    }
    size_t read = 0;
    for (const auto& [p, offsets] : stored) {
        read += offsets.size();
        // Offsets are contiguous from 0: nothing was cut out of the middle of a log.
        if (!offsets.empty()) {
            EXPECT_EQ(offsets.begin()->first, 0);
            EXPECT_EQ(offsets.rbegin()->first, static_cast<int64_t>(offsets.size()) - 1);
        }
    }
    std::printf(
        "crash safety: %zu records read back, %zu acknowledged missing, %zu at another "
        "offset, %zu duplicates\n",
        read, missing, moved, duplicates);
    EXPECT_EQ(missing, 0u);
    EXPECT_EQ(moved, 0u);
    EXPECT_EQ(duplicates, 0u);  // the idempotent producer's retries were deduplicated
}

}  // namespace
}  // namespace samsa::testing
