// ElectLeaders v0-2: on one node every partition already has its preferred leader, so a
// preferred (or unclean) election is never needed: ELECTION_NOT_NEEDED per partition, as
// Kafka answers for a partition whose leader is already the one asked for. With no
// partitions named (all partitions), Kafka leaves those out of the answer.
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::elect_leaders_response> handle(request_context& ctx,
                                                proto::elect_leaders_request& req) {
    proto::elect_leaders_response resp;
    if (!req.topic_partitions) co_return resp;
    const auto image = ctx.services->controller->image();
    for (const auto& tp : *req.topic_partitions) {
        auto& out = resp.replica_election_results.emplace_back();
        out.topic = tp.topic;
        const controller::topic_info* t = image->find_topic(tp.topic);
        for (int32_t p : tp.partitions) {
            auto& r = out.partition_result.emplace_back();
            r.partition_id = p;
            if (t == nullptr || p < 0 || static_cast<size_t>(p) >= t->partitions.size()) {
                r.error_code = static_cast<int16_t>(proto::error_code::unknown_topic_or_partition);
                r.error_message = "The partition does not exist.";
            } else {
                r.error_code = static_cast<int16_t>(proto::error_code::election_not_needed);
                r.error_message = "Leader election not needed for topic partition.";
            }
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
