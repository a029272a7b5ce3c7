// partition_log: log compaction, Kafka's LogCleaner rules for one log.
//
// A pass: the cleanable segments are the inactive ones wholly below the first uncleanable
// offset (the active segment's base, the last stable offset, the first segment younger than
// min.compaction.lag.ms). The dirty section starts at the cleaner checkpoint. When dirty bytes
// / cleanable bytes >= min.cleanable.dirty.ratio (or the first dirty segment is older than
// max.compaction.lag.ms), the pass maps every key of the dirty section to its last offset
// (stopping at a segment boundary once the map outgrows key_budget), then rewrites the
// segments from the first up to the end of the mapped section, in groups whose sizes sum to at
// most segment.bytes, each group into one segment with the group's base offset. A record
// stays when its key is not mapped to a later offset; a keyless record goes; a tombstone (null
// value) stays until its batch's delete horizon (KIP-534: set to now + delete.retention.ms the
// first time the cleaner rewrites a batch holding tombstones) has passed. Records keep their
// offsets: a rewritten batch keeps its base offset, offset span, producer fields and codec.
// A producer's last batch stays whole (its sequence state must survive a rebuild from the
// log), control batches stay, and a group's last batch stays at least as an empty batch, so
// the cleaned segment still ends where the group ended (recovery relies on it, below).
//
// Files (Kafka's protocol): a group is written as <base>.log.cleaned (+ .index, .timeindex),
// flushed, renamed to .swap; then, under the append lock, the old segments are renamed
// .deleted (unlinked file.delete.delay.ms later) and the swap files take their final names.
// Recovery deletes .cleaned and .deleted files and completes a .swap: the segments whose base
// offsets lie inside the swap segment's offsets are deleted and the swap renamed in.
// Readers holding an old segment's file keep reading it; appends never wait for a pass
// except for the swap itself.
#include <spdlog/spdlog.h>

#include <string>
#include <string_view>
#include <unordered_map>

#include "log/batch_scan.h"
#include "log/file_names.h"
#include "log/file_util.h"
#include "log/partition_log.h"
#include "log/recompress.h"
#include "protocol/records/record.h"
#include "protocol/records/record_batch_builder.h"

namespace samsa::log {

namespace proto = protocol;

namespace {

struct string_hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// key -> the offset of its last record in the dirty section.
class key_map {
  public:
    void put(proto::bytes_view key, int64_t offset) {
        const std::string_view k = proto::as_chars(key);
        auto it = map_.find(k);
        if (it != map_.end()) {
            it->second = offset;
            return;
        }
        map_.emplace(std::string(k), offset);
        bytes_ += k.size() + per_entry_overhead;
    }
    // The mapped offset of key, or -1.
    int64_t get(proto::bytes_view key) const {
        auto it = map_.find(proto::as_chars(key));
        return it == map_.end() ? -1 : it->second;
    }
    size_t bytes() const { return bytes_; }
    size_t size() const { return map_.size(); }

  private:
    static constexpr size_t per_entry_overhead = 64;
    std::unordered_map<std::string, int64_t, string_hash, std::equal_to<>> map_;
    size_t bytes_ = 0;
};

// Calls fn(header, batch) for every whole batch of seg, in order; false if a read failed or
// the segment holds something that is not a batch.
template <typename Fn>
bool for_each_batch(const log_segment& seg, Fn&& fn) {
    const segment_file& file = *seg.file();
    const uint64_t end = seg.size();
    proto::byte_buffer buf;
    batch_header h;
    for (uint64_t pos = 0;;) {
        const scan_status st = read_batch_header(file, pos, end, h);
        if (st == scan_status::end) return true;
        if (st != scan_status::ok || !read_whole_batch(file, h, buf)) return false;
        const proto::batch_result r = proto::read_batch(buf);
        if (r.status != proto::batch_status::ok) return false;
        fn(h, r.batch);
        pos += h.size;
    }
}

// Rewrites the batches of one group of segments.
struct group_writer {
    const key_map& keys;
    const std::unordered_map<int64_t, int64_t>& last_batch_of_producer;  // pid -> base offset
    const int64_t now_ms;
    const int64_t delete_retention_ms;
    const size_t max_decompressed;
    clean_stats& stats;
    proto::byte_buffer out;
    proto::byte_buffer scratch;
    std::vector<proto::record_view> kept;
    std::vector<proto::record_header_input> headers;
    bool changed = false;

    // Appends what remains of batch (whose header is h) to out.
    void add(const batch_header& h, const proto::record_batch_view& batch, bool last_of_group) {
        if (batch.is_control()
            || (h.producer_id >= 0 && last_batch_of_producer.at(h.producer_id) == h.base_offset)) {
            copy(batch);
            return;
        }
        proto::bytes_view records;
        if (proto::batch_records(batch, scratch, max_decompressed, records)
            != proto::decode_errc::none) {
            copy(batch);  // recovery and validation let it in: keep it as it is
            return;
        }
        kept.clear();
        const std::optional<int64_t> horizon = batch.delete_horizon_ms();
        bool tombstones = false;
        int32_t total = 0;
        proto::record_reader reader(records, batch.records_count());
        proto::record_view rec;
        while (reader.next(rec)) {
            ++total;
            if (!rec.key) continue;
            const int64_t offset = proto::record_offset(batch, rec);
            if (keys.get(*rec.key) > offset) continue;
            if (!rec.value) {
                if (horizon && *horizon <= now_ms) continue;
                tombstones = true;
            }
            kept.push_back(rec);
        }
        if (reader.error() != proto::decode_errc::none) {
            copy(batch);
            return;
        }
        stats.records_in += total;
        stats.records_removed += total - static_cast<int32_t>(kept.size());
        const bool set_horizon = tombstones && !horizon;
        if (static_cast<int32_t>(kept.size()) == total && !set_horizon) {
            copy(batch);
            return;
        }
        changed = true;
        if (kept.empty() && !last_of_group) return;
        proto::batch_options o;
        o.base_offset = batch.base_offset();
        o.partition_leader_epoch = batch.partition_leader_epoch();
        o.codec = kept.empty() ? proto::compression_codec::none : batch.compression();
        o.ts_type = batch.ts_type();
        o.producer_id = batch.producer_id();
        o.producer_epoch = batch.producer_epoch();
        o.base_sequence = batch.base_sequence();
        o.transactional = batch.is_transactional();
        o.last_offset_delta = batch.last_offset_delta();
        if (kept.empty() || batch.ts_type() == proto::timestamp_type::log_append_time) {
            o.max_timestamp = batch.max_timestamp();
        }
        if (tombstones) o.delete_horizon_ms = horizon ? *horizon : now_ms + delete_retention_ms;
        proto::record_batch_builder builder(o);
        for (const proto::record_view& r : kept)
            add_record_of(builder, batch, r, headers, true);
        builder.finish(out);
    }

    void copy(const proto::record_batch_view& batch) {
        out.insert(out.end(), batch.data().begin(), batch.data().end());
    }
};

}  // namespace

std::optional<clean_stats> partition_log::clean(int64_t now_ms, size_t key_budget) {
    const std::shared_ptr<const log_config> cfg = config();
    if (!cfg->compact) return std::nullopt;
    std::vector<std::shared_ptr<log_segment>> all;
    end_state s;
    {
        std::lock_guard lock(append_mutex_);
        if (closed_ || failed_) return std::nullopt;
        all = segments();
        s = published();
    }
    if (all.size() < 2) return std::nullopt;

    // The cleanable segments: [0, n), each wholly below the first uncleanable offset.
    int64_t uncleanable = std::min(all.back()->base_offset(), s.lso);
    if (cfg->min_compaction_lag_ms > 0) {
        for (const auto& seg : all) {
            if (now_ms - seg->largest_timestamp() < cfg->min_compaction_lag_ms) {
                uncleanable = std::min(uncleanable, seg->base_offset());
                break;
            }
        }
    }
    size_t n = 0;
    while (n + 1 < all.size() && all[n + 1]->base_offset() <= uncleanable)
        ++n;
    if (n == 0) return std::nullopt;

    // The dirty section: from the segment holding the checkpoint.
    const int64_t first_dirty = std::max(cleaner_checkpoint_.load(), s.log_start);
    if (first_dirty >= all[n]->base_offset()) return std::nullopt;
    size_t d = 0;
    while (d + 1 < n && all[d + 1]->base_offset() <= first_dirty)
        ++d;
    uint64_t clean_bytes = 0, dirty_bytes = 0;
    for (size_t i = 0; i < n; ++i)
        (i < d ? clean_bytes : dirty_bytes) += all[i]->size();
    const bool overdue = cfg->max_compaction_lag_ms != std::numeric_limits<int64_t>::max()
                         && now_ms - all[d]->largest_timestamp() > cfg->max_compaction_lag_ms;
    const double ratio = clean_bytes + dirty_bytes == 0
                             ? 0.0
                             : static_cast<double>(dirty_bytes) / (clean_bytes + dirty_bytes);
    if (ratio < cfg->min_cleanable_dirty_ratio && !overdue) return std::nullopt;

    // Map the dirty section's keys, whole segments at a time, within the budget.
    const size_t max_decompressed = options_.max_decompressed_batch_bytes;
    key_map keys;
    size_t end = d;
    bool ok = true;
    proto::byte_buffer scratch;
    for (size_t i = d; i < n && ok; ++i) {
        if (i > d && keys.bytes() > key_budget) break;
        ok = for_each_batch(*all[i], [&](const batch_header& h, const proto::record_batch_view& b) {
            if (b.is_control() || h.last_offset < first_dirty) return;
            proto::bytes_view records;
            if (proto::batch_records(b, scratch, max_decompressed, records)
                != proto::decode_errc::none) {
                return;
            }
            proto::record_reader reader(records, b.records_count());
            proto::record_view rec;
            while (reader.next(rec)) {
                const int64_t offset = proto::record_offset(b, rec);
                if (rec.key && offset >= first_dirty) keys.put(*rec.key, offset);
            }
        });
        end = i + 1;
    }
    if (!ok) {
        spdlog::warn("{}: cleaner cannot read segment {}; not cleaning", tp_name_,
                     all[end]->base_offset());
        return std::nullopt;
    }
    std::unordered_map<int64_t, int64_t> last_batch_of_producer;
    for (size_t i = 0; i < end && ok; ++i) {
        ok = for_each_batch(*all[i], [&](const batch_header& h, const proto::record_batch_view&) {
            if (h.producer_id >= 0) last_batch_of_producer[h.producer_id] = h.base_offset;
        });
    }
    if (!ok) return std::nullopt;

    clean_stats stats;
    stats.first_dirty = first_dirty;
    stats.end_offset = all[end]->base_offset();
    const segment_options seg_opts = segment_opts(*cfg);
    for (size_t g = 0; g < end;) {
        // A group: consecutive segments whose sizes sum to at most segment.bytes, spanning
        // fewer offsets than the index's 32-bit relative offsets reach.
        size_t h = g + 1;
        uint64_t bytes = all[g]->size();
        while (h < end && bytes + all[h]->size() <= static_cast<uint64_t>(cfg->segment_bytes)
               && all[h + 1]->base_offset() - all[g]->base_offset() < INT32_MAX) {
            bytes += all[h]->size();
            ++h;
        }
        const std::vector<std::shared_ptr<log_segment>> olds(all.begin() + g, all.begin() + h);
        g = h;
        group_writer w{keys,
                       last_batch_of_producer,
                       now_ms,
                       cfg->delete_retention_ms,
                       max_decompressed,
                       stats,
                       {},
                       {},
                       {},
                       {},
                       olds.size() > 1};
        auto created =
            log_segment::create(dir_, olds[0]->base_offset(), seg_opts, now_ms, cleaned_suffix);
        if (auto* e = std::get_if<std::string>(&created)) {
            spdlog::error("{}: cleaner: {}", tp_name_, *e);
            return std::nullopt;
        }
        const std::shared_ptr<log_segment> cleaned = std::get<0>(std::move(created));
        std::optional<std::string> error;
        for (size_t i = 0; i < olds.size() && !error; ++i) {
            const uint64_t size = olds[i]->size();
            stats.bytes_in += size;
            ok = for_each_batch(
                *olds[i], [&](const batch_header& bh, const proto::record_batch_view& b) {
                    w.add(bh, b, i + 1 == olds.size() && bh.position + bh.size == size);
                    if (w.out.size() >= (1u << 20)) {
                        if (!error) error = cleaned->append(w.out);
                        w.out.clear();
                    }
                });
            if (!ok && !error)
                error = "cannot read segment " + std::to_string(olds[i]->base_offset());
        }
        if (!error) error = cleaned->append(w.out);
        if (!error) error = cleaned->on_become_inactive();
        if (!error) error = cleaned->flush();
        if (error || !w.changed) {
            if (error) spdlog::error("{}: cleaner: {}", tp_name_, *error);
            cleaned->delete_files();
            if (error) return std::nullopt;
            stats.bytes_out += cleaned->size();
            ++stats.segments_out;
            stats.segments_in += static_cast<int>(olds.size());
            continue;
        }
        if (!swap_in_cleaned(cleaned, olds, now_ms)) return std::nullopt;
        stats.bytes_out += cleaned->size();
        ++stats.segments_out;
        stats.segments_in += static_cast<int>(olds.size());
    }
    cleaner_checkpoint_.store(stats.end_offset);
    spdlog::info(
        "{}: cleaned [{}, {}): {} segments into {}, {} -> {} bytes, {} of {} records removed",
        tp_name_, stats.first_dirty, stats.end_offset, stats.segments_in, stats.segments_out,
        stats.bytes_in, stats.bytes_out, stats.records_removed, stats.records_in);
    return stats;
}

bool partition_log::swap_in_cleaned(const std::shared_ptr<log_segment>& cleaned,
                                    const std::vector<std::shared_ptr<log_segment>>& olds,
                                    int64_t now_ms) {
    std::lock_guard lock(append_mutex_);
    bool present = !closed_ && !failed_;
    {
        std::lock_guard state(state_mutex_);
        for (const auto& old : olds) {
            auto it = segments_.find(old->base_offset());
            present = present && it != segments_.end() && it->second == old;
        }
    }
    if (!present) {  // retention or DeleteRecords took some of them, or the log closed
        cleaned->delete_files();
        return false;
    }
    if (auto e = cleaned->change_suffix(cleaned_suffix, swap_suffix)) {
        spdlog::error("{}: cleaner: {}", tp_name_, *e);
        cleaned->delete_files();
        return false;
    }
    sync_directory(dir_);
    {
        std::lock_guard state(state_mutex_);
        for (const auto& old : olds)
            segments_.erase(old->base_offset());
        segments_[cleaned->base_offset()] = cleaned;
    }
    const int64_t due = now_ms + config()->file_delete_delay_ms;
    for (const auto& old : olds) {
        if (auto e = old->add_suffix(deleted_suffix)) spdlog::warn("{}: {}", tp_name_, *e);
        pending_deletes_.push_back({due, old, {}});
    }
    if (auto e = cleaned->change_suffix(swap_suffix, "")) {
        // Recovery completes the swap from the .swap files.
        spdlog::error("{}: cleaner: {}", tp_name_, *e);
    }
    sync_directory(dir_);
    return true;
}

}  // namespace samsa::log
