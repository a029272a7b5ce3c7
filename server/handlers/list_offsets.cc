// ListOffsets v1-11: per partition, the offset for a timestamp: -2 earliest (the log start
// offset), -1 latest (the high watermark; the last stable offset under read_committed),
// -3 the record with the largest timestamp (v7+), -4 earliest local (v8+; the same as
// earliest without tiered storage), -5 latest tiered (v9+; none without tiered storage),
// or the first offset whose timestamp is at or after the target (KIP-79), -1 when none. A
// special timestamp the request's version predates, or any other negative one, is
// UNSUPPORTED_VERSION for that partition, as Kafka answers.
#include <set>

#include "controller/controller.h"
#include "log/log_manager.h"
#include "log/partition_log.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"
#include "server/hosted_log.h"

namespace samsa::server::handlers {
namespace {

using proto::error_code;
using partition_response =
    proto::list_offsets_response::list_offsets_topic_response::list_offsets_partition_response;

constexpr int64_t latest_timestamp = -1;
constexpr int64_t earliest_timestamp = -2;
constexpr int64_t max_timestamp = -3;
constexpr int64_t earliest_local_timestamp = -4;
constexpr int64_t latest_tiered_timestamp = -5;

log::offset_lookup lookup(const log::partition_log& log, int64_t timestamp, log::isolation iso) {
    switch (timestamp) {
        case latest_timestamp:
            return log.latest(iso);
        case earliest_timestamp:
        case earliest_local_timestamp:
            return log.earliest();
        case max_timestamp:
            return log.max_timestamp(iso);
        case latest_tiered_timestamp:
            return {};  // nothing is tiered
        default:
            return log.offset_for_timestamp(timestamp, iso);
    }
}

void answer(const request_context& ctx, const controller::metadata_image& image,
            const std::string& topic_name,
            const proto::list_offsets_request::list_offsets_topic::list_offsets_partition& p,
            log::isolation iso, partition_response& out) {
    const hosted_partition hosted =
        hosted_log(ctx, image.find_topic(topic_name), p.partition_index, p.current_leader_epoch);
    if (hosted.log == nullptr) {
        out.error_code = hosted.error_code();
        return;
    }
    const log::offset_lookup found = lookup(*hosted.log, p.timestamp, iso);
    out.offset = found.offset;
    out.timestamp = found.timestamp;
    out.leader_epoch = found.leader_epoch;
}

// Kafka answers UNSUPPORTED_VERSION for a special (negative) timestamp older versions do not
// have, and for a negative timestamp that is none of them.
bool timestamp_unsupported(int64_t timestamp, int16_t version) {
    switch (timestamp) {
        case earliest_timestamp:
        case latest_timestamp:
            return false;
        case max_timestamp:
            return version < 7;
        case earliest_local_timestamp:
            return version < 8;
        case latest_tiered_timestamp:
            return version < 9;
        default:
            return timestamp < 0;
    }
}

}  // namespace

awaitable<proto::list_offsets_response> handle(request_context& ctx,
                                               proto::list_offsets_request& req) {
    const auto image = ctx.services->controller->image();
    const log::isolation iso = req.isolation_level == 1 ? log::isolation::read_committed
                                                        : log::isolation::read_uncommitted;
    std::set<std::pair<std::string, int32_t>> seen, duplicated;
    for (const auto& t : req.topics) {
        for (const auto& p : t.partitions) {
            if (!seen.insert({t.name, p.partition_index}).second)
                duplicated.insert({t.name, p.partition_index});
        }
    }
    proto::list_offsets_response resp;
    for (const auto& t : req.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        for (const auto& p : t.partitions) {
            auto& rp = rt.partitions.emplace_back();
            rp.partition_index = p.partition_index;
            if (duplicated.contains({t.name, p.partition_index})) {
                rp.error_code = static_cast<int16_t>(error_code::invalid_request);
                continue;
            }
            if (timestamp_unsupported(p.timestamp, ctx.api_version)) {
                rp.error_code = static_cast<int16_t>(error_code::unsupported_version);
                continue;
            }
            answer(ctx, *image, t.name, p, iso, rp);
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
