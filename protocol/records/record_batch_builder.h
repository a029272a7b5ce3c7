// Builds v2 record batches: what a producer sends, what tests and benchmarks feed the
// broker, and the control batches (transaction markers) the broker writes itself.
//
// add() encodes each record at once into the builder's own buffer, copying its bytes, so
// the inputs need only live for the call. finish() appends the whole batch to the caller's
// buffer: the header, the records (compressed as one blob when a codec is set), every
// length and count, lastOffsetDelta, the base and max timestamps, and the CRC.
//
// Record i gets offsetDelta i (unless it gives its own) and timestampDelta = its timestamp
// minus the baseTimestamp (the first record's timestamp, or the delete horizon). An empty batch has
// lastOffsetDelta -1 and both timestamps -1. Not thread-safe; one builder makes one batch at a time
// and is reusable after finish().
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "protocol/records/compression.h"
#include "protocol/records/record.h"
#include "protocol/records/record_batch.h"
#include "protocol/wire/bytes.h"

namespace samsa::protocol {

struct record_header_input {
    std::string_view key;
    std::optional<bytes_view> value;  // nullopt: null
};

struct record_input {
    int64_t timestamp = 0;
    std::optional<bytes_view> key;    // nullopt: null
    std::optional<bytes_view> value;  // nullopt: null
    std::span<const record_header_input> headers;
    // The record's offsetDelta; nullopt: the next in sequence (the count of records so far).
    // Given deltas must increase (the log cleaner keeps records' original offsets).
    std::optional<int32_t> offset_delta;
};

struct batch_options {
    int64_t base_offset = 0;
    int32_t partition_leader_epoch = -1;
    compression_codec codec = compression_codec::none;
    timestamp_type ts_type = timestamp_type::create_time;
    int64_t producer_id = -1;  // -1: no producer id (not idempotent)
    int16_t producer_epoch = -1;
    int32_t base_sequence = -1;
    bool transactional = false;
    bool control = false;
    // What the log cleaner sets when it rewrites a batch:
    // lastOffsetDelta (nullopt: the last record's), so a batch keeps its offset span when
    // records leave it, and an empty batch can stand for a removed one;
    std::optional<int32_t> last_offset_delta;
    // the delete horizon (KIP-534): the attribute bit, and baseTimestamp holds it;
    std::optional<int64_t> delete_horizon_ms;
    // maxTimestamp (nullopt: the largest record timestamp), e.g. a LogAppendTime batch's.
    std::optional<int64_t> max_timestamp;
};

class record_batch_builder {
  public:
    explicit record_batch_builder(const batch_options& options) : options_(options) {}

    // Appends r as the next record. Keys, values and header parts above 2 GiB abort.
    void add(const record_input& r);
    int32_t count() const { return count_; }
    // The encoded records so far, before compression.
    size_t records_size() const { return records_.size(); }

    // Appends the finished batch to out and empties the builder (same options).
    void finish(byte_buffer& out);

  private:
    batch_options options_;
    byte_buffer records_;
    int32_t count_ = 0;
    int64_t base_timestamp_ = -1;
    int64_t max_timestamp_ = -1;
};

// Appends a control batch holding one end-transaction marker, as a transaction coordinator
// writes it: transactional and control bits set, no compression, one record whose key is
// (version 0, type) and whose value is (version 0, coordinator_epoch). type must be abort
// or commit. options supplies the offsets, epochs and producer fields; its codec,
// transactional and control fields are overridden.
void build_end_txn_marker_batch(const batch_options& options, control_record_type type,
                                int32_t coordinator_epoch, int64_t timestamp, byte_buffer& out);

}  // namespace samsa::protocol
