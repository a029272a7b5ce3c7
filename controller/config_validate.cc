// validate_config_value: Kafka's parsing and validator rules for one config value.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "controller/config_gen/config_tables.h"
#include "controller/config_registry.h"
#include "controller/config_values.h"

namespace samsa::controller {

namespace {

using detail::config_rules;
using detail::value_check;

std::string quoted(std::string_view v) {
    return "\"" + std::string(v) + "\"";
}

// A bound as people write it: "1048576", "0.5".
std::string number_text(double d) {
    if (std::floor(d) == d && std::abs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, r.ptr);
}

std::string joined(std::span<const std::string_view> values) {
    std::string out;
    for (auto v : values) {
        if (!out.empty()) out += ", ";
        out += v;
    }
    return out;
}

bool is_allowed(std::string_view v, std::span<const std::string_view> allowed, bool ignore_case) {
    return std::any_of(allowed.begin(), allowed.end(), [&](std::string_view a) {
        return ignore_case ? detail::iequals(a, v) : a == v;
    });
}

std::string not_allowed(std::string_view what, std::span<const std::string_view> allowed,
                        bool ignore_case) {
    return quoted(what) + " is not one of: " + joined(allowed)
           + (ignore_case ? " (in any case)" : "");
}

// A Java binary class name ("org.example.Outer$Inner"); whether it loads is not checked.
bool is_class_name(std::string_view s) {
    if (s.empty()) return false;
    bool segment_start = true;
    for (char c : s) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'
                            || static_cast<unsigned char>(c) >= 0x80;
        const bool digit = c >= '0' && c <= '9';
        if (c == '.') {
            if (segment_start) return false;
            segment_start = true;
        } else if (letter || (digit && !segment_start)) {
            segment_start = false;
        } else {
            return false;
        }
    }
    return !segment_start;
}

bool is_partition_broker(std::string_view item) {
    const auto colon = item.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == item.size()) return false;
    const auto digits = [](std::string_view s) {
        return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return digits(item.substr(0, colon)) && digits(item.substr(colon + 1));
}

// "id@host:port", split at '@' as Java's String.split does (trailing empty parts dropped).
bool is_voter(std::string_view item) {
    while (!item.empty() && item.back() == '@')
        item.remove_suffix(1);
    const auto at = item.find('@');
    if (at == std::string_view::npos || item.find('@', at + 1) != std::string_view::npos)
        return false;
    return detail::parse_integer(item.substr(0, at), std::numeric_limits<int32_t>::min(),
                                 std::numeric_limits<int32_t>::max())
           && detail::is_host_port(item.substr(at + 1));
}

std::optional<std::string> check_list(const config_def& def, const config_rules* rules,
                                      std::string_view value) {
    const std::vector<std::string_view> items = detail::split_list(value);
    const bool ignore_case = rules && rules->ignore_case;
    if (rules && rules->non_empty && items.empty()) return "the list must not be empty";
    if (rules && rules->distinct_items) {
        for (size_t i = 0; i < items.size(); ++i) {
            if (items[i].empty()) return "the list has an empty item";
            if (std::find(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(i), items[i])
                != items.begin() + static_cast<std::ptrdiff_t>(i)) {
                return quoted(items[i]) + " appears more than once in the list";
            }
        }
    }
    for (auto item : items) {
        if (!def.allowed.empty() && !is_allowed(item, def.allowed, ignore_case)) {
            return "item " + not_allowed(item, def.allowed, ignore_case);
        }
    }
    switch (rules ? rules->check : value_check::none) {
        case value_check::throttled_replicas: {
            // Kafka: every item a pair (empty items pass), or the items together spell "*".
            std::string together;
            for (auto item : items)
                together += item;
            if (together == "*") break;
            for (auto item : items) {
                if (!item.empty() && !is_partition_broker(item)) {
                    return quoted(value) + " is neither \"*\" nor a list of partition:broker pairs";
                }
            }
            break;
        }
        case value_check::quorum_voters:
            for (auto item : items) {
                if (!is_voter(item)) return quoted(item) + " is not an id@host:port entry";
            }
            break;
        case value_check::bootstrap_servers:
            for (auto item : items) {
                if (!detail::is_host_port(item)) return quoted(item) + " is not a host:port entry";
            }
            break;
        case value_check::none:
        case value_check::other:
            break;
    }
    return std::nullopt;
}

std::optional<std::string> check_number(const config_def& def, const config_rules* rules,
                                        std::string_view value) {
    std::optional<double> number;
    switch (def.type) {
        case config_type::short_:
            if (auto v = detail::parse_integer(value, INT16_MIN, INT16_MAX))
                number = static_cast<double>(*v);
            break;
        case config_type::int_:
            if (auto v = detail::parse_integer(value, INT32_MIN, INT32_MAX))
                number = static_cast<double>(*v);
            break;
        case config_type::long_:
            if (auto v = detail::parse_integer(value, INT64_MIN, INT64_MAX))
                number = static_cast<double>(*v);
            break;
        default:
            number = detail::parse_double(value);
            break;
    }
    if (!number)
        return quoted(value) + " is not a number of type " + std::string(to_string(def.type));
    if (rules) {
        for (auto also : rules->also) {
            if (detail::parse_double(also) == number) return std::nullopt;
        }
    }
    // As Kafka, compare as doubles (NaN passes both bounds).
    const bool low = def.min && *number < *def.min;
    const bool high = def.max && *number > *def.max;
    if ((low || high) && rules && !rules->also.empty()) {
        return std::string(value) + " is outside " + number_text(def.min.value_or(-INFINITY)) + ".."
               + number_text(def.max.value_or(INFINITY)) + " and is not " + joined(rules->also);
    }
    if (low) return std::string(value) + " is less than the minimum " + number_text(*def.min);
    if (high) return std::string(value) + " is more than the maximum " + number_text(*def.max);
    return std::nullopt;
}

std::optional<std::string> check(const config_def& def, std::string_view raw) {
    const config_rules* rules = detail::rules_for(def);
    const std::string_view value = detail::trim(raw);
    switch (def.type) {
        case config_type::boolean:
            if (detail::iequals(value, "true") || detail::iequals(value, "false"))
                return std::nullopt;
            return quoted(value) + " is not true or false";
        case config_type::string:
            if (rules && rules->non_empty && value.empty()) return "the value must not be empty";
            if (!def.allowed.empty()
                && !is_allowed(value, def.allowed, rules && rules->ignore_case)) {
                return not_allowed(value, def.allowed, rules && rules->ignore_case);
            }
            return std::nullopt;
        case config_type::password:
            return std::nullopt;
        case config_type::class_:
            if (is_class_name(value)) return std::nullopt;
            return quoted(value) + " is not a Java class name";
        case config_type::short_:
        case config_type::int_:
        case config_type::long_:
        case config_type::double_:
            return check_number(def, rules, value);
        case config_type::list:
            return check_list(def, rules, value);
    }
    return "unknown config type";
}

}  // namespace

std::optional<std::string> validate_config_value(const config_def& def, std::string_view value) {
    auto problem = check(def, value);
    if (!problem) return std::nullopt;
    return std::string(def.name) + ": " + *problem;
}

}  // namespace samsa::controller
