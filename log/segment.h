// One segment of a partition log: <base>.log (record batches exactly as appended, offsets
// assigned), <base>.index and <base>.timeindex. Layouts: docs/formats/segment-files.md and
// docs/formats/indexes.md.
//
// Appends (Kafka's LogSegment rules): one entry in each index for the first batch that starts
// more than index.interval.bytes after the previous entry's batch; the offset index entry is
// (batch's last offset, batch's position), the time index entry is (largest timestamp so far,
// last offset of the batch that carried it). A segment that stops being active, or closes
// cleanly, gets a final time index entry and its indexes (and a preallocated .log) trimmed.
//
// Threads: append, roll, recover, close and renames are called by the partition log's
// appending thread only (under its append mutex). Reads (translate_offset, read, lookups)
// may run concurrently from any thread: they read only bytes below the size they are given,
// which the appender published after writing them.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "log/batch_scan.h"
#include "log/offset_index.h"
#include "log/segment_file.h"
#include "log/time_index.h"

namespace samsa::log {

struct segment_options {
    int32_t index_bytes = 10485760;  // segment.index.bytes
    int32_t index_interval_bytes = 4096;
    bool preallocate = false;
    int32_t segment_bytes = 1073741824;          // the size a preallocated .log starts at
    size_t max_decompressed_bytes = 128u << 20;  // for record-level timestamp lookups
};

// What shouldRoll weighs before an append.
struct roll_params {
    int64_t segment_ms = 0;
    int32_t segment_bytes = 0;
    int64_t max_timestamp_in_messages = -1;
    int64_t max_offset_in_messages = 0;
    uint32_t messages_size = 0;
    int64_t now_ms = 0;
};

// A byte range of whole batches in the segment's .log.
struct byte_range {
    uint64_t position = 0;
    uint32_t size = 0;
};

// A record found by timestamp (ListOffsets).
struct found_record {
    int64_t timestamp = -1;
    int64_t offset = -1;
    int32_t leader_epoch = -1;  // the batch's partition leader epoch, -1 when unknown
};

class log_segment {
  public:
    // Creates the three files of a new segment (deleting stale ones with the same names).
    // extra_suffix is appended to each file name (the log cleaner's ".cleaned").
    static std::variant<std::shared_ptr<log_segment>, std::string> create(
        const std::string& dir, int64_t base_offset, const segment_options& options, int64_t now_ms,
        std::string_view extra_suffix = {});
    // Opens an existing segment. A missing or insane index is recreated empty and the
    // segment marked needs_recovery(): the caller rebuilds it with recover().
    static std::variant<std::shared_ptr<log_segment>, std::string> open(
        const std::string& dir, int64_t base_offset, const segment_options& options,
        int64_t now_ms);
    ~log_segment();
    log_segment(const log_segment&) = delete;
    log_segment& operator=(const log_segment&) = delete;

    int64_t base_offset() const { return base_; }
    // Bytes of whole batches in the .log (published after each append).
    uint64_t size() const { return size_.load(std::memory_order_acquire); }
    const std::shared_ptr<segment_file>& file() const { return file_; }
    bool needs_recovery() const { return needs_recovery_; }
    offset_index& offsets() { return offsets_; }
    time_index& times() { return times_; }
    const offset_index& offsets() const { return offsets_; }
    const time_index& times() const { return times_; }

    // Appends whole, validated batches (offsets assigned) with one write.
    std::optional<std::string> append(protocol::bytes_view batches);
    bool should_roll(const roll_params& p) const;
    // Kafka's onBecomeInactiveSegment: the final time index entry, indexes and a
    // preallocated .log trimmed to their contents.
    std::optional<std::string> on_become_inactive();
    // The same on a clean close; the segment stays readable.
    std::optional<std::string> close() { return on_become_inactive(); }
    // Resizes both indexes back to their preallocated size (the active segment after load).
    std::optional<std::string> resize_indexes(int32_t bytes);
    std::optional<std::string> flush() const;     // .log, .index and .timeindex
    std::optional<std::string> sync_log() const;  // .log only (fsync-before-ack)

    // The first batch at or after the index entry for target whose last offset >= target,
    // among the batches below end.
    std::optional<batch_header> translate_offset(int64_t target, uint64_t end) const;
    // Whole batches from the one holding start_offset, at most max_bytes (or the first batch
    // whole when min_one_batch), none at or beyond max_position. nullopt when no batch below
    // size() holds an offset >= start_offset.
    std::optional<byte_range> read(int64_t start_offset, uint32_t max_bytes, uint64_t max_position,
                                   bool min_one_batch) const;
    // The offset after the last batch (the base offset when empty), scanning from the last
    // offset index entry.
    int64_t read_next_offset() const;

    timestamp_offset max_timestamp_so_far() const;
    // Kafka's largestTimestamp: the largest timestamp, or the file's mtime if it has none.
    int64_t largest_timestamp() const;
    // The first record with timestamp >= ts and offset >= starting_offset.
    std::optional<found_record> find_offset_by_timestamp(int64_t ts, int64_t starting_offset) const;
    // The record carrying max_timestamp_so_far() (ListOffsets -3).
    std::optional<found_record> find_max_timestamp() const;

    // Rescans the .log from the start (Kafka's LogSegment.recover): framing, CRC, offsets in
    // range and increasing; truncates at the first bad batch, rebuilds both indexes, and
    // calls on_batch for every good batch. Returns the bytes cut.
    using batch_fn = std::function<void(const batch_header&, protocol::bytes_view)>;
    std::variant<uint64_t, std::string> recover(const batch_fn& on_batch);

    // Renames the three files (adding suffix, e.g. ".deleted") and unlinks them.
    std::optional<std::string> add_suffix(std::string_view suffix);
    // Renames the three files from <name><from> to <name><to> (the cleaner's swap).
    std::optional<std::string> change_suffix(std::string_view from, std::string_view to);
    void delete_files();

  private:
    log_segment(int64_t base, const segment_options& options, int64_t now_ms);
    void note_batch(const batch_header& h);  // max timestamp and index entries
    std::optional<int64_t> rolling_timestamp() const;

    const int64_t base_;
    const segment_options options_;
    std::shared_ptr<segment_file> file_;
    offset_index offsets_;
    time_index times_;
    std::atomic<uint64_t> size_{0};
    bool needs_recovery_ = false;
    uint64_t bytes_since_index_entry_ = 0;  // appending thread only

    mutable std::mutex stats_mutex_;
    timestamp_offset max_ts_{-1, -1};
    int64_t created_ms_ = 0;
    mutable std::optional<int64_t> rolling_ts_;  // first batch's max timestamp, loaded lazily
};

}  // namespace samsa::log
