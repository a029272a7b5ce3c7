// What a Kafka broker checks in DescribeConfigs, AlterConfigs and IncrementalAlterConfigs
// before anything reaches the controller (Kafka's ConfigHelper, ConfigAdminManager and
// RuntimeLoggerManager), with Kafka 4.4's error codes and messages: resource types and
// names, repeated resources and keys, null values, dynamic broker config rules, and broker
// logger levels. Topic config rules are the controller's (controller/configs.cc).
//
// Pure functions over their arguments, except alter_loggers (which changes log levels);
// safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "controller/config_resolver.h"
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_config.h"

namespace samsa::server {

// Kafka's ConfigResource.Type ids.
enum class config_resource : int8_t {
    unknown = 0,
    topic = 2,
    broker = 4,
    broker_logger = 8,
    client_metrics = 16,
    group = 32,
};

std::string_view resource_type_name(int8_t type);  // "TOPIC", "BROKER_LOGGER", ... "UNKNOWN"

struct admin_error {
    protocol::error_code code = protocol::error_code::none;
    std::string message;
};
using admin_check = std::optional<admin_error>;  // nullopt: passed

// The static configuration for config_resolver: what server.properties set, and broker.id
// as node.id (Kafka copies it in KRaft mode). The config must outlive the lookup.
controller::static_config_lookup static_config_of(const broker_config& config);

// A node id as Java's Integer.parseInt reads it (optional sign, ASCII digits, 32 bits).
std::optional<int32_t> parse_node_id(std::string_view text);

// For each resource (type, name), whether another one in the request has the same type and
// name: Kafka answers each of them "Each resource must appear at most once.".
std::vector<bool> repeated_resources(const std::vector<std::pair<int8_t, std::string_view>>& ids);
admin_error repeated_resource_error();

// INVALID_REQUEST "Error due to duplicate config keys" when a name appears twice.
admin_check check_unique_names(const std::vector<std::string_view>& names);

// INVALID_REQUEST "Null value not supported for : a, b" naming each config (in request
// order) whose value is null and needs one.
admin_check check_null_values(const std::vector<std::pair<std::string_view, bool>>& name_is_null);

// A change's operation from the wire (SET 0, DELETE 1, APPEND 2, SUBTRACT 3).
std::optional<controller::config_op> to_config_op(int8_t op);
admin_error unknown_operation_error(int8_t op);

// A BROKER resource being altered: "" (every broker) or this node's id.
admin_check check_alter_broker_name(std::string_view name, int32_t node_id);

// The dynamic configs a BROKER resource would hold after the changes (Kafka's
// prepareIncrementalConfigs): APPEND and SUBTRACT need a LIST config and start from the
// current value or the default.
std::variant<controller::config_map, admin_error> apply_broker_changes(
    controller::config_map current, const std::vector<controller::config_change>& changes);

// Kafka's rules for a BROKER resource's dynamic configs, in Kafka's order, all
// INVALID_REQUEST: no read-only configs, no SSL store configs without a listener prefix,
// values of the right type, no per-broker configs at the cluster-wide level (per_broker
// false). Names Kafka does not define pass (it stores them as given).
admin_check validate_broker_configs(const controller::config_map& props, bool per_broker);

// IncrementalAlterConfigs on a BROKER_LOGGER resource: validates every change (the resource
// must be this node; SET needs an existing logger and a valid level; DELETE an existing
// logger other than root; no APPEND or SUBTRACT), then applies them unless validate_only.
struct logger_change {
    std::string name;  // the logger
    int8_t op = 0;     // as on the wire
    std::optional<std::string> value;
};
admin_check alter_loggers(std::string_view resource, int32_t node_id,
                          const std::vector<logger_change>& changes, bool validate_only);

// The resources of an AlterConfigs or IncrementalAlterConfigs request on their way to the
// controller: a resource named twice gets repeated_resource_error(); the rest go through
// prepare(resource), which answers an alteration for the controller or an error.
struct prepared_alterations {
    std::vector<admin_error> errors;  // per request resource
    std::vector<controller::config_alteration> alterations;
    std::vector<size_t> index;  // alterations[k] is request resource index[k]

    // Records the controller's answer to alterations (one result each).
    void set_results(const std::vector<controller::result>& results);
};

template <typename Resources, typename Prepare>
prepared_alterations prepare_alterations(const Resources& resources, Prepare&& prepare) {
    std::vector<std::pair<int8_t, std::string_view>> ids;
    for (const auto& r : resources)
        ids.emplace_back(r.resource_type, r.resource_name);
    const std::vector<bool> repeated = repeated_resources(ids);
    prepared_alterations p;
    p.errors.resize(resources.size());
    for (size_t i = 0; i < resources.size(); ++i) {
        if (repeated[i]) {
            p.errors[i] = repeated_resource_error();
            continue;
        }
        auto prepared = prepare(resources[i]);
        if (auto* e = std::get_if<admin_error>(&prepared)) {
            p.errors[i] = std::move(*e);
            continue;
        }
        p.alterations.push_back(std::get<controller::config_alteration>(std::move(prepared)));
        p.index.push_back(i);
    }
    return p;
}

// The per-resource entries of the response: type, name, error code, and the message only
// with an error.
template <typename Responses, typename Resources>
void fill_alter_responses(Responses& out, const Resources& resources,
                          const std::vector<admin_error>& errors) {
    for (size_t i = 0; i < resources.size(); ++i) {
        auto& r = out.emplace_back();
        r.resource_type = resources[i].resource_type;
        r.resource_name = resources[i].resource_name;
        r.error_code = static_cast<int16_t>(errors[i].code);
        if (errors[i].code == protocol::error_code::none)
            r.error_message.reset();
        else
            r.error_message = errors[i].message;
    }
}

}  // namespace samsa::server
