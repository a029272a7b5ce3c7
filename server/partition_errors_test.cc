// The partition check that every API reaching a partition's log makes (server/hosted_log.h),
// against the real broker: a partition index the topic does not have, a negative one, an
// unknown topic, and a current leader epoch newer than the partition's, for Produce, Fetch,
// ListOffsets, OffsetForLeaderEpoch and DeleteRecords. Each answer is Kafka's code for that
// partition alone; the hosted partition asked in the same request answers normally. Also
// what a new, empty partition answers for its leader epoch (Kafka records epoch 0 at offset 0
// when the partition gets its leader), and ListOffsets' special timestamps against the
// versions that have them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "protocol/messages/delete_records_request.h"
#include "protocol/messages/delete_records_response.h"
#include "protocol/messages/fetch_request.h"
#include "protocol/messages/fetch_response.h"
#include "protocol/messages/list_offsets_request.h"
#include "protocol/messages/list_offsets_response.h"
#include "protocol/messages/offset_for_leader_epoch_request.h"
#include "protocol/messages/offset_for_leader_epoch_response.h"
#include "protocol/records/record_batch_builder.h"
#include "server/testing/broker_process.h"
#include "server/testing/test_client.h"

namespace samsa::testing {
namespace {

namespace proto = samsa::protocol;

constexpr int16_t unknown_topic_or_partition = 3;
constexpr int16_t unsupported_version = 35;
constexpr int16_t unknown_leader_epoch = 75;

// A partition asked for, with the current leader epoch the client sends (-1: none).
struct ask {
    int32_t partition;
    int32_t current_leader_epoch = -1;
};

// Asks of the hosted partition 0 first, then the ones the broker must refuse, and Kafka's
// answers to them; for a topic it does not have, every answer is UNKNOWN_TOPIC_OR_PARTITION.
const std::vector<ask> asks = {{0}, {2}, {-1}, {1, 5}};
const std::vector<int16_t> answers = {0, unknown_topic_or_partition, unknown_topic_or_partition,
                                      unknown_leader_epoch};
const std::vector<int16_t> unknown_topic_answers(asks.size(), unknown_topic_or_partition);

template <class Partitions>
std::vector<int16_t> codes_of(const Partitions& partitions) {
    std::vector<int16_t> codes;
    for (const auto& p : partitions)
        codes.push_back(p.error_code);
    return codes;
}

// Sends make(topic) for a topic the broker does not have and for "two", checks each
// partition's code against Kafka's, and returns the answer for "two".
template <class Response, class Make, class PartitionsOf>
Response answer_of(test_client& c, int16_t version, Make make, PartitionsOf partitions_of) {
    const auto unknown = c.call<Response>(make("nowhere"), version);
    EXPECT_EQ(codes_of(partitions_of(unknown)), unknown_topic_answers);
    auto r = c.call<Response>(make("two"), version);
    EXPECT_EQ(codes_of(partitions_of(r)), answers);
    return r;
}

// The partitions of a response's first topic (ListOffsets and OffsetForLeaderEpoch).
const auto topic_partitions = [](const auto& response) -> const auto& {
    return response.topics.at(0).partitions;
};

proto::byte_buffer one_record_batch(const std::string& value) {
    proto::record_batch_builder b({});
    b.add({.timestamp = 1'700'000'000'000, .value = proto::as_bytes(value)});
    proto::byte_buffer batch;
    b.finish(batch);
    return batch;
}

class PartitionErrorsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_EQ(client_.create_topic("two", 2), 0);
        ASSERT_EQ(client_.produce("two", 0, one_record_batch("the only record")).error_code, 0);
    }

    broker_process broker_;
    test_client client_{broker_.port()};
};

TEST_F(PartitionErrorsTest, Produce) {
    const proto::byte_buffer batch = one_record_batch("refused");
    EXPECT_EQ(client_.produce("two", 2, batch).error_code, unknown_topic_or_partition);
    EXPECT_EQ(client_.produce("two", -1, batch).error_code, unknown_topic_or_partition);
    EXPECT_EQ(client_.produce("nowhere", 0, batch, 1).error_code, unknown_topic_or_partition);
    // The refusals left partition 0 alone: its next record gets offset 1.
    const auto ok = client_.produce("two", 0, batch);
    EXPECT_EQ(ok.error_code, 0);
    EXPECT_EQ(ok.base_offset, 1);
}

TEST_F(PartitionErrorsTest, ListOffsets) {
    auto list = [](const std::string& topic) {
        proto::list_offsets_request req;
        req.replica_id = -1;
        auto& t = req.topics.emplace_back();
        t.name = topic;
        for (const ask& a : asks) {
            auto& p = t.partitions.emplace_back();
            p.partition_index = a.partition;
            p.current_leader_epoch = a.current_leader_epoch;
            p.timestamp = -1;  // latest
        }
        return req;
    };
    const auto r = answer_of<proto::list_offsets_response>(client_, 7, list, topic_partitions);
    const auto& ps = topic_partitions(r);
    ASSERT_EQ(ps.size(), asks.size());
    EXPECT_EQ(ps[0].offset, 1);
    EXPECT_EQ(ps[3].offset, -1);
}

TEST_F(PartitionErrorsTest, ListOffsetsSpecialTimestampsNeedTheirVersion) {
    // {timestamp, version, refused}: -3 (max timestamp) from v7, -4 (earliest local) from
    // v8, -5 (latest tiered) from v9; no other negative timestamp in any version.
    struct ask_ts {
        int64_t timestamp;
        int16_t version;
        bool refused;
    };
    for (const ask_ts& a : std::vector<ask_ts>{{-3, 6, true},
                                               {-3, 7, false},
                                               {-4, 7, true},
                                               {-4, 8, false},
                                               {-5, 8, true},
                                               {-5, 9, false},
                                               {-6, 11, true},
                                               {-100, 11, true},
                                               {-2, 1, false},
                                               {-1, 1, false}}) {
        proto::list_offsets_request req;
        req.replica_id = -1;
        auto& t = req.topics.emplace_back();
        t.name = "two";
        t.partitions.emplace_back().timestamp = a.timestamp;
        // Kafka refuses the timestamp before it looks for the topic.
        auto& unknown = req.topics.emplace_back();
        unknown.name = "nowhere";
        unknown.partitions.emplace_back().timestamp = a.timestamp;
        const auto r = client_.call<proto::list_offsets_response>(req, a.version);
        ASSERT_EQ(r.topics.size(), 2u);
        ASSERT_EQ(r.topics[0].partitions.size(), 1u);
        EXPECT_EQ(r.topics[0].partitions[0].error_code, a.refused ? unsupported_version : 0)
            << a.timestamp << " v" << a.version;
        EXPECT_EQ(r.topics[1].partitions[0].error_code,
                  a.refused ? unsupported_version : unknown_topic_or_partition)
            << a.timestamp << " v" << a.version;
    }
}

TEST_F(PartitionErrorsTest, AnEmptyPartitionIsInLeaderEpochZero) {
    // Partition 1 has no records: its epoch 0 starts at offset 0 all the same.
    proto::offset_for_leader_epoch_request oe;
    oe.replica_id = -1;
    auto& ot = oe.topics.emplace_back();
    ot.topic = "two";
    ot.partitions.emplace_back().partition = 1;
    const auto e = client_.call<proto::offset_for_leader_epoch_response>(oe, 4);
    ASSERT_EQ(e.topics.size(), 1u);
    ASSERT_EQ(e.topics[0].partitions.size(), 1u);
    EXPECT_EQ(e.topics[0].partitions[0].error_code, 0);
    EXPECT_EQ(e.topics[0].partitions[0].leader_epoch, 0);
    EXPECT_EQ(e.topics[0].partitions[0].end_offset, 0);

    for (const int64_t timestamp : {-2, -1}) {
        proto::list_offsets_request req;
        req.replica_id = -1;
        auto& t = req.topics.emplace_back();
        t.name = "two";
        auto& p = t.partitions.emplace_back();
        p.partition_index = 1;
        p.timestamp = timestamp;
        const auto r = client_.call<proto::list_offsets_response>(req, 7);
        ASSERT_EQ(r.topics.size(), 1u);
        ASSERT_EQ(r.topics[0].partitions.size(), 1u);
        EXPECT_EQ(r.topics[0].partitions[0].error_code, 0);
        EXPECT_EQ(r.topics[0].partitions[0].offset, 0) << timestamp;
        EXPECT_EQ(r.topics[0].partitions[0].leader_epoch, 0) << timestamp;
    }

    // The checkpoint file holds it, in Kafka's format, once the broker has stopped.
    ASSERT_EQ(broker_.stop(), 0);
    std::ifstream f(broker_.data_dir() + "/data/two-1/leader-epoch-checkpoint");
    ASSERT_TRUE(f.good());
    std::stringstream text;
    text << f.rdbuf();
    EXPECT_EQ(text.str(), "0\n1\n0 0\n");
}

TEST_F(PartitionErrorsTest, Fetch) {
    auto fetch = [](const std::string& topic) {
        proto::fetch_request req;
        req.max_wait_ms = 0;
        req.min_bytes = 0;
        auto& t = req.topics.emplace_back();
        t.topic = topic;
        for (const ask& a : asks) {
            auto& p = t.partitions.emplace_back();
            p.partition = a.partition;
            p.current_leader_epoch = a.current_leader_epoch;
            p.fetch_offset = 0;
            p.partition_max_bytes = 1 << 20;
        }
        return req;
    };
    const auto r = answer_of<proto::fetch_response>(  // v12: the last version by topic name
        client_, 12, fetch,
        [](const auto& r) -> const auto& { return r.responses.at(0).partitions; });
    ASSERT_EQ(r.error_code, 0);
    const auto& ps = r.responses.at(0).partitions;
    ASSERT_EQ(ps.size(), asks.size());
    EXPECT_EQ(ps[0].high_watermark, 1);
    EXPECT_GT(ps[0].records.size(), 0u);
    for (size_t i = 1; i < ps.size(); ++i) {
        EXPECT_EQ(ps[i].partition_index, asks[i].partition);
        EXPECT_EQ(ps[i].records.size(), 0u) << i;
    }
}

TEST_F(PartitionErrorsTest, OffsetForLeaderEpoch) {
    auto ask_epochs = [](const std::string& topic) {
        proto::offset_for_leader_epoch_request req;
        req.replica_id = -1;
        auto& t = req.topics.emplace_back();
        t.topic = topic;
        for (const ask& a : asks) {
            auto& p = t.partitions.emplace_back();
            p.partition = a.partition;
            p.current_leader_epoch = a.current_leader_epoch;
            p.leader_epoch = 0;
        }
        return req;
    };
    const auto r = answer_of<proto::offset_for_leader_epoch_response>(client_, 4, ask_epochs,
                                                                      topic_partitions);
    const auto& ps = topic_partitions(r);
    ASSERT_EQ(ps.size(), asks.size());
    EXPECT_EQ(ps[0].leader_epoch, 0);
    EXPECT_EQ(ps[0].end_offset, 1);
    EXPECT_EQ(ps[3].end_offset, -1);
}

TEST_F(PartitionErrorsTest, DeleteRecords) {
    proto::delete_records_request req;
    req.timeout_ms = 10000;
    auto& t = req.topics.emplace_back();
    t.name = "two";
    for (const int32_t partition : {0, 2, -1}) {
        auto& p = t.partitions.emplace_back();
        p.partition_index = partition;
        p.offset = 1;
    }
    auto& unknown = req.topics.emplace_back();
    unknown.name = "nowhere";
    unknown.partitions.emplace_back().offset = 1;
    const auto r = client_.call<proto::delete_records_response>(req, 2);
    ASSERT_EQ(r.topics.size(), 2u);
    const auto& ps = r.topics[0].partitions;
    ASSERT_EQ(ps.size(), 3u);
    EXPECT_EQ(ps[0].error_code, 0);
    EXPECT_EQ(ps[0].low_watermark, 1);
    EXPECT_EQ(ps[1].error_code, unknown_topic_or_partition);
    EXPECT_EQ(ps[1].low_watermark, -1);
    EXPECT_EQ(ps[2].error_code, unknown_topic_or_partition);
    ASSERT_EQ(r.topics[1].partitions.size(), 1u);
    EXPECT_EQ(r.topics[1].partitions[0].error_code, unknown_topic_or_partition);
}

}  // namespace
}  // namespace samsa::testing
