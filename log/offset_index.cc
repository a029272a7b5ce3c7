#include "log/offset_index.h"

#include <limits>

#include "protocol/records/big_endian.h"

namespace samsa::log {

namespace be = protocol::be;

offset_position offset_index::read_locked(size_t n) const {
    const uint8_t* p = slot(n);
    return {base_offset() + static_cast<int32_t>(be::load32(p)), be::load32(p + 4)};
}

bool offset_index::is_full() const {
    std::lock_guard lock(mutex_);
    return full_locked(0);
}

bool offset_index::can_append_offset(int64_t offset) const {
    const int64_t rel = offset - base_offset();
    return rel >= 0 && rel <= std::numeric_limits<int32_t>::max();
}

std::optional<std::string> offset_index::append(int64_t offset, uint32_t position) {
    if (!can_append_offset(offset)) {
        return "offset " + std::to_string(offset) + " out of range for index " + path();
    }
    std::lock_guard lock(mutex_);
    if (full_locked(0)) return "append to a full index";
    const size_t n = entries_locked();
    if (n > 0 && offset <= read_locked(n - 1).offset) {
        return "index offset " + std::to_string(offset) + " not above the last entry";
    }
    uint8_t* p = slot(n);
    be::store32(p, static_cast<uint32_t>(offset - base_offset()));
    be::store32(p + 4, position);
    push_locked();
    return std::nullopt;
}

offset_position offset_index::lookup(int64_t target) const {
    std::lock_guard lock(mutex_);
    const size_t n =
        count_at_or_before_locked([&](size_t i) { return read_locked(i).offset <= target; });
    if (n == 0) return {base_offset(), 0};
    return read_locked(n - 1);
}

offset_position offset_index::floor_by_position(uint32_t position) const {
    std::lock_guard lock(mutex_);
    const size_t n =
        count_at_or_before_locked([&](size_t i) { return read_locked(i).position <= position; });
    if (n == 0) return {base_offset(), 0};
    return read_locked(n - 1);
}

offset_position offset_index::last_entry() const {
    std::lock_guard lock(mutex_);
    const size_t n = entries_locked();
    if (n == 0) return {base_offset(), 0};
    return read_locked(n - 1);
}

offset_position offset_index::entry(size_t n) const {
    std::lock_guard lock(mutex_);
    return read_locked(n);
}

void offset_index::truncate_to(int64_t offset) {
    std::lock_guard lock(mutex_);
    size_t keep = entries_locked();
    while (keep > 0 && read_locked(keep - 1).offset >= offset)
        --keep;
    truncate_locked(keep);
}

bool offset_index::sane(uint64_t log_size) const {
    std::lock_guard lock(mutex_);
    if (!whole_entries_locked()) return false;
    int64_t last_offset = base_offset() - 1;
    int64_t last_position = -1;
    for (size_t i = 0; i < entries_locked(); ++i) {
        const offset_position e = read_locked(i);
        if (e.offset <= last_offset || static_cast<int64_t>(e.position) <= last_position
            || e.position >= log_size) {
            return false;
        }
        last_offset = e.offset;
        last_position = e.position;
    }
    return true;
}

}  // namespace samsa::log
