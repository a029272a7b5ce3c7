#include "server/group_service.h"

#include <spdlog/spdlog.h>

#include "controller/controller.h"
#include "log/log_manager.h"
#include "log/partition_log.h"
#include "log/segment_file.h"
#include "protocol/records/record.h"
#include "protocol/records/record_batch_builder.h"
#include "server/broker_config.h"
#include "server/countdown.h"

namespace samsa::server {
namespace {

template <typename T>
T number(const broker_config& c, std::string_view name, T fallback) {
    const auto v = c.value_of(name);
    if (!v) return fallback;
    try {
        return static_cast<T>(std::stoll(*v));
    } catch (...) {
        return fallback;
    }
}

group::coordinator_options options_of(const broker_config& c) {
    group::coordinator_options o;
    o.partitions = c.offsets_topic_num_partitions;
    o.group.min_session_timeout_ms = number<int32_t>(c, "group.min.session.timeout.ms", 6000);
    o.group.max_session_timeout_ms = number<int32_t>(c, "group.max.session.timeout.ms", 1800000);
    o.group.initial_rebalance_delay_ms =
        number<int32_t>(c, "group.initial.rebalance.delay.ms", 3000);
    o.group.max_size = number<int32_t>(c, "group.max.size", INT32_MAX);
    o.group.offset_metadata_max_bytes = number<int32_t>(c, "offset.metadata.max.bytes", 4096);
    o.group.offsets_retention_ms = number<int64_t>(c, "offsets.retention.minutes", 10080) * 60000;
    o.retention_check_interval_ms =
        number<int64_t>(c, "offsets.retention.check.interval.ms", 600000);
    return o;
}

}  // namespace

group_service::group_service(const broker_config& config, controller::controller& controller,
                             log::log_manager& logs)
    : config_(config),
      controller_(controller),
      logs_(logs),
      coordinator_(options_of(config), log::system_clock_ms) {
    coordinator_.set_writer([this](int32_t partition, const std::vector<group::record>& records) {
        return write(partition, records);
    });
}

group_service::~group_service() {
    if (loader_.joinable()) loader_.join();
}

bool group_service::write(int32_t partition, const std::vector<group::record>& records) {
    auto log = logs_.get(offsets_topic, partition);
    if (!log) return false;
    const int64_t now = log::system_clock_ms();
    protocol::record_batch_builder builder(protocol::batch_options{});
    std::vector<group::encoded_record> encoded;
    encoded.reserve(records.size());
    for (const auto& r : records) {
        encoded.push_back(group::encode(r));
        const auto& e = encoded.back();
        protocol::record_input in;
        in.timestamp = now;
        in.key = protocol::bytes_view(e.key);
        if (e.value) in.value = protocol::bytes_view(*e.value);
        builder.add(in);
    }
    protocol::byte_buffer batch;
    builder.finish(batch);
    const log::append_result r = log->append(batch, now, false);
    if (r.error != log::errc::none) {
        spdlog::warn("cannot append to {}-{}: {}", offsets_topic, partition, r.detail);
        return false;
    }
    return true;
}

boost::asio::awaitable<bool> group_service::durable(const std::string& group_id,
                                                    std::chrono::milliseconds timeout) {
    if (!logs_.options().fsync_before_ack) co_return true;
    auto log = logs_.get(offsets_topic, group::partition_for(group_id, coordinator_.partitions()));
    if (!log) co_return false;
    const int64_t last = log->log_end_offset() - 1;
    if (last < 0) co_return true;
    auto done = std::make_shared<countdown>(co_await boost::asio::this_coro::executor, 1);
    auto ok = std::make_shared<std::atomic<bool>>(false);
    log->when_durable(last, [done, ok](log::errc e) {
        ok->store(e == log::errc::none);
        done->arrive();
    });
    const bool in_time = co_await done->wait(timeout);
    co_return in_time && ok->load();
}

void group_service::start() {
    const auto image = controller_.image();
    if (!image->find_topic(offsets_topic)) return;
    coordinator_.begin_loading();
    loader_ = std::thread([this] { load(); });
}

// Replays every partition of __consumer_offsets from its log start, in offset order.
void group_service::load() {
    const auto started = std::chrono::steady_clock::now();
    size_t count = 0;
    protocol::byte_buffer scratch;
    for (int32_t p = 0; p < coordinator_.partitions(); ++p) {
        auto log = logs_.get(offsets_topic, p);
        if (!log) continue;
        int64_t offset = log->log_start_offset();
        const int64_t end = log->high_watermark();
        while (offset < end) {
            const log::read_result rr =
                log->read(offset, 1 << 20, true, log::isolation::read_uncommitted);
            if (rr.error != log::errc::none || rr.ranges.empty()) break;
            const int64_t before = offset;
            for (const auto& range : rr.ranges) {
                protocol::byte_buffer bytes(range.size);
                const int64_t n = range.file->read_at(bytes.data(), bytes.size(), range.position);
                if (n < 0) break;
                bytes.resize(static_cast<size_t>(n));
                protocol::batch_reader batches(bytes);
                for (auto b = batches.next(); b.status == protocol::batch_status::ok;
                     b = batches.next()) {
                    offset = std::max(offset, b.batch.last_offset() + 1);
                    if (b.batch.is_control()) continue;
                    protocol::bytes_view records;
                    if (protocol::batch_records(b.batch, scratch, 64 << 20, records)
                        != protocol::decode_errc::none)
                        continue;
                    protocol::record_reader reader(records, b.batch.records_count());
                    protocol::record_view rv;
                    while (reader.next(rv)) {
                        if (protocol::record_offset(b.batch, rv) < before || !rv.key) continue;
                        if (auto rec = group::decode(*rv.key, rv.value)) {
                            coordinator_.replay(*rec);
                            ++count;
                        }
                    }
                }
            }
            if (offset == before) break;  // no progress: a damaged tail
        }
    }
    coordinator_.finish_loading();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    spdlog::info("loaded {} records of {} in {} ms", count, offsets_topic, ms);
}

boost::asio::awaitable<bool> group_service::ensure_offsets_topic() {
    if (!controller_.image()->find_topic(offsets_topic)) {
        controller::new_topic t;
        t.name = offsets_topic;
        t.num_partitions = config_.offsets_topic_num_partitions;
        t.replication_factor = 1;
        t.configs["cleanup.policy"] = "compact";
        t.configs["compression.type"] = "producer";
        t.configs["segment.bytes"] = "104857600";
        std::vector<controller::new_topic> topics;
        topics.push_back(std::move(t));
        const std::vector<controller::topic_creation> created =
            co_await controller_.create_topics(std::move(topics), false);
        const controller::errc code =
            created.empty() ? controller::errc::none : created[0].status.code;
        if (code == controller::errc::none) {
            spdlog::info("created {} with {} partitions", offsets_topic,
                         config_.offsets_topic_num_partitions);
        } else if (code != controller::errc::topic_exists) {
            spdlog::warn("cannot create {}: {}", offsets_topic, created[0].status.message);
        }
    }
    // Every partition's log must be open here: creation publishes the topic before the
    // logs of all its partitions exist, and a group whose partition is missing could not
    // write (FindCoordinator answers COORDINATOR_NOT_AVAILABLE meanwhile, as Kafka does).
    for (int32_t p = 0; p < coordinator_.partitions(); ++p) {
        if (!logs_.get(offsets_topic, p)) co_return false;
    }
    co_return true;
}

boost::asio::awaitable<void> group_service::run_timer(const bool* stopping) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    uint64_t ticks = 0;
    for (;;) {
        timer.expires_after(tick_interval);
        co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (*stopping) co_return;
        coordinator_.tick();
        // Offsets of deleted topics go, as Kafka removes them on topic deletion.
        if (++ticks % 50 == 0) {
            const auto image = controller_.image();
            const size_t removed = coordinator_.delete_offsets_of_missing_topics(
                [&image](const std::string& topic) { return image->find_topic(topic) != nullptr; });
            if (removed > 0) spdlog::info("removed {} offsets of deleted topics", removed);
        }
    }
}

void group_service::stop() {
    coordinator_.shutdown();
    if (loader_.joinable()) loader_.join();
}

}  // namespace samsa::server
