// Topic configs reach the partition logs: set at creation, altered per topic, and inherited
// from a dynamic cluster-wide broker config; and they survive a restart. max.message.bytes
// (MESSAGE_TOO_LARGE when a batch exceeds it) makes each visible through Produce.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "protocol/messages/create_topics_request.h"
#include "protocol/messages/create_topics_response.h"
#include "protocol/messages/incremental_alter_configs_request.h"
#include "protocol/messages/incremental_alter_configs_response.h"
#include "protocol/records/record_batch_builder.h"
#include "server/testing/broker_process.h"
#include "server/testing/test_client.h"

namespace samsa::testing {
namespace {

namespace proto = samsa::protocol;

constexpr int16_t message_too_large = 10;
constexpr int8_t topic_resource = 2, broker_resource = 4;

// A batch of one record with a 2 MiB value: above the 1 MiB default of max.message.bytes.
const proto::byte_buffer& big_batch() {
    static const proto::byte_buffer batch = [] {
        const std::string value(2 << 20, 'v');
        proto::record_batch_builder b({});
        b.add({.timestamp = 1700000000000, .value = proto::as_bytes(value)});
        proto::byte_buffer out;
        b.finish(out);
        return out;
    }();
    return batch;
}

int16_t produce_big(test_client& c, const std::string& topic) {
    return c.produce(topic, 0, big_batch(), 1).error_code;
}

void create(test_client& c, const std::string& topic,
            std::optional<std::string> max_message_bytes) {
    proto::create_topics_request req;
    req.timeout_ms = 10000;
    auto& t = req.topics.emplace_back();
    t.name = topic;
    t.num_partitions = 1;
    t.replication_factor = 1;
    if (max_message_bytes) {
        auto& cfg = t.configs.emplace_back();
        cfg.name = "max.message.bytes";
        cfg.value = *max_message_bytes;
    }
    ASSERT_EQ(c.call<proto::create_topics_response>(req, 7).topics.at(0).error_code, 0);
}

void set_config(test_client& c, int8_t type, const std::string& resource, const std::string& name,
                const std::string& value) {
    proto::incremental_alter_configs_request req;
    auto& r = req.resources.emplace_back();
    r.resource_type = type;
    r.resource_name = resource;
    auto& op = r.configs.emplace_back();
    op.name = name;
    op.config_operation = 0;  // SET
    op.value = value;
    ASSERT_EQ(c.call<proto::incremental_alter_configs_response>(req, 1).responses.at(0).error_code,
              0);
}

TEST(TopicConfigs, ReachTheLogsAndSurviveARestart) {
    broker_process broker;
    {
        test_client c(broker.port());
        create(c, "roomy", "4194304");
        create(c, "plain", std::nullopt);
        create(c, "altered", std::nullopt);
        EXPECT_EQ(produce_big(c, "roomy"), 0);
        EXPECT_EQ(produce_big(c, "plain"), message_too_large);
        EXPECT_EQ(produce_big(c, "altered"), message_too_large);
        set_config(c, topic_resource, "altered", "max.message.bytes", "4194304");
        EXPECT_EQ(produce_big(c, "altered"), 0);
        EXPECT_EQ(produce_big(c, "plain"), message_too_large);
    }
    EXPECT_EQ(broker.stop(), 0);
    broker.restart();
    {
        test_client c(broker.port());
        EXPECT_EQ(produce_big(c, "roomy"), 0);
        EXPECT_EQ(produce_big(c, "altered"), 0);
        EXPECT_EQ(produce_big(c, "plain"), message_too_large);
        // The cluster-wide default (broker resource "") reaches topics without their own.
        set_config(c, broker_resource, "", "message.max.bytes", "4194304");
        EXPECT_EQ(produce_big(c, "plain"), 0);
    }
}

}  // namespace
}  // namespace samsa::testing
