// make_broker_config: samsa's own broker configs are checked as Kafka checks its own (a bad
// value refuses the whole configuration, naming the config), and reach the log's options.
#include "server/broker_config.h"

#include <gtest/gtest.h>

#include "server/topic_log_config.h"

namespace samsa::server {
namespace {

std::variant<broker_config, std::string> make_with(std::string key, std::string value) {
    properties p = embedded_default_properties();
    p["log.dirs"] = "/tmp/samsa-broker-config-test";
    p[std::move(key)] = std::move(value);
    return make_broker_config(p);
}

TEST(SamsaConfigs, FsyncBeforeAckTakesOnlyTrueOrFalse) {
    const auto bad = make_with("samsa.log.fsync.before.ack", "yes");
    ASSERT_TRUE(std::holds_alternative<std::string>(bad));
    EXPECT_EQ(std::get<std::string>(bad),
              "Invalid value yes for configuration samsa.log.fsync.before.ack: expected true or "
              "false");
    const auto good = make_with("samsa.log.fsync.before.ack", "true");
    ASSERT_TRUE(std::holds_alternative<broker_config>(good)) << std::get<std::string>(good);
    EXPECT_TRUE(broker_log_options(std::get<broker_config>(good)).fsync_before_ack);
}

TEST(SamsaConfigs, FsyncThreadsIsAnIntegerFromOneTo64) {
    for (const char* v : {"0", "65", "-1", "four", "4x", ""}) {
        const auto made = make_with("samsa.log.fsync.threads", v);
        ASSERT_TRUE(std::holds_alternative<std::string>(made)) << v;
        EXPECT_EQ(std::get<std::string>(made),
                  std::string("Invalid value ") + v
                      + " for configuration samsa.log.fsync.threads: expected an integer from 1 "
                        "to 64");
    }
    EXPECT_EQ(broker_log_options(
                  std::get<broker_config>(make_with("samsa.log.fsync.before.ack", "false")))
                  .fsync_threads,
              8);
    const auto made = make_with("samsa.log.fsync.threads", "64");
    ASSERT_TRUE(std::holds_alternative<broker_config>(made)) << std::get<std::string>(made);
    EXPECT_EQ(broker_log_options(std::get<broker_config>(made)).fsync_threads, 64);
}

}  // namespace
}  // namespace samsa::server
