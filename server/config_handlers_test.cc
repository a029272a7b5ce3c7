// DescribeConfigs, AlterConfigs and IncrementalAlterConfigs through the server's own path:
// requests encoded with the generated codecs into frames, handed to dispatch() with a real
// controller (metadata log in a temporary directory) and broker config, responses decoded
// from the frames dispatch() encodes. Expected codes and messages are what a Kafka 4.4.0
// broker answered to the same requests.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <filesystem>

#include "controller/config_registry.h"
#include "controller/controller.h"
#include "protocol/messages/request_header.h"
#include "protocol/wire/message_impl.h"
#include "server/broker_services.h"
#include "server/dispatch.h"
#include "server/handlers/handlers.h"

namespace samsa::server {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace proto = samsa::protocol;

constexpr int8_t topic_type = 2, broker_type = 4, logger_type = 8;
constexpr int8_t set = 0, del = 1, append = 2;

class ConfigHandlersTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path()
               / ("samsa-config-handlers-" + std::to_string(::getpid()) + "-"
                  + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        auto made = make_broker_config({{"node.id", "1"},
                                        {"process.roles", "broker,controller"},
                                        {"controller.listener.names", "CONTROLLER"},
                                        {"listeners", "PLAINTEXT://localhost:9092"},
                                        {"log.dirs", dir_.string()},
                                        {"log.retention.hours", "24"},
                                        {"log.segment.bytes", "+2000000 "}});
        ASSERT_TRUE(std::holds_alternative<broker_config>(made)) << std::get<std::string>(made);
        config_ = std::get<broker_config>(std::move(made));
        controller::controller_options o;
        o.metadata_dir = (dir_ / "meta").string();
        o.cluster_id = "test-cluster";
        o.node_id = 1;
        o.endpoints = {{"PLAINTEXT", "localhost", 9092, 0}};
        controller_ = std::make_unique<controller::controller>(o);
        ASSERT_FALSE(controller_->start());
        ASSERT_TRUE(controller_->create_topics_now({{.name = "t"}}, false)[0].status.ok());
        services_.config = &config_;
        services_.controller = controller_.get();
        services_.cluster_id = "test-cluster";
        level_ = spdlog::default_logger_raw()->level();
    }
    void TearDown() override {
        spdlog::set_level(level_);
        controller_.reset();
        fs::remove_all(dir_);
    }

    // Encodes the request at `version`, runs it through dispatch(), decodes the response.
    template <typename Response, typename Request>
    Response call(const Request& req, int16_t version) {
        const proto::api_info* api = proto::find_api(Request::info.api_key);
        proto::request_header h;
        h.request_api_key = Request::info.api_key;
        h.request_api_version = version;
        h.correlation_id = 7;
        h.client_id = "test";
        const int16_t hv = proto::request_header_version(*api, version);
        auto head = proto::encode_message(h, hv);
        auto body = proto::encode_message(req, version);
        auto frame = std::make_shared<proto::byte_buffer>(head.size() + body.size());
        std::copy(head.begin(), head.end(), frame->begin());
        std::copy(body.begin(), body.end(), frame->begin() + static_cast<ptrdiff_t>(head.size()));

        request_context ctx;
        ctx.listener = "PLAINTEXT";
        ctx.peer = "test";
        ctx.services = &services_;
        auto done = asio::co_spawn(io_, dispatch(ctx, frame, *frame), asio::use_future);
        while (done.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            io_.run_one_for(std::chrono::milliseconds(10));
        const dispatch_outcome out = done.get();
        EXPECT_FALSE(out.close);
        Response resp;
        if (!out.response) return resp;
        const auto& bytes = out.response->bytes;
        const size_t header = proto::response_header_version(*api, version) >= 1 ? 9 : 8;
        const auto e = proto::decode_message(
            resp, proto::bytes_view(bytes.data() + header, bytes.size() - header), version,
            nullptr);
        EXPECT_EQ(e, proto::decode_errc::none);
        return resp;
    }

    proto::describe_configs_response describe(int8_t type, const std::string& name,
                                              std::optional<std::vector<std::string>> keys = {},
                                              int16_t version = 4) {
        proto::describe_configs_request req;
        req.include_synonyms = true;
        req.include_documentation = version >= 3;
        auto& r = req.resources.emplace_back();
        r.resource_type = type;
        r.resource_name = name;
        r.configuration_keys = std::move(keys);
        return call<proto::describe_configs_response>(req, version);
    }

    // One IncrementalAlterConfigs resource: (name, op, value) triples.
    using op = std::tuple<std::string, int8_t, std::optional<std::string>>;
    proto::incremental_alter_configs_response::alter_configs_resource_response alter(
        int8_t type, const std::string& name, std::vector<op> ops, bool validate_only = false) {
        proto::incremental_alter_configs_request req;
        req.validate_only = validate_only;
        auto& r = req.resources.emplace_back();
        r.resource_type = type;
        r.resource_name = name;
        for (auto& [n, o, v] : ops) {
            auto& c = r.configs.emplace_back();
            c.name = n;
            c.config_operation = o;
            c.value = v;
        }
        auto resp = call<proto::incremental_alter_configs_response>(req, 1);
        EXPECT_EQ(resp.responses.size(), 1u);
        return resp.responses.empty() ? decltype(resp.responses)::value_type{} : resp.responses[0];
    }

    // The connection's event loop. It outlives every request and the controller: the
    // controller finishes its side of a request (releasing its hold on this loop) after the
    // response is ready. The guard keeps it from stopping while requests wait.
    asio::io_context io_;
    asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
    fs::path dir_;
    broker_config config_;
    std::unique_ptr<controller::controller> controller_;
    broker_services services_;
    spdlog::level::level_enum level_ = spdlog::level::info;
};

using described = proto::describe_configs_response::describe_configs_result;

const described::describe_configs_resource_result* find(const described& r, std::string_view name) {
    for (const auto& c : r.configs) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

TEST_F(ConfigHandlersTest, TheThreeApisAreServed) {
    EXPECT_TRUE(is_served(proto::api_key::describe_configs));
    EXPECT_TRUE(is_served(proto::api_key::alter_configs));
    EXPECT_TRUE(is_served(proto::api_key::incremental_alter_configs));
}

TEST_F(ConfigHandlersTest, DescribeTopicAtEveryVersion) {
    for (int16_t v = 1; v <= 4; ++v) {
        const auto resp = describe(topic_type, "t", std::nullopt, v);
        ASSERT_EQ(resp.results.size(), 1u);
        const auto& r = resp.results[0];
        EXPECT_EQ(r.error_code, 0);
        EXPECT_EQ(r.resource_name, "t");
        EXPECT_EQ(r.configs.size(), controller::topic_config_defs().size()) << v;
        const auto* retention = find(r, "retention.ms");
        ASSERT_NE(retention, nullptr);
        EXPECT_EQ(retention->value, "86400000");  // log.retention.hours=24
        EXPECT_EQ(retention->config_source, 5);   // Kafka: DEFAULT_CONFIG, no synonyms
        EXPECT_TRUE(retention->synonyms.empty());
        const auto* segment = find(r, "segment.bytes");
        ASSERT_NE(segment, nullptr);
        EXPECT_EQ(segment->value, "2000000");
        EXPECT_EQ(segment->config_source, 4);
        ASSERT_EQ(segment->synonyms.size(), 2u);
        EXPECT_EQ(segment->synonyms[0].value, "+2000000 ");
        if (v >= 3) {                            // not on the wire before v3
            EXPECT_EQ(segment->config_type, 3);  // INT
            EXPECT_TRUE(segment->documentation.has_value());
        }
    }
}

TEST_F(ConfigHandlersTest, DescribeNamedConfigsLeavesOutUnknownNames) {
    const auto resp =
        describe(topic_type, "t", std::vector<std::string>{"retention.ms", "nosuch", "segment.ms"});
    ASSERT_EQ(resp.results[0].configs.size(), 2u);
    EXPECT_EQ(resp.results[0].configs[0].name, "retention.ms");
    EXPECT_EQ(resp.results[0].configs[1].name, "segment.ms");
}

TEST_F(ConfigHandlersTest, DescribeErrorsArePerResource) {
    proto::describe_configs_request req;
    for (auto [type, name] : std::vector<std::pair<int8_t, std::string>>{{topic_type, "nosuch"},
                                                                         {topic_type, "a b"},
                                                                         {broker_type, "2"},
                                                                         {broker_type, "abc"},
                                                                         {logger_type, ""},
                                                                         {logger_type, "2"},
                                                                         {topic_type, "t"}}) {
        auto& r = req.resources.emplace_back();
        r.resource_type = type;
        r.resource_name = name;
    }
    const auto resp = call<proto::describe_configs_response>(req, 4);
    ASSERT_EQ(resp.results.size(), 7u);
    EXPECT_EQ(resp.results[0].error_code, 3);
    EXPECT_EQ(resp.results[0].error_message, "");
    EXPECT_EQ(resp.results[1].error_code, 17);
    EXPECT_EQ(resp.results[2].error_code, 42);
    EXPECT_EQ(resp.results[2].error_message,
              "Unexpected broker id, expected 1 or empty string, but received 2");
    EXPECT_EQ(resp.results[3].error_message, "Broker id must be an integer, but it is: abc");
    EXPECT_EQ(resp.results[4].error_message, "Broker id must not be empty");
    EXPECT_EQ(resp.results[5].error_message, "Unexpected broker id, expected 1 but received 2");
    EXPECT_EQ(resp.results[6].error_code, 0);
    EXPECT_FALSE(resp.results[6].configs.empty());
}

TEST_F(ConfigHandlersTest, UnknownResourceTypeFailsTheWholeRequestAsKafkaDoes) {
    proto::describe_configs_request req;
    for (auto [type, name] : {std::pair<int8_t, const char*>{topic_type, "t"}, {9, "x"}}) {
        auto& r = req.resources.emplace_back();
        r.resource_type = type;
        r.resource_name = name;
    }
    const auto resp = call<proto::describe_configs_response>(req, 4);
    ASSERT_EQ(resp.results.size(), 2u);
    for (const auto& r : resp.results) {
        EXPECT_EQ(r.error_code, 42);
        EXPECT_TRUE(r.configs.empty());
    }
}

TEST_F(ConfigHandlersTest, DescribeBrokerAndItsSensitiveConfigs) {
    const auto resp = describe(broker_type, "1");
    const auto& r = resp.results[0];
    EXPECT_EQ(r.error_code, 0);
    EXPECT_EQ(r.configs.size(), controller::broker_config_defs().size());
    const auto* hours = find(r, "log.retention.hours");
    ASSERT_NE(hours, nullptr);
    EXPECT_EQ(hours->value, "24");
    EXPECT_EQ(hours->config_source, 4);
    EXPECT_TRUE(hours->read_only);
    const auto* id = find(r, "broker.id");
    ASSERT_NE(id, nullptr);
    EXPECT_EQ(id->value, "1");
    const auto* pw = find(r, "ssl.keystore.password");
    ASSERT_NE(pw, nullptr);
    EXPECT_TRUE(pw->is_sensitive);
    EXPECT_EQ(pw->value, std::nullopt);
    EXPECT_EQ(pw->config_type, 9);
}

TEST_F(ConfigHandlersTest, IncrementalTopicChangesAndValidateOnly) {
    EXPECT_EQ(alter(topic_type, "t", {{"retention.ms", set, "2000"}}, true).error_code, 0);
    auto r = describe(topic_type, "t", std::vector<std::string>{"retention.ms"}).results[0];
    EXPECT_EQ(r.configs[0].value, "86400000");
    const auto ok = alter(topic_type, "t", {{"retention.ms", set, "1000"}});
    EXPECT_EQ(ok.error_code, 0);
    EXPECT_EQ(ok.error_message, std::nullopt);
    r = describe(topic_type, "t", std::vector<std::string>{"retention.ms"}).results[0];
    EXPECT_EQ(r.configs[0].value, "1000");
    EXPECT_EQ(r.configs[0].config_source, 1);
    EXPECT_EQ(alter(topic_type, "t", {{"cleanup.policy", append, "compact"}}).error_code, 0);
    r = describe(topic_type, "t", std::vector<std::string>{"cleanup.policy"}).results[0];
    EXPECT_EQ(r.configs[0].value, "delete,compact");
}

TEST_F(ConfigHandlersTest, IncrementalErrorsAreKafkas) {
    auto r = alter(topic_type, "t", {{"retention.ms", set, "abc"}});
    EXPECT_EQ(r.error_code, 40);
    r = alter(topic_type, "nosuch", {{"retention.ms", set, "1000"}});
    EXPECT_EQ(r.error_code, 3);
    EXPECT_EQ(r.error_message, "The topic 'nosuch' does not exist.");
    r = alter(topic_type, "t", {{"retention.ms", set, "1"}, {"retention.ms", del, std::nullopt}});
    EXPECT_EQ(r.error_code, 42);
    EXPECT_EQ(r.error_message, "Error due to duplicate config keys");
    r = alter(topic_type, "t", {{"retention.ms", set, std::nullopt}});
    EXPECT_EQ(r.error_message, "Null value not supported for : retention.ms");
    r = alter(topic_type, "t", {{"retention.ms", 7, "1"}});
    EXPECT_EQ(r.error_code, 42);
    r = alter(broker_type, "1", {{"log.retention.hours", set, "12"}, {"num.partitions", set, "2"}});
    EXPECT_EQ(r.error_code, 42);
    EXPECT_EQ(r.error_message,
              "Cannot update these configs dynamically: [log.retention.hours, num.partitions]");
    r = alter(broker_type, "", {{"listeners", set, "PLAINTEXT://:9092"}});
    EXPECT_EQ(r.error_message,
              "Cannot update these configs at default cluster level, broker id must be "
              "specified: [listeners]");
    r = alter(broker_type, "1", {{"ssl.keystore.password", set, "secret"}});
    EXPECT_EQ(r.error_code, 42);
    r = alter(broker_type, "", {{"log.cleaner.threads", set, "x"}});
    EXPECT_EQ(r.error_code, 42);
    r = alter(broker_type, "2", {{"log.retention.ms", set, "1000"}});
    EXPECT_EQ(r.error_message, "Unexpected broker id, expected 1, but received 2");
    r = alter(broker_type, "abc", {{"log.retention.ms", set, "1000"}});
    EXPECT_EQ(r.error_message, "Node id must be an integer, but it is: abc");
    r = alter(broker_type, "", {{"log.retention.ms", append, "1000"}});
    EXPECT_EQ(r.error_code, 40);
    EXPECT_EQ(alter(32, "g", {{"x", set, "1"}}).error_code, 42);
}

TEST_F(ConfigHandlersTest, RepeatedResourcesAreRefusedEachTime) {
    proto::incremental_alter_configs_request req;
    for (int i = 0; i < 2; ++i) {
        auto& r = req.resources.emplace_back();
        r.resource_type = topic_type;
        r.resource_name = "t";
    }
    auto& other = req.resources.emplace_back();
    other.resource_type = broker_type;
    other.resource_name = "t";
    const auto resp = call<proto::incremental_alter_configs_response>(req, 0);
    ASSERT_EQ(resp.responses.size(), 3u);
    EXPECT_EQ(resp.responses[0].error_message, "Each resource must appear at most once.");
    EXPECT_EQ(resp.responses[1].error_code, 42);
    EXPECT_EQ(resp.responses[2].error_code, 42);  // broker "t": not an integer
}

TEST_F(ConfigHandlersTest, BrokerDynamicConfigsShowInEveryView) {
    EXPECT_EQ(alter(broker_type, "", {{"log.retention.ms", set, "7200000"}}).error_code, 0);
    EXPECT_EQ(alter(broker_type, "1", {{"compression.type", set, "lz4"}}).error_code, 0);
    const auto cluster = describe(broker_type, "").results[0];
    ASSERT_EQ(cluster.configs.size(), 1u);
    EXPECT_EQ(cluster.configs[0].name, "log.retention.ms");
    EXPECT_EQ(cluster.configs[0].config_source, 3);
    const auto topic =
        describe(topic_type, "t", std::vector<std::string>{"retention.ms", "compression.type"})
            .results[0];
    EXPECT_EQ(topic.configs[0].value, "lz4");
    EXPECT_EQ(topic.configs[0].config_source, 2);
    EXPECT_EQ(topic.configs[1].value, "7200000");
    EXPECT_EQ(topic.configs[1].config_source, 3);
    ASSERT_EQ(topic.configs[1].synonyms.size(), 3u);  // ms dynamic, hours static, hours default
}

TEST_F(ConfigHandlersTest, BrokerLoggersDescribeAndChange) {
    auto r = describe(logger_type, "1").results[0];
    EXPECT_EQ(r.error_code, 0);
    const auto* root = find(r, "root");
    ASSERT_NE(root, nullptr);
    EXPECT_EQ(root->config_source, 6);
    EXPECT_FALSE(root->read_only);
    EXPECT_EQ(alter(logger_type, "1", {{"root", set, "DEBUG"}}, true).error_code, 0);
    EXPECT_EQ(*find(describe(logger_type, "1").results[0], "root")->value,
              root->value.value_or(""));  // validate_only: unchanged
    EXPECT_EQ(alter(logger_type, "1", {{"root", set, "TRACE"}}).error_code, 0);
    EXPECT_EQ(find(describe(logger_type, "1").results[0], "root")->value, "TRACE");
    auto e = alter(logger_type, "1", {{"root", set, "LOUD"}});
    EXPECT_EQ(e.error_code, 40);
    EXPECT_EQ(e.error_message,
              "Cannot set the log level of root to LOUD as it is not a supported log level. "
              "Valid log levels are DEBUG, ERROR, FATAL, INFO, TRACE, WARN");
    e = alter(logger_type, "1", {{"no.such.logger", set, "DEBUG"}});
    EXPECT_EQ(e.error_message, "Logger no.such.logger does not exist!");
    e = alter(logger_type, "1", {{"root", del, std::nullopt}});
    EXPECT_EQ(e.error_message, "Removing the log level of the root logger is not allowed");
    e = alter(logger_type, "1", {{"root", append, "DEBUG"}});
    EXPECT_EQ(e.error_message, "APPEND operation is not allowed for the BROKER_LOGGER resource");
    e = alter(logger_type, "2", {{"root", set, "DEBUG"}});
    EXPECT_EQ(e.error_message, "Unexpected node id. Expected 1, but received 2");
}

TEST_F(ConfigHandlersTest, LegacyAlterReplacesAndRefusesLoggers) {
    ASSERT_EQ(alter(topic_type, "t", {{"retention.ms", set, "1000"}}).error_code, 0);
    proto::alter_configs_request req;
    auto& t = req.resources.emplace_back();
    t.resource_type = topic_type;
    t.resource_name = "t";
    t.configs.emplace_back().name = "segment.ms";
    t.configs.back().value = "3600000";
    auto& l = req.resources.emplace_back();
    l.resource_type = logger_type;
    l.resource_name = "1";
    l.configs.emplace_back().name = "root";
    l.configs.back().value = "DEBUG";
    auto& n = req.resources.emplace_back();
    n.resource_type = topic_type;
    n.resource_name = "nosuch";
    n.configs.emplace_back().name = "retention.ms";
    n.configs.back().value.reset();
    for (int16_t v = 0; v <= 2; ++v) {
        const auto resp = call<proto::alter_configs_response>(req, v);
        ASSERT_EQ(resp.responses.size(), 3u);
        EXPECT_EQ(resp.responses[0].error_code, 0);
        EXPECT_EQ(resp.responses[1].error_message, "Unknown resource type 8");
        EXPECT_EQ(resp.responses[2].error_message, "Null value not supported for : retention.ms");
    }
    const auto r = describe(topic_type, "t", std::vector<std::string>{"retention.ms", "segment.ms"})
                       .results[0];
    EXPECT_EQ(r.configs[0].config_source, 5);  // removed by the replacement
    EXPECT_EQ(r.configs[1].value, "3600000");
}

}  // namespace
}  // namespace samsa::server
