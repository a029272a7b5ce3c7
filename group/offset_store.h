// Committed offsets of every group, as replaying offset records leaves them. Nothing here
// changes except through apply(): a commit, a deletion or an expiry is first turned into
// records (commit_records(), tombstones()), which the coordinator writes to
// __consumer_offsets and then applies, the same path that loads them at start.
//
// Threads: none of its own; the coordinator calls it under its lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "group/records.h"

namespace samsa::group {

using topic_partition = std::pair<std::string, int32_t>;

class offset_store {
  public:
    void apply(const offset_record& r);

    const committed_offset* find(const std::string& group, const std::string& topic,
                                 int32_t partition) const;
    // Every committed offset of a group (empty if none).
    const std::map<topic_partition, committed_offset>& of(const std::string& group) const;
    bool has_offsets(const std::string& group) const;
    std::vector<std::string> groups() const;

    // Tombstones for the given partitions of a group that have an offset (all when
    // partitions is nullopt).
    std::vector<record> tombstones(
        const std::string& group,
        const std::optional<std::vector<topic_partition>>& partitions) const;
    // Tombstones for offsets past their retention: an explicit expire timestamp, else
    // retention_ms after the later of the commit and the moment the group became empty
    // (empty_since; nullopt while it has members). A group with members loses only offsets
    // of topics none of them subscribes to (subscribed; nullopt: keep all), retention_ms
    // after their commit.
    std::vector<record> expired(
        const std::string& group, int64_t now, int64_t retention_ms,
        std::optional<int64_t> empty_since,
        const std::optional<std::vector<std::string>>& subscribed = std::nullopt) const;

  private:
    std::map<std::string, std::map<topic_partition, committed_offset>> offsets_;
};

}  // namespace samsa::group
