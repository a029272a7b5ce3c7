// LeaveGroup v0-5: one member (v0-2) or a batch of members by member id or group instance
// id (v3+, KIP-345: static members are removed by instance id). Errors of single members go
// into their entries; the top-level error is the group's. In fsync-before-ack mode the answer
// waits until the records of the leave are fsynced (COORDINATOR_NOT_AVAILABLE if they are not
// in time, as Kafka answers a store that timed out).
#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::leave_group_response> handle(request_context& ctx,
                                              proto::leave_group_request& req) {
    proto::leave_group_response resp;
    auto& coord = ctx.services->groups->coordinator();
    std::vector<group::leave_member> members;
    if (ctx.api_version < 3) {
        members.push_back({req.member_id, std::nullopt});
    } else {
        for (const auto& m : req.members)
            members.push_back({m.member_id, m.group_instance_id});
    }
    auto res = coord.leave(req.group_id, members);
    if (res.error == group::errc::none && !co_await ctx.services->groups->durable(req.group_id))
        res.error = group::errc::coordinator_not_available;
    if (ctx.api_version < 3) {
        resp.error_code =
            kafka_code(res.error != group::errc::none ? res.error : res.members.at(0));
        co_return resp;
    }
    resp.error_code = kafka_code(res.error);
    if (res.error != group::errc::none) co_return resp;
    for (size_t i = 0; i < req.members.size(); ++i) {
        auto& out = resp.members.emplace_back();
        out.member_id = req.members[i].member_id;
        out.group_instance_id = req.members[i].group_instance_id;
        out.error_code = kafka_code(res.members[i]);
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
