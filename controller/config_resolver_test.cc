// The expectations below are what a Kafka 4.4.0 broker answered to DescribeConfigs in the
// same situations (a single KRaft node, probed with Kafka's own request classes).
#include "controller/config_resolver.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace samsa::controller {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using src = config_source;

struct fixture {
    metadata_image image;
    std::map<std::string, std::string, std::less<>> statics;
    topic_info topic{.name = "t"};

    config_resolver resolver() const {
        return config_resolver(image, 1, [this](std::string_view n) -> std::optional<std::string> {
            const auto it = statics.find(n);
            if (it == statics.end()) return std::nullopt;
            return it->second;
        });
    }
    resolved_config topic_config(const std::string& name) const {
        const std::vector<std::string> names{name};
        auto all = resolver().describe_topic(topic, names);
        EXPECT_EQ(all.size(), 1u) << name;
        return all.empty() ? resolved_config{} : all.front();
    }
    resolved_config broker_config(const std::string& name) const {
        const std::vector<std::string> names{name};
        auto all = resolver().describe_broker(names);
        EXPECT_EQ(all.size(), 1u) << name;
        return all.empty() ? resolved_config{} : all.front();
    }
};

// A synonym as "name=value@source", null values as "name=null@source".
std::vector<std::string> chain(const resolved_config& c) {
    std::vector<std::string> out;
    for (const auto& s : c.synonyms) {
        out.push_back(s.name + "=" + s.value.value_or("null") + "@"
                      + std::to_string(static_cast<int>(s.source)));
    }
    return out;
}

// --- Topics --------------------------------------------------------------------------------

TEST(ConfigResolver, TopicConfigUnsetAnywhereIsItsDefault) {
    fixture f;
    const auto c = f.topic_config("segment.bytes");
    EXPECT_EQ(c.value, "1073741824");
    EXPECT_EQ(c.source, src::default_config);
    EXPECT_THAT(chain(c), ElementsAre("log.segment.bytes=1073741824@5"));
    EXPECT_FALSE(c.read_only);
    EXPECT_FALSE(c.sensitive);
    EXPECT_EQ(c.type, config_type::int_);
    EXPECT_TRUE(c.documentation.has_value());
}

TEST(ConfigResolver, TopicOwnValueComesFirstAndIsCanonical) {
    fixture f;
    f.topic.configs["cleanup.policy"] = "compact, delete";
    f.topic.configs["preallocate"] = "TRUE";
    f.topic.configs["min.cleanable.dirty.ratio"] = "1e-1";
    const auto policy = f.topic_config("cleanup.policy");
    EXPECT_EQ(policy.value, "compact,delete");
    EXPECT_EQ(policy.source, src::dynamic_topic);
    EXPECT_THAT(chain(policy),
                ElementsAre("cleanup.policy=compact,delete@1", "log.cleanup.policy=delete@5"));
    EXPECT_EQ(f.topic_config("preallocate").value, "true");
    EXPECT_EQ(f.topic_config("min.cleanable.dirty.ratio").value, "0.1");
}

TEST(ConfigResolver, TopicFollowsBrokerLayersInPrecedenceOrder) {
    fixture f;
    f.statics["compression.type"] = "gzip";
    EXPECT_EQ(f.topic_config("compression.type").value, "gzip");
    EXPECT_EQ(f.topic_config("compression.type").source, src::static_broker);
    f.image.broker_configs[""]["compression.type"] = "snappy";
    EXPECT_EQ(f.topic_config("compression.type").value, "snappy");
    EXPECT_EQ(f.topic_config("compression.type").source, src::dynamic_default_broker);
    f.image.broker_configs["1"]["compression.type"] = "lz4";
    f.image.broker_configs["2"]["compression.type"] = "zstd";  // another broker's: ignored
    const auto c = f.topic_config("compression.type");
    EXPECT_EQ(c.value, "lz4");
    EXPECT_EQ(c.source, src::dynamic_broker);
    EXPECT_THAT(chain(c), ElementsAre("compression.type=lz4@2", "compression.type=snappy@3",
                                      "compression.type=gzip@4", "compression.type=producer@5"));
    f.topic.configs["compression.type"] = "uncompressed";
    EXPECT_EQ(f.topic_config("compression.type").value, "uncompressed");
    EXPECT_EQ(f.topic_config("compression.type").source, src::dynamic_topic);
}

TEST(ConfigResolver, RetentionHoursBecomeMillisecondsWithKafkasEmptyChain) {
    // Kafka drops every synonym before log.retention.ms, the first: the value follows
    // log.retention.hours, but the source reads DEFAULT_CONFIG and the chain is empty.
    fixture f;
    f.statics["log.retention.hours"] = "24";
    const auto c = f.topic_config("retention.ms");
    EXPECT_EQ(c.value, "86400000");
    EXPECT_EQ(c.source, src::default_config);
    EXPECT_THAT(c.synonyms, IsEmpty());
}

TEST(ConfigResolver, RetentionMinutesAndNegativeHours) {
    fixture f;
    f.statics["log.retention.minutes"] = "90";
    f.statics["log.retention.hours"] = "-1";
    EXPECT_EQ(f.topic_config("retention.ms").value, "5400000");
    f.statics.erase("log.retention.minutes");
    EXPECT_EQ(f.topic_config("retention.ms").value, "-1");  // keep forever, as the broker reads it
}

TEST(ConfigResolver, DynamicRetentionMsHidesStaticHours) {
    fixture f;
    f.statics["log.retention.hours"] = "24";
    f.image.broker_configs[""]["log.retention.ms"] = "7200000";
    const auto topic = f.topic_config("retention.ms");
    EXPECT_EQ(topic.value, "7200000");
    EXPECT_EQ(topic.source, src::dynamic_default_broker);
    EXPECT_THAT(chain(topic), ElementsAre("log.retention.ms=7200000@3", "log.retention.hours=24@4",
                                          "log.retention.hours=168@5"));
    // The broker's own log.retention.hours: the static 24 no longer counts, yet the source
    // is still the first synonym's.
    const auto hours = f.broker_config("log.retention.hours");
    EXPECT_EQ(hours.value, "168");
    EXPECT_EQ(hours.source, src::static_broker);
    EXPECT_THAT(chain(hours), ElementsAre("log.retention.hours=24@4", "log.retention.hours=168@5"));
    EXPECT_TRUE(hours.read_only);
    const auto ms = f.broker_config("log.retention.ms");
    EXPECT_EQ(ms.value, "7200000");
    EXPECT_FALSE(ms.read_only);
}

TEST(ConfigResolver, RollHoursGiveSegmentMs) {
    fixture f;
    EXPECT_EQ(f.topic_config("segment.ms").value, "604800000");
    f.statics["log.roll.hours"] = "24";
    const auto c = f.topic_config("segment.ms");
    EXPECT_EQ(c.value, "86400000");
    EXPECT_EQ(c.source, src::default_config);  // log.roll.ms, the first synonym, is null
    f.image.broker_configs["1"]["log.roll.ms"] = "1000";
    EXPECT_EQ(f.topic_config("segment.ms").value, "1000");
    EXPECT_THAT(chain(f.topic_config("segment.ms")),
                ElementsAre("log.roll.ms=1000@2", "log.roll.hours=24@4", "log.roll.hours=168@5"));
}

TEST(ConfigResolver, TopicWithoutBrokerSynonymHasNoChain) {
    fixture f;
    const auto c = f.topic_config("remote.storage.enable");
    EXPECT_EQ(c.value, "false");
    EXPECT_EQ(c.source, src::default_config);
    EXPECT_THAT(c.synonyms, IsEmpty());
}

TEST(ConfigResolver, DescribeTopicListsEveryTopicConfigOnceSorted) {
    fixture f;
    const auto all = f.resolver().describe_topic(f.topic);
    ASSERT_EQ(all.size(), topic_config_defs().size());
    for (size_t i = 1; i < all.size(); ++i)
        EXPECT_LT(all[i - 1].name, all[i].name);
    const std::vector<std::string> names{"retention.ms", "no.such.config", "retention.ms"};
    const auto some = f.resolver().describe_topic(f.topic, names);
    ASSERT_EQ(some.size(), 1u);
    EXPECT_EQ(some[0].name, "retention.ms");
}

TEST(ConfigResolver, TopicValueIsTheCheapPathToTheSameAnswer) {
    fixture f;
    f.statics["log.segment.bytes"] = " +2000000 ";
    f.topic.configs["max.message.bytes"] = "2048";
    const auto r = f.resolver();
    EXPECT_EQ(r.topic_value(f.topic, "segment.bytes"), "2000000");
    EXPECT_EQ(r.topic_value(f.topic, "max.message.bytes"), "2048");
    EXPECT_EQ(r.topic_value(f.topic, "no.such.config"), std::nullopt);
    for (const auto& c : r.describe_topic(f.topic))
        EXPECT_EQ(r.topic_value(f.topic, c.name), c.value) << c.name;
}

// --- Brokers -------------------------------------------------------------------------------

TEST(ConfigResolver, BrokerStaticValueIsCanonicalAndItsSynonymRaw) {
    fixture f;
    f.statics["log.segment.bytes"] = "+2000000 ";
    const auto c = f.broker_config("log.segment.bytes");
    EXPECT_EQ(c.value, "2000000");
    EXPECT_EQ(c.source, src::static_broker);
    EXPECT_THAT(chain(c),
                ElementsAre("log.segment.bytes=+2000000 @4", "log.segment.bytes=1073741824@5"));
    EXPECT_FALSE(c.read_only);
}

TEST(ConfigResolver, BrokerNullDefaultHasNoValueAndNoChain) {
    fixture f;
    const auto c = f.broker_config("log.retention.ms");
    EXPECT_EQ(c.value, std::nullopt);
    EXPECT_EQ(c.source, src::default_config);
    EXPECT_THAT(c.synonyms, IsEmpty());
}

TEST(ConfigResolver, SensitiveValuesAreHiddenEverywhere) {
    fixture f;
    f.statics["ssl.keystore.password"] = "secret";
    f.image.broker_configs["1"]["sasl.jaas.config"] = "also secret";
    const auto pw = f.broker_config("ssl.keystore.password");
    EXPECT_TRUE(pw.sensitive);
    EXPECT_EQ(pw.value, std::nullopt);
    EXPECT_EQ(pw.source, src::static_broker);
    EXPECT_THAT(chain(pw), ElementsAre("ssl.keystore.password=null@4"));
    EXPECT_EQ(pw.type, config_type::password);
    const auto jaas = f.broker_config("sasl.jaas.config");
    EXPECT_EQ(jaas.value, std::nullopt);
    EXPECT_EQ(jaas.source, src::dynamic_broker);
    EXPECT_THAT(chain(jaas), ElementsAre("sasl.jaas.config=null@2"));
}

TEST(ConfigResolver, ReadOnlyFollowsKafkasDynamicUpdateModes) {
    fixture f;
    EXPECT_TRUE(f.broker_config("num.partitions").read_only);
    EXPECT_TRUE(f.broker_config("node.id").read_only);
    EXPECT_FALSE(f.broker_config("message.max.bytes").read_only);      // cluster-wide
    EXPECT_FALSE(f.broker_config("listeners").read_only);              // per-broker
    EXPECT_FALSE(f.broker_config("ssl.keystore.password").read_only);  // per-broker
}

TEST(ConfigResolver, BrokerIdFromTheStaticLookup) {
    fixture f;
    f.statics["broker.id"] = "1";
    const auto c = f.broker_config("broker.id");
    EXPECT_EQ(c.value, "1");
    EXPECT_THAT(chain(c), ElementsAre("broker.id=1@4", "broker.id=-1@5"));
}

TEST(ConfigResolver, DescribeBrokerListsAllThenUnknownDynamicNamesHidden) {
    fixture f;
    f.image.broker_configs[""]["custom.plugin.setting"] = "x";
    const auto all = f.resolver().describe_broker();
    ASSERT_EQ(all.size(), broker_config_defs().size() + 1);
    const auto& unknown = all.back();
    EXPECT_EQ(unknown.name, "custom.plugin.setting");
    EXPECT_EQ(unknown.value, std::nullopt);
    EXPECT_TRUE(unknown.sensitive);
    EXPECT_TRUE(unknown.read_only);
    EXPECT_EQ(unknown.type, std::nullopt);
    EXPECT_EQ(unknown.source, src::dynamic_default_broker);
    EXPECT_THAT(chain(unknown), ElementsAre("custom.plugin.setting=null@3"));
}

TEST(ConfigResolver, ClusterDefaultShowsOnlyItsOwnLayer) {
    fixture f;
    f.statics["log.retention.hours"] = "24";
    f.image.broker_configs["1"]["log.retention.ms"] = "1000";
    f.image.broker_configs[""]["log.retention.ms"] = " 7200000";
    f.image.broker_configs[""]["min.insync.replicas"] = "1";
    const auto all = f.resolver().describe_cluster_default();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].name, "log.retention.ms");
    EXPECT_EQ(all[0].value, " 7200000");  // raw, as stored
    EXPECT_EQ(all[0].source, src::dynamic_default_broker);
    EXPECT_THAT(chain(all[0]), ElementsAre("log.retention.ms= 7200000@3"));
    EXPECT_EQ(all[1].name, "min.insync.replicas");
    EXPECT_EQ(all[1].type, config_type::int_);
    const std::vector<std::string> names{"min.insync.replicas", "log.retention.hours"};
    EXPECT_EQ(f.resolver().describe_cluster_default(names).size(), 1u);
}

TEST(ConfigResolver, ClusterDefaultIsEmptyWhenNothingIsSet) {
    fixture f;
    f.image.broker_configs["1"]["log.retention.ms"] = "1000";
    EXPECT_THAT(f.resolver().describe_cluster_default(), IsEmpty());
}

TEST(ConfigResolver, BrokerValueMergesLayers) {
    fixture f;
    f.statics["log.cleaner.threads"] = "3";
    EXPECT_EQ(f.resolver().broker_value("log.cleaner.threads"), "3");
    f.image.broker_configs[""]["log.cleaner.threads"] = "4";
    EXPECT_EQ(f.resolver().broker_value("log.cleaner.threads"), "4");
    f.image.broker_configs["1"]["log.cleaner.threads"] = " 5";
    EXPECT_EQ(f.resolver().broker_value("log.cleaner.threads"), "5");
    EXPECT_EQ(f.resolver().broker_value("log.retention.ms"), std::nullopt);
    EXPECT_EQ(f.resolver().broker_value("no.such.config"), std::nullopt);
}

TEST(ConfigResolver, ConfigTypeIdsAreKafkas) {
    EXPECT_EQ(config_type_id(std::nullopt), 0);
    EXPECT_EQ(config_type_id(config_type::boolean), 1);
    EXPECT_EQ(config_type_id(config_type::string), 2);
    EXPECT_EQ(config_type_id(config_type::int_), 3);
    EXPECT_EQ(config_type_id(config_type::short_), 4);
    EXPECT_EQ(config_type_id(config_type::long_), 5);
    EXPECT_EQ(config_type_id(config_type::double_), 6);
    EXPECT_EQ(config_type_id(config_type::list), 7);
    EXPECT_EQ(config_type_id(config_type::class_), 8);
    EXPECT_EQ(config_type_id(config_type::password), 9);
}

}  // namespace
}  // namespace samsa::controller
