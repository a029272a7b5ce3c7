// The parts of log_segment that read whole batches back: record-level timestamp lookups and
// the recovery scan.
#include <spdlog/spdlog.h>

#include <limits>

#include "log/segment.h"
#include "protocol/records/record.h"

namespace samsa::log {

namespace {

int32_t epoch_or_unknown(int32_t e) {
    return e >= 0 ? e : -1;
}

// Calls fn(timestamp, offset) for each record of the batch in buf until fn returns true.
// Returns false when the records cannot be read.
template <typename Fn>
bool for_each_record(protocol::bytes_view buf, size_t max_decompressed,
                     protocol::byte_buffer& scratch, Fn&& fn) {
    const protocol::batch_result r = protocol::read_batch(buf);
    if (r.status != protocol::batch_status::ok) return false;
    protocol::bytes_view records;
    if (protocol::batch_records(r.batch, scratch, max_decompressed, records)
        != protocol::decode_errc::none) {
        return false;
    }
    protocol::record_reader reader(records, r.batch.records_count());
    protocol::record_view rec;
    while (reader.next(rec)) {
        if (fn(protocol::record_timestamp(r.batch, rec), protocol::record_offset(r.batch, rec))) {
            return true;
        }
    }
    return reader.error() == protocol::decode_errc::none;
}

}  // namespace

std::optional<found_record> log_segment::find_offset_by_timestamp(int64_t ts,
                                                                  int64_t starting_offset) const {
    const timestamp_offset entry = times_.lookup(ts);
    uint64_t pos = offsets_.lookup(std::max(entry.offset, starting_offset)).position;
    const uint64_t end = size();
    protocol::byte_buffer buf;
    protocol::byte_buffer scratch;
    batch_header h;
    while (read_batch_header(*file_, pos, end, h) == scan_status::ok) {
        if (h.max_timestamp >= ts) {
            if (!read_whole_batch(*file_, h, buf)) return std::nullopt;
            std::optional<found_record> found;
            for_each_record(
                buf, options_.max_decompressed_bytes, scratch, [&](int64_t t, int64_t offset) {
                    if (t >= ts && offset >= starting_offset) {
                        found = found_record{t, offset, epoch_or_unknown(h.leader_epoch)};
                        return true;
                    }
                    return false;
                });
            if (found) return found;
        }
        pos += h.size;
    }
    return std::nullopt;
}

std::optional<found_record> log_segment::find_max_timestamp() const {
    const timestamp_offset max = max_timestamp_so_far();
    uint64_t pos = offsets_.lookup(max.offset).position;
    const uint64_t end = size();
    protocol::byte_buffer buf;
    protocol::byte_buffer scratch;
    batch_header h;
    while (read_batch_header(*file_, pos, end, h) == scan_status::ok) {
        if (h.max_timestamp == max.timestamp) {
            if (!read_whole_batch(*file_, h, buf)) return std::nullopt;
            std::optional<found_record> found;
            for_each_record(buf, options_.max_decompressed_bytes, scratch,
                            [&](int64_t t, int64_t offset) {
                                if (t != max.timestamp) return false;
                                found = found_record{t, offset, epoch_or_unknown(h.leader_epoch)};
                                return true;
                            });
            return found;
        }
        pos += h.size;
    }
    return std::nullopt;
}

std::variant<uint64_t, std::string> log_segment::recover(const batch_fn& on_batch) {
    if (auto e = offsets_.reset()) return *e;
    if (auto e = times_.reset()) return *e;
    {
        std::lock_guard lock(stats_mutex_);
        max_ts_ = {-1, base_};
        rolling_ts_.reset();
    }
    const uint64_t disk = file_->disk_size();
    uint64_t valid = 0;
    int64_t expected_next = base_;
    bytes_since_index_entry_ = 0;
    protocol::byte_buffer buf;
    std::string why = "end of file";
    for (;;) {
        batch_header h;
        const scan_status st = read_batch_header(*file_, valid, disk, h);
        if (st == scan_status::end) break;
        if (st != scan_status::ok) {
            why = st == scan_status::truncated ? "a torn batch" : "a malformed batch header";
            break;
        }
        if (!read_whole_batch(*file_, h, buf)) {
            why = "a read error";
            break;
        }
        const protocol::batch_result r = protocol::read_batch(buf);
        if (r.status != protocol::batch_status::ok || !r.batch.verify_crc()) {
            why = "a batch failing its CRC";
            break;
        }
        if (h.base_offset < expected_next || h.last_offset < h.base_offset
            || !offsets_.can_append_offset(h.last_offset)) {
            why = "a batch with offsets out of order or out of range";
            break;
        }
        note_batch(h);
        valid += h.size;
        expected_next = h.next_offset();
        if (on_batch) on_batch(h, buf);
    }
    const uint64_t cut = disk - valid;
    if (cut > 0) {
        spdlog::warn("recovery of {}: cut {} bytes from byte {} (offset {} on) at {}",
                     file_->path(), cut, valid, expected_next, why);
        if (auto e = file_->truncate(valid)) return *e;
    }
    size_.store(valid, std::memory_order_release);
    bytes_since_index_entry_ = 0;
    if (auto e = offsets_.trim()) return *e;
    const timestamp_offset m = max_timestamp_so_far();
    if (auto e = times_.maybe_append(m.timestamp, m.offset, true)) return *e;
    if (auto e = times_.trim()) return *e;
    return cut;
}

}  // namespace samsa::log
