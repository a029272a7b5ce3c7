#include "log/batch_scan.h"

#include "protocol/records/big_endian.h"

namespace samsa::log {

namespace be = protocol::be;
namespace field = protocol::batch_field;

namespace {

batch_header parse_header(const uint8_t* p, uint64_t position) {
    batch_header h;
    h.position = position;
    h.size =
        static_cast<uint32_t>(protocol::batch_log_overhead + be::load32(p + field::batch_length));
    h.base_offset = static_cast<int64_t>(be::load64(p + field::base_offset));
    h.leader_epoch = static_cast<int32_t>(be::load32(p + field::partition_leader_epoch));
    h.magic = static_cast<int8_t>(p[field::magic]);
    h.attributes = be::load16(p + field::attributes);
    const int32_t delta = static_cast<int32_t>(be::load32(p + field::last_offset_delta));
    h.last_offset = static_cast<int64_t>(static_cast<uint64_t>(h.base_offset)
                                         + static_cast<uint64_t>(int64_t{delta}));
    h.max_timestamp = static_cast<int64_t>(be::load64(p + field::max_timestamp));
    h.producer_id = static_cast<int64_t>(be::load64(p + field::producer_id));
    h.producer_epoch = static_cast<int16_t>(be::load16(p + field::producer_epoch));
    h.base_sequence = static_cast<int32_t>(be::load32(p + field::base_sequence));
    h.records_count = static_cast<int32_t>(be::load32(p + field::records_count));
    return h;
}

}  // namespace

scan_status read_batch_header(const segment_file& file, uint64_t pos, uint64_t end,
                              batch_header& out) {
    if (pos >= end) return scan_status::end;
    const uint64_t avail = end - pos;
    if (avail < protocol::batch_header_size) return scan_status::truncated;
    uint8_t buf[protocol::batch_header_size];
    const int64_t n = file.read_at(buf, sizeof buf, pos);
    if (n < 0) return scan_status::corrupt;
    if (static_cast<size_t>(n) < sizeof buf) return scan_status::truncated;
    const int32_t length = static_cast<int32_t>(be::load32(buf + field::batch_length));
    if (length < protocol::batch_min_length) return scan_status::corrupt;
    if (static_cast<int8_t>(buf[field::magic]) != protocol::current_magic) {
        return scan_status::corrupt;
    }
    if (protocol::batch_log_overhead + static_cast<uint64_t>(length) > avail) {
        return scan_status::truncated;
    }
    out = parse_header(buf, pos);
    return scan_status::ok;
}

batch_header header_of(const protocol::record_batch_view& batch, uint64_t position) {
    return parse_header(batch.data().data(), position);
}

bool read_whole_batch(const segment_file& file, const batch_header& h, protocol::byte_buffer& buf) {
    buf.resize(h.size);
    return file.read_at(buf.data(), h.size, h.position) == static_cast<int64_t>(h.size);
}

}  // namespace samsa::log
