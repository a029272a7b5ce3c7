// IncrementalAlterConfigs v0-1: SET, DELETE, APPEND (LIST configs: new items after the
// current ones) and SUBTRACT on topic configs (TOPIC), on this broker's dynamic configs
// (BROKER "<node id>") and on the cluster-wide ones (BROKER ""), and SET or DELETE of log
// levels (BROKER_LOGGER "<node id>", applied at once, not persisted). validate_only runs
// every check and changes nothing.
//
// As a Kafka broker, this handler first refuses what Kafka refuses before its controller:
// a resource named twice, a config named twice, a null value outside DELETE, an unknown
// operation, another broker's id, and broker configs that are read-only, per-broker at the
// cluster level, SSL store configs without a listener prefix or of the wrong type (all
// INVALID_REQUEST). The controller then checks topic configs (INVALID_CONFIG, or
// UNKNOWN_TOPIC_OR_PARTITION when the topic does not exist) and commits each resource's
// changes or none of them. Errors are per resource.
//
// Differences from Kafka: an unknown operation on a topic is INVALID_REQUEST (Kafka answers
// UNKNOWN_SERVER_ERROR); GROUP and CLIENT_METRICS resources are refused (INVALID_REQUEST);
// no authorization.
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/config_admin.h"
#include "server/controller_errors.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {
namespace {

using resource = proto::incremental_alter_configs_request::alter_configs_resource;

// The controller's alteration for a topic or broker resource, or the broker-side error.
std::variant<controller::config_alteration, admin_error> prepare(
    const resource& in, int32_t node_id, const controller::metadata_image& image,
    bool validate_only) {
    std::vector<std::string_view> names;
    std::vector<std::pair<std::string_view, bool>> nulls;
    for (const auto& c : in.configs) {
        names.push_back(c.name);
        nulls.emplace_back(c.name, !c.value && c.config_operation != 1);
    }
    if (auto e = check_unique_names(names)) return *e;
    if (auto e = check_null_values(nulls)) return *e;

    const auto type = static_cast<config_resource>(in.resource_type);
    if (type == config_resource::broker_logger) {
        std::vector<logger_change> changes;
        for (const auto& c : in.configs)
            changes.push_back({c.name, c.config_operation, c.value});
        if (auto e = alter_loggers(in.resource_name, node_id, changes, validate_only)) return *e;
        return admin_error{};  // done: loggers are not the controller's
    }
    if (type != config_resource::topic && type != config_resource::broker) {
        const std::string_view kind = resource_type_name(in.resource_type);
        if (kind == "UNKNOWN")
            return admin_error{proto::error_code::invalid_request,
                               "Unknown resource type " + std::to_string(in.resource_type)};
        return admin_error{proto::error_code::invalid_request,
                           "Unsupported resource type: " + std::string(kind)};
    }
    controller::config_alteration a;
    a.target = type == config_resource::topic ? controller::config_target::topic
                                              : controller::config_target::broker;
    a.resource = in.resource_name;
    if (type == config_resource::broker) {
        if (auto e = check_alter_broker_name(in.resource_name, node_id)) return *e;
        if (!a.resource.empty()) a.resource = std::to_string(node_id);  // "+1" and "01" too
    }
    for (const auto& c : in.configs) {
        const auto op = to_config_op(c.config_operation);
        if (!op) return unknown_operation_error(c.config_operation);
        a.changes.push_back({c.name, *op, c.value});
    }
    if (type == config_resource::broker) {
        controller::config_map current;
        if (const auto it = image.broker_configs.find(a.resource); it != image.broker_configs.end())
            current = it->second;
        auto after = apply_broker_changes(std::move(current), a.changes);
        if (auto* e = std::get_if<admin_error>(&after)) return *e;
        const auto& props = std::get<controller::config_map>(after);
        if (auto e = validate_broker_configs(props, !a.resource.empty())) return *e;
    }
    return a;
}

}  // namespace

awaitable<proto::incremental_alter_configs_response> handle(
    request_context& ctx, proto::incremental_alter_configs_request& req) {
    const int32_t node_id = ctx.services->config->node_id;
    const auto image = ctx.services->controller->image();
    prepared_alterations p = prepare_alterations(req.resources, [&](const resource& r) {
        return prepare(r, node_id, *image, req.validate_only);
    });
    std::vector<controller::result> results;
    if (!p.alterations.empty()) {
        results = co_await ctx.services->controller->alter_configs(std::move(p.alterations),
                                                                   req.validate_only);
    }
    p.set_results(results);
    proto::incremental_alter_configs_response resp;
    fill_alter_responses(resp.responses, req.resources, p.errors);
    co_return resp;
}

}  // namespace samsa::server::handlers
