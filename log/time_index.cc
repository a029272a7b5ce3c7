#include "log/time_index.h"

#include "protocol/records/big_endian.h"

namespace samsa::log {

namespace be = protocol::be;

timestamp_offset time_index::read_locked(size_t n) const {
    const uint8_t* p = slot(n);
    return {static_cast<int64_t>(be::load64(p)),
            base_offset() + static_cast<int32_t>(be::load32(p + 8))};
}

timestamp_offset time_index::last_locked() const {
    const size_t n = entries_locked();
    if (n == 0) return {-1, base_offset()};
    return read_locked(n - 1);
}

bool time_index::is_full() const {
    std::lock_guard lock(mutex_);
    return full_locked(1);
}

std::optional<std::string> time_index::maybe_append(int64_t timestamp, int64_t offset,
                                                    bool skip_full_check) {
    std::lock_guard lock(mutex_);
    const size_t n = entries_locked();
    if (!skip_full_check && full_locked(1)) return "append to a full time index";
    const timestamp_offset last = last_locked();
    if (n > 0 && offset < last.offset) {
        return "time index offset " + std::to_string(offset) + " below the last entry's";
    }
    if (n > 0 && timestamp < last.timestamp) {
        return "time index timestamp " + std::to_string(timestamp) + " below the last entry's";
    }
    if (timestamp <= last.timestamp) return std::nullopt;
    if (full_locked(0)) return "append to a full time index";
    const int64_t rel = offset - base_offset();
    if (rel < 0 || rel > INT32_MAX) return "time index offset out of range";
    uint8_t* p = slot(n);
    be::store64(p, static_cast<uint64_t>(timestamp));
    be::store32(p + 8, static_cast<uint32_t>(rel));
    push_locked();
    return std::nullopt;
}

timestamp_offset time_index::lookup(int64_t target) const {
    std::lock_guard lock(mutex_);
    const size_t n =
        count_at_or_before_locked([&](size_t i) { return read_locked(i).timestamp <= target; });
    if (n == 0) return {-1, base_offset()};
    return read_locked(n - 1);
}

timestamp_offset time_index::last_entry() const {
    std::lock_guard lock(mutex_);
    return last_locked();
}

timestamp_offset time_index::entry(size_t n) const {
    std::lock_guard lock(mutex_);
    return read_locked(n);
}

void time_index::truncate_to(int64_t offset) {
    std::lock_guard lock(mutex_);
    size_t keep = entries_locked();
    while (keep > 0 && read_locked(keep - 1).offset >= offset)
        --keep;
    truncate_locked(keep);
}

bool time_index::sane() const {
    std::lock_guard lock(mutex_);
    if (!whole_entries_locked()) return false;
    timestamp_offset prev{INT64_MIN, base_offset()};
    for (size_t i = 0; i < entries_locked(); ++i) {
        const timestamp_offset e = read_locked(i);
        if (e.timestamp <= prev.timestamp || e.offset < prev.offset) return false;
        prev = e;
    }
    return true;
}

}  // namespace samsa::log
