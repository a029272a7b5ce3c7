#include "server/topic_log_config.h"

#include <charconv>
#include <cstdlib>

namespace samsa::server {
namespace {

template <typename T>
T number(const std::optional<std::string>& text, T fallback) {
    T v{};
    if (!text || std::from_chars(text->data(), text->data() + text->size(), v).ec != std::errc())
        return fallback;
    return v;
}

std::optional<protocol::compression_codec> codec_of(const std::string& name) {
    using protocol::compression_codec;
    if (name == "gzip") return compression_codec::gzip;
    if (name == "snappy") return compression_codec::snappy;
    if (name == "lz4") return compression_codec::lz4;
    if (name == "zstd") return compression_codec::zstd;
    if (name == "uncompressed") return compression_codec::none;
    return std::nullopt;  // "producer": keep the producer's codec
}

}  // namespace

log::log_config topic_log_config(const controller::config_resolver& resolver,
                                 const controller::topic_info& topic) {
    auto value = [&](std::string_view name) { return resolver.topic_value(topic, name); };
    log::log_config c;
    c.segment_bytes = number(value("segment.bytes"), c.segment_bytes);
    c.segment_ms = number(value("segment.ms"), c.segment_ms);
    c.segment_index_bytes = number(value("segment.index.bytes"), c.segment_index_bytes);
    c.index_interval_bytes = number(value("index.interval.bytes"), c.index_interval_bytes);
    c.retention_ms = number(value("retention.ms"), c.retention_ms);
    c.retention_bytes = number(value("retention.bytes"), c.retention_bytes);
    c.max_message_bytes = number(value("max.message.bytes"), c.max_message_bytes);
    c.log_append_time = value("message.timestamp.type").value_or("") == "LogAppendTime";
    c.timestamp_before_max_ms =
        number(value("message.timestamp.before.max.ms"), c.timestamp_before_max_ms);
    c.timestamp_after_max_ms =
        number(value("message.timestamp.after.max.ms"), c.timestamp_after_max_ms);
    const std::string compression = value("compression.type").value_or("producer");
    c.compression = codec_of(compression);
    if (c.compression && *c.compression != protocol::compression_codec::none
        && *c.compression != protocol::compression_codec::snappy) {
        c.compression_level =
            number(value("compression." + compression + ".level"), c.compression_level);
    }
    const std::string policy = value("cleanup.policy").value_or("delete");
    c.compact = policy.find("compact") != std::string::npos;
    c.delete_retention = policy.find("delete") != std::string::npos;
    c.delete_retention_ms = number(value("delete.retention.ms"), c.delete_retention_ms);
    c.min_compaction_lag_ms = number(value("min.compaction.lag.ms"), c.min_compaction_lag_ms);
    c.max_compaction_lag_ms = number(value("max.compaction.lag.ms"), c.max_compaction_lag_ms);
    if (const auto ratio = value("min.cleanable.dirty.ratio")) {
        c.min_cleanable_dirty_ratio = std::strtod(ratio->c_str(), nullptr);
    }
    c.flush_messages = number(value("flush.messages"), c.flush_messages);
    c.flush_ms = number(value("flush.ms"), c.flush_ms);
    c.file_delete_delay_ms = number(value("file.delete.delay.ms"), c.file_delete_delay_ms);
    c.preallocate = value("preallocate").value_or("false") == "true";
    return c;
}

log::log_options broker_log_options(const broker_config& config) {
    log::log_options o;
    o.fsync_before_ack = config.value_of("samsa.log.fsync.before.ack").value_or("false") == "true";
    o.fsync_threads =
        static_cast<int>(number(config.value_of("samsa.log.fsync.threads"), o.fsync_threads));
    o.producer_id_expiration_ms =
        number(config.value_of("producer.id.expiration.ms"), o.producer_id_expiration_ms);
    o.producer_id_expiration_check_interval_ms =
        number(config.value_of("producer.id.expiration.check.interval.ms"),
               o.producer_id_expiration_check_interval_ms);
    o.retention_check_interval_ms =
        number(config.value_of("log.retention.check.interval.ms"), o.retention_check_interval_ms);
    o.flush_scheduler_interval_ms =
        number(config.value_of("log.flush.scheduler.interval.ms"), o.flush_scheduler_interval_ms);
    o.flush_offset_checkpoint_interval_ms =
        number(config.value_of("log.flush.offset.checkpoint.interval.ms"),
               o.flush_offset_checkpoint_interval_ms);
    o.flush_start_offset_checkpoint_interval_ms =
        number(config.value_of("log.flush.start.offset.checkpoint.interval.ms"),
               o.flush_start_offset_checkpoint_interval_ms);
    o.cleaner_enable = config.value_of("log.cleaner.enable").value_or("true") == "true";
    o.cleaner_backoff_ms = number(config.value_of("log.cleaner.backoff.ms"), o.cleaner_backoff_ms);
    o.cleaner_dedupe_buffer_bytes =
        static_cast<size_t>(number(config.value_of("log.cleaner.dedupe.buffer.size"),
                                   static_cast<int64_t>(o.cleaner_dedupe_buffer_bytes)));
    o.high_watermark_checkpoint_interval_ms =
        number(config.value_of("replica.high.watermark.checkpoint.interval.ms"),
               o.high_watermark_checkpoint_interval_ms);
    return o;
}

}  // namespace samsa::server
