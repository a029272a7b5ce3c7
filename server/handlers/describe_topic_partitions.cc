// DescribeTopicPartitions v0 (what kafka-topics --describe uses since Kafka 3.8): topics by
// name (all topics when none are named), in name order, with their partitions from the
// cursor on; at most ResponsePartitionLimit partitions, with a NextCursor where it stopped.
#include <algorithm>

#include "controller/controller.h"
#include "controller/topic_names.h"
#include "protocol/error_code.h"
#include "server/authorized_operations.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {
namespace {

using response = proto::describe_topic_partitions_response;

// Adds t's partitions from `first` until the budget runs out; false when it ran out first.
bool add_partitions(response::describe_topic_partitions_response_topic& out,
                    const controller::topic_info& t, int32_t first, int32_t& budget) {
    for (size_t p = static_cast<size_t>(std::max(first, 0)); p < t.partitions.size(); ++p) {
        if (budget == 0) return false;
        const auto& info = t.partitions[p];
        auto& rp = out.partitions.emplace_back();
        rp.partition_index = static_cast<int32_t>(p);
        rp.leader_id = info.leader;
        rp.leader_epoch = info.leader_epoch;
        rp.replica_nodes = info.replicas;
        rp.isr_nodes = info.isr;
        rp.eligible_leader_replicas = std::vector<int32_t>{};
        rp.last_known_elr = std::vector<int32_t>{};
        --budget;
    }
    return true;
}

}  // namespace

awaitable<response> handle(request_context& ctx, proto::describe_topic_partitions_request& req) {
    const auto image = ctx.services->controller->image();
    std::vector<std::string> names;
    if (req.topics.empty()) {
        for (const auto& [name, _] : image->topics)
            names.push_back(name);
    } else {
        for (const auto& t : req.topics)
            names.push_back(t.name);
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
    }
    response resp;
    int32_t budget = std::max(req.response_partition_limit, 1);
    for (const auto& name : names) {
        int32_t first = 0;
        if (req.cursor) {
            if (name < req.cursor->topic_name) continue;
            if (name == req.cursor->topic_name) first = req.cursor->partition_index;
        }
        if (budget == 0) {  // the previous topic used the last of it
            auto& next = resp.next_cursor.emplace();
            next.topic_name = name;
            next.partition_index = first;
            break;
        }
        auto& out = resp.topics.emplace_back();
        out.name = name;
        const controller::topic_info* t = image->find_topic(name);
        if (t == nullptr) {
            out.error_code = static_cast<int16_t>(proto::error_code::unknown_topic_or_partition);
            continue;
        }
        out.topic_id = t->id;
        out.is_internal = controller::is_internal_topic(name);
        out.topic_authorized_operations = topic_operations();
        if (!add_partitions(out, *t, first, budget)) {
            auto& next = resp.next_cursor.emplace();
            next.topic_name = name;
            next.partition_index = out.partitions.back().partition_index + 1;
            break;
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
