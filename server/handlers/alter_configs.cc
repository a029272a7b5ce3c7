// AlterConfigs v0-2 (deprecated by IncrementalAlterConfigs, still what kafka-configs uses
// for brokers): each resource's dynamic configs become exactly the ones given, those not
// named are removed. TOPIC and BROKER ("<node id>", or "" for the cluster-wide defaults);
// validate_only runs every check and changes nothing.
//
// As a Kafka broker, this handler first refuses what Kafka refuses before its controller: a
// resource named twice, a config named twice, a null value, another broker's id, broker
// configs that are read-only, per-broker at the cluster level, SSL store configs without a
// listener prefix or of the wrong type, and BROKER_LOGGER resources (which only
// IncrementalAlterConfigs changes), all INVALID_REQUEST. The controller then checks topic
// configs (INVALID_CONFIG, or UNKNOWN_TOPIC_OR_PARTITION) and commits each resource's
// changes or none of them. Errors are per resource.
//
// Not implemented: GROUP and CLIENT_METRICS resources (INVALID_REQUEST), authorization.
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/config_admin.h"
#include "server/controller_errors.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {
namespace {

using resource = proto::alter_configs_request::alter_configs_resource;

std::variant<controller::config_alteration, admin_error> prepare(const resource& in,
                                                                 int32_t node_id) {
    std::vector<std::string_view> names;
    std::vector<std::pair<std::string_view, bool>> nulls;
    for (const auto& c : in.configs) {
        names.push_back(c.name);
        nulls.emplace_back(c.name, !c.value);
    }
    if (auto e = check_unique_names(names)) return *e;
    if (auto e = check_null_values(nulls)) return *e;

    const auto type = static_cast<config_resource>(in.resource_type);
    if (type == config_resource::client_metrics || type == config_resource::group) {
        return admin_error{
            proto::error_code::invalid_request,
            "Unsupported resource type: " + std::string(resource_type_name(in.resource_type))};
    }
    if (type != config_resource::topic && type != config_resource::broker) {
        return admin_error{proto::error_code::invalid_request,
                           "Unknown resource type " + std::to_string(in.resource_type)};
    }
    controller::config_alteration a;
    a.target = type == config_resource::topic ? controller::config_target::topic
                                              : controller::config_target::broker;
    a.resource = in.resource_name;
    a.incremental = false;
    controller::config_map props;
    for (const auto& c : in.configs) {
        a.changes.push_back({c.name, controller::config_op::set, c.value});
        props[c.name] = *c.value;
    }
    if (type == config_resource::broker) {
        if (auto e = check_alter_broker_name(in.resource_name, node_id)) return *e;
        if (!a.resource.empty()) a.resource = std::to_string(node_id);
        if (auto e = validate_broker_configs(props, !a.resource.empty())) return *e;
    }
    return a;
}

}  // namespace

awaitable<proto::alter_configs_response> handle(request_context& ctx,
                                                proto::alter_configs_request& req) {
    const int32_t node_id = ctx.services->config->node_id;
    prepared_alterations p =
        prepare_alterations(req.resources, [&](const resource& r) { return prepare(r, node_id); });
    std::vector<controller::result> results;
    if (!p.alterations.empty()) {
        results = co_await ctx.services->controller->alter_configs(std::move(p.alterations),
                                                                   req.validate_only);
    }
    p.set_results(results);
    proto::alter_configs_response resp;
    fill_alter_responses(resp.responses, req.resources, p.errors);
    co_return resp;
}

}  // namespace samsa::server::handlers
