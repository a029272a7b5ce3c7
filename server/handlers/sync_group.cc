// SyncGroup v0-5: followers wait for the leader's assignment; the leader's SyncGroup
// completes the generation (its metadata goes to __consumer_offsets) and releases them; with
// samsa.log.fsync.before.ack, once that record is fsynced.
// v5 requires the protocol type and name the client believes in and checks them
// (INCONSISTENT_GROUP_PROTOCOL when either is missing or differs).
#include <boost/asio/this_coro.hpp>

#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::sync_group_response> handle(request_context& ctx, proto::sync_group_request& req) {
    if (ctx.api_version >= 5 && (!req.protocol_type || !req.protocol_name)) {
        // Kafka's request handler refuses a v5 request without both before the coordinator.
        proto::sync_group_response resp;
        resp.error_code = kafka_code(group::errc::inconsistent_group_protocol);
        co_return resp;
    }
    group::sync_request r;
    r.member_id = req.member_id;
    r.instance_id = req.group_instance_id;
    r.generation = req.generation_id;
    r.protocol_type = req.protocol_type;
    r.protocol_name = req.protocol_name;
    for (auto& a : req.assignments)
        r.assignments.emplace_back(a.member_id, std::move(a.assignment));

    auto slot =
        std::make_shared<reply_slot<group::sync_result>>(co_await boost::asio::this_coro::executor);
    ctx.services->groups->coordinator().sync(req.group_id, std::move(r), slot->callback());
    group::sync_result res = co_await slot->wait();
    // fsync-before-ack: no member gets the generation's assignment before the group's record
    // is on disk (Kafka answers once it reaches the in-sync replicas, and a store that times
    // out is COORDINATOR_NOT_AVAILABLE).
    if (res.error == group::errc::none && !co_await ctx.services->groups->durable(req.group_id)) {
        res = {.error = group::errc::coordinator_not_available};
    }

    proto::sync_group_response resp;
    resp.error_code = kafka_code(res.error);
    if (res.error == group::errc::none) {
        resp.protocol_type = res.protocol_type;
        resp.protocol_name = res.protocol_name;
    }
    resp.assignment = std::move(res.assignment);
    co_return resp;
}

}  // namespace samsa::server::handlers
