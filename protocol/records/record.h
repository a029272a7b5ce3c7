// The records inside a v2 batch: a zero-copy reader, header iteration, the bytes of a
// compressed batch's records, and the control records that transaction markers carry.
//
// Record grammar (zig-zag varints; docs/formats/record-batch.md):
//   length varint, attributes int8, timestampDelta varlong, offsetDelta varint,
//   keyLength varint (-1 null) + key, valueLength varint (-1 null) + value,
//   headerCount varint, headers: keyLength varint + key, valueLength varint (-1 null) + value
//
// record_reader checks every length against the bytes that remain and against the
// record's own length, the count against the batch's recordsCount, and that no bytes
// follow the last record. A -1 length is null; any other negative length is an error
// (Kafka's reader treats every negative key or value length as null; samsa is stricter).
// Header keys may not be null. Errors are values; nothing reads outside the bytes given.
//
// Ownership: record_view, record_header_view and header_reader point into the records bytes
// (the batch, or the caller's decompression buffer), and are valid while those bytes are.
#pragma once

#include <cstdint>
#include <optional>

#include "protocol/records/record_batch.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace samsa::protocol {

struct record_header_view {
    bytes_view key;
    std::optional<bytes_view> value;  // nullopt: null
};

struct record_view {
    int8_t attributes = 0;
    int64_t timestamp_delta = 0;
    int32_t offset_delta = 0;
    std::optional<bytes_view> key;    // nullopt: null
    std::optional<bytes_view> value;  // nullopt: null
    int32_t header_count = 0;
    bytes_view headers;  // the encoded headers, already checked by record_reader
};

// The absolute offset and timestamp of a record of batch. Under LogAppendTime every record
// carries the batch's maxTimestamp.
int64_t record_offset(const record_batch_view& batch, const record_view& r);
int64_t record_timestamp(const record_batch_view& batch, const record_view& r);

class record_reader {
  public:
    // records: the uncompressed records of a batch; count: its recordsCount.
    record_reader(bytes_view records, int32_t count);

    // Reads the next record into r and returns true; returns false at the end or on the
    // first error (then error() says which: truncated, bad_varint, bad_batch).
    bool next(record_view& r);
    decode_errc error() const { return err_; }
    int32_t records_read() const { return read_; }

  private:
    bool fail(decode_errc e);

    bytes_view rest_;
    int32_t count_;
    int32_t read_ = 0;
    decode_errc err_ = decode_errc::none;
};

// Iterates the headers of a record that record_reader returned. It cannot fail: the reader
// already checked every header.
class header_reader {
  public:
    explicit header_reader(const record_view& r) : rest_(r.headers), left_(r.header_count) {}
    bool next(record_header_view& h);

  private:
    bytes_view rest_;
    int32_t left_;
};

// The uncompressed records of batch: a view into the batch itself when its codec is none,
// else the batch's records decompressed into scratch (cleared first, capacity reused), at
// most max_decompressed bytes. Returns none, bad_compression, or too_large.
decode_errc batch_records(const record_batch_view& batch, byte_buffer& scratch,
                          size_t max_decompressed, bytes_view& records);

// Control records (in batches with the control attribute): the key says what the record is.
enum class control_record_type : int16_t {
    abort = 0,
    commit = 1,
    leader_change = 2,
    snapshot_header = 3,
    snapshot_footer = 4,
    kraft_voters = 5,
    kraft_version = 6,
};

struct control_record_key {
    int16_t version = 0;
    int16_t type = 0;  // a control_record_type, or a value this broker does not know
};

// Key: int16 version (>= 0; later versions may append fields, which are ignored), int16 type.
// Returns none, or bad_batch for a null, short or negative-version key.
decode_errc parse_control_record_key(const std::optional<bytes_view>& key, control_record_key& out);

// The value of an ABORT or COMMIT control record.
struct end_txn_marker {
    int16_t version = 0;
    int32_t coordinator_epoch = 0;
};

// Value: int16 version (>= 0; later fields ignored), int32 coordinatorEpoch. Returns none,
// or bad_batch for a null, short or negative-version value.
decode_errc parse_end_txn_marker(const std::optional<bytes_view>& value, end_txn_marker& out);

}  // namespace samsa::protocol
