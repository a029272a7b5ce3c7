// The broker's loggers as Kafka's BROKER_LOGGER config resource shows them (KIP-412):
// DescribeConfigs lists each logger with its level, IncrementalAlterConfigs sets or unsets
// levels at run time. Levels are Kafka's (log4j) names; nothing is persisted.
//
// samsa logs through spdlog. "root" is the default logger; every other registered spdlog
// logger appears under its own name. Unsetting a logger's level gives it root's level, as a
// log4j logger without a level inherits its parent's.
//
// Threads: safe from any thread (spdlog's registry is locked, levels are atomic).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace samsa::server {

struct logger_level {
    std::string name;
    std::string level;  // "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL" or "OFF"
};

inline constexpr std::string_view root_logger = "root";

// Every logger, root first, then by name.
std::vector<logger_level> current_loggers();

bool logger_exists(std::string_view name);

// Whether Kafka accepts the level for a SET: TRACE, DEBUG, INFO, WARN, ERROR or FATAL, in
// upper case.
bool is_valid_log_level(std::string_view level);

// Kafka's list of valid levels, as its error messages print it.
std::string_view valid_log_levels_text();

// Sets a logger's level (root: every logger's). The logger must exist and the level be
// valid; returns false otherwise.
bool set_logger_level(std::string_view name, std::string_view level);

// Gives a logger root's level again. Returns false for root and for unknown loggers.
bool unset_logger_level(std::string_view name);

}  // namespace samsa::server
