// Listener specifications as Kafka writes them: `listeners=PLAINTEXT://:9092,INTERNAL://host:9093`
// and `listener.security.protocol.map=PLAINTEXT:PLAINTEXT,INTERNAL:PLAINTEXT`.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace samsa::server {

struct listener_spec {
    std::string name;  // e.g. "PLAINTEXT"
    std::string host;  // empty: every interface
    uint16_t port = 0;
    std::string security_protocol;  // PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL
};

// Parses a comma-separated listener list; the error names the entry that is wrong.
std::variant<std::vector<listener_spec>, std::string> parse_listeners(
    std::string_view text, const std::map<std::string, std::string, std::less<>>& protocol_map);

// Parses `NAME:PROTOCOL,...`; the error names the entry that is wrong.
std::variant<std::map<std::string, std::string, std::less<>>, std::string> parse_protocol_map(
    std::string_view text);

}  // namespace samsa::server
