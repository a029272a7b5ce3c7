#include "log/log_validator.h"

#include <algorithm>

#include "log/recompress.h"
#include "protocol/records/record.h"
#include "protocol/records/record_batch.h"

namespace samsa::log {

namespace proto = protocol;

namespace {

constexpr int64_t no_timestamp = -1;

validation_result failure(errc e, std::string message) {
    validation_result r;
    r.error = e;
    r.message = std::move(message);
    return r;
}

int64_t wrapping_sub(int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}

int64_t wrapping_add(int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

std::string record_string(int64_t offset, int64_t timestamp, const proto::record_view& r) {
    return "DefaultRecord(offset=" + std::to_string(offset) + ", timestamp="
           + std::to_string(timestamp) + ", key=" + std::to_string(r.key ? r.key->size() : 0)
           + " bytes, value=" + std::to_string(r.value ? r.value->size() : 0) + " bytes)";
}

// What reading a batch's records found.
struct records_outcome {
    errc malformed = errc::none;  // invalid_record when the records do not parse
    int64_t max_timestamp = no_timestamp;
    bool offsets_in_order = true;  // every record's offset equals its index (from base 0)
    bool any_timestamp_error = false;
    std::vector<record_error> errors;
};

// Kafka's validateRecord for every record: key on compacted topics, then the timestamp.
records_outcome check_records(const proto::record_batch_view& batch, proto::bytes_view records,
                              const validator_config& c, int64_t now) {
    records_outcome out;
    proto::record_reader reader(records, batch.records_count());
    proto::record_view rec;
    int32_t index = 0;
    const bool batch_lat = batch.ts_type() == proto::timestamp_type::log_append_time;
    while (reader.next(rec)) {
        const int64_t ts = proto::record_timestamp(batch, rec);
        const int64_t offset = proto::record_offset(batch, rec);
        if (offset != index) out.offsets_in_order = false;
        out.max_timestamp = std::max(out.max_timestamp, ts);
        if (c.compact && !rec.key) {
            out.errors.push_back({index,
                                  "Compacted topic cannot accept message without key in "
                                  "topic partition "
                                      + std::string(c.topic_partition)});
        } else if (!c.log_append_time && ts != no_timestamp) {
            const int64_t diff = wrapping_sub(now, ts);
            if (diff > c.timestamp_before_max_ms
                || wrapping_sub(0, diff) > c.timestamp_after_max_ms) {
                out.any_timestamp_error = true;
                out.errors.push_back(
                    {index, "Timestamp " + std::to_string(ts) + " of message with offset "
                                + std::to_string(offset)
                                + " is out of range. The timestamp should be within ["
                                + std::to_string(wrapping_sub(now, c.timestamp_before_max_ms))
                                + ", " + std::to_string(wrapping_add(now, c.timestamp_after_max_ms))
                                + "]"});
            }
        } else if (batch_lat) {
            out.any_timestamp_error = true;
            out.errors.push_back({index, "Invalid timestamp type in message "
                                             + record_string(offset, ts, rec)
                                             + ". Producer should not set timestamp type to "
                                               "LogAppendTime."});
        }
        ++index;
    }
    if (reader.error() != proto::decode_errc::none) out.malformed = errc::invalid_record;
    return out;
}

// Kafka's processRecordErrors.
validation_result record_errors_result(records_outcome&& o) {
    validation_result r;
    r.message_for_client = true;
    if (o.any_timestamp_error) {
        r.error = errc::invalid_timestamp;
        r.message = "One or more records have been rejected due to invalid timestamp";
    } else {
        r.error = errc::invalid_record;
        r.message = "One or more records have been rejected due to "
                    + std::to_string(o.errors.size())
                    + " record errors in total, and only showing the first three errors at most: [";
        for (size_t i = 0; i < std::min<size_t>(3, o.errors.size()); ++i) {
            if (i > 0) r.message += ", ";
            r.message += "RecordError(batchIndex=" + std::to_string(o.errors[i].batch_index)
                         + ", message='" + o.errors[i].message + "')";
        }
        r.message += "]";
    }
    r.record_errors = std::move(o.errors);
    return r;
}

// ProduceRequest.validateRecords and the batch iteration of analyzeAndValidateRecords: the
// entry must hold exactly one complete v2 batch (a partial batch after it is ignored).
std::optional<validation_result> check_framing(proto::bytes_view records, const validator_config& c,
                                               proto::record_batch_view& batch) {
    proto::batch_reader reader(records);
    const proto::batch_result first = reader.next();
    switch (first.status) {
        case proto::batch_status::ok:
            break;
        case proto::batch_status::end:
        case proto::batch_status::truncated:
            return failure(errc::invalid_record,
                           "Produce requests must have at least one record batch per partition");
        case proto::batch_status::legacy_format:
            if (!c.from_client) {
                return failure(errc::unsupported_message_format, "message format v0/v1");
            }
            return failure(errc::invalid_record,
                           "Produce requests are only allowed to contain record batches with "
                           "magic version 2");
        case proto::batch_status::bad_batch:
            return failure(errc::corrupt_message,
                           "Record batch framing is corrupt in topic partition "
                               + std::string(c.topic_partition));
    }
    const proto::batch_result second = reader.next();
    if (second.status == proto::batch_status::ok
        || second.status == proto::batch_status::legacy_format) {
        return failure(errc::invalid_record,
                       "Produce requests are only allowed to contain exactly one record batch "
                       "per partition");
    }
    if (second.status == proto::batch_status::bad_batch) {
        return failure(errc::corrupt_message, "Record batch framing is corrupt in topic partition "
                                                  + std::string(c.topic_partition));
    }
    batch = first.batch;
    return std::nullopt;
}

// analyzeAndValidateRecords' per-batch checks and LogValidator.validateBatch.
std::optional<validation_result> check_batch(const proto::record_batch_view& b,
                                             const validator_config& c) {
    // Messages are built only for an error: the common path allocates nothing.
    const auto tp_str = [&] { return std::string(c.topic_partition); };
    if (c.from_client && b.base_offset() != 0) {
        return failure(errc::invalid_record, "The baseOffset of the record batch in the append to "
                                                 + tp_str() + " should be 0, but it is "
                                                 + std::to_string(b.base_offset()));
    }
    if (b.size() > static_cast<size_t>(std::max(c.max_message_bytes, 0))) {
        return failure(errc::message_too_large,
                       "The record batch size in the append to " + tp_str() + " is "
                           + std::to_string(b.size())
                           + " bytes which exceeds the maximum configured value of "
                           + std::to_string(c.max_message_bytes) + ".");
    }
    if (!b.verify_crc()) {
        return failure(errc::corrupt_message,
                       "Record is corrupt (stored crc = " + std::to_string(b.crc())
                           + ") in topic partition " + tp_str() + ".");
    }
    if (!proto::is_known_codec(b.compression())) {
        return failure(
            errc::unsupported_compression_type,
            "Unknown compression type id: " + std::to_string(static_cast<int>(b.compression())));
    }
    const int64_t count_from_offsets = int64_t{b.last_offset_delta()} + 1;
    const auto range = [&] {
        return "[" + std::to_string(b.base_offset()) + ", " + std::to_string(b.last_offset()) + "]";
    };
    if (count_from_offsets <= 0) {
        return failure(errc::invalid_record, "Batch has an invalid offset range: " + range()
                                                 + " in topic partition " + tp_str());
    }
    if (!c.from_client) return std::nullopt;
    if (b.records_count() <= 0) {
        return failure(errc::invalid_record, "Invalid reported count for record batch: "
                                                 + std::to_string(b.records_count())
                                                 + " in topic partition " + tp_str());
    }
    if (count_from_offsets != b.records_count()) {
        return failure(errc::invalid_record,
                       "Inconsistent batch offset range " + range() + " and count of records "
                           + std::to_string(b.records_count()) + " in topic partition " + tp_str());
    }
    if (b.is_control()) {
        return failure(
            errc::invalid_record,
            "Clients are not allowed to write control records in topic partition " + tp_str());
    }
    if (b.producer_id() >= 0 && b.base_sequence() < 0) {
        return failure(errc::invalid_record,
                       "Invalid sequence number " + std::to_string(b.base_sequence())
                           + " in record batch with producerId " + std::to_string(b.producer_id())
                           + " in topic partition " + tp_str());
    }
    return std::nullopt;
}

void stamp(std::span<uint8_t> bytes, const proto::record_batch_view& b, bool lat, int64_t max_ts) {
    const auto type =
        lat ? proto::timestamp_type::log_append_time : proto::timestamp_type::create_time;
    if (b.ts_type() != type || b.max_timestamp() != max_ts)
        proto::set_max_timestamp(bytes, type, max_ts);
}

}  // namespace

validation_result validate_records(std::span<uint8_t> records, const validator_config& c,
                                   int64_t now, proto::byte_buffer& scratch) {
    proto::record_batch_view b;
    if (auto f = check_framing(records, c, b)) return std::move(*f);
    if (auto f = check_batch(b, c)) return std::move(*f);
    std::span<uint8_t> bytes = records.first(b.size());

    const proto::compression_codec source = b.compression();
    const proto::compression_codec target = c.topic_compression.value_or(source);
    const bool uncompressed =
        source == proto::compression_codec::none && target == proto::compression_codec::none;
    bool in_place = uncompressed || source == target
                    || (source == proto::compression_codec::none && b.is_control());
    const bool batch_lat = b.ts_type() == proto::timestamp_type::log_append_time;
    const bool need_records =
        uncompressed || !in_place || c.compact || !c.log_append_time || batch_lat;

    records_outcome o;
    proto::bytes_view recs;
    if (need_records) {
        const proto::decode_errc e =
            proto::batch_records(b, scratch, c.max_decompressed_bytes, recs);
        if (e == proto::decode_errc::too_large) {
            return failure(errc::message_too_large,
                           "The records of the batch decompress to more than "
                               + std::to_string(c.max_decompressed_bytes) + " bytes");
        }
        if (e != proto::decode_errc::none) {
            return failure(errc::corrupt_message, "The records of the batch do not decompress ("
                                                      + std::string(proto::to_string(e)) + ")");
        }
        o = check_records(b, recs, c, now);
        if (o.malformed != errc::none) {
            return failure(o.malformed, "Found invalid record structure in topic partition "
                                            + std::string(c.topic_partition));
        }
        if (!o.errors.empty()) return record_errors_result(std::move(o));
        if (!uncompressed && !o.offsets_in_order) in_place = false;
    }

    validation_result r;
    r.record_count = b.last_offset_delta() + 1;
    r.log_append_time = c.log_append_time ? now : -1;
    r.max_timestamp = c.log_append_time ? now : o.max_timestamp;
    if (in_place) {
        stamp(bytes, b, c.log_append_time, r.max_timestamp);
        r.batch = bytes;
        return r;
    }
    rebuild_batch(b, recs, target, r.rebuilt);
    const proto::batch_result nb = proto::read_batch(r.rebuilt);
    stamp(r.rebuilt, nb.batch, c.log_append_time,
          c.log_append_time ? now : nb.batch.max_timestamp());
    r.max_timestamp = proto::read_batch(r.rebuilt).batch.max_timestamp();
    r.record_count = nb.batch.last_offset_delta() + 1;
    if (r.rebuilt.size() > static_cast<size_t>(std::max(c.max_message_bytes, 0))) {
        return failure(errc::message_too_large,
                       "Message batch size is " + std::to_string(r.rebuilt.size())
                           + " bytes in append to partition " + std::string(c.topic_partition)
                           + " which exceeds the maximum configured size of "
                           + std::to_string(c.max_message_bytes) + ".");
    }
    r.batch = std::span<uint8_t>(r.rebuilt);
    return r;
}

}  // namespace samsa::log
