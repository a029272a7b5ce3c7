// Java .properties files, as Kafka reads server.properties: `key=value`, `key: value` or
// `key value`; `#` and `!` comments; backslash line continuations; \t \n \r \f \uXXXX and
// \<char> escapes. Later keys override earlier ones.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace samsa::server {

using properties = std::map<std::string, std::string, std::less<>>;

// Parses the text of a properties file. Never fails: like java.util.Properties, anything
// that is not a comment is a key, with an empty value if it has none.
properties parse_properties(std::string_view text);

// Reads and parses a file; nullopt (with errno set) when it cannot be read.
std::optional<properties> load_properties(const std::string& path);

}  // namespace samsa::server
