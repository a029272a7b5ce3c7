// Log compaction against the real binary, with librdkafka as the client: a topic with
// cleanup.policy=compact keeps the newest value of every key (tombstones included, within
// delete.retention.ms) at its original offset once the cleaner has run; __consumer_offsets,
// compacted too, shrinks while the last committed offset survives a restart.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>

#include "server/testing/broker_process.h"

namespace samsa::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

rd_kafka_conf_t* conf_for(const broker_process& b) {
    rd_kafka_conf_t* c = rd_kafka_conf_new();
    char err[512];
    const std::string bootstrap = "127.0.0.1:" + std::to_string(b.port());
    EXPECT_EQ(rd_kafka_conf_set(c, "bootstrap.servers", bootstrap.c_str(), err, sizeof err),
              RD_KAFKA_CONF_OK);
    return c;
}

void set(rd_kafka_conf_t* c, const char* k, const char* v) {
    char err[512];
    ASSERT_EQ(rd_kafka_conf_set(c, k, v, err, sizeof err), RD_KAFKA_CONF_OK) << err;
}

void create_topic(const broker_process& b, const std::string& name,
                  const std::map<std::string, std::string>& configs) {
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf_for(b), err, sizeof err);
    ASSERT_NE(rk, nullptr) << err;
    rd_kafka_NewTopic_t* t = rd_kafka_NewTopic_new(name.c_str(), 1, 1, err, sizeof err);
    for (const auto& [k, v] : configs)
        rd_kafka_NewTopic_set_config(t, k.c_str(), v.c_str());
    rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
    rd_kafka_CreateTopics(rk, &t, 1, nullptr, q);
    rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 15000);
    ASSERT_NE(ev, nullptr);
    const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(ev);
    size_t n = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(res, &n);
    ASSERT_EQ(n, 1u);
    EXPECT_EQ(rd_kafka_topic_result_error(results[0]), RD_KAFKA_RESP_ERR_NO_ERROR)
        << rd_kafka_topic_result_error_string(results[0]);
    rd_kafka_event_destroy(ev);
    rd_kafka_NewTopic_destroy(t);
    rd_kafka_queue_destroy(q);
    rd_kafka_destroy(rk);
}

struct producer {
    rd_kafka_t* rk = nullptr;
    explicit producer(const broker_process& b) {
        rd_kafka_conf_t* c = conf_for(b);
        set(c, "linger.ms", "5");
        char err[512];
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, c, err, sizeof err);
        EXPECT_NE(rk, nullptr) << err;
    }
    ~producer() { rd_kafka_destroy(rk); }
    void send(const std::string& topic, const std::string& key,
              const std::optional<std::string>& value) {
        void* payload = value ? const_cast<char*>(value->data()) : nullptr;
        const size_t len = value ? value->size() : 0;
        const rd_kafka_resp_err_t e = rd_kafka_producev(
            rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(0),
            RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_VALUE(payload, len),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
        ASSERT_EQ(e, RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    void flush() { ASSERT_EQ(rd_kafka_flush(rk, 15000), RD_KAFKA_RESP_ERR_NO_ERROR); }
};

struct record {
    int64_t offset;
    std::optional<std::string> value;
};

// Every record of partition 0 from the log start to the high watermark: key -> records.
std::map<std::string, std::vector<record>> read_all(const broker_process& b,
                                                    const std::string& topic, int64_t& count) {
    rd_kafka_conf_t* c = conf_for(b);
    set(c, "group.id", "compaction-reader");
    set(c, "enable.auto.commit", "false");
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, c, err, sizeof err);
    int64_t low = 0, high = 0;
    EXPECT_EQ(rd_kafka_query_watermark_offsets(rk, topic.c_str(), 0, &low, &high, 10000),
              RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(rk, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    std::map<std::string, std::vector<record>> out;
    count = 0;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    int64_t next = low;
    while (next < high && std::chrono::steady_clock::now() < deadline) {
        rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 500);
        if (!m) continue;
        if (!m->err) {
            const std::string key(static_cast<const char*>(m->key), m->key_len);
            std::optional<std::string> value;
            if (m->payload) value = std::string(static_cast<const char*>(m->payload), m->len);
            out[key].push_back({m->offset, value});
            ++count;
            next = m->offset + 1;
        }
        rd_kafka_message_destroy(m);
    }
    EXPECT_GE(next, high) << "did not read up to the high watermark";
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return out;
}

uint64_t log_bytes(const fs::path& dir) {
    uint64_t n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".log") n += e.file_size();
    return n;
}

constexpr int keys = 500, rounds = 8, tombstoned = 50;

TEST(Compaction, ACompactedTopicKeepsTheNewestValueOfEachKey) {
    broker_process broker({"log.cleaner.backoff.ms=200"});
    const std::string topic = "compacted";
    create_topic(broker, topic,
                 {{"cleanup.policy", "compact"},
                  {"segment.ms", "300"},
                  {"min.cleanable.dirty.ratio", "0.01"}});
    producer p(broker);
    for (int r = 0; r < rounds; ++r) {
        for (int k = 0; k < keys; ++k)
            p.send(topic, "key-" + std::to_string(k), "round-" + std::to_string(r));
        p.flush();
        std::this_thread::sleep_for(350ms);  // the next round starts a new segment
    }
    for (int k = 0; k < tombstoned; ++k)
        p.send(topic, "key-" + std::to_string(k), std::nullopt);
    p.flush();
    std::this_thread::sleep_for(350ms);
    p.send(topic, "marker", std::string("last"));  // rolls: every data segment is cleanable
    p.flush();
    const int64_t total = int64_t{rounds} * keys + tombstoned + 1;

    // Wait for the cleaner (every 200 ms here), then read everything back.
    std::map<std::string, std::vector<record>> got;
    int64_t count = 0;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    do {
        std::this_thread::sleep_for(500ms);
        got = read_all(broker, topic, count);
    } while (count > keys + 1 && std::chrono::steady_clock::now() < deadline);
    ASSERT_EQ(count, keys + 1) << "one record per key once compacted\n" << broker.log();
    EXPECT_NE(broker.log().find("compacted-0: cleaned"), std::string::npos);
    for (int k = 0; k < keys; ++k) {
        const auto& recs = got["key-" + std::to_string(k)];
        ASSERT_EQ(recs.size(), 1u) << k;
        if (k < tombstoned) {
            EXPECT_FALSE(recs[0].value) << "key " << k << " keeps its tombstone";
            EXPECT_EQ(recs[0].offset, int64_t{rounds} * keys + k);
        } else {
            EXPECT_EQ(recs[0].value, "round-" + std::to_string(rounds - 1));
            EXPECT_EQ(recs[0].offset, int64_t{rounds - 1} * keys + k) << "offsets never change";
        }
    }
    ASSERT_EQ(got["marker"].size(), 1u);
    EXPECT_EQ(got["marker"][0].offset, total - 1);

    // The same after a restart (the cleaned segments are what is on disk).
    ASSERT_EQ(broker.stop(), 0);
    broker.restart();
    const auto again = read_all(broker, topic, count);
    EXPECT_EQ(count, keys + 1);
    EXPECT_EQ(again.size(), got.size());
}

TEST(Compaction, ConsumerOffsetsShrinksAndKeepsTheLastCommit) {
    broker_process broker(
        {"log.cleaner.backoff.ms=200", "log.roll.ms=300", "offsets.topic.num.partitions=1"});
    const std::string topic = "data";
    create_topic(broker, topic, {});
    rd_kafka_conf_t* c = conf_for(broker);
    set(c, "group.id", "committer");
    set(c, "enable.auto.commit", "false");
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, c, err, sizeof err);
    ASSERT_NE(rk, nullptr) << err;
    const fs::path dir = fs::path(broker.data_dir()) / "data" / "__consumer_offsets-0";
    auto commit = [&](int64_t offset) {
        rd_kafka_topic_partition_list_t* offs = rd_kafka_topic_partition_list_new(1);
        rd_kafka_topic_partition_list_add(offs, topic.c_str(), 0)->offset = offset;
        EXPECT_EQ(rd_kafka_commit(rk, offs, 0), RD_KAFKA_RESP_ERR_NO_ERROR);
        rd_kafka_topic_partition_list_destroy(offs);
    };
    commit(1);
    const uint64_t one = log_bytes(dir);  // one commit's record on disk
    ASSERT_GT(one, 0u);
    const int commits = 400;
    for (int i = 2; i <= commits; ++i) {
        commit(i);
        if (i % 50 == 0) std::this_thread::sleep_for(350ms);  // later commits roll a segment
    }
    // Uncompacted that is `commits` records; wait for the cleaner to bring it to a few.
    uint64_t bytes = log_bytes(dir);
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (bytes > 10 * one && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(350ms);
        commit(commits);         // rolls: the previous segment becomes cleanable
        bytes = log_bytes(dir);  // .deleted files are not counted
    }
    EXPECT_LE(bytes, 10 * one) << "__consumer_offsets was not compacted (" << commits
                               << " commits of " << one << " bytes)\n"
                               << broker.log();
    EXPECT_NE(broker.log().find("__consumer_offsets-0: cleaned"), std::string::npos);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);

    broker.kill9();
    broker.restart();
    c = conf_for(broker);
    set(c, "group.id", "committer");
    rk = rd_kafka_new(RD_KAFKA_CONSUMER, c, err, sizeof err);
    rd_kafka_topic_partition_list_t* q = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(q, topic.c_str(), 0);
    ASSERT_EQ(rd_kafka_committed(rk, q, 15000), RD_KAFKA_RESP_ERR_NO_ERROR);
    EXPECT_EQ(q->elems[0].offset, commits);
    rd_kafka_topic_partition_list_destroy(q);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
}

}  // namespace
}  // namespace samsa::testing
