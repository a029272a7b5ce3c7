#include "server/config_admin.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "controller/config_registry.h"
#include "server/controller_errors.h"
#include "server/log_levels.h"

namespace samsa::server {
namespace {

using protocol::error_code;

admin_error invalid_request(std::string message) {
    return {error_code::invalid_request, std::move(message)};
}

admin_error invalid_config(std::string message) {
    return {error_code::invalid_config, std::move(message)};
}

// Kafka's DynamicBrokerConfig.DYNAMIC_SECURITY_CONFIGS: updatable only per listener.
constexpr std::array<std::string_view, 10> security_configs{
    "ssl.key.password",
    "ssl.keystore.certificate.chain",
    "ssl.keystore.key",
    "ssl.keystore.location",
    "ssl.keystore.password",
    "ssl.keystore.type",
    "ssl.truststore.certificates",
    "ssl.truststore.location",
    "ssl.truststore.password",
    "ssl.truststore.type",
};

// "listener.name.<listener>.<config>": the config, or "" for other names.
std::string_view listener_base_name(std::string_view name) {
    constexpr std::string_view prefix = "listener.name.";
    if (!name.starts_with(prefix)) return {};
    const size_t dot = name.find('.', prefix.size());
    return dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
}

// A set as Java prints it: "[a, b]" (sorted here; Java's order is the hash's).
std::string java_set(const std::set<std::string>& names) {
    std::string out = "[";
    for (const auto& n : names)
        out += (out.size() > 1 ? ", " : "") + n;
    return out + "]";
}

// Java's String.split(","): trailing empty strings dropped, but a text without a comma is
// itself (so "" gives one empty item).
std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> out;
    if (text.find(',') == std::string_view::npos) return {std::string(text)};
    size_t pos = 0;
    while (true) {
        const size_t comma = text.find(',', pos);
        out.emplace_back(text.substr(pos, comma == text.npos ? text.npos : comma - pos));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    while (!out.empty() && out.back().empty())
        out.pop_back();
    return out;
}

std::string join_commas(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ",") + i;
    return out;
}

}  // namespace

std::string_view resource_type_name(int8_t type) {
    switch (static_cast<config_resource>(type)) {
        case config_resource::topic:
            return "TOPIC";
        case config_resource::broker:
            return "BROKER";
        case config_resource::broker_logger:
            return "BROKER_LOGGER";
        case config_resource::client_metrics:
            return "CLIENT_METRICS";
        case config_resource::group:
            return "GROUP";
        case config_resource::unknown:
            break;
    }
    return "UNKNOWN";
}

controller::static_config_lookup static_config_of(const broker_config& config) {
    return [&config](std::string_view name) -> std::optional<std::string> {
        if (const auto it = config.explicit_values.find(name); it != config.explicit_values.end())
            return it->second;
        if (name == "broker.id") return std::to_string(config.node_id);
        return std::nullopt;
    };
}

std::optional<int32_t> parse_node_id(std::string_view text) {
    if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
    int32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::vector<bool> repeated_resources(const std::vector<std::pair<int8_t, std::string_view>>& ids) {
    std::vector<bool> out(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) {
        for (size_t j = i + 1; j < ids.size(); ++j) {
            if (ids[i] == ids[j]) out[i] = out[j] = true;
        }
    }
    return out;
}

admin_error repeated_resource_error() {
    return invalid_request("Each resource must appear at most once.");
}

admin_check check_unique_names(const std::vector<std::string_view>& names) {
    std::set<std::string_view> seen;
    for (auto n : names) {
        if (!seen.insert(n).second) return invalid_request("Error due to duplicate config keys");
    }
    return std::nullopt;
}

admin_check check_null_values(const std::vector<std::pair<std::string_view, bool>>& name_is_null) {
    std::string names;
    for (const auto& [name, is_null] : name_is_null) {
        if (is_null) names += (names.empty() ? "" : ", ") + std::string(name);
    }
    if (names.empty()) return std::nullopt;
    return invalid_request("Null value not supported for : " + names);
}

std::optional<controller::config_op> to_config_op(int8_t op) {
    if (op < 0 || op > 3) return std::nullopt;
    return static_cast<controller::config_op>(op);
}

admin_error unknown_operation_error(int8_t op) {
    return invalid_request("Unknown operations type " + std::to_string(op));
}

admin_check check_alter_broker_name(std::string_view name, int32_t node_id) {
    if (name.empty()) return std::nullopt;
    const auto id = parse_node_id(name);
    if (!id) return invalid_request("Node id must be an integer, but it is: " + std::string(name));
    if (*id != node_id) {
        return invalid_request("Unexpected broker id, expected " + std::to_string(node_id)
                               + ", but received " + std::string(name));
    }
    return std::nullopt;
}

std::variant<controller::config_map, admin_error> apply_broker_changes(
    controller::config_map current, const std::vector<controller::config_change>& changes) {
    using controller::config_op;
    for (const auto& c : changes) {
        if (c.op == config_op::set) {
            current[c.name] = c.value.value_or("");
            continue;
        }
        if (c.op == config_op::remove) {
            current.erase(c.name);
            continue;
        }
        const controller::config_def* def = controller::find_broker_config(c.name);
        if (def == nullptr) return invalid_config("Unknown config name: " + c.name);
        if (def->type != controller::config_type::list) {
            return invalid_config(std::string("Config value ")
                                  + (c.op == config_op::append ? "append" : "subtract")
                                  + " is not allowed for config key: " + c.name);
        }
        const auto it = current.find(c.name);
        const std::string old =
            it != current.end() ? it->second : std::string(def->default_value.value_or(""));
        std::vector<std::string> items;
        if (c.op == config_op::append) {
            // The new items not in the old list go after it (repeats among them kept).
            if (!old.empty()) items = split_commas(old);
            const auto before = items;
            for (auto& v : split_commas(c.value.value_or(""))) {
                if (std::find(before.begin(), before.end(), v) == before.end())
                    items.push_back(std::move(v));
            }
        } else {
            // Each item removes one occurrence.
            items = split_commas(old);
            for (const auto& v : split_commas(c.value.value_or(""))) {
                if (const auto found = std::find(items.begin(), items.end(), v);
                    found != items.end())
                    items.erase(found);
            }
        }
        current[c.name] = join_commas(items);
    }
    return current;
}

admin_check validate_broker_configs(const controller::config_map& props, bool per_broker) {
    std::set<std::string> read_only, security, broker_level;
    for (const auto& [name, _] : props) {
        const controller::config_def* def = controller::find_broker_config(name);
        if (def != nullptr && def->mode == controller::config_mode::read_only)
            read_only.insert(name);
        if (std::find(security_configs.begin(), security_configs.end(), name)
            != security_configs.end())
            security.insert(name);
        if ((def != nullptr && def->mode == controller::config_mode::per_broker)
            || !listener_base_name(name).empty())
            broker_level.insert(name);
    }
    if (!read_only.empty())
        return invalid_request("Cannot update these configs dynamically: " + java_set(read_only));
    if (!security.empty()) {
        return invalid_request(
            "These security configs can be dynamically updated only per-listener using the "
            "listener prefix: "
            + java_set(security));
    }
    for (const auto& [name, value] : props) {
        const std::string_view base = listener_base_name(name);
        const controller::config_def* def =
            controller::find_broker_config(base.empty() ? name : base);
        if (def == nullptr) continue;
        if (auto e = controller::validate_config_value(*def, value)) return invalid_request(*e);
    }
    if (!per_broker && !broker_level.empty()) {
        return invalid_request(
            "Cannot update these configs at default cluster level, broker id must be specified: "
            + java_set(broker_level));
    }
    return std::nullopt;
}

admin_check alter_loggers(std::string_view resource, int32_t node_id,
                          const std::vector<logger_change>& changes, bool validate_only) {
    const auto id = parse_node_id(resource);
    if (!id)
        return invalid_request("Node id must be an integer, but it is: " + std::string(resource));
    if (*id != node_id) {
        return invalid_request("Unexpected node id. Expected " + std::to_string(node_id)
                               + ", but received " + std::to_string(*id));
    }
    for (const auto& [name, op, value] : changes) {
        const auto kind = to_config_op(op);
        if (kind == controller::config_op::append || kind == controller::config_op::subtract) {
            return invalid_request(
                std::string(kind == controller::config_op::append ? "APPEND" : "SUBTRACT")
                + " operation is not allowed for the BROKER_LOGGER resource");
        }
        if (!kind) {
            return invalid_request("Unknown operation type " + std::to_string(op)
                                   + " is not allowed for the BROKER_LOGGER resource");
        }
        if (!logger_exists(name)) return invalid_config("Logger " + name + " does not exist!");
        if (*kind == controller::config_op::remove && name == root_logger)
            return invalid_request("Removing the log level of the root logger is not allowed");
        const std::string level = value.value_or("");
        if (*kind == controller::config_op::set && !is_valid_log_level(level)) {
            return invalid_config("Cannot set the log level of " + name + " to " + level
                                  + " as it is not a supported log level. Valid log levels are "
                                  + std::string(valid_log_levels_text()));
        }
    }
    if (validate_only) return std::nullopt;
    for (const auto& c : changes) {
        if (to_config_op(c.op) == controller::config_op::set)
            set_logger_level(c.name, c.value.value_or(""));
        else
            unset_logger_level(c.name);
    }
    return std::nullopt;
}

void prepared_alterations::set_results(const std::vector<controller::result>& results) {
    for (size_t k = 0; k < results.size() && k < index.size(); ++k)
        errors[index[k]] = {to_kafka(results[k].code), results[k].message};
}

}  // namespace samsa::server
