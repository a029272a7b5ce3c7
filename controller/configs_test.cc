// Config alterations through the controller, against a real metadata log in a temporary
// directory. The error codes and messages are what a Kafka 4.4.0 controller answered to the
// same changes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "controller/controller.h"

namespace samsa::controller {
namespace {

namespace fs = std::filesystem;

class ConfigsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path()
               / ("samsa-configs-" + std::to_string(::getpid()) + "-"
                  + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        controller_options o;
        o.metadata_dir = dir_.string();
        o.cluster_id = "test-cluster";
        o.node_id = 1;
        o.endpoints = {{"PLAINTEXT", "localhost", 9092, 0}};
        c_ = std::make_unique<controller>(o);
        const auto e = c_->start();
        ASSERT_FALSE(e) << *e;
        ASSERT_TRUE(c_->create_topics_now({{.name = "t"}}, false)[0].status.ok());
    }
    void TearDown() override {
        c_.reset();
        fs::remove_all(dir_);
    }

    result topic(const std::string& name, std::vector<config_change> changes,
                 bool validate_only = false) {
        return c_->alter_configs_now(
            {{.target = config_target::topic, .resource = name, .changes = std::move(changes)}},
            validate_only)[0];
    }
    result broker(const std::string& resource, std::vector<config_change> changes,
                  bool incremental = true) {
        return c_->alter_configs_now({{.target = config_target::broker,
                                       .resource = resource,
                                       .incremental = incremental,
                                       .changes = std::move(changes)}},
                                     false)[0];
    }
    const config_map& topic_configs() { return c_->image()->find_topic("t")->configs; }

    fs::path dir_;
    std::unique_ptr<controller> c_;
};

TEST_F(ConfigsTest, UnknownTopicIsReportedOnlyAfterTheConfigsPass) {
    auto r = topic("nosuch", {{"retention.ms", config_op::set, "abc"}});
    EXPECT_EQ(r.code, errc::invalid_config);
    r = topic("nosuch", {{"retention.ms", config_op::set, "1000"}});
    EXPECT_EQ(r.code, errc::unknown_topic);
    EXPECT_EQ(r.message, "The topic 'nosuch' does not exist.");
}

TEST_F(ConfigsTest, TopicResourceNamesAreChecked) {
    auto r = topic("", {{"retention.ms", config_op::set, "1000"}});
    EXPECT_EQ(r.code, errc::invalid_request);
    EXPECT_EQ(r.message, "Default topic resources are not allowed.");
    EXPECT_EQ(topic("a b", {{"retention.ms", config_op::set, "1000"}}).code, errc::invalid_topic);
}

TEST_F(ConfigsTest, UnknownTopicConfigCanBeDeletedButNotSet) {
    auto r = topic("t", {{"nosuch.key", config_op::set, "1"}});
    EXPECT_EQ(r.code, errc::invalid_config);
    EXPECT_EQ(r.message, "Unknown topic config name: nosuch.key");
    EXPECT_TRUE(topic("t", {{"nosuch.key", config_op::remove, std::nullopt}}).ok());
}

TEST_F(ConfigsTest, ListOperationsOnATopicNeedAListConfig) {
    auto r = topic("t", {{"retention.ms", config_op::append, "1"}});
    EXPECT_EQ(r.code, errc::invalid_config);
    EXPECT_EQ(r.message, "Can't APPEND to key retention.ms because its type is not LIST.");
    r = topic("t", {{"nosuch.key", config_op::subtract, "1"}});
    EXPECT_EQ(r.message, "Can't SUBTRACT to key nosuch.key because its type is not LIST.");
}

TEST_F(ConfigsTest, AppendStartsFromTheDefaultAndSubtractCanEmptyTheList) {
    ASSERT_TRUE(topic("t", {{"cleanup.policy", config_op::append, "compact"}}).ok());
    EXPECT_EQ(topic_configs().at("cleanup.policy"), "delete,compact");
    ASSERT_TRUE(topic("t", {{"cleanup.policy", config_op::subtract, "delete,compact"}}).ok());
    EXPECT_EQ(topic_configs().at("cleanup.policy"), "");
}

TEST_F(ConfigsTest, ValidateOnlyChangesNothing) {
    ASSERT_TRUE(topic("t", {{"retention.ms", config_op::set, "2000"}}, true).ok());
    EXPECT_FALSE(topic_configs().contains("retention.ms"));
}

TEST_F(ConfigsTest, CompactionLagsMustBeOrdered) {
    auto r = topic("t", {{"min.compaction.lag.ms", config_op::set, "10"},
                         {"max.compaction.lag.ms", config_op::set, "5"}});
    EXPECT_EQ(r.code, errc::invalid_config);
    EXPECT_EQ(r.message,
              "conflict topic config setting min.compaction.lag.ms (10) > "
              "max.compaction.lag.ms (5)");
    EXPECT_TRUE(topic("t", {{"min.compaction.lag.ms", config_op::set, "10"}}).ok());
}

TEST_F(ConfigsTest, RemoteStorageIsRefused) {
    auto r = topic("t", {{"remote.storage.enable", config_op::set, "true"}});
    EXPECT_EQ(r.code, errc::invalid_config);
    EXPECT_EQ(r.message,
              "Tiered Storage functionality is disabled in the broker. Topic cannot be configured "
              "with remote log storage.");
    EXPECT_TRUE(topic("t", {{"remote.storage.enable", config_op::set, "false"}}).ok());
}

TEST_F(ConfigsTest, TopicCreationChecksTheSameRules) {
    const auto r = c_->create_topics_now(
        {{.name = "c", .configs = {{"remote.storage.enable", "TRUE"}}}}, false);
    EXPECT_EQ(r[0].status.code, errc::invalid_config);
}

TEST_F(ConfigsTest, ValuesLongerThanARecordCanHoldAreRefused) {
    const auto r = topic("t", {{"cleanup.policy", config_op::set, std::string(40000, 'x')}});
    EXPECT_EQ(r.code, errc::invalid_config);
    EXPECT_EQ(r.message,
              "The configuration value cannot be added because it exceeds the maximum value "
              "size of 32767 bytes.");
}

TEST_F(ConfigsTest, BrokerNamesKafkaDoesNotDefineAreStored) {
    ASSERT_TRUE(broker("", {{"custom.plugin.setting", config_op::set, "x"}}).ok());
    ASSERT_TRUE(
        broker("1", {{"listener.name.plaintext.ssl.keystore.password", config_op::set, "pw"}})
            .ok());
    EXPECT_EQ(c_->image()->broker_configs.at("").at("custom.plugin.setting"), "x");
    auto r = broker("", {{"custom.plugin.setting", config_op::append, "y"}});
    EXPECT_EQ(r.code, errc::invalid_config);
    EXPECT_EQ(r.message, "Unknown config name: custom.plugin.setting");
}

TEST_F(ConfigsTest, BrokerListOperations) {
    ASSERT_TRUE(broker("", {{"log.cleanup.policy", config_op::append, "compact"}}).ok());
    EXPECT_EQ(c_->image()->broker_configs.at("").at("log.cleanup.policy"), "delete,compact");
    auto r = broker("", {{"log.retention.ms", config_op::append, "1"}});
    EXPECT_EQ(r.message, "Config value append is not allowed for config key: log.retention.ms");
}

TEST_F(ConfigsTest, LegacyAlterReplacesEveryDynamicConfig) {
    ASSERT_TRUE(broker("", {{"log.retention.ms", config_op::set, "1000"},
                            {"log.cleaner.threads", config_op::set, "2"}})
                    .ok());
    ASSERT_TRUE(broker("", {{"log.cleaner.threads", config_op::set, "3"}}, false).ok());
    const auto& configs = c_->image()->broker_configs.at("");
    EXPECT_FALSE(configs.contains("log.retention.ms"));
    EXPECT_EQ(configs.at("log.cleaner.threads"), "3");
}

TEST_F(ConfigsTest, DeletingAReadOnlyBrokerConfigIsHarmless) {
    EXPECT_TRUE(broker("", {{"log.retention.hours", config_op::remove, std::nullopt}}).ok());
    EXPECT_EQ(broker("", {{"log.retention.hours", config_op::set, "1"}}).message,
              "Cannot update these configs dynamically: [log.retention.hours]");
}

}  // namespace
}  // namespace samsa::controller
