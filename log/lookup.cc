// partition_log: the ListOffsets and OffsetForLeaderEpoch answers (Kafka's
// UnifiedLog.fetchOffsetByTimestamp, Partition.fetchOffsetForTimestamp and
// LeaderEpochFileCache.endOffsetFor).
#include "log/partition_log.h"

namespace samsa::log {

offset_lookup partition_log::bound(offset_lookup l, isolation iso) const {
    const end_state s = published();
    const int64_t last_fetchable = iso == isolation::read_committed ? s.lso : s.hw.offset;
    if (l.offset < 0 || l.offset >= last_fetchable) return {};
    return l;
}

offset_lookup partition_log::earliest() const {
    const int64_t start = log_start_offset();
    offset_lookup l{start, -1, -1};
    const std::optional<epoch_entry> first = epochs_.earliest_entry();
    if (first && first->start_offset <= start) l.leader_epoch = first->epoch;
    return l;
}

offset_lookup partition_log::latest(isolation iso) const {
    const end_state s = published();
    return {iso == isolation::read_committed ? s.lso : s.hw.offset, -1, leader_epoch_.load()};
}

offset_lookup partition_log::max_timestamp(isolation iso) const {
    std::shared_ptr<log_segment> best;
    for (const auto& seg : segments()) {
        if (!best
            || seg->max_timestamp_so_far().timestamp > best->max_timestamp_so_far().timestamp) {
            best = seg;
        }
    }
    if (!best) return {};
    const std::optional<found_record> f = best->find_max_timestamp();
    if (!f) return {};
    return bound({f->offset, f->timestamp, f->leader_epoch}, iso);
}

offset_lookup partition_log::offset_for_timestamp(int64_t ts, isolation iso) const {
    const int64_t start = log_start_offset();
    for (const auto& seg : segments()) {
        if (seg->largest_timestamp() < ts) continue;
        // Kafka searches only the first segment that may hold the timestamp.
        const std::optional<found_record> f = seg->find_offset_by_timestamp(ts, start);
        if (!f) return {};
        return bound({f->offset, f->timestamp, f->leader_epoch}, iso);
    }
    return {};
}

offset_lookup partition_log::end_offset_for_epoch(int32_t epoch) const {
    const epoch_end_offset e = epochs_.end_offset_for(epoch, log_end_offset());
    if (e.offset < 0) return {};
    return {e.offset, -1, e.epoch};
}

}  // namespace samsa::log
