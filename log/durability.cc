// partition_log: flushing (Kafka's recovery-point flushes and samsa's fsync-before-ack group
// commit), durability waiters and closing.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "log/file_names.h"
#include "log/file_util.h"
#include "log/partition_log.h"

namespace samsa::log {

void partition_log::call_listener(int64_t hw) {
    std::function<void(int64_t)> listener;
    {
        std::lock_guard lock(waiters_mutex_);
        listener = listener_;
    }
    if (listener) listener(hw);
}

void partition_log::flush_up_to(int64_t offset) {
    std::vector<std::shared_ptr<log_segment>> segs;
    bool dir = false;
    {
        std::lock_guard lock(append_mutex_);
        if (offset <= recovery_point_ || failed_) return;
        const std::shared_ptr<log_segment> from = floor_segment(recovery_point_);
        for (const auto& s : segments()) {
            if (s->base_offset() < offset && (!from || s->base_offset() >= from->base_offset())) {
                segs.push_back(s);
            }
        }
        dir = dir_dirty_;
        dir_dirty_ = false;
    }
    for (const auto& s : segs) {
        if (auto e = s->flush()) {
            spdlog::error("{}: {}", tp_name_, *e);
            std::lock_guard lock(append_mutex_);
            failed_ = true;
            return;
        }
    }
    const std::string snapshot = segment_file_path(dir_, offset, snapshot_suffix);
    std::error_code ec;
    if (std::filesystem::exists(snapshot, ec)) {
        if (auto f = segment_file::open(snapshot, false); f.index() == 0) std::get<0>(f)->sync();
    }
    if (dir) sync_directory(dir_);
    std::lock_guard lock(append_mutex_);
    if (offset > recovery_point_) recovery_point_ = std::min(offset, next_offset_);
    last_flush_ms_ = options_.clock();
}

bool partition_log::flush_if_due(int64_t now_ms) {
    const std::shared_ptr<const log_config> cfg = config();
    int64_t target = -1;
    {
        std::lock_guard lock(append_mutex_);
        if (closed_ || failed_) return false;
        if (pending_flush_ > recovery_point_) target = pending_flush_;
        const bool unflushed = next_offset_ > recovery_point_;
        if (unflushed && now_ms - last_flush_ms_ >= cfg->flush_ms) target = next_offset_;
        if (unflushed && next_offset_ - recovery_point_ >= cfg->flush_messages)
            target = next_offset_;
        pending_flush_ = -1;
    }
    if (target < 0) return false;
    flush_up_to(target);
    return true;
}

int64_t partition_log::recovery_point() const {
    std::lock_guard lock(append_mutex_);
    return recovery_point_;
}

void partition_log::advance_hw(offset_meta hw) {
    {
        std::lock_guard lock(append_mutex_);
        producers_.on_high_watermark(hw.offset);
        std::lock_guard state(state_mutex_);
        if (hw.offset <= state_.hw.offset) return;
        state_.hw = hw;
        const std::optional<int64_t> unstable = producers_.first_unstable_offset();
        state_.lso = unstable ? std::clamp(*unstable, state_.log_start, hw.offset) : hw.offset;
    }
    std::vector<std::function<void(errc)>> ready;
    {
        std::lock_guard lock(waiters_mutex_);
        auto end = waiters_.lower_bound(hw.offset);
        for (auto it = waiters_.begin(); it != end; ++it)
            ready.push_back(std::move(it->second));
        waiters_.erase(waiters_.begin(), end);
    }
    for (auto& done : ready)
        done(errc::none);
    call_listener(hw.offset);
}

bool partition_log::sync_for_ack() {
    if (!options_.fsync_before_ack) return false;
    std::vector<std::shared_ptr<log_segment>> segs;
    offset_meta target;
    bool dir = false;
    {
        std::lock_guard lock(append_mutex_);
        if (failed_ || closed_) return false;
        const end_state s = published();
        if (s.leo.offset <= s.hw.offset) return false;
        target = s.leo;
        for (const auto& seg : segments()) {
            if (seg->base_offset() >= s.hw.segment_base) segs.push_back(seg);
        }
        dir = dir_dirty_;
        dir_dirty_ = false;
    }
    for (const auto& seg : segs) {
        if (auto e = seg->sync_log()) {
            spdlog::error("{}: {}", tp_name_, *e);
            {
                std::lock_guard lock(append_mutex_);
                failed_ = true;
            }
            fail_waiters(errc::storage_error);
            return true;
        }
    }
    if (dir) sync_directory(dir_);
    advance_hw(target);
    return true;
}

void partition_log::when_durable(int64_t last_offset, std::function<void(errc)> done) {
    errc now = errc::none;
    {
        std::lock_guard lock(waiters_mutex_);
        bool closed = false;
        {
            std::lock_guard append(append_mutex_);
            closed = closed_ || failed_;
            if (failed_)
                now = errc::storage_error;
            else if (closed_)
                now = errc::log_closed;
        }
        if (!closed && options_.fsync_before_ack && high_watermark() <= last_offset) {
            waiters_.emplace(last_offset, std::move(done));
            return;
        }
        if (!closed) now = errc::none;
    }
    done(now);
}

void partition_log::fail_waiters(errc e) {
    std::multimap<int64_t, std::function<void(errc)>> waiting;
    {
        std::lock_guard lock(waiters_mutex_);
        waiting.swap(waiters_);
    }
    for (auto& [_, done] : waiting)
        done(e);
}

std::optional<std::string> partition_log::close() {
    std::optional<std::string> error;
    offset_meta end;
    {
        std::lock_guard lock(append_mutex_);
        if (closed_) return std::nullopt;
        closed_ = true;
        const std::shared_ptr<log_segment> from = floor_segment(recovery_point_);
        for (const auto& s : segments()) {
            if (from && s->base_offset() < from->base_offset()) continue;
            if (auto e = s->flush()) error = e;
        }
        if (dir_dirty_) sync_directory(dir_);
        dir_dirty_ = false;
        if (!error) recovery_point_ = next_offset_;
        producers_.set_map_end_offset(next_offset_);
        take_snapshot_locked(true);
        if (auto e = active()->close()) error = e;
        if (auto e = epochs_.flush()) error = e;
        end = published().leo;
    }
    if (!error && options_.fsync_before_ack) advance_hw(end);
    fail_waiters(errc::log_closed);
    if (error) spdlog::error("{}: closing: {}", tp_name_, *error);
    return error;
}

void partition_log::abandon_appends() {
    std::lock_guard lock(append_mutex_);
    closed_ = true;
}

void partition_log::abandon() {
    abandon_appends();
    fail_waiters(errc::log_closed);
}

}  // namespace samsa::log
