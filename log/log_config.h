// The configuration a partition log runs with: the effective topic config values (log_config,
// changed at run time through log_manager::set_config) and the broker-wide options
// (log_options) that every partition of a broker shares.
//
// Time: every component of the log takes the current time from a clock_fn (milliseconds since
// the epoch), so that retention, segment.ms and producer expiry are tested with a manual clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>

#include "protocol/records/compression.h"

namespace samsa::log {

using clock_fn = std::function<int64_t()>;

// Wall-clock milliseconds since the epoch (what Kafka's Time.SYSTEM.milliseconds() gives).
inline int64_t system_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// The effective topic config values a partition log uses (Kafka's names in the comments).
struct log_config {
    int32_t segment_bytes = 1073741824;      // segment.bytes
    int64_t segment_ms = 604800000;          // segment.ms
    int32_t segment_index_bytes = 10485760;  // segment.index.bytes (index preallocation)
    int32_t index_interval_bytes = 4096;     // index.interval.bytes
    int64_t retention_ms = 604800000;        // retention.ms, -1 = keep forever
    int64_t retention_bytes = -1;            // retention.bytes, -1 = no limit
    int32_t max_message_bytes = 1048588;     // max.message.bytes
    bool log_append_time = false;            // message.timestamp.type=LogAppendTime
    int64_t timestamp_before_max_ms = std::numeric_limits<int64_t>::max();  // ...before.max.ms
    int64_t timestamp_after_max_ms = 3600000;  // message.timestamp.after.max.ms (Kafka 4)
    std::optional<protocol::compression_codec> compression;  // nullopt = "producer"
    int32_t compression_level = -1;  // for the topic codec when it differs from the producer's
    bool compact = false;            // cleanup.policy contains compact
    bool delete_retention = true;    // cleanup.policy contains delete
    int64_t delete_retention_ms = 86400000;  // delete.retention.ms: tombstones' grace period
    int64_t min_compaction_lag_ms = 0;       // min.compaction.lag.ms
    int64_t max_compaction_lag_ms = std::numeric_limits<int64_t>::max();  // max.compaction.lag.ms
    double min_cleanable_dirty_ratio = 0.5;                        // min.cleanable.dirty.ratio
    int64_t flush_messages = std::numeric_limits<int64_t>::max();  // flush.messages
    int64_t flush_ms = std::numeric_limits<int64_t>::max();        // flush.ms
    int64_t file_delete_delay_ms = 60000;                          // file.delete.delay.ms
    bool preallocate = false;                                      // preallocate
};

// Broker-wide options of the log (server.properties), the same for every partition.
struct log_options {
    // samsa.log.fsync.before.ack (samsa's own): the high watermark advances only once the
    // appended bytes are fsynced; one fsync covers every append that arrived meanwhile.
    bool fsync_before_ack = false;
    int fsync_threads = 8;  // samsa.log.fsync.threads: partitions fsynced at once (samsa's own)
    int64_t producer_id_expiration_ms = 86400000;               // producer.id.expiration.ms
    int64_t producer_id_expiration_check_interval_ms = 600000;  // ...check.interval.ms
    int64_t retention_check_interval_ms = 300000;               // log.retention.check.interval.ms
    int64_t flush_scheduler_interval_ms = std::numeric_limits<int64_t>::max();  // log.flush.
    int64_t flush_offset_checkpoint_interval_ms = 60000;        // log.flush.offset.checkpoint...
    int64_t flush_start_offset_checkpoint_interval_ms = 60000;  // log.flush.start.offset...
    int64_t high_watermark_checkpoint_interval_ms = 5000;  // replica.high.watermark.checkpoint...
    // The most bytes one compressed batch may decompress to while it is validated or
    // recompressed (samsa's own bound; Kafka has none). Larger batches get MESSAGE_TOO_LARGE.
    size_t max_decompressed_batch_bytes = 128u << 20;
    bool cleaner_enable = true;                       // log.cleaner.enable
    int64_t cleaner_backoff_ms = 15000;               // log.cleaner.backoff.ms
    size_t cleaner_dedupe_buffer_bytes = 128u << 20;  // log.cleaner.dedupe.buffer.size
    clock_fn clock = system_clock_ms;
};

}  // namespace samsa::log
