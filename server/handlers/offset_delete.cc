// OffsetDelete v0: removes committed offsets of a group (tombstones in __consumer_offsets).
// The group must exist (GROUP_ID_NOT_FOUND); a group with members may lose only offsets of
// topics none of them subscribes to (GROUP_SUBSCRIBED_TO_TOPIC), and only if it uses the
// consumer protocol (NON_EMPTY_GROUP otherwise). Unknown topics or partitions answer
// UNKNOWN_TOPIC_OR_PARTITION. In fsync-before-ack mode the answer waits until the tombstones
// are fsynced (COORDINATOR_NOT_AVAILABLE if they are not in time).
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::offset_delete_response> handle(request_context& ctx,
                                                proto::offset_delete_request& req) {
    const auto image = ctx.services->controller->image();
    proto::offset_delete_response resp;
    std::vector<group::topic_partition> wanted;
    for (const auto& t : req.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        const auto* topic = image->find_topic(t.name);
        for (const auto& p : t.partitions) {
            auto& rp = rt.partitions.emplace_back();
            rp.partition_index = p.partition_index;
            if (!topic || p.partition_index < 0
                || static_cast<size_t>(p.partition_index) >= topic->partitions.size()) {
                rp.error_code = static_cast<int16_t>(proto::error_code::unknown_topic_or_partition);
                continue;
            }
            wanted.emplace_back(t.name, p.partition_index);
        }
    }
    auto res = ctx.services->groups->coordinator().delete_offsets(req.group_id, wanted);
    if (res.error == group::errc::none && !co_await ctx.services->groups->durable(req.group_id))
        res.error = group::errc::coordinator_not_available;
    resp.error_code = kafka_code(res.error);
    if (res.error != group::errc::none) {
        resp.topics.clear();
        co_return resp;
    }
    size_t next = 0;
    for (auto& rt : resp.topics) {
        for (auto& rp : rt.partitions) {
            if (rp.error_code == 0) rp.error_code = kafka_code(res.partitions.at(next++));
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
