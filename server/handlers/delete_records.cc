// DeleteRecords v0-2: moves each partition's log start offset forward to the given offset
// (-1: the high watermark); the records before it become unreadable and their segments are
// deleted in the background. The answer is the new low watermark.
#include "controller/controller.h"
#include "log/log_manager.h"
#include "log/partition_log.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"
#include "server/hosted_log.h"
#include "server/log_errors.h"

namespace samsa::server::handlers {

awaitable<proto::delete_records_response> handle(request_context& ctx,
                                                 proto::delete_records_request& req) {
    using proto::error_code;
    const auto image = ctx.services->controller->image();
    proto::delete_records_response resp;
    for (const auto& t : req.topics) {
        auto& rt = resp.topics.emplace_back();
        rt.name = t.name;
        const controller::topic_info* topic = image->find_topic(t.name);
        for (const auto& p : t.partitions) {
            auto& out = rt.partitions.emplace_back();
            out.partition_index = p.partition_index;
            out.low_watermark = -1;
            const hosted_partition hosted = hosted_log(ctx, topic, p.partition_index);
            if (hosted.log == nullptr) {
                out.error_code = hosted.error_code();
                continue;
            }
            const auto moved = hosted.log->delete_records_before(p.offset);
            if (const auto* e = std::get_if<log::errc>(&moved)) {
                out.error_code = kafka_code(*e);
                continue;
            }
            out.low_watermark = std::get<int64_t>(moved);
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
