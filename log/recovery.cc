// partition_log::open: loading a partition directory (Kafka's LogLoader). Stray files of
// interrupted deletions go; each segment is opened (a missing or corrupt index is rebuilt);
// after an unclean stop every segment from the one holding the recovery point on is rescanned
// (framing, CRC, offsets), a torn or corrupt tail is cut and logged, and any later segment is
// deleted; producer state is loaded from the newest snapshot and replayed from the log up to
// its end; the leader epoch cache is trimmed to [log start, log end). A clean stop rescans
// nothing. An interrupted swap of the log cleaner is completed first (cleaner.cc).
#include <spdlog/spdlog.h>

#include <filesystem>

#include "log/batch_scan.h"
#include "log/file_names.h"
#include "log/partition_log.h"
#include "log/producer_snapshot.h"

namespace samsa::log {

namespace fs = std::filesystem;

struct partition_log_loader {
    partition_log& log;
    const partition_log_options& o;

    std::optional<std::string> run();
    std::optional<std::string> complete_swaps();
    std::optional<std::string> clean_directory(std::vector<int64_t>& bases);
    std::optional<std::string> recover_from(int64_t recovery_point);
    void rebuild_producer_state(int64_t log_start, int64_t leo);
    void replay(int64_t from, int64_t to);
};

// A <base>.log.swap is a cleaned segment that was complete (flushed) before it was renamed
// .swap: it replaces every segment whose base offset lies in [base, the swap's next offset),
// which the cleaner guarantees is exactly the group it was made from.
std::optional<std::string> partition_log_loader::complete_swaps() {
    std::error_code ec;
    std::vector<int64_t> swaps, logs;
    const std::string swap_log = std::string(log_suffix) + std::string(swap_suffix);
    for (const auto& entry : fs::directory_iterator(o.dir, ec)) {
        const std::string name = entry.path().filename().string();
        const std::optional<int64_t> base = offset_from_file_name(name);
        if (!base) continue;
        if (name.ends_with(swap_log)) {
            swaps.push_back(*base);
        } else if (name.ends_with(log_suffix)) {
            logs.push_back(*base);
        }
    }
    if (ec) return "cannot list " + o.dir + ": " + ec.message();
    for (const int64_t b : swaps) {
        const std::string path = segment_file_path(o.dir, b, log_suffix) + std::string(swap_suffix);
        auto opened = segment_file::open(path, false);
        if (auto* e = std::get_if<std::string>(&opened)) return *e;
        const std::shared_ptr<segment_file> file = std::get<0>(opened);
        const uint64_t end = file->disk_size();
        int64_t next = b;
        batch_header h;
        for (uint64_t pos = 0; read_batch_header(*file, pos, end, h) == scan_status::ok;
             pos += h.size) {
            next = h.next_offset();
        }
        for (const int64_t x : logs) {
            if (x < b || x >= next) continue;
            for (std::string_view suffix :
                 {log_suffix, index_suffix, time_index_suffix, txn_index_suffix}) {
                fs::remove(segment_file_path(o.dir, x, suffix), ec);
            }
        }
        for (std::string_view suffix : {log_suffix, index_suffix, time_index_suffix}) {
            const std::string final_name = segment_file_path(o.dir, b, suffix);
            if (fs::exists(final_name + std::string(swap_suffix), ec)) {
                fs::rename(final_name + std::string(swap_suffix), final_name, ec);
                if (ec) return "cannot rename " + final_name + ".swap: " + ec.message();
            }
        }
        spdlog::warn(
            "{}: completed the cleaner's interrupted swap of segment {} (offsets {} to {})",
            log.tp_name_, b, b, next - 1);
    }
    return std::nullopt;
}

std::optional<std::string> partition_log_loader::clean_directory(std::vector<int64_t>& bases) {
    std::error_code ec;
    std::vector<fs::path> indexes;
    for (const auto& entry : fs::directory_iterator(o.dir, ec)) {
        if (!entry.is_regular_file(ec)) continue;
        const std::string name = entry.path().filename().string();
        if (name.ends_with(deleted_suffix) || name.ends_with(cleaned_suffix)
            || name.ends_with(swap_suffix)) {
            spdlog::info("{}: deleting stray file {}", log.tp_name_, name);
            fs::remove(entry.path(), ec);
            continue;
        }
        const std::optional<int64_t> base = offset_from_file_name(name);
        if (!base) continue;
        if (name.ends_with(log_suffix)) {
            bases.push_back(*base);
        } else if (name.ends_with(index_suffix) || name.ends_with(time_index_suffix)
                   || name.ends_with(txn_index_suffix)) {
            indexes.push_back(entry.path());
        }
    }
    if (ec) return "cannot list " + o.dir + ": " + ec.message();
    std::sort(bases.begin(), bases.end());
    for (const fs::path& p : indexes) {
        const int64_t base = *offset_from_file_name(p.filename().string());
        if (!std::binary_search(bases.begin(), bases.end(), base)) {
            spdlog::warn("{}: deleting orphaned index {}", log.tp_name_, p.string());
            fs::remove(p, ec);
        }
    }
    return std::nullopt;
}

std::optional<std::string> partition_log_loader::recover_from(int64_t recovery_point) {
    const std::shared_ptr<log_segment> first = log.floor_segment(recovery_point);
    bool cut = false;
    for (const auto& seg : log.segments()) {
        if (first && seg->base_offset() < first->base_offset()) continue;
        if (cut) {
            spdlog::warn("{}: deleting segment {} after a corrupt one", log.tp_name_,
                         seg->base_offset());
            {
                std::lock_guard lock(log.state_mutex_);
                log.segments_.erase(seg->base_offset());
            }
            seg->delete_files();
            continue;
        }
        spdlog::info("{}: recovering unflushed segment {}", log.tp_name_, seg->base_offset());
        auto r = seg->recover([&](const batch_header& h, protocol::bytes_view) {
            const std::optional<int32_t> latest = log.epochs_.latest_epoch();
            if (h.leader_epoch >= 0 && (!latest || h.leader_epoch > *latest)) {
                log.epochs_.assign(h.leader_epoch, h.base_offset);
            }
        });
        if (auto* e = std::get_if<std::string>(&r)) return *e;
        if (std::get<uint64_t>(r) > 0) cut = true;
    }
    return std::nullopt;
}

void partition_log_loader::replay(int64_t from, int64_t to) {
    protocol::byte_buffer buf;
    for (const auto& seg : log.segments()) {
        const std::shared_ptr<log_segment> next = log.next_segment(seg->base_offset());
        if (next && next->base_offset() <= from) continue;
        if (seg->base_offset() >= to) break;
        std::optional<batch_header> h = seg->translate_offset(from, seg->size());
        uint64_t pos = h ? h->position : seg->size();
        batch_header b;
        while (read_batch_header(*seg->file(), pos, seg->size(), b) == scan_status::ok
               && b.base_offset < to) {
            pos += b.size;
            if (b.producer_id < 0) continue;
            if (!read_whole_batch(*seg->file(), b, buf)) break;
            const protocol::batch_result r = protocol::read_batch(buf);
            if (r.status != protocol::batch_status::ok) break;
            log.producers_.apply(producer_batch_of(r.batch));
        }
    }
}

void partition_log_loader::rebuild_producer_state(int64_t log_start, int64_t leo) {
    std::vector<int64_t> snaps = list_producer_snapshots(o.dir);
    // Keep the snapshots at segment bases, and the newest stray one if it is past them all
    // (written at the log end on a clean stop). Drop those past the log end.
    std::vector<int64_t> keep;
    const std::vector<std::shared_ptr<log_segment>> segs = log.segments();
    const int64_t last_base = segs.back()->base_offset();
    for (size_t i = 0; i < snaps.size(); ++i) {
        const int64_t off = snaps[i];
        const bool at_base = log.floor_segment(off) && log.floor_segment(off)->base_offset() == off;
        const bool newest_stray = i + 1 == snaps.size() && off > last_base;
        if (off <= leo && (at_base || newest_stray) && off > log_start) {
            keep.push_back(off);
        } else {
            fs::remove(segment_file_path(o.dir, off, snapshot_suffix));
        }
    }
    const int64_t now = o.options.clock();
    int64_t start = log_start;
    bool loaded = false;
    while (!keep.empty() && !loaded) {
        const int64_t off = keep.back();
        auto entries = read_producer_snapshot(segment_file_path(o.dir, off, snapshot_suffix));
        if (auto* e = std::get_if<std::string>(&entries)) {
            spdlog::warn("{}: producer snapshot {}: {}; deleting it", log.tp_name_, off, *e);
            fs::remove(segment_file_path(o.dir, off, snapshot_suffix));
            keep.pop_back();
            continue;
        }
        for (producer_entry& e : std::get<0>(entries)) {
            if (!log.producers_.is_expired(e, now)) log.producers_.load(std::move(e));
        }
        start = off;
        log.last_snapshot_offset_ = off;
        loaded = true;
    }
    if (!loaded && o.had_clean_shutdown) {
        // Kafka skips the scan when a cleanly stopped log has no snapshot at all.
        start = leo;
    }
    if (start < leo) replay(std::max(start, log_start), leo);
    log.producers_.set_map_end_offset(leo);
    log.take_snapshot_locked(true);
}

std::optional<std::string> partition_log_loader::run() {
    std::error_code ec;
    fs::create_directories(o.dir, ec);
    if (ec) return "cannot create " + o.dir + ": " + ec.message();
    std::vector<int64_t> bases;
    if (auto e = complete_swaps()) return e;
    if (auto e = clean_directory(bases)) return e;
    const int64_t now = o.options.clock();
    const segment_options so = log.segment_opts(o.config);
    for (int64_t base : bases) {
        auto opened = log_segment::open(o.dir, base, so, now);
        if (auto* e = std::get_if<std::string>(&opened)) return *e;
        std::shared_ptr<log_segment> seg = std::get<0>(opened);
        if (seg->needs_recovery()) {
            spdlog::warn("{}: rebuilding the indexes of segment {}", log.tp_name_, base);
            auto r = seg->recover(nullptr);
            if (auto* e = std::get_if<std::string>(&r)) return *e;
        }
        log.segments_[base] = std::move(seg);
    }
    if (auto e = log.epochs_.load()) spdlog::warn("{}: {}; starting it afresh", log.tp_name_, *e);
    if (!o.had_clean_shutdown && !log.segments_.empty()) {
        if (auto e = recover_from(o.recovery_point)) return e;
    }
    int64_t leo = log.segments_.empty() ? 0 : log.segments_.rbegin()->second->read_next_offset();
    if (!log.segments_.empty() && leo < o.log_start_offset) {
        spdlog::warn("{}: deleting every segment: the log end {} is below the log start {}",
                     log.tp_name_, leo, o.log_start_offset);
        for (const auto& [_, seg] : log.segments_)
            seg->delete_files();
        log.segments_.clear();
    }
    if (log.segments_.empty()) {
        auto created = log_segment::create(o.dir, o.log_start_offset, so, now);
        if (auto* e = std::get_if<std::string>(&created)) return *e;
        log.segments_[o.log_start_offset] = std::get<0>(created);
        leo = o.log_start_offset;
    }
    const std::shared_ptr<log_segment> active = log.segments_.rbegin()->second;
    if (auto e = active->resize_indexes(o.config.segment_index_bytes)) return e;
    const int64_t log_start = std::max(o.log_start_offset, log.segments_.begin()->first);
    log.next_offset_ = leo;
    log.recovery_point_ = o.had_clean_shutdown ? leo : std::min(o.recovery_point, leo);
    log.last_flush_ms_ = now;
    log.epochs_.truncate_from_end(leo);
    log.epochs_.truncate_from_start(log_start);
    if (auto e = log.epochs_.flush()) spdlog::warn("{}: {}", log.tp_name_, *e);
    log.state_.log_start = log_start;
    std::lock_guard lock(log.append_mutex_);
    rebuild_producer_state(log_start, leo);
    log.producers_.on_log_start_offset(log_start);
    log.publish_locked(true);
    return std::nullopt;
}

std::variant<std::shared_ptr<partition_log>, std::string> partition_log::open(
    partition_log_options o) {
    std::shared_ptr<partition_log> log(new partition_log(o));
    partition_log_loader loader{*log, o};
    if (auto e = loader.run()) return o.dir + ": " + *e;
    log->set_leader_epoch(o.leader_epoch);
    if (o.options.fsync_before_ack) log->flush_up_to(log->log_end_offset());
    return log;
}

}  // namespace samsa::log
