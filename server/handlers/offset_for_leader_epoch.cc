// OffsetForLeaderEpoch v2-4: for each partition, the end offset of the requested leader
// epoch (the start of the next epoch, or the log end for the current one), from the
// partition's leader-epoch-checkpoint history. Consumers use it to detect truncation.
#include "controller/controller.h"
#include "log/log_manager.h"
#include "log/partition_log.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"
#include "server/hosted_log.h"

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
            const hosted_partition hosted =
                hosted_log(ctx, topic, p.partition, p.current_leader_epoch);
            if (hosted.log == nullptr) {
                out.error_code = hosted.error_code();
                continue;
            }
            const log::offset_lookup end = hosted.log->end_offset_for_epoch(p.leader_epoch);
            out.leader_epoch = end.leader_epoch;
            out.end_offset = end.offset;
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
