// partition_log: retention (retention.ms, retention.bytes, segments below the log start
// offset), DeleteRecords, deferred file deletion, producer expiry and the producer list
// DescribeProducers reads. Kafka's rules (UnifiedLog.deleteOldSegments): segments go oldest
// first while the rule holds, never one that reaches past the high watermark, never an empty
// active segment; when every segment goes, a new empty active segment is rolled first.
// Deleted segments are renamed *.deleted and unlinked file.delete.delay.ms later; readers
// holding their files keep reading.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>

#include "log/file_names.h"
#include "log/partition_log.h"

namespace samsa::log {

void partition_log::maybe_increment_log_start_locked(int64_t offset) {
    {
        std::lock_guard lock(state_mutex_);
        if (offset <= state_.log_start) return;
        state_.log_start = offset;
    }
    epochs_.truncate_from_start(offset);
    producers_.on_log_start_offset(offset);
    publish_locked(false);
    spdlog::info("{}: incremented log start offset to {}", tp_name_, offset);
}

void partition_log::schedule_delete_locked(const std::shared_ptr<log_segment>& seg,
                                           int64_t due_ms) {
    if (auto e = seg->add_suffix(deleted_suffix)) spdlog::warn("{}: {}", tp_name_, *e);
    pending_deletes_.push_back({due_ms, seg, {}});
    const std::string snap = segment_file_path(dir_, seg->base_offset(), snapshot_suffix);
    const std::string renamed = snap + std::string(deleted_suffix);
    if (std::rename(snap.c_str(), renamed.c_str()) == 0) {
        pending_deletes_.push_back({due_ms, nullptr, renamed});
    }
}

template <typename Pred>
int partition_log::delete_segments_if(Pred&& deletable, int64_t now_ms, const char* reason) {
    std::lock_guard lock(append_mutex_);
    if (closed_ || failed_) return 0;
    const end_state s = published();
    const std::vector<std::shared_ptr<log_segment>> segs = segments();
    std::vector<std::shared_ptr<log_segment>> doomed;
    for (size_t i = 0; i < segs.size(); ++i) {
        const std::shared_ptr<log_segment> next = i + 1 < segs.size() ? segs[i + 1] : nullptr;
        const bool last_and_empty = !next && segs[i]->size() == 0;
        const int64_t upper = next ? next->base_offset() : next_offset_;
        if (s.hw.offset < upper || last_and_empty || !deletable(*segs[i], next.get())) break;
        doomed.push_back(segs[i]);
    }
    if (doomed.empty()) return 0;
    if (doomed.size() == segs.size()) {
        if (auto e = roll_locked(now_ms, next_offset_)) {
            spdlog::error("{}: cannot roll before deleting every segment: {}", tp_name_, *e);
            return 0;
        }
    }
    const std::shared_ptr<log_segment> after = next_segment(doomed.back()->base_offset());
    maybe_increment_log_start_locked(after->base_offset());
    {
        std::lock_guard state(state_mutex_);
        for (const auto& seg : doomed)
            segments_.erase(seg->base_offset());
    }
    const int64_t due = now_ms + config()->file_delete_delay_ms;
    for (const auto& seg : doomed) {
        spdlog::info("{}: deleting segment {} ({} bytes): {}", tp_name_, seg->base_offset(),
                     seg->size(), reason);
        schedule_delete_locked(seg, due);
    }
    return static_cast<int>(doomed.size());
}

int partition_log::delete_old_segments(int64_t now_ms) {
    const std::shared_ptr<const log_config> cfg = config();
    int deleted = delete_segments_if(
        [&](const log_segment&, const log_segment* next) {
            return next != nullptr && next->base_offset() <= log_start_offset();
        },
        now_ms, "below the log start offset");
    if (!cfg->delete_retention) return deleted;
    if (cfg->retention_bytes >= 0) {
        const int64_t size = static_cast<int64_t>(size_bytes());
        if (size >= cfg->retention_bytes) {
            int64_t diff = size - cfg->retention_bytes;
            deleted += delete_segments_if(
                [&](const log_segment& seg, const log_segment*) {
                    const int64_t sz = static_cast<int64_t>(seg.size());
                    if (diff - sz < 0) return false;
                    diff -= sz;
                    return true;
                },
                now_ms, "retention.bytes breached");
        }
    }
    if (cfg->retention_ms >= 0) {
        deleted += delete_segments_if(
            [&](const log_segment& seg, const log_segment*) {
                return now_ms - seg.largest_timestamp() > cfg->retention_ms;
            },
            now_ms, "retention.ms breached");
    }
    return deleted;
}

std::variant<int64_t, errc> partition_log::delete_records_before(int64_t offset) {
    if (!config()->delete_retention) return errc::policy_violation;
    std::lock_guard lock(append_mutex_);
    if (closed_) return errc::log_closed;
    const int64_t hw = published().hw.offset;
    const int64_t target = offset == -1 ? hw : offset;
    if (target < 0 || target > hw) return errc::offset_out_of_range;
    maybe_increment_log_start_locked(target);
    return published().log_start;
}

void partition_log::delete_expired_files(int64_t now_ms) {
    std::vector<pending_file> due;
    {
        std::lock_guard lock(append_mutex_);
        auto keep = std::partition(pending_deletes_.begin(), pending_deletes_.end(),
                                   [&](const pending_file& f) { return f.due_ms > now_ms; });
        due.assign(std::make_move_iterator(keep), std::make_move_iterator(pending_deletes_.end()));
        pending_deletes_.erase(keep, pending_deletes_.end());
    }
    for (pending_file& f : due) {
        if (f.segment) {
            f.segment->delete_files();
        } else {
            ::unlink(f.path.c_str());
        }
    }
}

void partition_log::remove_expired_producers(int64_t now_ms) {
    std::lock_guard lock(append_mutex_);
    producers_.remove_expired(now_ms);
}

std::vector<producer_entry> partition_log::active_producers() const {
    std::lock_guard lock(append_mutex_);
    std::vector<producer_entry> out;
    out.reserve(producers_.producers().size());
    for (const auto& [id, entry] : producers_.producers())
        out.push_back(entry);
    return out;
}

}  // namespace samsa::log
