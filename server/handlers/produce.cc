// Produce v3-13 (v0-2 are refused by dispatch, as Kafka 4 refuses them, though advertised).
// Per partition: the topic and partition must exist here (by name, or by id from v13),
// internal topics are closed to clients, acks=all needs min.insync.replicas in sync; then
// the partition log validates and appends the batch in place (its offsets written into
// the request's own buffer, then one write to the segment). acks=0 sends no response and
// closes the connection after an error, as Kafka does; otherwise the response waits until
// the appends are durable (at once unless samsa.log.fsync.before.ack is on), at most
// timeout_ms, after which the partition answers REQUEST_TIMED_OUT.
#include <chrono>

#include "controller/config_resolver.h"
#include "controller/controller.h"
#include "controller/topic_names.h"
#include "log/log_manager.h"
#include "log/partition_log.h"
#include "protocol/error_code.h"
#include "protocol/records/record_batch.h"
#include "server/broker_services.h"
#include "server/countdown.h"
#include "server/handlers/handlers.h"
#include "server/hosted_log.h"
#include "server/log_errors.h"

namespace samsa::server::handlers {
namespace {

using proto::error_code;
using partition_response =
    proto::produce_response::topic_produce_response::partition_produce_response;

int16_t code(error_code e) {
    return static_cast<int16_t>(e);
}

struct durable_wait {
    partition_response* out;
    std::shared_ptr<log::partition_log> log;
    int64_t last_offset;
};

// The shape Kafka requires of a partition's records before its log sees them
// (ProduceRequest.validateRecords): one complete batch, of magic 2, and zstd only from v7.
int16_t check_records_shape(protocol::bytes_view bytes, int16_t version) {
    protocol::batch_reader batches(bytes);
    const protocol::batch_result first = batches.next();
    if (first.status == protocol::batch_status::bad_batch) return code(error_code::corrupt_message);
    if (first.status == protocol::batch_status::legacy_format
        || (first.status == protocol::batch_status::ok
            && first.batch.magic() != protocol::current_magic)) {
        return code(error_code::invalid_record);  // only batches with magic version 2
    }
    if (first.status != protocol::batch_status::ok)
        return code(error_code::invalid_record);  // no batch at all
    if (version < 7 && first.batch.compression() == protocol::compression_codec::zstd) {
        return code(error_code::unsupported_compression_type);
    }
    if (batches.next().status == protocol::batch_status::ok)
        return code(error_code::invalid_record);  // one only
    return 0;
}

int32_t min_insync_replicas(const request_context& ctx, const controller::metadata_image& image,
                            const controller::topic_info& topic) {
    const controller::config_resolver resolver(
        image, ctx.services->config->node_id,
        [&](std::string_view n) { return ctx.services->config->value_of(n); });
    const auto v = resolver.topic_value(topic, "min.insync.replicas");
    return v ? std::stoi(*v) : 1;
}

// Validates and appends one partition's records; returns the error code it answers.
int16_t append_partition(
    request_context& ctx, const proto::produce_request& req,
    const controller::metadata_image& image, const controller::topic_info* topic,
    const proto::produce_request::topic_produce_data::partition_produce_data& p,
    partition_response& out, std::vector<durable_wait>& waits) {
    if (req.acks != -1 && req.acks != 0 && req.acks != 1)
        return code(error_code::invalid_required_acks);
    if (topic == nullptr) {
        return code(ctx.api_version >= 13 ? error_code::unknown_topic_id
                                          : error_code::unknown_topic_or_partition);
    }
    if (controller::is_internal_topic(topic->name)) {
        out.error_message = "Cannot append to internal topic " + topic->name;
        return code(error_code::invalid_topic_exception);
    }
    hosted_partition hosted = hosted_log(ctx, topic, p.index);
    if (hosted.log == nullptr) return hosted.error_code();
    auto& log = hosted.log;
    const protocol::bytes_view bytes = p.records.contiguous();
    if (p.records.is_null()) return code(error_code::invalid_record);
    if (const int16_t shape = check_records_shape(bytes, ctx.api_version); shape != 0) return shape;
    if (req.acks == -1) {
        const auto& isr = topic->partitions[static_cast<size_t>(p.index)].isr;
        if (static_cast<int32_t>(isr.size()) < min_insync_replicas(ctx, image, *topic)) {
            return code(error_code::not_enough_replicas);
        }
    }
    // The request owns its frame buffer (allocated mutable by the connection): the log
    // rewrites the batch header in place instead of copying the batch.
    const std::span<uint8_t> records(const_cast<uint8_t*>(bytes.data()), bytes.size());
    log::append_result r = log->append(records, log::system_clock_ms(), true);
    out.log_start_offset = r.log_start_offset;
    if (r.error != log::errc::none) {
        if (!r.message.empty()) out.error_message = r.message;
        for (auto& e : r.record_errors) {
            auto& re = out.record_errors.emplace_back();
            re.batch_index = e.batch_index;
            if (!e.message.empty()) re.batch_index_error_message = std::move(e.message);
        }
        return kafka_code(r.error);
    }
    out.base_offset = r.base_offset;
    out.log_append_time_ms = r.log_append_time;
    if (req.acks != 0) waits.push_back({&out, std::move(log), r.last_offset});
    return 0;
}

// Waits until every append is durable, or the request's timeout.
awaitable<void> wait_durable(std::vector<durable_wait>& waits, int32_t timeout_ms) {
    auto done =
        std::make_shared<countdown>(co_await boost::asio::this_coro::executor, waits.size());
    auto results = std::make_shared<std::vector<std::atomic<int>>>(waits.size());
    for (auto& r : *results)
        r.store(-1);
    for (size_t i = 0; i < waits.size(); ++i) {
        waits[i].log->when_durable(waits[i].last_offset, [done, results, i](log::errc e) {
            (*results)[i].store(static_cast<int>(e));
            done->arrive();
        });
    }
    co_await done->wait(std::chrono::milliseconds(std::max(timeout_ms, 0)));
    for (size_t i = 0; i < waits.size(); ++i) {
        const int r = (*results)[i].load();
        if (r < 0) {
            waits[i].out->error_code = code(error_code::request_timed_out);
        } else if (r != 0) {
            waits[i].out->error_code = kafka_code(static_cast<log::errc>(r));
        }
        if (waits[i].out->error_code != 0) waits[i].out->base_offset = -1;
    }
}

}  // namespace

awaitable<proto::produce_response> handle(request_context& ctx, proto::produce_request& req) {
    const auto image = ctx.services->controller->image();
    proto::produce_response resp;
    std::vector<durable_wait> waits;
    bool failed = false;
    resp.responses.reserve(req.topic_data.size());
    for (const auto& t : req.topic_data) {
        auto& rt = resp.responses.emplace_back();
        rt.name = t.name;
        rt.topic_id = t.topic_id;
        const controller::topic_info* topic =
            ctx.api_version >= 13 ? image->find_topic(t.topic_id) : image->find_topic(t.name);
        rt.partition_responses.reserve(t.partition_data.size());
        for (const auto& p : t.partition_data) {
            auto& rp = rt.partition_responses.emplace_back();
            rp.index = p.index;
            rp.base_offset = -1;
            rp.error_code = append_partition(ctx, req, *image, topic, p, rp, waits);
            failed |= rp.error_code != 0;
        }
    }
    if (req.acks == 0) {
        ctx.suppress_response = true;
        ctx.close_connection = failed;
        co_return resp;
    }
    // Without fsync-before-ack an append is acknowledged once written, as Kafka does.
    if (!waits.empty() && ctx.services->logs->options().fsync_before_ack) {
        co_await wait_durable(waits, req.timeout_ms);
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
