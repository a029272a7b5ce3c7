// JoinGroup v0-9: delegates to the group coordinator (group/classic_group.h) and waits,
// possibly a whole rebalance timeout, for the join phase to end. v4+ members get
// MEMBER_ID_REQUIRED on their first join (KIP-394); v5+ carry group.instance.id (KIP-345);
// v9 answers a static leader's rejoin with skip_assignment (KIP-814). v0 has no rebalance
// timeout: the session timeout serves as one.
#include <boost/asio/this_coro.hpp>

#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

namespace {

// "/host" as Kafka shows a member's client host.
std::string client_host_of(const request_context& ctx) {
    const auto colon = ctx.peer.rfind(':');
    std::string host = colon == std::string::npos ? ctx.peer : ctx.peer.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    return "/" + host;
}

}  // namespace

awaitable<proto::join_group_response> handle(request_context& ctx, proto::join_group_request& req) {
    group::join_request r;
    r.member_id = req.member_id;
    r.instance_id = req.group_instance_id;
    r.client_id = ctx.client_id.value_or("");
    r.client_host = client_host_of(ctx);
    r.session_timeout_ms = req.session_timeout_ms;
    r.rebalance_timeout_ms =
        ctx.api_version >= 1 ? req.rebalance_timeout_ms : req.session_timeout_ms;
    r.protocol_type = req.protocol_type;
    for (auto& p : req.protocols)
        r.protocols.push_back({p.name, std::move(p.metadata)});
    r.require_known_member_id = ctx.api_version >= 4;
    r.supports_skip_assignment = ctx.api_version >= 9;

    auto slot =
        std::make_shared<reply_slot<group::join_result>>(co_await boost::asio::this_coro::executor);
    ctx.services->groups->coordinator().join(req.group_id, std::move(r), slot->callback());
    group::join_result res = co_await slot->wait();

    proto::join_group_response resp;
    resp.error_code = kafka_code(res.error);
    resp.generation_id = res.generation;
    resp.member_id = res.member_id;
    resp.leader = res.leader;
    if (ctx.api_version >= 7) {
        resp.protocol_type = res.protocol_type;
        resp.protocol_name = res.protocol_name;
    } else {
        resp.protocol_name = res.protocol_name.value_or("");
    }
    resp.skip_assignment = res.skip_assignment;
    for (auto& m : res.members) {
        auto& out = resp.members.emplace_back();
        out.member_id = m.member_id;
        out.group_instance_id = m.instance_id;
        out.metadata = std::move(m.metadata);
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
