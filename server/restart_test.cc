// The real broker keeps its metadata and acknowledged records across a clean stop, a
// kill -9, and a torn tail on its metadata log: topics with their ids and partition counts,
// deleted topics staying deleted, dynamic topic configs, the cluster id, and log end offsets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "protocol/messages/create_partitions_request.h"
#include "protocol/messages/create_partitions_response.h"
#include "protocol/messages/delete_topics_request.h"
#include "protocol/messages/delete_topics_response.h"
#include "protocol/messages/describe_configs_request.h"
#include "protocol/messages/describe_configs_response.h"
#include "protocol/messages/incremental_alter_configs_request.h"
#include "protocol/messages/incremental_alter_configs_response.h"
#include "protocol/messages/list_offsets_request.h"
#include "protocol/messages/list_offsets_response.h"
#include "protocol/messages/metadata_request.h"
#include "protocol/messages/metadata_response.h"
#include "protocol/records/record_batch_builder.h"
#include "server/testing/broker_process.h"
#include "server/testing/test_client.h"

namespace samsa::testing {
namespace {

namespace proto = samsa::protocol;

// What a client can see of the cluster: the cluster id and, per topic, id and partitions.
struct seen {
    std::string cluster_id;
    std::map<std::string, std::pair<proto::uuid, size_t>> topics;
};

seen look(test_client& c) {
    proto::metadata_request req;
    req.topics.reset();  // all topics
    const auto r = c.call<proto::metadata_response>(req, 12);
    seen s;
    s.cluster_id = r.cluster_id.value_or("");
    for (const auto& t : r.topics) {
        if (t.name && !t.name->starts_with("__"))
            s.topics[*t.name] = {t.topic_id, t.partitions.size()};
    }
    return s;
}

std::optional<std::string> topic_config(test_client& c, const std::string& topic,
                                        const std::string& key) {
    proto::describe_configs_request req;
    auto& r = req.resources.emplace_back();
    r.resource_type = 2;
    r.resource_name = topic;
    r.configuration_keys = std::vector<std::string>{key};
    const auto resp = c.call<proto::describe_configs_response>(req, 4);
    if (resp.results.size() != 1 || resp.results[0].configs.size() != 1) return std::nullopt;
    const auto& cfg = resp.results[0].configs[0];
    if (cfg.config_source != 1) return std::nullopt;  // DYNAMIC_TOPIC_CONFIG
    return cfg.value;
}

int64_t end_offset(test_client& c, const std::string& topic, int32_t partition) {
    proto::list_offsets_request req;
    req.replica_id = -1;
    auto& t = req.topics.emplace_back();
    t.name = topic;
    auto& p = t.partitions.emplace_back();
    p.partition_index = partition;
    p.timestamp = -1;  // latest
    const auto r = c.call<proto::list_offsets_response>(req, 7);
    return r.topics.at(0).partitions.at(0).offset;
}

void produce(test_client& c, const std::string& topic, int32_t partition, int records) {
    proto::record_batch_builder b({.codec = proto::compression_codec::lz4});
    const std::string value = "restart me";
    for (int i = 0; i < records; ++i)
        b.add({.timestamp = 1700000000000 + i, .value = proto::as_bytes(value)});
    proto::byte_buffer batch;
    b.finish(batch);
    ASSERT_EQ(c.produce(topic, partition, batch).error_code, 0);
}

class RestartTest : public ::testing::Test {
  protected:
    void SetUp() override {
        test_client c(broker_.port());
        ASSERT_EQ(c.create_topic("alpha", 3), 0);
        ASSERT_EQ(c.create_topic("beta", 1), 0);
        ASSERT_EQ(c.create_topic("gone", 2), 0);

        proto::incremental_alter_configs_request alter;
        auto& res = alter.resources.emplace_back();
        res.resource_type = 2;
        res.resource_name = "alpha";
        auto& op = res.configs.emplace_back();
        op.name = "retention.ms";
        op.config_operation = 0;
        op.value = "1234567";
        const auto ar = c.call<proto::incremental_alter_configs_response>(alter, 1);
        ASSERT_EQ(ar.responses.at(0).error_code, 0);

        proto::create_partitions_request grow;
        grow.timeout_ms = 10000;
        auto& g = grow.topics.emplace_back();
        g.name = "beta";
        g.count = 2;
        g.assignments.reset();
        const auto gr = c.call<proto::create_partitions_response>(grow, 3);
        ASSERT_EQ(gr.results.at(0).error_code, 0);

        proto::delete_topics_request del;
        del.timeout_ms = 10000;
        del.topic_names = {"gone"};
        const auto dr = c.call<proto::delete_topics_response>(del, 5);
        ASSERT_EQ(dr.responses.at(0).error_code, 0);

        produce(c, "alpha", 1, 10);
        produce(c, "alpha", 1, 5);
        produce(c, "beta", 1, 7);
        before_ = look(c);
        ASSERT_EQ(before_.topics.size(), 2u);
    }

    void expect_unchanged() {
        test_client c(broker_.port());
        const seen after = look(c);
        EXPECT_EQ(after.cluster_id, before_.cluster_id);
        ASSERT_EQ(after.topics.size(), 2u);
        EXPECT_EQ(after.topics.count("gone"), 0u);
        EXPECT_EQ(after.topics.at("alpha"), before_.topics.at("alpha"));
        EXPECT_EQ(after.topics.at("beta"), before_.topics.at("beta"));
        EXPECT_EQ(after.topics.at("beta").second, 2u);
        EXPECT_EQ(topic_config(c, "alpha", "retention.ms"), "1234567");
        EXPECT_EQ(end_offset(c, "alpha", 1), 15);
        EXPECT_EQ(end_offset(c, "alpha", 0), 0);
        EXPECT_EQ(end_offset(c, "beta", 1), 7);
        // And it goes on taking writes where it left off.
        produce(c, "alpha", 1, 1);
        EXPECT_EQ(end_offset(c, "alpha", 1), 16);
    }

    broker_process broker_;
    seen before_;
};

TEST_F(RestartTest, CleanStop) {
    EXPECT_EQ(broker_.stop(), 0);
    broker_.restart();
    expect_unchanged();
}

TEST_F(RestartTest, KillNine) {
    broker_.kill9();
    broker_.restart();
    expect_unchanged();
}

TEST_F(RestartTest, TornMetadataLogTailIsDiscarded) {
    EXPECT_EQ(broker_.stop(), 0);
    const auto log = std::filesystem::path(broker_.data_dir()) / "data" / "__cluster_metadata-0"
                     / "00000000000000000000.log";
    ASSERT_TRUE(std::filesystem::exists(log));
    {
        // Half of a batch: a base offset and a length promising more than follows.
        std::ofstream out(log, std::ios::binary | std::ios::app);
        const char torn[] = {0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 1, 0, 0, 0, 0, 0, 2, 1, 2, 3};
        out.write(torn, sizeof torn);
    }
    broker_.restart();
    expect_unchanged();
    EXPECT_EQ(broker_.stop(), 0);
    EXPECT_NE(broker_.log().find("discarding 20 bytes"), std::string::npos) << broker_.log();
}

}  // namespace
}  // namespace samsa::testing
