#include "controller/config_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace samsa::controller {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> strings(std::span<const std::string_view> views) {
    return {views.begin(), views.end()};
}

const config_def& broker(std::string_view name) {
    const config_def* def = find_broker_config(name);
    EXPECT_NE(def, nullptr) << name;
    static const config_def missing{};
    return def ? *def : missing;
}

const config_def& topic(std::string_view name) {
    const config_def* def = find_topic_config(name);
    EXPECT_NE(def, nullptr) << name;
    static const config_def missing{};
    return def ? *def : missing;
}

// broker_value for resolve_topic_default, from a map of server properties.
auto properties(std::map<std::string, std::string, std::less<>> values) {
    return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
        const auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    };
}

// --- The tables as a whole ---------------------------------------------------------------

TEST(ConfigRegistry, CountsArePlausibleForKafka4) {
    // Kafka 4.4.0: 350 broker configs and 37 topic configs, internal ones left out.
    EXPECT_GT(broker_config_defs().size(), 300u);
    EXPECT_LT(broker_config_defs().size(), 450u);
    EXPECT_GT(topic_config_defs().size(), 30u);
    EXPECT_LT(topic_config_defs().size(), 50u);
}

TEST(ConfigRegistry, TablesAreSortedAndUnique) {
    for (auto defs : {broker_config_defs(), topic_config_defs()}) {
        EXPECT_TRUE(std::adjacent_find(
                        defs.begin(), defs.end(),
                        [](const config_def& a, const config_def& b) { return !(a.name < b.name); })
                    == defs.end());
    }
}

TEST(ConfigRegistry, EveryDefinitionIsInItsScope) {
    for (const auto& d : broker_config_defs())
        EXPECT_EQ(d.scope, config_scope::broker) << d.name;
    for (const auto& d : topic_config_defs()) {
        EXPECT_EQ(d.scope, config_scope::topic) << d.name;
        EXPECT_EQ(d.mode, config_mode::cluster_wide) << d.name;
    }
}

TEST(ConfigRegistry, EveryDefaultPassesItsOwnValidation) {
    for (auto defs : {broker_config_defs(), topic_config_defs()}) {
        for (const auto& d : defs) {
            if (d.default_value) {
                EXPECT_EQ(validate_config_value(d, *d.default_value), std::nullopt) << d.name;
            }
        }
    }
}

TEST(ConfigRegistry, OnlyPasswordsAreSensitive) {
    for (const auto& d : broker_config_defs())
        EXPECT_EQ(d.sensitive, d.type == config_type::password) << d.name;
}

TEST(ConfigRegistry, BrokerSynonymGroupsContainTheConfigItself) {
    for (const auto& d : broker_config_defs()) {
        const auto names = strings(d.synonyms);
        EXPECT_NE(std::find(names.begin(), names.end(), d.name), names.end()) << d.name;
        for (const auto& s : names)
            EXPECT_NE(find_broker_config(s), nullptr) << d.name << " -> " << s;
    }
}

TEST(ConfigRegistry, TopicSynonymsAreBrokerConfigs) {
    for (const auto& d : topic_config_defs()) {
        for (auto s : d.synonyms)
            EXPECT_NE(find_broker_config(s), nullptr) << d.name << " -> " << s;
    }
}

TEST(ConfigRegistry, EveryTopicConfigIsDocumented) {
    for (const auto& d : topic_config_defs()) {
        ASSERT_TRUE(d.documentation.has_value()) << d.name;
        EXPECT_FALSE(d.documentation->empty()) << d.name;
    }
}

// --- Lookups -----------------------------------------------------------------------------

TEST(ConfigRegistry, UnknownNamesAreNotFound) {
    EXPECT_EQ(find_broker_config("no.such.config"), nullptr);
    EXPECT_EQ(find_topic_config("no.such.config"), nullptr);
    EXPECT_EQ(find_topic_config("log.retention.hours"), nullptr);  // a broker config only
    EXPECT_EQ(find_broker_config(""), nullptr);
}

TEST(ConfigRegistry, InternalConfigsAreLeftOut) {
    EXPECT_EQ(find_broker_config("unstable.api.versions.enable"), nullptr);
    EXPECT_EQ(find_topic_config("internal.segment.bytes"), nullptr);
}

TEST(ConfigRegistry, NamesInBothScopesAreSeparateDefinitions) {
    EXPECT_EQ(broker("compression.type").scope, config_scope::broker);
    EXPECT_EQ(topic("compression.type").scope, config_scope::topic);
    EXPECT_EQ(strings(topic("compression.type").synonyms),
              std::vector<std::string>{"compression.type"});
}

// --- Specific facts ----------------------------------------------------------------------

TEST(ConfigRegistry, NumPartitions) {
    const auto& d = broker("num.partitions");
    EXPECT_EQ(d.type, config_type::int_);
    EXPECT_EQ(d.default_value, "1");
    EXPECT_EQ(d.mode, config_mode::read_only);
    EXPECT_EQ(d.min, 1.0);
    EXPECT_EQ(d.max, std::nullopt);
    EXPECT_FALSE(d.sensitive);
    EXPECT_TRUE(d.documentation.has_value());
}

TEST(ConfigRegistry, LogRetentionHours) {
    const auto& d = broker("log.retention.hours");
    EXPECT_EQ(d.type, config_type::int_);
    EXPECT_EQ(d.default_value, "168");
    EXPECT_EQ(d.mode, config_mode::read_only);
    EXPECT_EQ(strings(d.synonyms),
              (std::vector<std::string>{"log.retention.ms", "log.retention.minutes",
                                        "log.retention.hours"}));
}

TEST(ConfigRegistry, LogRetentionMsIsDynamicWithNullDefault) {
    const auto& d = broker("log.retention.ms");
    EXPECT_EQ(d.type, config_type::long_);
    EXPECT_EQ(d.default_value, std::nullopt);
    EXPECT_EQ(d.mode, config_mode::cluster_wide);
    const auto names = strings(d.synonyms);
    EXPECT_NE(std::find(names.begin(), names.end(), "log.retention.minutes"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "log.retention.hours"), names.end());
}

TEST(ConfigRegistry, ConfigWithoutOtherSynonymsIsItsOwnGroup) {
    EXPECT_EQ(strings(broker("num.partitions").synonyms),
              std::vector<std::string>{"num.partitions"});
}

TEST(ConfigRegistry, CleanupPolicy) {
    const auto& d = topic("cleanup.policy");
    EXPECT_EQ(d.type, config_type::list);
    EXPECT_EQ(d.default_value, "delete");
    EXPECT_EQ(strings(d.allowed), (std::vector<std::string>{"compact", "delete"}));
    EXPECT_EQ(strings(d.synonyms), std::vector<std::string>{"log.cleanup.policy"});
}

TEST(ConfigRegistry, RetentionMsSynonymsInPriorityOrder) {
    const auto& d = topic("retention.ms");
    EXPECT_EQ(d.type, config_type::long_);
    EXPECT_EQ(d.default_value, "604800000");
    EXPECT_EQ(d.min, -1.0);
    EXPECT_EQ(strings(d.synonyms),
              (std::vector<std::string>{"log.retention.ms", "log.retention.minutes",
                                        "log.retention.hours"}));
}

TEST(ConfigRegistry, SslKeystorePasswordIsSensitivePerBroker) {
    const auto& d = broker("ssl.keystore.password");
    EXPECT_EQ(d.type, config_type::password);
    EXPECT_TRUE(d.sensitive);
    EXPECT_EQ(d.default_value, std::nullopt);
    EXPECT_EQ(d.mode, config_mode::per_broker);
}

TEST(ConfigRegistry, ServerDefaultsFromTheReference) {
    EXPECT_EQ(broker("message.max.bytes").default_value, "1048588");
    EXPECT_EQ(broker("offsets.topic.num.partitions").default_value, "50");
    EXPECT_EQ(broker("offsets.topic.replication.factor").type, config_type::short_);
    EXPECT_EQ(broker("offsets.topic.replication.factor").default_value, "3");
    EXPECT_EQ(broker("listeners").default_value, "PLAINTEXT://:9092");
    EXPECT_EQ(broker("log.segment.bytes").default_value, "1073741824");
    EXPECT_EQ(broker("compression.type").default_value, "producer");
    EXPECT_EQ(broker("group.initial.rebalance.delay.ms").default_value, "3000");
    EXPECT_EQ(broker("offsets.retention.minutes").default_value, "10080");
    EXPECT_EQ(topic("max.message.bytes").default_value, "1048588");
}

TEST(ConfigRegistry, DefaultsRenderedAsDescribeConfigsDoes) {
    EXPECT_EQ(broker("ssl.enabled.protocols").default_value,
              "TLSv1.2,TLSv1.3");                             // list joined by ","
    EXPECT_EQ(broker("config.providers").default_value, "");  // an empty list
    EXPECT_EQ(broker("log.cleaner.io.max.bytes.per.second").default_value,
              "1.7976931348623157E308");
    EXPECT_EQ(topic("min.cleanable.dirty.ratio").default_value, "0.5");
    EXPECT_EQ(broker("log.dirs").default_value, std::nullopt);
    EXPECT_EQ(broker("log.dir").default_value, "/tmp/kafka-logs");
}

TEST(ConfigRegistry, UpdateModes) {
    EXPECT_EQ(broker("auto.create.topics.enable").mode, config_mode::read_only);
    EXPECT_EQ(broker("listeners").mode, config_mode::per_broker);
    EXPECT_EQ(broker("message.max.bytes").mode, config_mode::cluster_wide);
    EXPECT_EQ(broker("num.io.threads").mode, config_mode::cluster_wide);
}

TEST(ConfigRegistry, RequiredConfigs) {
    EXPECT_TRUE(is_required_config(broker("node.id")));
    EXPECT_TRUE(is_required_config(broker("process.roles")));
    EXPECT_EQ(broker("node.id").default_value, std::nullopt);
    EXPECT_FALSE(is_required_config(broker("num.partitions")));
    EXPECT_FALSE(is_required_config(broker("log.dirs")));  // a null default is not required
}

TEST(ConfigRegistry, DocumentationIsOptional) {
    EXPECT_TRUE(topic("retention.ms").documentation.has_value());
    EXPECT_TRUE(broker("listeners").documentation.has_value());
    EXPECT_EQ(broker("sasl.oauthbearer.scope.claim.name").documentation, std::nullopt);
}

TEST(ConfigRegistry, TypeNamesAsKafkaHasThem) {
    EXPECT_EQ(to_string(config_type::boolean), "BOOLEAN");
    EXPECT_EQ(to_string(config_type::string), "STRING");
    EXPECT_EQ(to_string(config_type::int_), "INT");
    EXPECT_EQ(to_string(config_type::short_), "SHORT");
    EXPECT_EQ(to_string(config_type::long_), "LONG");
    EXPECT_EQ(to_string(config_type::double_), "DOUBLE");
    EXPECT_EQ(to_string(config_type::list), "LIST");
    EXPECT_EQ(to_string(config_type::class_), "CLASS");
    EXPECT_EQ(to_string(config_type::password), "PASSWORD");
}

// --- Validation --------------------------------------------------------------------------

// The error for an invalid value, or "" when valid.
std::string error(const config_def& def, std::string_view value) {
    return validate_config_value(def, value).value_or("");
}

TEST(ValidateConfigValue, AcceptsGoodValues) {
    EXPECT_EQ(error(broker("num.partitions"), "3"), "");
    EXPECT_EQ(error(broker("num.partitions"), " 3 "), "");  // surrounding whitespace is ignored
    EXPECT_EQ(error(broker("num.partitions"), "+3"), "");   // as Java's Integer.parseInt
    EXPECT_EQ(error(topic("retention.ms"), "-1"), "");
    EXPECT_EQ(error(topic("retention.ms"), "9223372036854775807"), "");
    EXPECT_EQ(error(topic("min.cleanable.dirty.ratio"), "0.75"), "");
    EXPECT_EQ(error(topic("min.cleanable.dirty.ratio"), "1e-1"), "");
    EXPECT_EQ(error(topic("compression.type"), "zstd"), "");
    EXPECT_EQ(error(topic("cleanup.policy"), "compact,delete"), "");
    EXPECT_EQ(error(topic("cleanup.policy"), "compact , delete"), "");
    EXPECT_EQ(error(topic("cleanup.policy"), ""), "");  // an empty policy list is allowed
    EXPECT_EQ(error(broker("ssl.keystore.password"), "anything at all"), "");
    EXPECT_EQ(error(broker("authorizer.class.name"), ""), "");
    EXPECT_EQ(error(broker("principal.builder.class"), "org.example.Builder$Inner"), "");
}

TEST(ValidateConfigValue, ErrorsNameTheConfigAndTheProblem) {
    EXPECT_THAT(error(broker("num.partitions"), "abc"), HasSubstr("num.partitions"));
    EXPECT_THAT(error(broker("num.partitions"), "abc"), HasSubstr("INT"));
    EXPECT_THAT(error(broker("num.partitions"), "0"), HasSubstr("num.partitions"));
    EXPECT_THAT(error(broker("num.partitions"), "0"), HasSubstr("minimum 1"));
    EXPECT_THAT(error(topic("min.cleanable.dirty.ratio"), "1.5"), HasSubstr("maximum 1"));
    EXPECT_THAT(error(topic("compression.type"), "brotli"), HasSubstr("compression.type"));
    EXPECT_THAT(error(topic("compression.type"), "brotli"), HasSubstr("gzip"));
}

TEST(ValidateConfigValue, RejectsValuesOfTheWrongType) {
    EXPECT_NE(error(broker("num.partitions"), ""), "");
    EXPECT_NE(error(broker("num.partitions"), "1.0"), "");
    EXPECT_NE(error(broker("num.partitions"), "2147483648"), "");               // beyond INT
    EXPECT_NE(error(broker("offsets.topic.replication.factor"), "40000"), "");  // beyond SHORT
    EXPECT_NE(error(topic("retention.ms"), "9223372036854775808"), "");         // beyond LONG
    EXPECT_NE(error(broker("auto.create.topics.enable"), "yes"), "");
    EXPECT_NE(error(topic("min.cleanable.dirty.ratio"), "half"), "");
    EXPECT_NE(error(broker("principal.builder.class"), "1abc"), "");
    EXPECT_NE(error(broker("principal.builder.class"), ""), "");
}

TEST(ValidateConfigValue, BooleansIgnoreCase) {
    EXPECT_EQ(error(broker("auto.create.topics.enable"), "TRUE"), "");
    EXPECT_EQ(error(broker("auto.create.topics.enable"), " False "), "");
}

TEST(ValidateConfigValue, AllowedValuesAreCaseSensitiveUnlessKafkaSaysOtherwise) {
    EXPECT_NE(error(topic("compression.type"), "GZIP"), "");
    EXPECT_NE(error(broker("ssl.client.auth"), "NONE"), "");
    EXPECT_NE(error(topic("cleanup.policy"), "Compact"), "");
    // CaseInsensitiveValidString in Kafka.
    EXPECT_EQ(error(broker("group.consumer.migration.policy"), "upgrade"), "");
    EXPECT_EQ(error(broker("group.consumer.migration.policy"), "UPGRADE"), "");
    EXPECT_NE(error(broker("group.consumer.migration.policy"), "sideways"), "");
}

TEST(ValidateConfigValue, ListItemsAreCheckedOneByOne) {
    EXPECT_THAT(error(topic("cleanup.policy"), "compact,shred"), HasSubstr("shred"));
    EXPECT_NE(error(topic("cleanup.policy"), "compact,compact"), "");  // duplicates
    EXPECT_NE(error(topic("cleanup.policy"), "compact,,delete"), "");  // empty item
    EXPECT_NE(error(broker("process.roles"), ""), "");                 // must not be empty
    EXPECT_EQ(error(broker("process.roles"), "broker,controller"), "");
    EXPECT_NE(error(broker("listeners"), "PLAINTEXT://:9092,PLAINTEXT://:9092"), "");
}

TEST(ValidateConfigValue, NumericBoundsAreInclusive) {
    EXPECT_EQ(error(topic("segment.bytes"), "1048576"), "");
    EXPECT_NE(error(topic("segment.bytes"), "1048575"), "");
    EXPECT_EQ(error(topic("compression.zstd.level"), "22"), "");
    EXPECT_NE(error(topic("compression.zstd.level"), "23"), "");
    EXPECT_EQ(error(topic("min.cleanable.dirty.ratio"), "1"), "");
    EXPECT_EQ(error(topic("min.cleanable.dirty.ratio"), "0"), "");
}

TEST(ValidateConfigValue, GzipLevelIsARangeOrMinusOne) {
    EXPECT_EQ(error(topic("compression.gzip.level"), "-1"), "");
    EXPECT_EQ(error(topic("compression.gzip.level"), "1"), "");
    EXPECT_EQ(error(topic("compression.gzip.level"), "9"), "");
    EXPECT_NE(error(topic("compression.gzip.level"), "0"), "");
    EXPECT_NE(error(topic("compression.gzip.level"), "10"), "");
}

TEST(ValidateConfigValue, NonEmptyStrings) {
    EXPECT_NE(error(broker("remote.log.metadata.manager.impl.prefix"), " "), "");
    EXPECT_EQ(error(broker("remote.log.metadata.manager.impl.prefix"), "rlmm."), "");
}

TEST(ValidateConfigValue, ThrottledReplicas) {
    const auto& d = topic("leader.replication.throttled.replicas");
    EXPECT_EQ(error(d, "*"), "");
    EXPECT_EQ(error(d, ""), "");
    EXPECT_EQ(error(d, "0:1,1:2"), "");
    EXPECT_EQ(error(d, "0:1, 1:2"), "");
    EXPECT_NE(error(d, "0:1,*"), "");
    EXPECT_NE(error(d, "a:b"), "");
    EXPECT_NE(error(d, "-1:2"), "");
}

TEST(ValidateConfigValue, QuorumAddresses) {
    const auto& voters = broker("controller.quorum.voters");
    EXPECT_EQ(error(voters, "1@localhost:9093,2@[::1]:9093"), "");
    EXPECT_EQ(error(voters, ""), "");
    EXPECT_NE(error(voters, "localhost:9093"), "");
    EXPECT_NE(error(voters, "a@localhost:9093"), "");
    EXPECT_NE(error(voters, "1@localhost:65536"), "");
    const auto& bootstrap = broker("controller.quorum.bootstrap.servers");
    EXPECT_EQ(error(bootstrap, "a:9093, b:9093"), "");
    EXPECT_NE(error(bootstrap, "localhost"), "");
    EXPECT_NE(error(bootstrap, "a:1,,b:2"), "");
}

TEST(ValidateConfigValue, DefinitionsOutsideTheTablesGetTypeAndBoundChecks) {
    const config_def own{.name = "my.setting",
                         .scope = config_scope::broker,
                         .type = config_type::int_,
                         .default_value = "5",
                         .mode = config_mode::read_only,
                         .sensitive = false,
                         .min = 1.0,
                         .max = 10.0,
                         .allowed = {},
                         .synonyms = {},
                         .documentation = std::nullopt};
    EXPECT_EQ(error(own, "5"), "");
    EXPECT_THAT(error(own, "11"), HasSubstr("my.setting"));
    EXPECT_NE(error(own, "x"), "");
}

// --- Topic defaults from broker settings -------------------------------------------------

using resolved = std::optional<std::pair<std::string, std::string>>;

TEST(ResolveTopicDefault, NothingSetMeansKafkasDefault) {
    EXPECT_EQ(resolve_topic_default(topic("retention.ms"), properties({})), std::nullopt);
}

TEST(ResolveTopicDefault, HoursBecomeMilliseconds) {
    EXPECT_EQ(
        resolve_topic_default(topic("retention.ms"), properties({{"log.retention.hours", "24"}})),
        resolved({"log.retention.hours", "86400000"}));
    EXPECT_EQ(resolve_topic_default(topic("segment.ms"), properties({{"log.roll.hours", "1"}})),
              resolved({"log.roll.hours", "3600000"}));
    EXPECT_EQ(resolve_topic_default(topic("segment.jitter.ms"),
                                    properties({{"log.roll.jitter.hours", "2"}})),
              resolved({"log.roll.jitter.hours", "7200000"}));
}

TEST(ResolveTopicDefault, MinutesBecomeMilliseconds) {
    EXPECT_EQ(
        resolve_topic_default(topic("retention.ms"), properties({{"log.retention.minutes", "90"}})),
        resolved({"log.retention.minutes", "5400000"}));
}

TEST(ResolveTopicDefault, FirstSetSynonymWins) {
    EXPECT_EQ(resolve_topic_default(
                  topic("retention.ms"),
                  properties({{"log.retention.hours", "1"}, {"log.retention.minutes", "5"}})),
              resolved({"log.retention.minutes", "300000"}));
    EXPECT_EQ(
        resolve_topic_default(topic("retention.ms"), properties({{"log.retention.hours", "1"},
                                                                 {"log.retention.minutes", "5"},
                                                                 {"log.retention.ms", "1234"}})),
        resolved({"log.retention.ms", "1234"}));
    EXPECT_EQ(resolve_topic_default(topic("segment.ms"), properties({{"log.roll.hours", "1"},
                                                                     {"log.roll.ms", "60000"}})),
              resolved({"log.roll.ms", "60000"}));
}

TEST(ResolveTopicDefault, NegativeRetentionMeansForever) {
    EXPECT_EQ(
        resolve_topic_default(topic("retention.ms"), properties({{"log.retention.hours", "-1"}})),
        resolved({"log.retention.hours", "-1"}));
    EXPECT_EQ(
        resolve_topic_default(topic("retention.ms"), properties({{"log.retention.ms", "-7"}})),
        resolved({"log.retention.ms", "-1"}));
    // Only retention reads negatives that way.
    EXPECT_EQ(resolve_topic_default(topic("retention.bytes"),
                                    properties({{"log.retention.bytes", "-5"}})),
              resolved({"log.retention.bytes", "-5"}));
}

TEST(ResolveTopicDefault, ValuesAreRenderedAsKafkaRendersThem) {
    EXPECT_EQ(resolve_topic_default(topic("max.message.bytes"),
                                    properties({{"message.max.bytes", " +2000 "}})),
              resolved({"message.max.bytes", "2000"}));
    EXPECT_EQ(resolve_topic_default(topic("cleanup.policy"),
                                    properties({{"log.cleanup.policy", "compact, delete"}})),
              resolved({"log.cleanup.policy", "compact,delete"}));
    EXPECT_EQ(
        resolve_topic_default(topic("preallocate"), properties({{"log.preallocate", "TRUE"}})),
        resolved({"log.preallocate", "true"}));
    EXPECT_EQ(resolve_topic_default(topic("min.cleanable.dirty.ratio"),
                                    properties({{"log.cleaner.min.cleanable.ratio", "1e-1"}})),
              resolved({"log.cleaner.min.cleanable.ratio", "0.1"}));
    EXPECT_EQ(resolve_topic_default(topic("flush.ms"),
                                    properties({{"log.flush.scheduler.interval.ms", "1000"}})),
              resolved({"log.flush.scheduler.interval.ms", "1000"}));
}

TEST(ResolveTopicDefault, InvalidBrokerValuesAreSkipped) {
    EXPECT_EQ(resolve_topic_default(
                  topic("retention.ms"),
                  properties({{"log.retention.minutes", "soon"}, {"log.retention.hours", "2"}})),
              resolved({"log.retention.hours", "7200000"}));
}

TEST(ResolveTopicDefault, TopicConfigsWithoutSynonymsNeverResolve) {
    EXPECT_EQ(resolve_topic_default(topic("remote.storage.enable"),
                                    properties({{"remote.storage.enable", "true"}})),
              std::nullopt);
}

TEST(ResolveTopicDefault, BrokerDefinitionsDoNotResolve) {
    EXPECT_EQ(
        resolve_topic_default(broker("log.retention.ms"), properties({{"log.retention.ms", "1"}})),
        std::nullopt);
}

}  // namespace
}  // namespace samsa::controller
