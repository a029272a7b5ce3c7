// Metadata v0-13: brokers (their endpoints for the listener the request came in on),
// cluster id, controller id (this broker: a single node is its own controller), and topics
// with partitions, leaders, replicas and topic ids. Unknown topics are created when both
// the request (v4+) and auto.create.topics.enable allow it, and are returned at once.
// Topics by id (v10+). Authorized operations as Kafka reports them with no authorizer.
#include <set>

#include "controller/controller.h"
#include "controller/topic_names.h"
#include "protocol/error_code.h"
#include "server/authorized_operations.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {
namespace {

using proto::error_code;
using response_topic = proto::metadata_response::metadata_response_topic;

void fill_topic(response_topic& out, const controller::topic_info& t, bool with_operations) {
    out.name = t.name;
    out.topic_id = t.id;
    out.is_internal = controller::is_internal_topic(t.name);
    for (size_t i = 0; i < t.partitions.size(); ++i) {
        const auto& p = t.partitions[i];
        auto& rp = out.partitions.emplace_back();
        rp.partition_index = static_cast<int32_t>(i);
        rp.leader_id = p.leader;
        rp.leader_epoch = p.leader_epoch;
        rp.replica_nodes = p.replicas;
        rp.isr_nodes = p.isr;
    }
    out.topic_authorized_operations =
        with_operations ? topic_operations() : operations_not_requested;
}

void fill_brokers(proto::metadata_response& resp, const controller::metadata_image& image,
                  std::string_view listener) {
    for (const auto& [id, b] : image.brokers) {
        if (b.fenced) continue;
        for (const auto& e : b.endpoints) {
            if (e.listener != listener) continue;
            auto& rb = resp.brokers.emplace_back();
            rb.node_id = id;
            rb.host = e.host;
            rb.port = e.port;
            rb.rack = b.rack;
        }
    }
}

// Creates the unknown topics that may be created; returns the image to answer from.
awaitable<std::shared_ptr<const controller::metadata_image>> auto_create(
    request_context& ctx, std::shared_ptr<const controller::metadata_image> image,
    std::vector<std::string> names) {
    std::vector<controller::new_topic> topics;
    for (auto& n : names) {
        if (controller::topic_name_error(n)) continue;
        auto& t = topics.emplace_back();
        t.name = std::move(n);
    }
    if (topics.empty()) co_return image;
    co_await ctx.services->controller->create_topics(std::move(topics), false);
    co_return ctx.services->controller->image();
}

}  // namespace

awaitable<proto::metadata_response> handle(request_context& ctx, proto::metadata_request& req) {
    auto image = ctx.services->controller->image();
    const bool all_topics = !req.topics || (ctx.api_version == 0 && req.topics->empty());
    const bool with_operations = req.include_topic_authorized_operations;

    if (!all_topics && req.allow_auto_topic_creation
        && ctx.services->config->auto_create_topics_enable) {
        std::vector<std::string> missing;
        for (const auto& t : *req.topics) {
            if (t.topic_id.is_zero() && t.name && !image->find_topic(*t.name))
                missing.push_back(*t.name);
        }
        if (!missing.empty()) image = co_await auto_create(ctx, image, std::move(missing));
    }

    proto::metadata_response resp;
    fill_brokers(resp, *image, ctx.listener);
    resp.cluster_id = ctx.services->cluster_id;
    resp.controller_id = ctx.services->config->node_id;
    resp.cluster_authorized_operations =
        req.include_cluster_authorized_operations ? cluster_operations() : operations_not_requested;
    if (all_topics) {
        for (const auto& [_, t] : image->topics)
            fill_topic(resp.topics.emplace_back(), *t, with_operations);
        co_return resp;
    }
    for (const auto& requested : *req.topics) {
        auto& out = resp.topics.emplace_back();
        out.topic_authorized_operations = operations_not_requested;
        const controller::topic_info* t = nullptr;
        // From v10 a topic may be named by id; the Java client then sends an empty name.
        if (!requested.topic_id.is_zero()) {
            out.name.reset();
            out.topic_id = requested.topic_id;
            t = image->find_topic(requested.topic_id);
            if (t == nullptr) {
                out.error_code = static_cast<int16_t>(error_code::unknown_topic_id);
                continue;
            }
        } else {
            if (!requested.name) {
                out.error_code = static_cast<int16_t>(error_code::invalid_request);
                continue;
            }
            out.name = *requested.name;
            if (controller::topic_name_error(*requested.name)) {
                out.error_code = static_cast<int16_t>(error_code::invalid_topic_exception);
                continue;
            }
            t = image->find_topic(*requested.name);
        }
        if (t == nullptr) {
            out.error_code = static_cast<int16_t>(error_code::unknown_topic_or_partition);
            continue;
        }
        fill_topic(out, *t, with_operations);
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
