// The log directories and the partition directories inside them, in Kafka's layout:
// <log.dir>/<topic>-<partition>/ holding partition.metadata (the topic id) and, later,
// the partition's segments. Also each directory's meta.properties and the clean-shutdown
// marker.
//
// Threads: all functions may be called from any thread; directory changes are serialized
// by an internal mutex. Removing the directories of deleted partitions happens in the
// background, after they were renamed out of the way as Kafka renames them.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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
    explicit log_manager(std::vector<std::string> dirs);
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

    // Creates the partition's directory and partition.metadata (idempotent).
    std::optional<std::string> create_partition(const std::string& topic, int32_t partition,
                                                const protocol::uuid& topic_id);
    // Renames the partition's directory to <topic>-<partition>.<id>-delete and removes it in
    // the background.
    void delete_partition(const std::string& topic, int32_t partition);

    std::vector<partition_location> partitions() const;
    std::vector<log_dir_usage> usage() const;
    const std::vector<std::string>& dirs() const { return dirs_; }
    // Bytes on disk under a partition directory.
    static uint64_t partition_size(const std::string& path);

    // Writes the clean-shutdown marker into every directory.
    void mark_clean_shutdown();

  private:
    std::string pick_dir() const;  // the directory with the fewest partitions
    void remove_later(std::string path);

    std::vector<std::string> dirs_;
    std::optional<std::string> cluster_id_;
    bool clean_shutdown_ = false;
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int32_t>, partition_location> partitions_;
    std::vector<std::thread> removers_;
};

}  // namespace samsa::log
