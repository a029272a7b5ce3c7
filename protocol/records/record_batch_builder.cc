#include "protocol/records/record_batch_builder.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "protocol/records/big_endian.h"
#include "protocol/records/crc32c.h"
#include "protocol/wire/varint.h"

namespace samsa::protocol {
namespace {

int32_t checked_length(size_t n) {
    if (n > static_cast<size_t>(std::numeric_limits<int32_t>::max())) std::abort();
    return static_cast<int32_t>(n);
}

size_t nullable_size(const std::optional<bytes_view>& b) {
    if (!b) return varint_size(-1);
    return varint_size(checked_length(b->size())) + b->size();
}

uint8_t* put_bytes(uint8_t* p, bytes_view b) {
    p = put_varint(p, checked_length(b.size()));
    if (!b.empty()) std::memcpy(p, b.data(), b.size());
    return p + b.size();
}

uint8_t* put_nullable(uint8_t* p, const std::optional<bytes_view>& b) {
    if (!b) return put_varint(p, -1);
    return put_bytes(p, *b);
}

size_t body_size(const record_input& r, int64_t timestamp_delta, int32_t offset_delta) {
    size_t n = 1 + varlong_size(timestamp_delta) + varint_size(offset_delta) + nullable_size(r.key)
               + nullable_size(r.value) + varint_size(checked_length(r.headers.size()));
    for (const record_header_input& h : r.headers) {
        n += nullable_size(as_bytes(h.key)) + nullable_size(h.value);
    }
    return n;
}

uint16_t attributes_of(const batch_options& o) {
    uint16_t a = static_cast<uint16_t>(o.codec) & batch_attr::codec_mask;
    if (o.ts_type == timestamp_type::log_append_time) a |= batch_attr::log_append_time;
    if (o.transactional) a |= batch_attr::transactional;
    if (o.control) a |= batch_attr::control;
    if (o.delete_horizon_ms) a |= batch_attr::delete_horizon;
    return a;
}

}  // namespace

void record_batch_builder::add(const record_input& r) {
    if (count_ == 0) base_timestamp_ = options_.delete_horizon_ms.value_or(r.timestamp);
    max_timestamp_ = count_ == 0 ? r.timestamp : std::max(max_timestamp_, r.timestamp);
    const int64_t timestamp_delta = static_cast<int64_t>(static_cast<uint64_t>(r.timestamp)
                                                         - static_cast<uint64_t>(base_timestamp_));
    const int32_t offset_delta = r.offset_delta.value_or(count_);
    const size_t body = body_size(r, timestamp_delta, offset_delta);
    const int32_t length = checked_length(body);

    const size_t at = records_.size();
    records_.resize(at + varint_size(length) + body);
    uint8_t* p = put_varint(records_.data() + at, length);
    *p++ = 0;  // record attributes: unused
    p = put_varlong(p, timestamp_delta);
    p = put_varint(p, offset_delta);
    p = put_nullable(p, r.key);
    p = put_nullable(p, r.value);
    p = put_varint(p, checked_length(r.headers.size()));
    for (const record_header_input& h : r.headers) {
        p = put_bytes(p, as_bytes(h.key));
        p = put_nullable(p, h.value);
    }
    if (p != records_.data() + records_.size()) std::abort();  // body_size disagrees
    ++count_;
}

void record_batch_builder::finish(byte_buffer& out) {
    const size_t start = out.size();
    out.resize(start + batch_header_size);
    if (!compress(options_.codec, records_, out)) std::abort();  // unknown codec in options
    const size_t total = out.size() - start;
    uint8_t* h = out.data() + start;
    if (options_.max_timestamp) max_timestamp_ = *options_.max_timestamp;
    if (options_.delete_horizon_ms) {
        base_timestamp_ = *options_.delete_horizon_ms;
    } else if (count_ == 0 && options_.max_timestamp) {
        base_timestamp_ = *options_.max_timestamp;
    }
    const int32_t last_delta = options_.last_offset_delta.value_or(count_ - 1);
    be::store64(h + batch_field::base_offset, static_cast<uint64_t>(options_.base_offset));
    be::store32(h + batch_field::batch_length,
                static_cast<uint32_t>(checked_length(total - batch_log_overhead)));
    be::store32(h + batch_field::partition_leader_epoch,
                static_cast<uint32_t>(options_.partition_leader_epoch));
    h[batch_field::magic] = static_cast<uint8_t>(current_magic);
    be::store16(h + batch_field::attributes, attributes_of(options_));
    be::store32(h + batch_field::last_offset_delta, static_cast<uint32_t>(last_delta));
    be::store64(h + batch_field::base_timestamp, static_cast<uint64_t>(base_timestamp_));
    be::store64(h + batch_field::max_timestamp, static_cast<uint64_t>(max_timestamp_));
    be::store64(h + batch_field::producer_id, static_cast<uint64_t>(options_.producer_id));
    be::store16(h + batch_field::producer_epoch, static_cast<uint16_t>(options_.producer_epoch));
    be::store32(h + batch_field::base_sequence, static_cast<uint32_t>(options_.base_sequence));
    be::store32(h + batch_field::records_count, static_cast<uint32_t>(count_));
    const bytes_view covered(h + batch_field::attributes, total - batch_field::attributes);
    be::store32(h + batch_field::crc, crc32c(covered));

    records_.clear();
    count_ = 0;
    base_timestamp_ = -1;
    max_timestamp_ = -1;
}

void build_end_txn_marker_batch(const batch_options& options, control_record_type type,
                                int32_t coordinator_epoch, int64_t timestamp, byte_buffer& out) {
    if (type != control_record_type::abort && type != control_record_type::commit) std::abort();
    batch_options o = options;
    o.codec = compression_codec::none;
    o.transactional = true;
    o.control = true;
    std::array<uint8_t, 4> key{};  // version 0, type
    be::store16(key.data() + 2, static_cast<uint16_t>(type));
    std::array<uint8_t, 6> value{};  // version 0, coordinator epoch
    be::store32(value.data() + 2, static_cast<uint32_t>(coordinator_epoch));
    record_batch_builder b(o);
    b.add({.timestamp = timestamp,
           .key = bytes_view(key),
           .value = bytes_view(value),
           .headers = {}});
    b.finish(out);
}

}  // namespace samsa::protocol
