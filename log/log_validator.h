// Validation of one Produce partition entry before it is appended, as Kafka 4's
// ProduceRequest.validateRecords, UnifiedLog.analyzeAndValidateRecords and LogValidator do it,
// with Kafka's error for each case:
//
//   no complete batch, magic 0/1, more than one batch       INVALID_RECORD
//   a length below the minimum, a magic above 2             CORRUPT_MESSAGE
//   (clients) baseOffset != 0                               INVALID_RECORD
//   batch size above max.message.bytes (also after
//     recompression)                                        MESSAGE_TOO_LARGE
//   CRC mismatch                                            CORRUPT_MESSAGE
//   (clients) lastOffsetDelta/recordsCount inconsistent,
//     a control batch, a producer id with sequence < 0      INVALID_RECORD
//   malformed records (count, lengths, varints)             INVALID_RECORD
//   per-record: no key on a compacted topic                 INVALID_RECORD + record_errors
//   per-record: timestamp outside before/after.max.ms, or
//     a LogAppendTime batch from a producer                 INVALID_TIMESTAMP + record_errors
//
// samsa's choices where Kafka answers UNKNOWN_SERVER_ERROR: codec bits 5-7 give
// UNSUPPORTED_COMPRESSION_TYPE, records that do not decompress CORRUPT_MESSAGE, and records
// that decompress past log_options::max_decompressed_batch_bytes MESSAGE_TOO_LARGE (the Java
// producer splits the batch and retries on that one). A partial batch after the last complete
// one is dropped, as Kafka drops it.
//
// Edits in place (no copy): maxTimestamp and the timestamp type (LogAppendTime stamps `now`;
// CreateTime sets the records' true maximum), with a new CRC only when they change. Offsets
// and the partition leader epoch are set later, under the log's append lock. A compressed
// batch is decompressed only when its records must be read: CreateTime topics (timestamp
// bounds), compacted topics (keys), LogAppendTime batches from producers, and recompression
// when the topic's compression.type differs from the producer's codec (or inner offsets are
// not 0..n-1): then the batch is rebuilt into result.rebuilt.
//
// Pure apart from the edits to `records`; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "log/errors.h"
#include "protocol/records/compression.h"
#include "protocol/wire/bytes.h"

namespace samsa::log {

struct validator_config {
    std::string_view topic_partition;  // "<topic>-<partition>", for messages
    int32_t max_message_bytes = 1048588;
    bool log_append_time = false;
    int64_t timestamp_before_max_ms = INT64_MAX;
    int64_t timestamp_after_max_ms = 3600000;
    std::optional<protocol::compression_codec> topic_compression;  // nullopt: "producer"
    bool compact = false;
    size_t max_decompressed_bytes = 128u << 20;
    bool from_client = true;  // false: the broker's own writers (coordinators)
};

struct validation_result {
    errc error = errc::none;
    std::string message;
    // Whether Kafka sends `message` in the Produce response (its RecordValidationException
    // cases: record_errors present). Otherwise Kafka logs it and sends no message.
    bool message_for_client = false;
    std::vector<record_error> record_errors;

    // On success: the one batch to append (a prefix of the input, or rebuilt's bytes).
    std::span<uint8_t> batch;
    protocol::byte_buffer rebuilt;  // owns `batch` when the batch was rebuilt
    int32_t record_count = 0;       // offsets the batch takes (lastOffsetDelta + 1)
    int64_t max_timestamp = -1;     // the batch's maxTimestamp after validation
    int64_t log_append_time = -1;   // now, when the topic uses LogAppendTime
};

// Validates `records` (one Produce partition entry) at time now_ms. scratch is reused for
// decompression. On success result.batch is ready to append once its base offset and leader
// epoch are set. The result must not be copied while `batch` points into `rebuilt` (move it).
validation_result validate_records(std::span<uint8_t> records, const validator_config& config,
                                   int64_t now_ms, protocol::byte_buffer& scratch);

}  // namespace samsa::log
