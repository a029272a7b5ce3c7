#include "protocol/records/record_batch.h"

#include <cstdlib>

#include "protocol/records/big_endian.h"
#include "protocol/records/crc32c.h"

namespace samsa::protocol {
namespace {

// The smallest batchLength of the old formats: crc, magic, attributes, key and value
// lengths (v0, 14 bytes); v1 adds an 8-byte timestamp.
constexpr int32_t legacy_min_length(int8_t magic) {
    return magic == 0 ? 14 : 22;
}

batch_result with_status(batch_status s, int8_t magic = -1) {
    batch_result r;
    r.status = s;
    r.magic = magic;
    return r;
}

void require_header(std::span<uint8_t> batch) {
    if (batch.size() < batch_header_size) std::abort();
}

}  // namespace

int64_t record_batch_view::base_offset() const {
    return static_cast<int64_t>(be::load64(data_.data() + batch_field::base_offset));
}
int32_t record_batch_view::batch_length() const {
    return static_cast<int32_t>(be::load32(data_.data() + batch_field::batch_length));
}
int32_t record_batch_view::partition_leader_epoch() const {
    return static_cast<int32_t>(be::load32(data_.data() + batch_field::partition_leader_epoch));
}
int8_t record_batch_view::magic() const {
    return static_cast<int8_t>(data_[batch_field::magic]);
}
uint32_t record_batch_view::crc() const {
    return be::load32(data_.data() + batch_field::crc);
}
uint16_t record_batch_view::attributes() const {
    return be::load16(data_.data() + batch_field::attributes);
}
int32_t record_batch_view::last_offset_delta() const {
    return static_cast<int32_t>(be::load32(data_.data() + batch_field::last_offset_delta));
}
int64_t record_batch_view::base_timestamp() const {
    return static_cast<int64_t>(be::load64(data_.data() + batch_field::base_timestamp));
}
int64_t record_batch_view::max_timestamp() const {
    return static_cast<int64_t>(be::load64(data_.data() + batch_field::max_timestamp));
}
int64_t record_batch_view::producer_id() const {
    return static_cast<int64_t>(be::load64(data_.data() + batch_field::producer_id));
}
int16_t record_batch_view::producer_epoch() const {
    return static_cast<int16_t>(be::load16(data_.data() + batch_field::producer_epoch));
}
int32_t record_batch_view::base_sequence() const {
    return static_cast<int32_t>(be::load32(data_.data() + batch_field::base_sequence));
}
int32_t record_batch_view::records_count() const {
    return static_cast<int32_t>(be::load32(data_.data() + batch_field::records_count));
}

int64_t record_batch_view::last_offset() const {
    return static_cast<int64_t>(static_cast<uint64_t>(base_offset())
                                + static_cast<uint64_t>(int64_t{last_offset_delta()}));
}

compression_codec record_batch_view::compression() const {
    return static_cast<compression_codec>(attributes() & batch_attr::codec_mask);
}

timestamp_type record_batch_view::ts_type() const {
    return (attributes() & batch_attr::log_append_time) != 0 ? timestamp_type::log_append_time
                                                             : timestamp_type::create_time;
}

std::optional<int64_t> record_batch_view::delete_horizon_ms() const {
    if (!has_delete_horizon()) return std::nullopt;
    return base_timestamp();
}

uint32_t record_batch_view::compute_crc() const {
    return crc32c(data_.subspan(batch_field::attributes));
}

batch_result read_batch(bytes_view blob) {
    if (blob.empty()) return with_status(batch_status::end);
    if (blob.size() < batch_log_overhead) return with_status(batch_status::truncated);
    const int32_t length =
        static_cast<int32_t>(be::load32(blob.data() + batch_field::batch_length));
    if (length < 0) return with_status(batch_status::bad_batch);
    if (blob.size() <= batch_field::magic) {
        // The magic is out of reach. A length too small for any format is still an error.
        return with_status(length < legacy_min_length(0) ? batch_status::bad_batch
                                                         : batch_status::truncated);
    }
    const int8_t magic = static_cast<int8_t>(blob[batch_field::magic]);
    if (magic == 0 || magic == 1) {
        return with_status(length < legacy_min_length(magic) ? batch_status::bad_batch
                                                             : batch_status::legacy_format,
                           magic);
    }
    if (magic != current_magic) return with_status(batch_status::bad_batch, magic);
    if (length < batch_min_length) return with_status(batch_status::bad_batch, magic);
    const size_t total = batch_log_overhead + static_cast<size_t>(length);
    if (total > blob.size()) return with_status(batch_status::truncated, magic);
    batch_result r = with_status(batch_status::ok, magic);
    r.batch = record_batch_view(blob.first(total));
    return r;
}

decode_errc to_decode_errc(batch_status s) {
    switch (s) {
        case batch_status::ok:
        case batch_status::end:
            return decode_errc::none;
        case batch_status::truncated:
            return decode_errc::truncated;
        case batch_status::legacy_format:
            return decode_errc::unsupported_version;
        case batch_status::bad_batch:
            return decode_errc::bad_batch;
    }
    return decode_errc::bad_batch;
}

batch_result batch_reader::next() {
    if (final_) return *final_;
    batch_result r = read_batch(blob_.subspan(pos_));
    if (r.status == batch_status::ok) {
        pos_ += r.batch.size();
    } else {
        final_ = r;
    }
    return r;
}

void set_base_offset(std::span<uint8_t> batch, int64_t base_offset) {
    require_header(batch);
    be::store64(batch.data() + batch_field::base_offset, static_cast<uint64_t>(base_offset));
}

void set_partition_leader_epoch(std::span<uint8_t> batch, int32_t epoch) {
    require_header(batch);
    be::store32(batch.data() + batch_field::partition_leader_epoch, static_cast<uint32_t>(epoch));
}

void set_max_timestamp(std::span<uint8_t> batch, timestamp_type type, int64_t max_timestamp) {
    require_header(batch);
    uint16_t attrs = be::load16(batch.data() + batch_field::attributes);
    if (type == timestamp_type::log_append_time) {
        attrs |= batch_attr::log_append_time;
    } else {
        attrs &= static_cast<uint16_t>(~batch_attr::log_append_time);
    }
    be::store16(batch.data() + batch_field::attributes, attrs);
    be::store64(batch.data() + batch_field::max_timestamp, static_cast<uint64_t>(max_timestamp));
    const bytes_view covered = bytes_view(batch).subspan(batch_field::attributes);
    be::store32(batch.data() + batch_field::crc, crc32c(covered));
}

}  // namespace samsa::protocol
