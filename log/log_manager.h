// The log directories and the partition directories inside them, in Kafka's layout:
// <log.dir>/<topic>-<partition>/ holding partition.metadata (the topic id) and the
// partition's log (partition_log). Also each directory's meta.properties, checkpoint files
// (recovery points, log start offsets, high watermarks) and the clean-shutdown marker.
//
// Threads: all functions may be called from any thread; directory changes are serialized
// by an internal mutex. Removing the directories of deleted partitions happens in the
// background, after they were renamed out of the way as Kafka renames them. Background work
// (start_background) runs on the manager's own threads, never on the network event loops:
// retention, flushes (and the fsync-before-ack group commit), checkpoints, producer expiry,
// deferred file deletion and log compaction (the cleaner thread).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "log/checkpoints.h"
#include "log/log_config.h"
#include "log/partition_log.h"
#include "protocol/wire/uuid.h"

namespace samsa::log {

struct partition_location {
    std::string topic;
    int32_t partition = 0;
    std::string dir;   // the log directory holding it
    std::string path;  // <dir>/<topic>-<partition>
};

struct log_dir_usage {
    std::string dir;
    uint64_t total_bytes = 0;
    uint64_t usable_bytes = 0;
};

class log_manager {
  public:
    explicit log_manager(std::vector<std::string> dirs, log_options options = {});
    ~log_manager();

    // Creates the log directories if needed and scans them: partition directories, leftover
    // "-delete" directories (removed), meta.properties, the clean-shutdown marker (consumed).
    std::optional<std::string> open();

    // The cluster id recorded in the directories' meta.properties, if any.
    std::optional<std::string> recorded_cluster_id() const { return cluster_id_; }
    // Writes meta.properties where missing. Fails when a directory belongs to another
    // cluster or node.
    std::optional<std::string> ensure_identity(const std::string& cluster_id, int32_t node_id);
    bool last_shutdown_was_clean() const { return clean_shutdown_; }

    // Creates the partition's directory and partition.metadata (idempotent) and opens its log
    // (recovering it after an unclean stop) with the topic's config (set_config) or the
    // default one.
    std::optional<std::string> create_partition(const std::string& topic, int32_t partition,
                                                const protocol::uuid& topic_id,
                                                int32_t leader_epoch = 0);
    // Closes the partition's log, renames its directory to <topic>-<partition>.<id>-delete
    // and removes it in the background.
    void delete_partition(const std::string& topic, int32_t partition);
    // The partition's open log, or nullptr if this broker does not host it.
    std::shared_ptr<partition_log> get(const std::string& topic, int32_t partition) const;

    // Effective topic configs: the default for topics without their own, and per topic
    // (applied at once to the topic's open logs).
    void set_default_config(const log_config& c);
    void set_config(const std::string& topic, const log_config& c);
    // Forgets a deleted topic's config, so a new topic of the same name starts from the default.
    void clear_config(const std::string& topic);
    // Called after every change of a partition's high watermark (any thread).
    void set_append_listener(
        std::function<void(const std::string& topic, int32_t partition, int64_t hw)> fn);

    // Starts the background threads. shutdown() stops them, closes every log (flush, producer
    // snapshot, trimmed indexes), writes the checkpoints and the clean-shutdown marker of
    // every directory whose logs all closed cleanly. Idempotent.
    void start_background();
    void shutdown();
    // One round of the periodic work, as the background thread runs it at now_ms (tests).
    void run_periodic_tasks(int64_t now_ms);
    // One pass of the log cleaner over every compacted log (the cleaner thread runs it every
    // log.cleaner.backoff.ms). Returns the logs it compacted.
    int run_cleaner(int64_t now_ms);
    // Writes the checkpoint files of every directory and the leader epoch files.
    std::optional<std::string> write_checkpoints();
    const log_options& options() const { return options_; }

    std::vector<partition_location> partitions() const;
    std::vector<log_dir_usage> usage() const;
    const std::vector<std::string>& dirs() const { return dirs_; }
    // The bytes of a partition directory's segments (.log files), as Kafka reports a log's
    // size (DescribeLogDirs); indexes and snapshots are not counted.
    static uint64_t partition_size(const std::string& path);

    // Shuts down (if not done yet); the marker is written by shutdown().
    void mark_clean_shutdown();

  private:
    struct task_clock {
        int64_t retention = 0, flush = 0, recovery_points = 0, log_starts = 0, hw = 0,
                producers = 0;
    };

    std::string pick_dir() const;  // the directory with the fewest partitions
    void remove_later(std::string path);
    std::optional<std::string> open_log(const partition_location& loc, int32_t leader_epoch);
    std::vector<std::shared_ptr<partition_log>> open_logs() const;
    std::optional<std::string> write_checkpoint_files(bool recovery_points, bool log_starts,
                                                      bool hws);
    void scheduler_loop();
    // A partition's place in the fsync-before-ack queue: queued while an append waits for a
    // sync, running while a flusher thread syncs it (one at a time per partition).
    struct sync_slot {
        std::weak_ptr<partition_log> log;
        bool queued = false, running = false;
    };
    void flusher_loop();
    void cleaner_loop();
    void request_sync(const std::shared_ptr<sync_slot>& slot);
    void join_background();

    std::vector<std::string> dirs_;
    const log_options options_;
    std::optional<std::string> cluster_id_;
    bool clean_shutdown_ = false;
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int32_t>, partition_location> partitions_;
    std::map<std::pair<std::string, int32_t>, std::shared_ptr<partition_log>> logs_;
    std::set<std::string> clean_dirs_;  // directories with the marker at open()
    std::map<std::string, offset_map> recovery_points_, log_starts_,
        cleaner_offsets_;  // read at open()
    log_config default_config_;
    std::map<std::string, log_config> topic_configs_;
    std::function<void(const std::string&, int32_t, int64_t)> listener_;
    std::vector<std::thread> removers_;

    // Background threads.
    std::mutex bg_mutex_;
    std::condition_variable bg_cv_, sync_cv_;
    bool stopping_ = false;
    bool shut_down_ = false;
    std::deque<std::shared_ptr<sync_slot>> to_sync_;  // fsync-before-ack work, in arrival order
    task_clock last_run_;
    std::thread scheduler_, cleaner_;
    std::vector<std::thread> flushers_;
};

}  // namespace samsa::log
