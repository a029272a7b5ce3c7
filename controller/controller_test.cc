// The controller against a real metadata log in a temporary directory: changes persist and
// replay to the same image, validation answers as Kafka does, and a torn tail is cut.
#include "controller/controller.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace samsa::controller {
namespace {

namespace fs = std::filesystem;

class ControllerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path()
               / ("samsa-controller-" + std::to_string(::getpid()) + "-"
                  + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::unique_ptr<controller> open(int32_t partitions = 1) {
        controller_options o;
        o.metadata_dir = dir_.string();
        o.cluster_id = "test-cluster";
        o.node_id = 1;
        o.endpoints = {{"PLAINTEXT", "localhost", 9092, 0}};
        o.default_partitions = partitions;
        auto c = std::make_unique<controller>(o);
        const auto e = c->start();
        EXPECT_FALSE(e) << *e;
        return c;
    }

    fs::path log_file() const { return dir_ / "__cluster_metadata-0" / "00000000000000000000.log"; }

    fs::path dir_;
};

TEST_F(ControllerTest, FirstStartRegistersTheBrokerAndFinalizesMetadataVersion) {
    auto c = open();
    const auto image = c->image();
    ASSERT_TRUE(image->brokers.contains(1));
    EXPECT_FALSE(image->brokers.at(1).fenced);
    EXPECT_EQ(image->brokers.at(1).endpoints.at(0).port, 9092);
    EXPECT_EQ(image->features.at("metadata.version"), 33);
}

TEST_F(ControllerTest, CreatedTopicsSurviveARestart) {
    protocol::uuid id;
    {
        auto c = open(3);
        const auto r = c->create_topics_now(
            {{.name = "orders", .configs = {{"retention.ms", "1000"}}}}, false);
        ASSERT_TRUE(r[0].status.ok()) << r[0].status.message;
        EXPECT_EQ(r[0].num_partitions, 3);
        id = r[0].id;
    }
    auto c = open();
    const topic_info* t = c->image()->find_topic("orders");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->id, id);
    EXPECT_EQ(t->partitions.size(), 3u);
    EXPECT_EQ(t->partitions[2].leader, 1);
    EXPECT_EQ(t->configs.at("retention.ms"), "1000");
    EXPECT_EQ(c->image()->find_topic(id), t);
}

TEST_F(ControllerTest, RestartWithTheSameRegistrationWritesNothing) {
    { open(); }
    const auto size = fs::file_size(log_file());
    { open(); }
    EXPECT_EQ(fs::file_size(log_file()), size);
}

TEST_F(ControllerTest, ValidateOnlyCreatesNothing) {
    auto c = open();
    const auto r = c->create_topics_now({{.name = "dry", .num_partitions = 2}}, true);
    ASSERT_TRUE(r[0].status.ok());
    EXPECT_EQ(r[0].num_partitions, 2);
    EXPECT_EQ(c->image()->find_topic("dry"), nullptr);
}

TEST_F(ControllerTest, TopicCreationErrorsAreKafkas) {
    auto c = open();
    ASSERT_TRUE(c->create_topics_now({{.name = "a.b"}}, false)[0].status.ok());
    const auto r =
        c->create_topics_now({{.name = "a.b"},
                              {.name = "a_b"},
                              {.name = ".."},
                              {.name = std::string(250, 'x')},
                              {.name = "ok", .num_partitions = 0},
                              {.name = "ok2", .replication_factor = 2},
                              {.name = "ok3", .configs = {{"no.such.config", "1"}}},
                              {.name = "ok4", .configs = {{"cleanup.policy", "sideways"}}},
                              {.name = "ok5", .num_partitions = 2, .assignments = {{0, {1}}}}},
                             false);
    EXPECT_EQ(r[0].status.code, errc::topic_exists);
    EXPECT_EQ(r[1].status.code, errc::invalid_topic);  // collides with a.b
    EXPECT_EQ(r[2].status.code, errc::invalid_topic);
    EXPECT_EQ(r[3].status.code, errc::invalid_topic);
    EXPECT_EQ(r[4].status.code, errc::invalid_partitions);
    EXPECT_EQ(r[5].status.code, errc::invalid_replication_factor);
    EXPECT_EQ(r[6].status.code, errc::invalid_config);
    EXPECT_EQ(r[7].status.code, errc::invalid_config);
    EXPECT_EQ(r[8].status.code, errc::invalid_request);
}

// Kafka 4.4 answers these with POLICY_VIOLATION for every topic of the request (checked
// against it): more than 10,000 partitions in one CreateTopics request, and more than 10,000
// metadata records in one operation (a topic record, its partition and config records), and
// more than 10,000 new partitions in one CreatePartitions request.
TEST_F(ControllerTest, RequestsLargerThanOneControllerOperationAreRefusedWhole) {
    auto c = open();
    auto r = c->create_topics_now(
        {{.name = "m1", .num_partitions = 6000}, {.name = "m2", .num_partitions = 5000}}, false);
    for (const auto& t : r) {
        EXPECT_EQ(t.status.code, errc::policy_violation);
        EXPECT_EQ(t.status.message, "Excessively large number of partitions per request.");
    }
    config_map configs;
    for (const char* name : {"retention.ms", "segment.ms", "flush.ms", "flush.messages",
                             "retention.bytes", "delete.retention.ms", "max.message.bytes",
                             "segment.bytes", "min.insync.replicas", "cleanup.policy"}) {
        configs[name] = std::string(name) == "cleanup.policy" ? "delete" : "100000000";
    }
    r = c->create_topics_now(
        {{.name = "c1", .num_partitions = 9990, .configs = configs}, {.name = "bad name"}}, false);
    for (const auto& t : r) {
        EXPECT_EQ(t.status.code, errc::policy_violation);
        EXPECT_EQ(t.status.message, "Unable to perform excessively large batch operation.");
    }
    EXPECT_EQ(c->image()->find_topic("m1"), nullptr);
    EXPECT_EQ(c->image()->find_topic("c1"), nullptr);

    // Just inside both limits, then grown past 10,000 in steps.
    r = c->create_topics_now({{.name = "big", .num_partitions = 9999}}, false);
    ASSERT_TRUE(r[0].status.ok()) << r[0].status.message;
    auto g = c->create_partitions_now({{.topic = "big", .count = 20000}}, false);
    EXPECT_EQ(g[0].code, errc::policy_violation);
    EXPECT_EQ(g[0].message, "Excessively large number of additional partitions per request.");
    g = c->create_partitions_now({{.topic = "big", .count = 19999}}, false);
    EXPECT_TRUE(g[0].ok()) << g[0].message;
    EXPECT_EQ(c->image()->find_topic("big")->partitions.size(), 19999u);
}

TEST_F(ControllerTest, DeletedTopicsStayDeletedAfterRestart) {
    {
        auto c = open();
        c->create_topics_now({{.name = "gone"}, {.name = "kept"}}, false);
        const auto d = c->delete_topics_now({{.name = "gone"}, {.name = "never"}});
        EXPECT_TRUE(d[0].status.ok());
        EXPECT_EQ(d[1].status.code, errc::unknown_topic);
    }
    auto c = open();
    EXPECT_EQ(c->image()->find_topic("gone"), nullptr);
    EXPECT_NE(c->image()->find_topic("kept"), nullptr);
}

TEST_F(ControllerTest, PartitionsOnlyGrow) {
    auto c = open();
    c->create_topics_now({{.name = "t", .num_partitions = 2}}, false);
    const auto r = c->create_partitions_now(
        {{.topic = "t", .count = 5}, {.topic = "t", .count = 1}, {.topic = "x", .count = 3}},
        false);
    EXPECT_TRUE(r[0].ok());
    EXPECT_EQ(r[1].code, errc::invalid_partitions);
    EXPECT_EQ(r[2].code, errc::unknown_topic);
    EXPECT_EQ(c->image()->find_topic("t")->partitions.size(), 5u);
}

TEST_F(ControllerTest, IncrementalConfigOperations) {
    auto c = open();
    c->create_topics_now({{.name = "t"}}, false);
    auto r = c->alter_configs_now({{.target = config_target::topic,
                                    .resource = "t",
                                    .changes = {{"cleanup.policy", config_op::append, "compact"},
                                                {"retention.ms", config_op::set, "5000"}}}},
                                  false);
    ASSERT_TRUE(r[0].ok()) << r[0].message;
    EXPECT_EQ(c->image()->find_topic("t")->configs.at("cleanup.policy"), "delete,compact");
    r = c->alter_configs_now({{.target = config_target::topic,
                               .resource = "t",
                               .changes = {{"retention.ms", config_op::remove, std::nullopt},
                                           {"cleanup.policy", config_op::subtract, "delete"}}}},
                             false);
    ASSERT_TRUE(r[0].ok()) << r[0].message;
    const auto& configs = c->image()->find_topic("t")->configs;
    EXPECT_FALSE(configs.contains("retention.ms"));
    EXPECT_EQ(configs.at("cleanup.policy"), "compact");
    r = c->alter_configs_now({{.target = config_target::topic,
                               .resource = "t",
                               .changes = {{"retention.ms", config_op::append, "1"}}}},
                             false);
    EXPECT_EQ(r[0].code, errc::invalid_config);
}

TEST_F(ControllerTest, BrokerConfigsMustBeDynamicAndForThisBroker) {
    auto c = open();
    auto r = c->alter_configs_now({{.target = config_target::broker,
                                    .resource = "1",
                                    .changes = {{"log.retention.ms", config_op::set, "1000"}}},
                                   {.target = config_target::broker,
                                    .resource = "1",
                                    .changes = {{"node.id", config_op::set, "2"}}},
                                   {.target = config_target::broker,
                                    .resource = "2",
                                    .changes = {{"log.retention.ms", config_op::set, "1000"}}}},
                                  false);
    EXPECT_TRUE(r[0].ok()) << r[0].message;
    EXPECT_EQ(r[1].code, errc::invalid_config);
    EXPECT_EQ(r[2].code, errc::invalid_request);
    EXPECT_EQ(c->image()->broker_configs.at("1").at("log.retention.ms"), "1000");
}

TEST_F(ControllerTest, TornTailIsCutAndEarlierChangesKept) {
    {
        auto c = open();
        c->create_topics_now({{.name = "first"}}, false);
        c->create_topics_now({{.name = "second"}}, false);
    }
    const auto full = fs::file_size(log_file());
    fs::resize_file(log_file(), full - 7);  // a crash in the middle of the last write
    {
        auto c = open();
        EXPECT_NE(c->image()->find_topic("first"), nullptr);
        EXPECT_EQ(c->image()->find_topic("second"), nullptr);
        EXPECT_LT(fs::file_size(log_file()), full - 7);  // the partial batch is gone
        c->create_topics_now({{.name = "third"}}, false);
    }
    auto c = open();
    EXPECT_NE(c->image()->find_topic("third"), nullptr);
}

TEST_F(ControllerTest, CorruptBatchIsCutLikeATornOne) {
    {
        auto c = open();
        c->create_topics_now({{.name = "first"}}, false);
        c->create_topics_now({{.name = "second"}}, false);
    }
    {
        std::fstream f(log_file(), std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-3, std::ios::end);
        f.put('\x7f');  // flips bytes inside the last batch: its CRC no longer holds
    }
    auto c = open();
    EXPECT_NE(c->image()->find_topic("first"), nullptr);
    EXPECT_EQ(c->image()->find_topic("second"), nullptr);
}

}  // namespace
}  // namespace samsa::controller
