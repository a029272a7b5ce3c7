#include "server/log_levels.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <memory>

namespace samsa::server {
namespace {

struct level_name {
    spdlog::level::level_enum level;
    std::string_view kafka;
};

// log4j's names for spdlog's levels; FATAL is spdlog's critical.
constexpr std::array<level_name, 7> level_names{{
    {spdlog::level::trace, "TRACE"},
    {spdlog::level::debug, "DEBUG"},
    {spdlog::level::info, "INFO"},
    {spdlog::level::warn, "WARN"},
    {spdlog::level::err, "ERROR"},
    {spdlog::level::critical, "FATAL"},
    {spdlog::level::off, "OFF"},
}};

std::string_view kafka_name(spdlog::level::level_enum level) {
    for (const auto& n : level_names) {
        if (n.level == level) return n.kafka;
    }
    return "OFF";
}

std::optional<spdlog::level::level_enum> spdlog_level(std::string_view kafka) {
    for (const auto& n : level_names) {
        if (n.kafka == kafka) return n.level;
    }
    return std::nullopt;
}

// The loggers other than the default one (root), by name.
std::vector<std::shared_ptr<spdlog::logger>> named_loggers() {
    std::vector<std::shared_ptr<spdlog::logger>> out;
    const spdlog::logger* root = spdlog::default_logger_raw();
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) {
        if (l.get() != root && !l->name().empty()) out.push_back(l);
    });
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a->name() < b->name(); });
    return out;
}

std::shared_ptr<spdlog::logger> find_named(std::string_view name) {
    for (auto& l : named_loggers()) {
        if (l->name() == name) return l;
    }
    return nullptr;
}

}  // namespace

std::vector<logger_level> current_loggers() {
    std::vector<logger_level> out;
    out.push_back(
        {std::string(root_logger), std::string(kafka_name(spdlog::default_logger_raw()->level()))});
    for (const auto& l : named_loggers())
        out.push_back({l->name(), std::string(kafka_name(l->level()))});
    return out;
}

bool logger_exists(std::string_view name) {
    return name == root_logger || find_named(name) != nullptr;
}

bool is_valid_log_level(std::string_view level) {
    return level != "OFF" && spdlog_level(level).has_value();
}

std::string_view valid_log_levels_text() {
    return "DEBUG, ERROR, FATAL, INFO, TRACE, WARN";
}

bool set_logger_level(std::string_view name, std::string_view level) {
    if (!is_valid_log_level(level)) return false;
    const auto l = *spdlog_level(level);
    if (name == root_logger) {
        spdlog::set_level(l);  // every registered logger, as log4j's root level reaches them
        spdlog::default_logger_raw()->set_level(l);
        return true;
    }
    const auto logger = find_named(name);
    if (!logger) return false;
    logger->set_level(l);
    return true;
}

bool unset_logger_level(std::string_view name) {
    if (name == root_logger) return false;
    const auto logger = find_named(name);
    if (!logger) return false;
    logger->set_level(spdlog::default_logger_raw()->level());
    return true;
}

}  // namespace samsa::server
