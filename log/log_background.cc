// log_manager: the background threads and the work they run. The scheduler thread ticks once
// a second: deferred file deletions, due flushes (a rolled segment, flush.ms, flush.messages),
// and, each at its interval, retention, producer expiry and the checkpoint files. The flusher
// threads (samsa.log.fsync.before.ack only, samsa.log.fsync.threads of them) run each
// partition's group commit as soon as an append asks for it, several partitions at once;
// appends that arrive during a partition's fsync are covered by its next one. The
// cleaner thread (log.cleaner.enable) compacts the compacted logs every log.cleaner.backoff.ms.
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <limits>

#include "log/file_util.h"
#include "log/log_manager.h"

namespace samsa::log {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view clean_shutdown_marker = ".kafka_cleanshutdown";

bool due(int64_t now, int64_t& last, int64_t interval) {
    if (interval == std::numeric_limits<int64_t>::max() || now - last < interval) return false;
    last = now;
    return true;
}

}  // namespace

void log_manager::start_background() {
    std::lock_guard lock(bg_mutex_);
    if (scheduler_.joinable() || shut_down_) return;
    const int64_t now = options_.clock();
    last_run_ = {now, now, now, now, now, now};
    scheduler_ = std::thread([this] { scheduler_loop(); });
    if (options_.fsync_before_ack) {
        for (int i = 0; i < std::max(options_.fsync_threads, 1); ++i)
            flushers_.emplace_back([this] { flusher_loop(); });
    }
    if (options_.cleaner_enable) cleaner_ = std::thread([this] { cleaner_loop(); });
}

void log_manager::scheduler_loop() {
    std::unique_lock lock(bg_mutex_);
    while (!stopping_) {
        bg_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        run_periodic_tasks(options_.clock());
        lock.lock();
    }
}

void log_manager::cleaner_loop() {
    const auto backoff =
        std::chrono::milliseconds(std::max<int64_t>(options_.cleaner_backoff_ms, 1));
    std::unique_lock lock(bg_mutex_);
    while (!stopping_) {
        bg_cv_.wait_for(lock, backoff, [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        run_cleaner(options_.clock());
        lock.lock();
    }
}

int log_manager::run_cleaner(int64_t now_ms) {
    int cleaned = 0;
    for (const auto& log : open_logs()) {
        if (!log->config()->compact) continue;
        if (log->clean(now_ms, options_.cleaner_dedupe_buffer_bytes)) ++cleaned;
    }
    return cleaned;
}

void log_manager::request_sync(const std::shared_ptr<sync_slot>& slot) {
    {
        std::lock_guard lock(bg_mutex_);
        if (slot->queued) return;
        slot->queued = true;
        if (slot->running) return;  // its flusher queues it again when the running sync ends
        to_sync_.push_back(slot);
    }
    sync_cv_.notify_one();
}

// Each flusher thread takes the partition waiting longest and runs its group commit; the
// threads' fsyncs of different partitions overlap, so the device sees them together.
void log_manager::flusher_loop() {
    std::unique_lock lock(bg_mutex_);
    for (;;) {
        sync_cv_.wait(lock, [this] { return stopping_ || !to_sync_.empty(); });
        if (stopping_) break;
        const std::shared_ptr<sync_slot> slot = std::move(to_sync_.front());
        to_sync_.pop_front();
        slot->queued = false;
        slot->running = true;
        lock.unlock();
        if (const std::shared_ptr<partition_log> log = slot->log.lock()) log->sync_for_ack();
        lock.lock();
        slot->running = false;
        if (slot->queued) {
            to_sync_.push_back(slot);
            sync_cv_.notify_one();
        }
    }
}

void log_manager::run_periodic_tasks(int64_t now_ms) {
    const std::vector<std::shared_ptr<partition_log>> logs = open_logs();
    for (const auto& log : logs) {
        log->delete_expired_files(now_ms);
        log->flush_if_due(now_ms);
    }
    bool retention = false, producers = false, rp = false, ls = false, hw = false;
    {
        std::lock_guard lock(bg_mutex_);
        retention = due(now_ms, last_run_.retention, options_.retention_check_interval_ms);
        producers =
            due(now_ms, last_run_.producers, options_.producer_id_expiration_check_interval_ms);
        rp = due(now_ms, last_run_.recovery_points, options_.flush_offset_checkpoint_interval_ms);
        ls = due(now_ms, last_run_.log_starts, options_.flush_start_offset_checkpoint_interval_ms);
        hw = due(now_ms, last_run_.hw, options_.high_watermark_checkpoint_interval_ms);
    }
    for (const auto& log : logs) {
        if (retention) log->delete_old_segments(now_ms);
        if (producers) log->remove_expired_producers(now_ms);
    }
    if (rp || ls || hw) {
        if (auto e = write_checkpoint_files(rp, ls, hw)) spdlog::error("{}", *e);
    }
}

std::optional<std::string> log_manager::write_checkpoints() {
    return write_checkpoint_files(true, true, true);
}

std::optional<std::string> log_manager::write_checkpoint_files(bool recovery_points,
                                                               bool log_starts, bool hws) {
    std::map<std::string, std::vector<std::pair<topic_partition, std::shared_ptr<partition_log>>>>
        by_dir;
    {
        std::lock_guard lock(mutex_);
        for (const auto& dir : dirs_)
            by_dir[dir];
        for (const auto& [tp, log] : logs_) {
            const auto loc = partitions_.find(tp);
            if (loc != partitions_.end()) by_dir[loc->second.dir].emplace_back(tp, log);
        }
    }
    std::optional<std::string> error;
    for (const auto& [dir, logs] : by_dir) {
        offset_map rp, ls, hw, co;
        for (const auto& [tp, log] : logs) {
            rp[tp] = log->recovery_point();
            if (log->first_dirty_offset() > 0) co[tp] = log->first_dirty_offset();
            hw[tp] = log->high_watermark();
            const auto segs = log->segments();
            if (!segs.empty() && log->log_start_offset() > segs.front()->base_offset()) {
                ls[tp] = log->log_start_offset();
            }
            if (recovery_points) {
                if (auto e = log->flush_epoch_checkpoint()) error = e;
            }
        }
        const fs::path d(dir);
        if (recovery_points) {
            if (auto e =
                    write_offset_checkpoint((d / recovery_point_checkpoint_name).string(), rp)) {
                error = e;
            }
        }
        if (recovery_points) {
            if (auto e =
                    write_offset_checkpoint((d / cleaner_offset_checkpoint_name).string(), co)) {
                error = e;
            }
        }
        if (log_starts) {
            if (auto e =
                    write_offset_checkpoint((d / log_start_offset_checkpoint_name).string(), ls)) {
                error = e;
            }
        }
        if (hws) {
            if (auto e = write_offset_checkpoint((d / replication_offset_checkpoint_name).string(),
                                                 hw)) {
                error = e;
            }
        }
    }
    return error;
}

void log_manager::join_background() {
    bg_cv_.notify_all();
    sync_cv_.notify_all();
    if (scheduler_.joinable()) scheduler_.join();
    if (cleaner_.joinable()) cleaner_.join();
    for (auto& t : flushers_)
        t.join();
    flushers_.clear();
}

void log_manager::shutdown() {
    {
        std::lock_guard lock(bg_mutex_);
        if (shut_down_) return;
        shut_down_ = true;
        stopping_ = true;
    }
    join_background();

    std::set<std::string> failed_dirs;
    std::vector<std::pair<std::string, std::shared_ptr<partition_log>>> logs;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [tp, log] : logs_) {
            const auto loc = partitions_.find(tp);
            logs.emplace_back(loc != partitions_.end() ? loc->second.dir : "", log);
        }
    }
    for (const auto& [dir, log] : logs) {
        if (log->close()) failed_dirs.insert(dir);
        log->delete_expired_files(std::numeric_limits<int64_t>::max());
    }
    if (auto e = write_checkpoints()) {
        spdlog::error("{}", *e);
        failed_dirs.insert(dirs_.begin(), dirs_.end());
    }
    for (const auto& d : dirs_) {
        if (failed_dirs.contains(d)) {
            spdlog::warn("not marking {} cleanly shut down: a log failed to close", d);
            continue;
        }
        write_file_atomically((fs::path(d) / clean_shutdown_marker).string(), "");
    }
}

}  // namespace samsa::log
