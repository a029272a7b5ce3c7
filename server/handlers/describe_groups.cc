// DescribeGroups v0-6: state, protocol and members of each group; member metadata and
// assignments only in Stable, as Kafka shows them. An unknown group is "Dead" with no error
// before v6 and GROUP_ID_NOT_FOUND from v6 (KIP-1043).
#include "server/authorized_operations.h"
#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::describe_groups_response> handle(request_context& ctx,
                                                  proto::describe_groups_request& req) {
    proto::describe_groups_response resp;
    auto& coord = ctx.services->groups->coordinator();
    for (const auto& id : req.groups) {
        auto& out = resp.groups.emplace_back();
        out.group_id = id;
        out.authorized_operations =
            req.include_authorized_operations ? group_operations() : operations_not_requested;
        const group::group_description d = coord.describe(id);
        out.group_state = group::to_string(d.state);
        if (d.error != group::errc::none) {
            out.error_code = kafka_code(d.error);
            continue;
        }
        if (!d.found) {
            if (ctx.api_version >= 6) {
                out.error_code = kafka_code(group::errc::group_id_not_found);
                out.error_message = "Group " + id + " not found.";
            }
            continue;
        }
        out.protocol_type = d.protocol_type;
        out.protocol_data = d.protocol;
        for (const auto& m : d.members) {
            auto& om = out.members.emplace_back();
            om.member_id = m.member_id;
            om.group_instance_id = m.instance_id;
            om.client_id = m.client_id;
            om.client_host = m.client_host;
            om.member_metadata = m.metadata;
            om.member_assignment = m.assignment;
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
