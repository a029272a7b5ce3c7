// The sparse offset index of a segment (<base>.index): 8-byte entries, each the int32 offset
// relative to the segment's base offset and the int32 byte position in the .log of the batch
// whose last offset that is, both big-endian, in increasing order. docs/formats/indexes.md.
//
// Threads: as index_file (every member locks).
#pragma once

#include <optional>
#include <string>

#include "log/index_file.h"

namespace samsa::log {

struct offset_position {
    int64_t offset = 0;
    uint32_t position = 0;
};

class offset_index : public index_file {
  public:
    static constexpr size_t entry_size = 8;
    explicit offset_index(int64_t base_offset) : index_file(entry_size, base_offset) {}

    bool is_full() const;
    // Whether offset can be stored relative to the base offset (0 <= delta <= INT32_MAX).
    bool can_append_offset(int64_t offset) const;
    // Appends (offset, position); offset must exceed the last entry's. Returns an error
    // message for a full index or an offset that is out of order or out of range.
    std::optional<std::string> append(int64_t offset, uint32_t position);

    // The entry with the greatest offset <= target, or (base offset, 0) when there is none.
    offset_position lookup(int64_t target) const;
    // The entry with the greatest position <= position, or (base offset, 0).
    offset_position floor_by_position(uint32_t position) const;
    offset_position last_entry() const;  // (base offset, 0) when empty
    offset_position entry(size_t n) const;

    // Removes every entry whose offset is >= offset.
    void truncate_to(int64_t offset);
    // Whether the entries look like an index of a log of log_size bytes: offsets strictly
    // increasing from the base, positions increasing and inside the log. A crash leaves a
    // preallocated tail of zero entries, which fails this check.
    bool sane(uint64_t log_size) const;

  private:
    offset_position read_locked(size_t n) const;
};

}  // namespace samsa::log
