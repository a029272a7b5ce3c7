// DescribeProducers against the real broker: what idempotent producers leave in each
// partition's producer state (id, epoch, last sequence, last timestamp), the same after a
// clean stop (from the .snapshot files) and after a kill -9 (rebuilt from the log), and the
// errors Kafka answers for unknown topics, partitions and illegal names.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "protocol/messages/describe_producers_request.h"
#include "protocol/messages/describe_producers_response.h"
#include "protocol/messages/init_producer_id_request.h"
#include "protocol/messages/init_producer_id_response.h"
#include "protocol/records/record_batch_builder.h"
#include "server/testing/broker_process.h"
#include "server/testing/test_client.h"

namespace samsa::testing {
namespace {

namespace proto = samsa::protocol;

// Recent: a producer whose last timestamp is producer.id.expiration.ms (a day) old is
// expired, and a restart does not load it back.
const int64_t first_timestamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count()
                                - 60'000;

struct producer_id {
    int64_t id = -1;
    int16_t epoch = -1;
};

producer_id init_producer(test_client& c) {
    proto::init_producer_id_request req;
    req.transactional_id.reset();
    req.transaction_timeout_ms = 60000;
    const auto r = c.call<proto::init_producer_id_response>(req, 4);
    EXPECT_EQ(r.error_code, 0);
    return {r.producer_id, r.producer_epoch};
}

// One batch of `records` records with sequences from base_sequence (no producer: plain).
void produce(test_client& c, const std::string& topic, int32_t partition, producer_id p,
             int32_t base_sequence, int records) {
    proto::record_batch_builder b({.producer_id = p.id,
                                   .producer_epoch = p.epoch,
                                   .base_sequence = p.id < 0 ? -1 : base_sequence});
    const std::string value = "who wrote me";
    for (int i = 0; i < records; ++i) {
        b.add({.timestamp = first_timestamp + base_sequence + i, .value = proto::as_bytes(value)});
    }
    proto::byte_buffer batch;
    b.finish(batch);
    ASSERT_EQ(c.produce(topic, partition, batch).error_code, 0);
}

proto::describe_producers_response describe(test_client& c, const std::string& topic,
                                            std::vector<int32_t> partitions) {
    proto::describe_producers_request req;
    auto& t = req.topics.emplace_back();
    t.name = topic;
    t.partition_indexes = std::move(partitions);
    return c.call<proto::describe_producers_response>(req, 0);
}

class ProducersTest : public ::testing::Test {
  protected:
    void SetUp() override {
        test_client c(broker_.port());
        ASSERT_EQ(c.create_topic("orders", 3), 0);
        a_ = init_producer(c);
        b_ = init_producer(c);
        ASSERT_NE(a_.id, b_.id);
        produce(c, "orders", 0, a_, 0, 3);  // sequences 0-2
        produce(c, "orders", 0, a_, 3, 2);  // 3-4
        produce(c, "orders", 0, b_, 0, 4);  // 0-3
        produce(c, "orders", 1, {}, 0, 5);  // not idempotent: no producer state
        produce(c, "orders", 2, b_, 0, 1);
    }

    // What SetUp left, as DescribeProducers shows it.
    void expect_producers() {
        test_client c(broker_.port());
        const auto r = describe(c, "orders", {0, 1, 2});
        ASSERT_EQ(r.topics.size(), 1u);
        EXPECT_EQ(r.topics[0].name, "orders");
        const auto& parts = r.topics[0].partitions;
        ASSERT_EQ(parts.size(), 3u);
        for (const auto& p : parts) {
            EXPECT_EQ(p.error_code, 0) << p.partition_index;
            EXPECT_FALSE(p.error_message.has_value());
        }

        EXPECT_EQ(parts[0].partition_index, 0);
        ASSERT_EQ(parts[0].active_producers.size(), 2u);
        auto by_id = [&](const auto& list, int64_t id) {
            for (const auto& s : list)
                if (s.producer_id == id) return s;
            ADD_FAILURE() << "producer " << id << " not listed";
            return proto::describe_producers_response::topic_response::partition_response::
                producer_state{};
        };
        const auto a0 = by_id(parts[0].active_producers, a_.id);
        EXPECT_EQ(a0.producer_epoch, a_.epoch);
        EXPECT_EQ(a0.last_sequence, 4);
        EXPECT_EQ(a0.last_timestamp, first_timestamp + 4);  // the last batch's max timestamp
        EXPECT_EQ(a0.coordinator_epoch, -1);
        EXPECT_EQ(a0.current_txn_start_offset, -1);
        const auto b0 = by_id(parts[0].active_producers, b_.id);
        EXPECT_EQ(b0.producer_epoch, b_.epoch);
        EXPECT_EQ(b0.last_sequence, 3);
        EXPECT_EQ(b0.last_timestamp, first_timestamp + 3);

        EXPECT_EQ(parts[1].partition_index, 1);
        EXPECT_TRUE(parts[1].active_producers.empty());

        EXPECT_EQ(parts[2].partition_index, 2);
        ASSERT_EQ(parts[2].active_producers.size(), 1u);
        EXPECT_EQ(parts[2].active_producers[0].producer_id, b_.id);
        EXPECT_EQ(parts[2].active_producers[0].last_sequence, 0);
    }

    broker_process broker_;
    producer_id a_, b_;
};

TEST_F(ProducersTest, ListsEachPartitionsProducers) {
    expect_producers();
}

TEST_F(ProducersTest, SameAfterACleanStop) {
    EXPECT_EQ(broker_.stop(), 0);
    broker_.restart();
    expect_producers();
}

TEST_F(ProducersTest, SameAfterKillNine) {
    broker_.kill9();
    broker_.restart();
    expect_producers();
}

TEST_F(ProducersTest, UnknownTopicsPartitionsAndIllegalNamesAnswerKafkasErrors) {
    test_client c(broker_.port());

    auto r = describe(c, "no-such-topic", {0, 1});
    ASSERT_EQ(r.topics.at(0).partitions.size(), 2u);
    for (const auto& p : r.topics[0].partitions) {
        EXPECT_EQ(p.error_code, 3);  // UNKNOWN_TOPIC_OR_PARTITION
        EXPECT_EQ(p.error_message, "This server does not host this topic-partition.");
        EXPECT_TRUE(p.active_producers.empty());
    }
    EXPECT_EQ(r.topics[0].partitions[1].partition_index, 1);

    r = describe(c, "orders", {3, -1});
    ASSERT_EQ(r.topics.at(0).partitions.size(), 2u);
    EXPECT_EQ(r.topics[0].partitions[0].partition_index, 3);
    EXPECT_EQ(r.topics[0].partitions[0].error_code, 3);
    EXPECT_EQ(r.topics[0].partitions[1].partition_index, -1);
    EXPECT_EQ(r.topics[0].partitions[1].error_code, 3);

    r = describe(c, "bad/name", {0});
    ASSERT_EQ(r.topics.at(0).partitions.size(), 1u);
    EXPECT_EQ(r.topics[0].partitions[0].error_code, 17);  // INVALID_TOPIC_EXCEPTION
    EXPECT_TRUE(r.topics[0].partitions[0].error_message.has_value());

    // Several topics in one request are answered in order, each on its own.
    proto::describe_producers_request req;
    for (const char* name : {"orders", "no-such-topic"}) {
        auto& t = req.topics.emplace_back();
        t.name = name;
        t.partition_indexes = {0};
    }
    const auto both = c.call<proto::describe_producers_response>(req, 0);
    ASSERT_EQ(both.topics.size(), 2u);
    EXPECT_EQ(both.topics[0].partitions.at(0).error_code, 0);
    EXPECT_EQ(both.topics[0].partitions[0].active_producers.size(), 2u);
    EXPECT_EQ(both.topics[1].partitions.at(0).error_code, 3);
}

}  // namespace
}  // namespace samsa::testing
