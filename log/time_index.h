// The sparse time index of a segment (<base>.timeindex): 12-byte entries, each the int64
// largest timestamp seen in the segment so far and the int32 offset (relative to the base) of
// the last offset of the batch that carried it, big-endian. Timestamps strictly increase from
// entry to entry. One slot is kept free for the entry written when the segment is closed.
// docs/formats/indexes.md.
//
// Threads: as index_file (every member locks).
#pragma once

#include <optional>
#include <string>

#include "log/index_file.h"

namespace samsa::log {

struct timestamp_offset {
    int64_t timestamp = -1;
    int64_t offset = -1;
};

class time_index : public index_file {
  public:
    static constexpr size_t entry_size = 12;
    explicit time_index(int64_t base_offset) : index_file(entry_size, base_offset) {}

    // Full one entry early: the last slot is for the final entry (maybe_append with
    // skip_full_check).
    bool is_full() const;
    // Appends (timestamp, offset) when timestamp is above the last entry's. An offset below
    // the last entry's, a timestamp below it, or a full index is an error.
    std::optional<std::string> maybe_append(int64_t timestamp, int64_t offset,
                                            bool skip_full_check = false);
    // The entry with the greatest timestamp <= target, or (-1, base offset).
    timestamp_offset lookup(int64_t target) const;
    // The last entry, or (-1, base offset) when empty.
    timestamp_offset last_entry() const;
    timestamp_offset entry(size_t n) const;
    // Removes every entry whose offset is >= offset.
    void truncate_to(int64_t offset);
    // Whole entries, timestamps strictly increasing, offsets non-decreasing and >= the base.
    bool sane() const;

  private:
    timestamp_offset read_locked(size_t n) const;
    timestamp_offset last_locked() const;
};

}  // namespace samsa::log
