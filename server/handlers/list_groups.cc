// ListGroups v0-5: every group this coordinator has, filtered by state (v4+, names as
// DescribeGroups spells them, any case) and type (v5+: every group here is "classic").
#include <algorithm>

#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

bool matches(const std::vector<std::string>& filter, std::string_view value) {
    return filter.empty() || std::any_of(filter.begin(), filter.end(), [&](const std::string& f) {
               return equal_ignoring_case(f, value);
           });
}

}  // namespace

awaitable<proto::list_groups_response> handle(request_context& ctx,
                                              proto::list_groups_request& req) {
    proto::list_groups_response resp;
    auto& coord = ctx.services->groups->coordinator();
    if (coord.loading()) {
        resp.error_code = kafka_code(group::errc::coordinator_load_in_progress);
        co_return resp;
    }
    if (!matches(req.types_filter, "classic")) co_return resp;
    for (const auto& g : coord.list_groups()) {
        const char* state = group::to_string(g.state);
        if (!matches(req.states_filter, state)) continue;
        auto& out = resp.groups.emplace_back();
        out.group_id = g.group_id;
        out.protocol_type = g.protocol_type;
        out.group_state = state;
        out.group_type = "classic";
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
