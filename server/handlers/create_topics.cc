// CreateTopics v2-7: topics with partition counts and replication factors (or -1 for the
// broker defaults), manual assignments, and configs, created by the controller; per-topic
// errors; validate_only runs every check without creating. A name given twice in one
// request is refused for each entry, as Kafka refuses it.
#include <map>

#include "controller/config_resolver.h"
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/controller_errors.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {
namespace {

// From v5 Kafka answers with every config of the new topic, as DescribeConfigs would.
void fill_configs(const request_context& ctx, const controller::metadata_image& image,
                  const controller::new_topic& t,
                  proto::create_topics_response::creatable_topic_result& out) {
    const controller::config_resolver resolver(
        image, ctx.services->config->node_id,
        [&](std::string_view n) { return ctx.services->config->value_of(n); });
    controller::topic_info topic;
    topic.name = t.name;
    topic.configs = t.configs;
    auto& configs = out.configs.emplace();
    for (const auto& c : resolver.describe_topic(topic)) {
        auto& rc = configs.emplace_back();
        rc.name = c.name;
        rc.value = c.value;
        rc.read_only = c.read_only;
        rc.config_source = static_cast<int8_t>(c.source);
        rc.is_sensitive = c.sensitive;
    }
}

}  // namespace

awaitable<proto::create_topics_response> handle(request_context& ctx,
                                                proto::create_topics_request& req) {
    std::map<std::string, int> counts;
    for (const auto& t : req.topics)
        ++counts[t.name];

    std::vector<controller::new_topic> topics;
    std::vector<std::optional<controller::result>> early(req.topics.size());
    std::vector<size_t> index;  // topics[i] is request entry index[i]
    for (size_t i = 0; i < req.topics.size(); ++i) {
        const auto& t = req.topics[i];
        if (counts[t.name] > 1) {
            early[i] = controller::result::fail(
                controller::errc::invalid_request,
                "Create topics request from client `" + ctx.client_id.value_or("")
                    + "` contains multiple entries for the following topics: " + t.name);
            continue;
        }
        controller::new_topic n{.name = t.name,
                                .num_partitions = t.num_partitions,
                                .replication_factor = t.replication_factor};
        for (const auto& a : t.assignments)
            n.assignments[a.partition_index] = a.broker_ids;
        bool null_config = false;
        for (const auto& c : t.configs) {
            if (!c.value) {
                null_config = true;
                early[i] = controller::result::fail(
                    controller::errc::invalid_config,
                    "Null value not supported for topic configs: " + c.name);
                break;
            }
            n.configs[c.name] = *c.value;
        }
        if (null_config) continue;
        topics.push_back(std::move(n));
        index.push_back(i);
    }
    const std::vector<controller::new_topic> requested = topics;
    const auto created =
        co_await ctx.services->controller->create_topics(std::move(topics), req.validate_only);
    const auto image = ctx.services->controller->image();

    proto::create_topics_response resp;
    resp.topics.resize(req.topics.size());
    for (size_t i = 0; i < req.topics.size(); ++i) {
        resp.topics[i].name = req.topics[i].name;
        if (early[i]) {
            resp.topics[i].error_code = kafka_code(early[i]->code);
            resp.topics[i].error_message = early[i]->message;
        }
    }
    for (size_t k = 0; k < created.size(); ++k) {
        auto& out = resp.topics[index[k]];
        const auto& c = created[k];
        if (!c.status.ok()) {
            out.error_code = kafka_code(c.status.code);
            out.error_message = c.status.message;
            continue;
        }
        out.error_message.reset();
        out.topic_id = c.id;
        out.num_partitions = c.num_partitions;
        out.replication_factor = c.replication_factor;
        if (ctx.api_version >= 5) fill_configs(ctx, *image, requested[k], out);
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
