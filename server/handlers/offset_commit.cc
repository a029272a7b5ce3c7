// OffsetCommit v2-10. Topics by name, or by id from v10 (unknown ids: UNKNOWN_TOPIC_ID);
// partitions of topics that do not exist here answer UNKNOWN_TOPIC_OR_PARTITION, as Kafka's
// request handler answers them. The rest goes to the coordinator, which checks the member
// and generation (generation -1 without a member: an admin or a consumer that assigns its
// own partitions), offset.metadata.max.bytes, and writes the offsets to __consumer_offsets.
// v2-4 retention_time_ms sets an explicit expiry.
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::offset_commit_response> handle(request_context& ctx,
                                                proto::offset_commit_request& req) {
    const auto image = ctx.services->controller->image();
    proto::offset_commit_response resp;
    group::commit_request commit;
    commit.member_id = req.member_id;
    commit.instance_id = req.group_instance_id;
    commit.generation = req.generation_id_or_member_epoch;
    commit.retention_ms = ctx.api_version <= 4 ? req.retention_time_ms : -1;
    // Where each coordinator answer goes.
    std::vector<int16_t*> slots;
    for (const auto& t : req.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        rt.topic_id = t.topic_id;
        const controller::topic_info* topic =
            ctx.api_version >= 10 ? image->find_topic(t.topic_id) : image->find_topic(t.name);
        for (const auto& p : t.partitions) {
            auto& rp = rt.partitions.emplace_back();
            rp.partition_index = p.partition_index;
            if (!topic) {
                rp.error_code = static_cast<int16_t>(
                    ctx.api_version >= 10 ? proto::error_code::unknown_topic_id
                                          : proto::error_code::unknown_topic_or_partition);
                continue;
            }
            if (p.partition_index < 0
                || static_cast<size_t>(p.partition_index) >= topic->partitions.size()) {
                rp.error_code = static_cast<int16_t>(proto::error_code::unknown_topic_or_partition);
                continue;
            }
            commit.partitions.push_back({topic->name, p.partition_index, p.committed_offset,
                                         p.committed_leader_epoch, p.committed_metadata});
        }
    }
    // Pointers into resp only once its vectors stop growing.
    for (auto& rt : resp.topics) {
        for (auto& rp : rt.partitions) {
            if (rp.error_code == 0) slots.push_back(&rp.error_code);
        }
    }
    if (!commit.partitions.empty()) {
        const auto res = ctx.services->groups->coordinator().commit_offsets(req.group_id, commit);
        for (size_t i = 0; i < slots.size(); ++i)
            *slots[i] = kafka_code(res.partitions[i]);
        // fsync-before-ack: answer once the commit is on disk (Kafka's analogue: the append
        // reaching the in-sync replicas). A commit that does not get there in time is
        // reported as Kafka reports an append that failed to replicate.
        if (!co_await ctx.services->groups->durable(req.group_id)) {
            for (int16_t* slot : slots) {
                if (*slot == 0) *slot = static_cast<int16_t>(proto::error_code::request_timed_out);
            }
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
