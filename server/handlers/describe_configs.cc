// DescribeConfigs v1-4: the effective configuration of topics (TOPIC), of this broker
// (BROKER "<node id>"), of the cluster-wide dynamic defaults (BROKER ""), and the log levels
// of this broker's loggers (BROKER_LOGGER "<node id>"), as Kafka 4.4 answers them: values,
// sources, synonym chains (include_synonyms), read-only and sensitive flags, types (v3+)
// and samsa's documentation (include_documentation). Every config, or only the named ones:
// names Kafka does not know are left out. Errors are per resource: UNKNOWN_TOPIC_OR_PARTITION
// for a topic that does not exist, INVALID_TOPIC_EXCEPTION for an illegal name,
// INVALID_REQUEST for another broker's id. A resource type Kafka does not know fails every
// resource with INVALID_REQUEST, as Kafka fails the whole request.
//
// Not implemented: GROUP and CLIENT_METRICS resources (INVALID_REQUEST "Unsupported resource
// type"), authorization.
#include <algorithm>

#include "controller/config_resolver.h"
#include "controller/controller.h"
#include "controller/topic_names.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/config_admin.h"
#include "server/handlers/handlers.h"
#include "server/log_levels.h"

namespace samsa::server::handlers {
namespace {

using proto::error_code;
using result = proto::describe_configs_response::describe_configs_result;
using entry = result::describe_configs_resource_result;
using resource = proto::describe_configs_request::describe_configs_resource;

// Kafka's own text for INVALID_REQUEST, which it sends when it fails a whole request.
constexpr std::string_view invalid_request_text =
    "This most likely occurs because of a request being malformed by the client library or the "
    "message was sent to an incompatible broker. See the broker logs for more details.";

struct options {
    bool synonyms = false;
    bool documentation = false;
};

void fail(result& r, error_code code, std::string message) {
    r.error_code = static_cast<int16_t>(code);
    r.error_message = std::move(message);
}

void fill(result& r, const std::vector<controller::resolved_config>& configs, options o) {
    for (const auto& c : configs) {
        entry& e = r.configs.emplace_back();
        e.name = c.name;
        e.value = c.value;
        e.read_only = c.read_only;
        e.config_source = static_cast<int8_t>(c.source);
        e.is_sensitive = c.sensitive;
        e.config_type = controller::config_type_id(c.type);
        e.documentation.reset();
        if (o.documentation && c.documentation) e.documentation = std::string(*c.documentation);
        if (!o.synonyms) continue;
        for (const auto& s : c.synonyms) {
            auto& out = e.synonyms.emplace_back();
            out.name = s.name;
            out.value = s.value;
            out.source = static_cast<int8_t>(s.source);
        }
    }
}

void describe_topic(result& r, const std::vector<std::string>& names,
                    const controller::metadata_image& image,
                    const controller::config_resolver& resolver, options o) {
    if (auto e = controller::topic_name_error(r.resource_name)) {
        return fail(r, error_code::invalid_topic_exception, *e);
    }
    const controller::topic_info* topic = image.find_topic(r.resource_name);
    if (topic == nullptr) return fail(r, error_code::unknown_topic_or_partition, "");
    fill(r, resolver.describe_topic(*topic, names), o);
}

void describe_broker(result& r, const std::vector<std::string>& names, int32_t node_id,
                     const controller::config_resolver& resolver, options o) {
    if (r.resource_name.empty()) return fill(r, resolver.describe_cluster_default(names), o);
    const auto id = parse_node_id(r.resource_name);
    if (!id) {
        return fail(r, error_code::invalid_request,
                    "Broker id must be an integer, but it is: " + r.resource_name);
    }
    if (*id != node_id) {
        return fail(r, error_code::invalid_request,
                    "Unexpected broker id, expected " + std::to_string(node_id)
                        + " or empty string, but received " + r.resource_name);
    }
    fill(r, resolver.describe_broker(names), o);
}

void describe_loggers(result& r, const std::vector<std::string>& names, int32_t node_id) {
    if (r.resource_name.empty()) {
        return fail(r, error_code::invalid_request, "Broker id must not be empty");
    }
    const auto id = parse_node_id(r.resource_name);
    if (!id) {
        return fail(r, error_code::invalid_request,
                    "Broker id must be an integer, but it is: " + r.resource_name);
    }
    if (*id != node_id) {
        return fail(r, error_code::invalid_request,
                    "Unexpected broker id, expected " + std::to_string(node_id) + " but received "
                        + r.resource_name);
    }
    for (auto& l : current_loggers()) {
        if (!names.empty() && std::find(names.begin(), names.end(), l.name) == names.end())
            continue;
        entry& e = r.configs.emplace_back();
        e.name = std::move(l.name);
        e.value = std::move(l.level);
        e.config_source = static_cast<int8_t>(controller::config_source::dynamic_broker_logger);
    }
}

bool kafka_knows(int8_t type) {
    return resource_type_name(type) != "UNKNOWN";
}

}  // namespace

awaitable<proto::describe_configs_response> handle(request_context& ctx,
                                                   proto::describe_configs_request& req) {
    const auto image = ctx.services->controller->image();
    const int32_t node_id = ctx.services->config->node_id;
    const controller::config_resolver resolver(*image, node_id,
                                               static_config_of(*ctx.services->config));
    const options o{.synonyms = req.include_synonyms, .documentation = req.include_documentation};
    const bool whole_request_fails =
        std::any_of(req.resources.begin(), req.resources.end(),
                    [](const resource& r) { return !kafka_knows(r.resource_type); });

    proto::describe_configs_response resp;
    for (const resource& in : req.resources) {
        result& r = resp.results.emplace_back();
        r.resource_type = in.resource_type;
        r.resource_name = in.resource_name;
        if (whole_request_fails) {
            fail(r, error_code::invalid_request, std::string(invalid_request_text));
            continue;
        }
        static const std::vector<std::string> all;
        const std::vector<std::string>& names =
            in.configuration_keys ? *in.configuration_keys : all;
        switch (static_cast<config_resource>(in.resource_type)) {
            case config_resource::topic:
                describe_topic(r, names, *image, resolver, o);
                break;
            case config_resource::broker:
                describe_broker(r, names, node_id, resolver, o);
                break;
            case config_resource::broker_logger:
                describe_loggers(r, names, node_id);
                break;
            case config_resource::client_metrics:
            case config_resource::group:
            case config_resource::unknown:
                fail(r, error_code::invalid_request,
                     "Unsupported resource type: "
                         + std::string(resource_type_name(in.resource_type)));
                break;
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
