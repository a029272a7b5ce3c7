// Fetch v4-18 for consumers. Partitions come from the request, or from an incremental
// fetch session (KIP-227, fetch_sessions.h). Each partition is read from its log as whole
// batches: the response max bytes applies across partitions and each partition's max to
// itself, except that the first batch of the first partition with data is sent whole
// (KIP-74) so a consumer always progresses. When fewer than min_bytes are available the
// fetch waits, woken by appends to its partitions (fetch_waiters.h), for at most
// max_wait_ms. Record bytes are not copied: they go from the segment files to the socket
// with sendfile (file_records.h). read_committed sees up to the last stable offset.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>

#include "controller/controller.h"
#include "log/log_manager.h"
#include "log/partition_log.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/fetch_sessions.h"
#include "server/fetch_waiters.h"
#include "server/file_records.h"
#include "server/handlers/handlers.h"
#include "server/hosted_log.h"
#include "server/log_errors.h"

namespace samsa::server::handlers {
namespace {

using proto::error_code;
using clock = std::chrono::steady_clock;

int16_t code(error_code e) {
    return static_cast<int16_t>(e);
}

struct partition_read {
    int16_t error = 0;
    log::read_result result;
};

std::vector<fetch_partition> requested_partitions(const request_context& ctx,
                                                  const controller::metadata_image& image,
                                                  const proto::fetch_request& req) {
    std::vector<fetch_partition> out;
    for (const auto& t : req.topics) {
        std::string name = t.topic;
        if (ctx.api_version >= 13) {
            const controller::topic_info* topic = image.find_topic(t.topic_id);
            name = topic ? topic->name : std::string();
        }
        for (const auto& p : t.partitions) {
            out.push_back({.topic = name,
                           .topic_id = t.topic_id,
                           .partition = p.partition,
                           .fetch_offset = p.fetch_offset,
                           .log_start_offset = p.log_start_offset,
                           .max_bytes = p.partition_max_bytes,
                           .current_leader_epoch = p.current_leader_epoch,
                           .last_fetched_epoch = p.last_fetched_epoch});
        }
    }
    return out;
}

std::vector<fetch_partition> forgotten_partitions(const request_context& ctx,
                                                  const controller::metadata_image& image,
                                                  const proto::fetch_request& req) {
    std::vector<fetch_partition> out;
    for (const auto& t : req.forgotten_topics_data) {
        std::string name = t.topic;
        if (ctx.api_version >= 13) {
            const controller::topic_info* topic = image.find_topic(t.topic_id);
            name = topic ? topic->name : std::string();
        }
        for (int32_t p : t.partitions)
            out.push_back({.topic = name, .topic_id = t.topic_id, .partition = p});
    }
    return out;
}

// Reads every partition of the plan; returns the record bytes found.
uint64_t read_all(request_context& ctx, const controller::metadata_image& image,
                  const fetch_plan& plan, int32_t max_bytes, log::isolation iso,
                  std::vector<partition_read>& reads) {
    reads.assign(plan.partitions.size(), {});
    int64_t budget = std::max(max_bytes, 0);
    bool first_with_data = true;
    uint64_t total = 0;
    for (size_t i = 0; i < plan.partitions.size(); ++i) {
        const fetch_partition& p = plan.partitions[i];
        partition_read& r = reads[i];
        const controller::topic_info* topic = p.topic.empty() ? nullptr : image.find_topic(p.topic);
        if (topic == nullptr) {
            r.error = code(ctx.api_version >= 13 ? error_code::unknown_topic_id
                                                 : error_code::unknown_topic_or_partition);
            continue;
        }
        const hosted_partition hosted = hosted_log(ctx, topic, p.partition, p.current_leader_epoch);
        if (hosted.log == nullptr) {
            r.error = hosted.error_code();
            continue;
        }
        const auto limit = static_cast<int32_t>(std::min<int64_t>(p.max_bytes, budget));
        r.result = hosted.log->read(p.fetch_offset, limit, first_with_data, iso);
        r.error = kafka_code(r.result.error);
        if (r.result.bytes > 0) first_with_data = false;
        budget = std::max<int64_t>(0, budget - static_cast<int64_t>(r.result.bytes));
        total += r.result.bytes;
    }
    return total;
}

bool any_error(const std::vector<partition_read>& reads) {
    return std::any_of(reads.begin(), reads.end(),
                       [](const partition_read& r) { return r.error != 0; });
}

proto::fetch_response build_response(request_context& ctx, const fetch_plan& plan,
                                     std::vector<partition_read>& reads, log::isolation iso) {
    std::vector<partition_outcome> outcomes;
    outcomes.reserve(reads.size());
    for (const auto& r : reads) {
        outcomes.push_back({r.result.high_watermark, r.result.last_stable_offset,
                            r.result.log_start_offset, r.error, r.result.bytes > 0});
    }
    const std::vector<bool> include = ctx.services->fetch_sessions->finish(plan, outcomes);
    proto::fetch_response resp;
    resp.session_id = plan.session_id;
    for (size_t i = 0; i < plan.partitions.size(); ++i) {
        if (!include[i]) continue;
        const fetch_partition& p = plan.partitions[i];
        if (resp.responses.empty() || resp.responses.back().topic != p.topic
            || resp.responses.back().topic_id != p.topic_id) {
            auto& t = resp.responses.emplace_back();
            t.topic = p.topic;
            t.topic_id = p.topic_id;
        }
        auto& out = resp.responses.back().partitions.emplace_back();
        partition_read& r = reads[i];
        out.partition_index = p.partition;
        out.error_code = r.error;
        out.high_watermark = r.result.high_watermark;
        out.last_stable_offset = r.result.last_stable_offset;
        out.log_start_offset = r.result.log_start_offset;
        if (iso == log::isolation::read_uncommitted) {
            out.aborted_transactions.reset();
        } else {
            out.aborted_transactions.emplace();
        }
        out.records = protocol::records::empty();
        for (auto& range : r.result.ranges) {
            const int fd = range.file->fd();
            out.records.append(std::make_shared<file_records>(std::move(range.file), fd,
                                                              range.position, range.size));
            ctx.external_bytes += range.size;
        }
    }
    return resp;
}

}  // namespace

awaitable<proto::fetch_response> handle(request_context& ctx, proto::fetch_request& req) {
    auto image = ctx.services->controller->image();
    const log::isolation iso = req.isolation_level == 1 ? log::isolation::read_committed
                                                        : log::isolation::read_uncommitted;
    const int64_t now_ms = log::system_clock_ms();
    const fetch_plan plan = ctx.services->fetch_sessions->begin(
        req.session_id, req.session_epoch, requested_partitions(ctx, *image, req),
        forgotten_partitions(ctx, *image, req), now_ms);
    if (plan.error != 0) {
        proto::fetch_response resp;
        resp.error_code = plan.error;
        co_return resp;
    }

    std::vector<partition_read> reads;
    uint64_t bytes = read_all(ctx, *image, plan, req.max_bytes, iso, reads);
    const auto deadline = clock::now() + std::chrono::milliseconds(std::max(req.max_wait_ms, 0));
    if (bytes < static_cast<uint64_t>(std::max(req.min_bytes, 0)) && req.max_wait_ms > 0
        && !any_error(reads) && !plan.partitions.empty()) {
        std::vector<fetch_waiters::key> keys;
        for (const auto& p : plan.partitions)
            keys.emplace_back(p.topic, p.partition);
        auto w = std::make_shared<fetch_waiters::waiter>(co_await boost::asio::this_coro::executor);
        const fetch_waiters::registration registered(*ctx.services->waiters, std::move(keys), w);
        // Registered before reading again, so an append between the two reads is not missed.
        for (;;) {
            bytes = read_all(ctx, *image, plan, req.max_bytes, iso, reads);
            if (bytes >= static_cast<uint64_t>(req.min_bytes) || any_error(reads)
                || clock::now() >= deadline || ctx.services->stopping()) {
                break;
            }
            w->timer.expires_at(deadline);
            co_await w->timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
            image = ctx.services->controller->image();
        }
    }
    co_return build_response(ctx, plan, reads, iso);
}

}  // namespace samsa::server::handlers
