// FindCoordinator v0-6 (v4+ several keys in one request). This node is the coordinator of
// every group: the first lookup of a group creates __consumer_offsets, as Kafka does, and
// answers COORDINATOR_NOT_AVAILABLE if that fails (the client retries). Transaction
// coordinators (key type 1) are not implemented: COORDINATOR_NOT_AVAILABLE. Other key
// types (share groups) are INVALID_REQUEST.
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {
namespace {

using proto::error_code;

struct answer {
    error_code error = error_code::none;
    int32_t node_id = -1;
    std::string host;
    int32_t port = -1;
};

awaitable<answer> find_one(request_context& ctx, const std::string& key, int8_t key_type) {
    answer a;
    if (key_type == 1) {
        a.error = error_code::coordinator_not_available;
        co_return a;
    }
    if (key_type != 0 || key.empty()) {
        a.error = error_code::invalid_request;
        co_return a;
    }
    if (!co_await ctx.services->groups->ensure_offsets_topic()) {
        a.error = error_code::coordinator_not_available;
        co_return a;
    }
    const auto image = ctx.services->controller->image();
    const auto it = image->brokers.find(ctx.services->config->node_id);
    if (it != image->brokers.end()) {
        for (const auto& e : it->second.endpoints) {
            if (e.listener != ctx.listener) continue;
            a.node_id = it->first;
            a.host = e.host;
            a.port = e.port;
            co_return a;
        }
    }
    a.error = error_code::coordinator_not_available;
    co_return a;
}

// What Kafka sends on success: the error's name up to v3, an empty string per key from v4.
std::optional<std::string> message_of(error_code e, int16_t version) {
    if (e == error_code::none) return std::string(version < 4 ? "NONE" : "");
    return std::nullopt;
}

}  // namespace

awaitable<proto::find_coordinator_response> handle(request_context& ctx,
                                                   proto::find_coordinator_request& req) {
    proto::find_coordinator_response resp;
    if (ctx.api_version < 4) {
        const answer a = co_await find_one(ctx, req.key, req.key_type);
        resp.error_code = static_cast<int16_t>(a.error);
        resp.error_message = message_of(a.error, ctx.api_version);
        resp.node_id = a.node_id;
        resp.host = a.host;
        resp.port = a.port;
        co_return resp;
    }
    for (const auto& key : req.coordinator_keys) {
        const answer a = co_await find_one(ctx, key, req.key_type);
        auto& c = resp.coordinators.emplace_back();
        c.key = key;
        c.error_code = static_cast<int16_t>(a.error);
        c.error_message = message_of(a.error, ctx.api_version);
        c.node_id = a.node_id;
        c.host = a.host;
        c.port = a.port;
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
