// OffsetForLeaderEpoch v2-4: for each partition, the end offset of the requested leader
// epoch (the start of the next epoch, or the log end for the current one), from the
// partition's leader-epoch-checkpoint history. Consumers use it to detect truncation.
#include "controller/controller.h"
#include "log/log_manager.h"
#include "log/partition_log.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::offset_for_leader_epoch_response> handle(
    request_context& ctx, proto::offset_for_leader_epoch_request& req) {
    using proto::error_code;
    const auto image = ctx.services->controller->image();
    proto::offset_for_leader_epoch_response resp;
    for (const auto& t : req.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.topic = t.topic;
        const controller::topic_info* topic = image->find_topic(t.topic);
        for (const auto& p : t.partitions) {
            auto& out = rt.partitions.emplace_back();
            out.partition = p.partition;
            if (topic == nullptr || p.partition < 0
                || static_cast<size_t>(p.partition) >= topic->partitions.size()) {
                out.error_code = static_cast<int16_t>(error_code::unknown_topic_or_partition);
                continue;
            }
            const int32_t epoch = topic->partitions[static_cast<size_t>(p.partition)].leader_epoch;
            if (p.current_leader_epoch >= 0 && p.current_leader_epoch != epoch) {
                out.error_code = static_cast<int16_t>(p.current_leader_epoch < epoch
                                                          ? error_code::fenced_leader_epoch
                                                          : error_code::unknown_leader_epoch);
                continue;
            }
            const auto log = ctx.services->logs->get(t.topic, p.partition);
            if (log == nullptr) {
                out.error_code = static_cast<int16_t>(error_code::not_leader_or_follower);
                continue;
            }
            const log::offset_lookup end = log->end_offset_for_epoch(p.leader_epoch);
            out.leader_epoch = end.leader_epoch;
            out.end_offset = end.offset;
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
