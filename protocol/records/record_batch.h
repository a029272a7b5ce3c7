// Record batch v2: a zero-copy view of one batch, a reader that splits a records blob (a
// Produce request's records, a range of a segment file) into batches, and the in-place
// edits a broker makes on append. The layout is in docs/formats/record-batch.md.
//
// Ownership: nothing here owns bytes. A record_batch_view is valid while the bytes it was
// made from are; batch_reader holds a view of its blob under the same rule. Nothing
// allocates, nothing reads outside the bytes given, and malformed input is reported as a
// value, never by exception or undefined behaviour. Not thread-safe; cheap to copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "protocol/records/compression.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace samsa::protocol {

// Byte offsets of the v2 header fields, from the start of the batch.
namespace batch_field {
inline constexpr size_t base_offset = 0;              // int64
inline constexpr size_t batch_length = 8;             // int32: bytes after this field
inline constexpr size_t partition_leader_epoch = 12;  // int32
inline constexpr size_t magic = 16;                   // int8, at 16 in every format
inline constexpr size_t crc = 17;                     // uint32: CRC-32C of [attributes, end)
inline constexpr size_t attributes = 21;              // int16
inline constexpr size_t last_offset_delta = 23;       // int32
inline constexpr size_t base_timestamp = 27;          // int64
inline constexpr size_t max_timestamp = 35;           // int64
inline constexpr size_t producer_id = 43;             // int64
inline constexpr size_t producer_epoch = 51;          // int16
inline constexpr size_t base_sequence = 53;           // int32
inline constexpr size_t records_count = 57;           // int32
inline constexpr size_t records = 61;                 // the records, maybe compressed
}  // namespace batch_field

inline constexpr size_t batch_log_overhead = 12;  // baseOffset + batchLength
inline constexpr size_t batch_header_size = 61;   // the whole v2 header
inline constexpr int32_t batch_min_length = 49;   // batchLength of a batch with no records
inline constexpr int8_t current_magic = 2;

// Attribute bits.
namespace batch_attr {
inline constexpr uint16_t codec_mask = 0x07;
inline constexpr uint16_t log_append_time = 0x08;
inline constexpr uint16_t transactional = 0x10;
inline constexpr uint16_t control = 0x20;
inline constexpr uint16_t delete_horizon = 0x40;
}  // namespace batch_attr

enum class timestamp_type : uint8_t { create_time = 0, log_append_time = 1 };

struct batch_result;
batch_result read_batch(bytes_view blob);

class record_batch_view {
  public:
    record_batch_view() = default;

    // The whole batch, header included (size() == 12 + batch_length()).
    bytes_view data() const { return data_; }
    size_t size() const { return data_.size(); }
    // The bytes after the header: the records, compressed as one blob unless codec is none.
    bytes_view records_data() const { return data_.subspan(batch_header_size); }

    int64_t base_offset() const;
    int32_t batch_length() const;
    int32_t partition_leader_epoch() const;
    int8_t magic() const;
    uint32_t crc() const;
    uint16_t attributes() const;
    int32_t last_offset_delta() const;
    int64_t base_timestamp() const;
    int64_t max_timestamp() const;
    int64_t producer_id() const;
    int16_t producer_epoch() const;
    int32_t base_sequence() const;
    int32_t records_count() const;

    // baseOffset + lastOffsetDelta (wrapping, as two's complement, on absurd values).
    int64_t last_offset() const;
    compression_codec compression() const;  // may be an unknown value (5-7): see is_known_codec
    timestamp_type ts_type() const;
    bool is_transactional() const { return (attributes() & batch_attr::transactional) != 0; }
    bool is_control() const { return (attributes() & batch_attr::control) != 0; }
    bool has_delete_horizon() const { return (attributes() & batch_attr::delete_horizon) != 0; }
    // When the delete-horizon bit is set, baseTimestamp holds the horizon.
    std::optional<int64_t> delete_horizon_ms() const;

    // CRC-32C of the bytes the crc field covers, and whether it matches the field.
    uint32_t compute_crc() const;
    bool verify_crc() const { return compute_crc() == crc(); }

  private:
    friend batch_result read_batch(bytes_view blob);
    explicit record_batch_view(bytes_view exact) : data_(exact) {}

    bytes_view data_;
};

// What the bytes at the start of a blob hold.
enum class batch_status : uint8_t {
    ok,             // a complete v2 batch, its length within bounds (CRC not yet checked)
    end,            // no bytes at all (batch_reader: the blob is used up)
    truncated,      // the bytes end inside the batch: a partial trailing batch, as a fetch
                    // response may end with
    legacy_format,  // magic 0 or 1: a message set of the pre-0.11 formats, which Kafka 4 and
                    // samsa refuse (UNSUPPORTED_FOR_MESSAGE_FORMAT / CORRUPT_MESSAGE)
    bad_batch,      // a length below its format's minimum or negative, or a magic above 2
};

struct batch_result {
    batch_status status = batch_status::end;
    record_batch_view batch;  // set when status is ok
    int8_t magic = -1;        // the magic byte, when the bytes reach offset 16
};

// Reads the batch at the start of blob (which may hold more after it). Checks framing
// only: the length against the format's minimum and the bytes present, and the magic.
batch_result read_batch(bytes_view blob);

// The decode error a status maps to: ok and end to none, truncated to truncated,
// legacy_format to unsupported_version, bad_batch to bad_batch.
decode_errc to_decode_errc(batch_status s);

// Walks a blob batch by batch. next() returns each batch in turn, then one final result
// that is end (the blob ended exactly after a batch) or the problem that stopped it; every
// later call repeats that final result.
class batch_reader {
  public:
    explicit batch_reader(bytes_view blob) : blob_(blob) {}

    batch_result next();
    // Offset in the blob of the batch the next call to next() reads.
    size_t position() const { return pos_; }

  private:
    bytes_view blob_;
    size_t pos_ = 0;
    std::optional<batch_result> final_;
};

// In-place edits of a batch a batch_reader accepted; the span covers exactly that batch.
// baseOffset and partitionLeaderEpoch lie outside the CRC, so these two leave it alone.
// A span shorter than the header is a caller bug and aborts.
void set_base_offset(std::span<uint8_t> batch, int64_t base_offset);
void set_partition_leader_epoch(std::span<uint8_t> batch, int32_t epoch);
// Sets maxTimestamp and the timestamp-type bit (LogAppendTime stamps the broker's clock
// here), then recomputes the CRC.
void set_max_timestamp(std::span<uint8_t> batch, timestamp_type type, int64_t max_timestamp);

}  // namespace samsa::protocol
