#include "server/listeners.h"

#include <gtest/gtest.h>

namespace samsa::server {
namespace {

const std::map<std::string, std::string, std::less<>> no_map;

TEST(Listeners, KafkaDefaultListener) {
    auto parsed = parse_listeners("PLAINTEXT://:9092", no_map);
    ASSERT_TRUE(std::holds_alternative<std::vector<listener_spec>>(parsed));
    const auto& l = std::get<0>(parsed);
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l[0].name, "PLAINTEXT");
    EXPECT_EQ(l[0].host, "");
    EXPECT_EQ(l[0].port, 9092);
    EXPECT_EQ(l[0].security_protocol, "PLAINTEXT");
}

TEST(Listeners, NamedListenersNeedTheProtocolMap) {
    const auto map = std::get<0>(parse_protocol_map("CONTROLLER:PLAINTEXT,INTERNAL:PLAINTEXT"));
    auto parsed = parse_listeners("PLAINTEXT://localhost:9092, CONTROLLER://[::1]:9093", map);
    ASSERT_TRUE(std::holds_alternative<std::vector<listener_spec>>(parsed));
    const auto& l = std::get<0>(parsed);
    ASSERT_EQ(l.size(), 2u);
    EXPECT_EQ(l[1].name, "CONTROLLER");
    EXPECT_EQ(l[1].host, "::1");
    EXPECT_EQ(l[1].port, 9093);
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_listeners("FOO://:1", map)));
}

TEST(Listeners, MalformedEntriesAreNamedInTheError) {
    for (const char* bad : {"PLAINTEXT:9092", "PLAINTEXT://host", "PLAINTEXT://:99999",
                            "PLAINTEXT://:x", "PLAINTEXT://:1,PLAINTEXT://:2"}) {
        auto parsed = parse_listeners(bad, no_map);
        ASSERT_TRUE(std::holds_alternative<std::string>(parsed)) << bad;
    }
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_protocol_map("A:NOPE")));
}

}  // namespace
}  // namespace samsa::server
