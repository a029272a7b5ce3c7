// The leader epochs of a partition and the first offset written in each (Kafka's
// LeaderEpochFileCache), kept in <partition dir>/leader-epoch-checkpoint: "0\n<count>\n" then
// "<epoch> <start offset>" lines (docs/formats/checkpoints.md). Used by OffsetForLeaderEpoch
// and by ListOffsets for the epoch of the earliest and latest offsets.
//
// Every change marks the file dirty; flush() writes it (fsynced, atomically replaced). The
// partition log flushes it before the recovery point checkpoint is written and on close, so
// the file never lags behind a recovery point that would skip rescanning the batches that
// carry the epochs (Kafka writes a new epoch through at once, under the log's lock; samsa
// keeps that fsync off the append path).
//
// Threads: every member locks an internal mutex; callable from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace samsa::log {

struct epoch_entry {
    int32_t epoch = -1;
    int64_t start_offset = -1;
    friend bool operator==(const epoch_entry&, const epoch_entry&) = default;
};

// An epoch's end offset: the start of the next epoch, or the log end offset for the latest.
struct epoch_end_offset {
    int32_t epoch = -1;   // -1: undefined
    int64_t offset = -1;  // -1: undefined
};

class leader_epoch_cache {
  public:
    explicit leader_epoch_cache(std::string path) : path_(std::move(path)) {}

    // Reads the file (a missing one is empty).
    std::optional<std::string> load();
    // Records that epoch starts at start_offset; entries with a greater or equal epoch or
    // start offset are dropped first.
    void assign(int32_t epoch, int64_t start_offset);
    // Drops entries starting at or after end_offset.
    void truncate_from_end(int64_t end_offset);
    // Drops entries wholly before start_offset; the last one dropped restarts at start_offset.
    void truncate_from_start(int64_t start_offset);
    std::optional<std::string> flush();  // writes the file if dirty

    std::optional<int32_t> latest_epoch() const;
    std::optional<epoch_entry> earliest_entry() const;
    epoch_end_offset end_offset_for(int32_t epoch, int64_t log_end_offset) const;
    std::vector<epoch_entry> entries() const;

  private:
    std::optional<std::string> write_locked();

    const std::string path_;
    mutable std::mutex mutex_;
    std::map<int32_t, epoch_entry> epochs_;
    bool dirty_ = false;
};

}  // namespace samsa::log
