// The one check every handler that reaches a partition's log makes first, with Kafka's
// answers (ReplicaManager.getPartitionOrError and Partition.checkCurrentLeaderEpoch):
//   - no such topic, or a partition index the topic does not have: UNKNOWN_TOPIC_OR_PARTITION;
//   - in the metadata but not hosted here (yet): NOT_LEADER_OR_FOLLOWER;
//   - a current leader epoch (>= 0) older than the partition's: FENCED_LEADER_EPOCH, newer:
//     UNKNOWN_LEADER_EPOCH (-1 means the client does not know it, and skips the check).
// In that order, as Kafka asks them.
#pragma once

#include <cstdint>
#include <memory>

#include "controller/metadata_image.h"
#include "log/log_manager.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/request_context.h"

namespace samsa::server {

struct hosted_partition {
    std::shared_ptr<log::partition_log> log;  // null when error is set
    protocol::error_code error = protocol::error_code::none;

    int16_t error_code() const { return static_cast<int16_t>(error); }
};

inline hosted_partition hosted_log(const request_context& ctx, const controller::topic_info* topic,
                                   int32_t partition, int32_t current_leader_epoch = -1) {
    using protocol::error_code;
    if (topic == nullptr || partition < 0
        || static_cast<size_t>(partition) >= topic->partitions.size()) {
        return {nullptr, error_code::unknown_topic_or_partition};
    }
    auto log = ctx.services->logs->get(topic->name, partition);
    if (log == nullptr) return {nullptr, error_code::not_leader_or_follower};
    const int32_t epoch = topic->partitions[static_cast<size_t>(partition)].leader_epoch;
    if (current_leader_epoch >= 0 && current_leader_epoch != epoch) {
        return {nullptr, current_leader_epoch < epoch ? error_code::fenced_leader_epoch
                                                      : error_code::unknown_leader_epoch};
    }
    return {std::move(log), error_code::none};
}

}  // namespace samsa::server
