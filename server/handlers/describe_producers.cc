// DescribeProducers v0 (KIP-664): the producers each partition's state holds, with their
// epoch, last sequence and timestamp, and the first offset of an open transaction. What
// kafka-transactions describe-producers and Admin.describeProducers show. A topic-level
// refusal (an illegal name, an unknown topic) answers every partition asked for, with
// Kafka's message; a partition the topic does not have is UNKNOWN_TOPIC_OR_PARTITION, one
// not hosted here NOT_LEADER_OR_FOLLOWER.
#include "controller/controller.h"
#include "controller/topic_names.h"
#include "log/log_manager.h"
#include "log/partition_log.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"
#include "server/hosted_log.h"

namespace samsa::server::handlers {

awaitable<proto::describe_producers_response> handle(request_context& ctx,
                                                     proto::describe_producers_request& req) {
    using proto::error_code;
    const auto image = ctx.services->controller->image();
    proto::describe_producers_response resp;
    for (const auto& t : req.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        std::optional<std::pair<error_code, std::string>> topic_error;
        const controller::topic_info* topic = nullptr;
        if (auto e = controller::topic_name_error(t.name)) {
            topic_error.emplace(error_code::invalid_topic_exception, std::move(*e));
        } else if (topic = image->find_topic(t.name); topic == nullptr) {
            topic_error.emplace(error_code::unknown_topic_or_partition,
                                "This server does not host this topic-partition.");
        }
        for (const int32_t index : t.partition_indexes) {
            auto& out = rt.partitions.emplace_back();
            out.partition_index = index;
            if (topic_error) {
                out.error_code = static_cast<int16_t>(topic_error->first);
                out.error_message = topic_error->second;
                continue;
            }
            const hosted_partition hosted = hosted_log(ctx, topic, index);
            if (hosted.log == nullptr) {
                out.error_code = hosted.error_code();
                continue;
            }
            for (const log::producer_entry& e : hosted.log->active_producers()) {
                auto& p = out.active_producers.emplace_back();
                p.producer_id = e.producer_id;
                p.producer_epoch = e.epoch;
                p.last_sequence = e.last_seq();
                p.last_timestamp = e.last_timestamp;
                p.coordinator_epoch = e.coordinator_epoch;
                p.current_txn_start_offset = e.current_txn_first_offset.value_or(-1);
            }
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
