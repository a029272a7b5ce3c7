// Heartbeat v0-4: keeps a member's session alive; REBALANCE_IN_PROGRESS tells it to rejoin.
#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::heartbeat_response> handle(request_context& ctx, proto::heartbeat_request& req) {
    proto::heartbeat_response resp;
    resp.error_code = kafka_code(ctx.services->groups->coordinator().heartbeat(
        req.group_id, req.member_id, req.group_instance_id, req.generation_id));
    co_return resp;
}

}  // namespace samsa::server::handlers
