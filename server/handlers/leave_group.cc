// LeaveGroup v0-5: one member (v0-2) or a batch of members by member id or group instance
// id (v3+, KIP-345: static members are removed by instance id). Errors of single members go
// into their entries; the top-level error is the group's.
#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::leave_group_response> handle(request_context& ctx,
                                              proto::leave_group_request& req) {
    proto::leave_group_response resp;
    auto& coord = ctx.services->groups->coordinator();
    if (ctx.api_version < 3) {
        const auto res = coord.leave(req.group_id, {{req.member_id, std::nullopt}});
        resp.error_code =
            kafka_code(res.error != group::errc::none ? res.error : res.members.at(0));
        co_return resp;
    }
    std::vector<group::leave_member> members;
    for (const auto& m : req.members)
        members.push_back({m.member_id, m.group_instance_id});
    const auto res = coord.leave(req.group_id, members);
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
