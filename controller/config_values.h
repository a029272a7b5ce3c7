// Reading and writing configuration values the way Kafka's Java code does: which strings
// parse as which numbers, how lists split, how a double prints. Internal to the config
// registry (config_registry.cc, config_validate.cc); pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samsa::controller::detail {

// Drops leading and trailing characters <= ' ' (spaces and control characters), as
// Java's String.trim does before Kafka parses a value.
std::string_view trim(std::string_view s);

// A whole string as a Java Long.parseLong reads it: an optional '+' or '-', then one or
// more ASCII digits, within [min, max]. No whitespace, no other characters.
std::optional<int64_t> parse_integer(std::string_view s, int64_t min, int64_t max);

// A whole string as Java's Double.parseDouble reads it (after trimming): decimal or
// hexadecimal ("0x1.8p1") notation, an optional trailing f/F/d/D, "NaN", "Infinity".
std::optional<double> parse_double(std::string_view s);

// A double as Java's Double.toString prints it ("0.5", "100.0", "1.0E-4", "1.0E7", "NaN",
// "Infinity"), which is how Kafka renders DOUBLE configs.
std::string format_double(double d);

// A LIST value's items as Kafka splits it: the trimmed value split at commas with any
// whitespace around them; an empty value is an empty list; empty items are kept
// ("a,,b" is three items).
std::vector<std::string_view> split_list(std::string_view value);

// Whether s is "host:port" as Kafka's address parser accepts it: an optional "scheme://",
// a host of [0-9a-zA-Z-%._:] (may be empty, may be in [brackets]), ':', a port 0-65535.
bool is_host_port(std::string_view s);

// Case-insensitive (ASCII) equality.
bool iequals(std::string_view a, std::string_view b);

}  // namespace samsa::controller::detail
