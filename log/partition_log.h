// One partition's log: Kafka's UnifiedLog/LocalLog for a single node. Segments in
// <log.dir>/<topic>-<partition>/ (docs/formats/segment-files.md), offsets assigned on append,
// idempotent-producer state, the leader epoch cache, reads as whole-batch file ranges,
// timestamp lookups, retention, DeleteRecords, flushing and recovery.
//
// Threads: all members may be called from any thread. Appends and every change of the segment
// set (roll, retention, DeleteRecords, flush bookkeeping) are serialized by an append mutex;
// validation and decompression run before it is taken. Readers never wait for a write: they
// copy the published end (offsets and byte positions of the log end, high watermark and log
// start) under a short state lock and read only bytes below it. Blocking work that can stall
// (fsync, deleting files) happens only in the *background* members, which log_manager runs on
// its own threads (tests call them with a manual clock).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "log/errors.h"
#include "log/leader_epoch_cache.h"
#include "log/log_config.h"
#include "log/producer_state.h"
#include "log/segment.h"

namespace samsa::log {

struct append_result {
    errc error = errc::none;
    std::string message;       // the response's error message: set only where Kafka sends one
    std::string detail;        // why, for the broker's log, when error != none
    int64_t base_offset = -1;  // first offset assigned (the original batch's for a duplicate)
    int64_t last_offset = -1;
    int64_t log_append_time = -1;  // the time stamped under LogAppendTime, else -1 (a
                                   // duplicate answers its original batch's max timestamp)
    int64_t log_start_offset = -1;
    std::vector<record_error> record_errors;  // for INVALID_RECORD / INVALID_TIMESTAMP (v8+)
};

// Whole batches of a segment file, readable through the shared handle even if retention
// deletes the segment meanwhile.
struct file_range {
    std::shared_ptr<const segment_file> file;
    uint64_t position = 0;
    uint32_t size = 0;
};

enum class isolation : uint8_t { read_uncommitted, read_committed };

struct read_result {
    errc error = errc::none;  // offset_out_of_range when fetch_offset is outside [start, end]
    int64_t high_watermark = -1, last_stable_offset = -1, log_start_offset = -1;
    std::vector<file_range> ranges;  // whole batches from the one holding fetch_offset
    uint64_t bytes = 0;
};

// What one pass of the log cleaner did (cleaner.cc).
struct clean_stats {
    int64_t first_dirty = 0;  // the dirty section cleaned: [first_dirty, end_offset)
    int64_t end_offset = 0;
    int segments_in = 0, segments_out = 0;
    uint64_t bytes_in = 0, bytes_out = 0;
    int64_t records_in = 0, records_removed = 0;
};

struct offset_lookup {
    int64_t offset = -1;
    int64_t timestamp = -1;
    int32_t leader_epoch = -1;
};

struct partition_log_options {
    std::string dir;  // <log.dir>/<topic>-<partition>
    std::string topic;
    int32_t partition = 0;
    log_config config;
    log_options options;
    bool had_clean_shutdown = false;  // the log directory's .kafka_cleanshutdown marker
    int64_t recovery_point = 0;       // recovery-point-offset-checkpoint (0: none)
    int64_t log_start_offset = 0;     // log-start-offset-checkpoint (0: none)
    int32_t leader_epoch = 0;         // stamped on appended batches
};

class partition_log {
  public:
    // Loads (and after an unclean stop recovers) the partition directory, creating it empty
    // when it has no segments. recovery.cc.
    static std::variant<std::shared_ptr<partition_log>, std::string> open(partition_log_options o);
    ~partition_log();
    partition_log(const partition_log&) = delete;
    partition_log& operator=(const partition_log&) = delete;

    const std::string& topic() const { return topic_; }
    int32_t partition() const { return partition_; }
    const std::string& dir() const { return dir_; }

    // Validates the batch of one Produce partition entry (`records` may be rewritten in place:
    // base offset, partition leader epoch, LogAppendTime timestamp + CRC) and appends it with
    // one write (of a rebuilt batch when the topic's codec differs from the producer's).
    // from_client=false: the broker's own writers (no client-only checks, no dedup).
    append_result append(std::span<uint8_t> records, int64_t now_ms, bool from_client);
    read_result read(int64_t fetch_offset, int32_t max_bytes, bool min_one_batch,
                     isolation iso) const;

    int64_t log_start_offset() const;
    int64_t log_end_offset() const;
    int64_t high_watermark() const;
    int64_t last_stable_offset() const;
    int64_t recovery_point() const;
    uint64_t size_bytes() const;  // the .log bytes of every segment
    size_t segment_count() const;

    // ListOffsets. latest: the high watermark (the LSO under read_committed) with the current
    // leader epoch. Timestamp lookups answer only offsets below that bound, else -1s.
    offset_lookup earliest() const;                                                  // -2
    offset_lookup latest(isolation iso = isolation::read_uncommitted) const;         // -1
    offset_lookup max_timestamp(isolation iso = isolation::read_uncommitted) const;  // -3
    offset_lookup offset_for_timestamp(int64_t ts,
                                       isolation iso = isolation::read_uncommitted) const;
    // OffsetForLeaderEpoch: offset is the end of epoch (leader_epoch the epoch found); -1s when
    // unknown.
    offset_lookup end_offset_for_epoch(int32_t epoch) const;
    // DeleteRecords: moves the log start offset to offset (-1: the high watermark). Returns the
    // new log start offset (the low watermark), or offset_out_of_range (beyond the high
    // watermark, or negative) or policy_violation (cleanup.policy without delete).
    std::variant<int64_t, errc> delete_records_before(int64_t offset);
    // DescribeProducers: a copy of every producer this partition's state holds (idempotent
    // and transactional), by producer id.
    std::vector<producer_entry> active_producers() const;

    void set_config(const log_config& c);
    std::shared_ptr<const log_config> config() const;
    // Becoming leader at epoch (on open and at each new epoch): appended batches are stamped
    // with it, and a newer epoch starts at the log end offset in the leader epoch cache, as
    // Kafka's Partition.makeLeader records it (so OffsetForLeaderEpoch and ListOffsets answer
    // epoch 0 for a new, empty partition, and leader-epoch-checkpoint holds "0 0").
    void set_leader_epoch(int32_t epoch);
    // Called after each change of the high watermark with its new value (any thread; in
    // fsync-before-ack mode from the thread that ran sync_for_ack).
    void set_append_listener(std::function<void(int64_t hw)> fn);
    // Called after each append in fsync-before-ack mode: someone should run sync_for_ack().
    void set_sync_requester(std::function<void()> fn);
    // Calls done(errc::none) once last_offset is durable (below the high watermark): at once
    // unless samsa.log.fsync.before.ack is on, else from the thread running sync_for_ack.
    // done(log_closed) or done(storage_error) when that will never happen.
    void when_durable(int64_t last_offset, std::function<void(errc)> done);

    // Background work (durability.cc, retention.cc).
    bool sync_for_ack();                        // fsync mode: one group commit; false if idle
    void flush_up_to(int64_t offset);           // flush segments below offset; recovery point
    bool flush_if_due(int64_t now_ms);          // a pending roll flush, flush.ms, flush.messages
    int delete_old_segments(int64_t now_ms);    // retention; returns segments deleted
    void delete_expired_files(int64_t now_ms);  // deferred deletion (file.delete.delay.ms)
    void remove_expired_producers(int64_t now_ms);
    // Log compaction (cleanup.policy=compact), Kafka's LogCleaner for this log: when the
    // dirty share of the cleanable segments reaches min.cleanable.dirty.ratio (or
    // max.compaction.lag.ms is exceeded), keeps only the newest record of each key in every
    // segment below the first uncleanable offset, drops tombstones whose delete horizon has
    // passed, and swaps the rewritten segments in. nullopt when there was nothing to do.
    // key_budget bounds the bytes of the key map (log.cleaner.dedupe.buffer.size).
    std::optional<clean_stats> clean(int64_t now_ms, size_t key_budget);
    // The first offset the cleaner has not compacted (the cleaner-offset-checkpoint).
    int64_t first_dirty_offset() const { return cleaner_checkpoint_.load(); }
    void set_first_dirty_offset(int64_t offset) { cleaner_checkpoint_.store(offset); }
    std::optional<std::string> flush_epoch_checkpoint() { return epochs_.flush(); }
    // Flushes, snapshots producer state at the end, trims the active segment; later appends
    // answer log_closed. Waiters get log_closed.
    std::optional<std::string> close();
    // Marks the log closed without flushing: its directory is being deleted. Waiters get
    // log_closed; readers holding file ranges keep reading. abandon_appends() only refuses
    // further appends (no callbacks run).
    void abandon();
    void abandon_appends();

    // For tests and tools.
    std::vector<std::shared_ptr<log_segment>> segments() const;
    const producer_state& producers_unlocked() const { return producers_; }

  private:
    friend struct partition_log_loader;
    struct offset_meta {
        int64_t offset = 0;
        int64_t segment_base = 0;
        uint64_t position = 0;
    };
    struct end_state {
        int64_t log_start = 0;
        offset_meta leo, hw;
        int64_t lso = 0;  // offset only
    };
    struct pending_file {
        int64_t due_ms = 0;
        std::shared_ptr<log_segment> segment;  // or:
        std::string path;
    };

    explicit partition_log(partition_log_options o);
    end_state published() const;
    segment_options segment_opts(const log_config& c) const;
    std::shared_ptr<log_segment> active() const;
    std::shared_ptr<log_segment> floor_segment(int64_t offset) const;
    std::shared_ptr<log_segment> next_segment(int64_t base) const;
    // The segment after seg, or nullptr if there is none or seg has left the log.
    std::shared_ptr<log_segment> successor(const log_segment& seg) const;
    std::optional<std::string> roll_locked(int64_t now_ms, int64_t expected_next);
    void publish_locked(bool advance_hw);  // under append_mutex_
    void take_snapshot_locked(bool sync);
    void maybe_increment_log_start_locked(int64_t offset);
    template <typename Pred>
    int delete_segments_if(Pred&& deletable, int64_t now_ms, const char* reason);
    void schedule_delete_locked(const std::shared_ptr<log_segment>& seg, int64_t due_ms);
    void call_listener(int64_t hw);
    void advance_hw(offset_meta hw);
    offset_meta lso_meta(const end_state& s) const;
    offset_lookup bound(offset_lookup l, isolation iso) const;
    void fail_waiters(errc e);
    // cleaner.cc: swaps cleaned in for olds, unless one of them has left the log meanwhile.
    bool swap_in_cleaned(const std::shared_ptr<log_segment>& cleaned,
                         const std::vector<std::shared_ptr<log_segment>>& olds, int64_t now_ms);

    const std::string dir_, topic_, tp_name_;
    const int32_t partition_;
    const log_options options_;

    mutable std::mutex config_mutex_;
    std::shared_ptr<const log_config> config_;
    std::atomic<int32_t> leader_epoch_;

    mutable std::mutex append_mutex_;
    producer_state producers_;  // append_mutex_
    leader_epoch_cache epochs_;
    int64_t next_offset_ = 0;     // append_mutex_: the log end offset
    int64_t recovery_point_ = 0;  // append_mutex_
    int64_t last_snapshot_offset_ = -1;
    int64_t pending_flush_ = -1;  // a roll's flush, for the background
    int64_t last_flush_ms_ = 0;
    bool dir_dirty_ = false;  // a segment file was created since the last dir fsync
    bool closed_ = false;
    bool failed_ = false;  // an I/O error: appends answer storage_error
    std::vector<pending_file> pending_deletes_;
    std::atomic<int64_t> cleaner_checkpoint_{0};

    mutable std::mutex state_mutex_;  // segments_ and state_
    std::map<int64_t, std::shared_ptr<log_segment>> segments_;
    end_state state_;

    mutable std::mutex waiters_mutex_;
    std::multimap<int64_t, std::function<void(errc)>> waiters_;
    std::function<void(int64_t)> listener_;
    std::function<void()> sync_requester_;
};

}  // namespace samsa::log
