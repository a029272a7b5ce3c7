// DescribeCluster v0-2: cluster id, controller id (this broker), the brokers with their
// endpoints for the request's listener; fenced brokers only when asked (v2). Asking for
// controller endpoints (v1 EndpointType 2) of a broker listener is refused, as Kafka does.
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/authorized_operations.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::describe_cluster_response> handle(request_context& ctx,
                                                   proto::describe_cluster_request& req) {
    proto::describe_cluster_response resp;
    resp.endpoint_type = req.endpoint_type;
    if (req.endpoint_type != 1) {
        resp.error_code = static_cast<int16_t>(proto::error_code::unsupported_endpoint_type);
        resp.error_message =
            "The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type "
            + std::string(req.endpoint_type == 2 ? "CONTROLLER" : "UNKNOWN");
        co_return resp;
    }
    const auto image = ctx.services->controller->image();
    resp.cluster_id = ctx.services->cluster_id;
    resp.controller_id = ctx.services->config->node_id;
    for (const auto& [id, b] : image->brokers) {
        if (b.fenced && !req.include_fenced_brokers) continue;
        for (const auto& e : b.endpoints) {
            if (e.listener != ctx.listener) continue;
            auto& out = resp.brokers.emplace_back();
            out.broker_id = id;
            out.host = e.host;
            out.port = e.port;
            out.rack = b.rack;
            out.is_fenced = b.fenced;
        }
    }
    resp.cluster_authorized_operations =
        req.include_cluster_authorized_operations ? cluster_operations() : operations_not_requested;
    co_return resp;
}

}  // namespace samsa::server::handlers
