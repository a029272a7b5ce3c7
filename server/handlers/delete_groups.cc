// DeleteGroups v0-3: deletes empty groups with their offsets (tombstones in
// __consumer_offsets). Groups with members: NON_EMPTY_GROUP; unknown: GROUP_ID_NOT_FOUND.
// In fsync-before-ack mode a deleted group is answered once its tombstones are fsynced
// (COORDINATOR_NOT_AVAILABLE if they are not in time).
#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::delete_groups_response> handle(request_context& ctx,
                                                proto::delete_groups_request& req) {
    proto::delete_groups_response resp;
    auto res = ctx.services->groups->coordinator().delete_groups(req.groups_names);
    for (size_t i = 0; i < req.groups_names.size(); ++i) {
        if (res[i] == group::errc::none
            && !co_await ctx.services->groups->durable(req.groups_names[i]))
            res[i] = group::errc::coordinator_not_available;
        auto& r = resp.results.emplace_back();
        r.group_id = req.groups_names[i];
        r.error_code = kafka_code(res[i]);
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
