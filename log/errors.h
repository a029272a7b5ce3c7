// The log's own error codes. server/ maps them to Kafka's at the boundary.
#pragma once

#include <cstdint>
#include <string>

namespace samsa::log {

enum class errc : uint8_t {
    none,
    corrupt_message,             // a batch that fails its CRC or framing, or malformed records
    unsupported_message_format,  // magic 0 or 1
    invalid_record,              // a record Kafka refuses (e.g. no key on a compacted topic)
    message_too_large,           // a batch above max.message.bytes
    record_list_too_large,       // a request's records for one partition above the limit
    invalid_timestamp,           // outside message.timestamp.before/after.max.ms
    offset_out_of_range,         // a fetch or delete offset outside [log start, end]
    out_of_order_sequence,       // idempotent producer: a gap or reordering
    invalid_producer_epoch,      // idempotent producer: an epoch older than the current one
    unknown_producer_id,
    duplicate_sequence,  // a retried batch already in the log (not an error to clients)
    invalid_producer_id_mapping,
    not_enough_replicas,           // acks=all with fewer in-sync replicas than min.insync.replicas
    storage_error,                 // the disk failed us
    log_closed,                    // the partition was deleted or the broker is stopping
    unsupported_compression_type,  // a batch whose codec bits name no known codec (5-7)
    policy_violation,              // DeleteRecords on a topic without cleanup.policy=delete
    invalid_txn_state,             // a non-transactional write inside a producer's transaction
    transaction_coordinator_fenced,  // a transaction marker from an older coordinator epoch
};

// One record's error, for Produce v8+ record_errors: the index of the record within the
// partition's records and a message.
struct record_error {
    int32_t batch_index = 0;
    std::string message;
};

}  // namespace samsa::log
