// partition_log: construction, appends, reads and the published offsets.
#include "log/partition_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "log/log_validator.h"
#include "log/producer_snapshot.h"
#include "protocol/records/record.h"

namespace samsa::log {

namespace proto = protocol;

namespace {

// Kafka answers these with an unknown log start offset (-1), the rest with the real one.
bool unknown_log_start(errc e) {
    return e == errc::message_too_large || e == errc::corrupt_message
           || e == errc::record_list_too_large || e == errc::storage_error;
}

}  // namespace

partition_log::partition_log(partition_log_options o)
    : dir_(o.dir),
      topic_(o.topic),
      tp_name_(o.topic + "-" + std::to_string(o.partition)),
      partition_(o.partition),
      options_(o.options),
      config_(std::make_shared<const log_config>(o.config)),
      leader_epoch_(o.leader_epoch),
      producers_(tp_name_, o.options.producer_id_expiration_ms),
      epochs_(o.dir + "/leader-epoch-checkpoint") {}

partition_log::~partition_log() = default;

std::shared_ptr<const log_config> partition_log::config() const {
    std::lock_guard lock(config_mutex_);
    return config_;
}

void partition_log::set_config(const log_config& c) {
    std::lock_guard lock(config_mutex_);
    config_ = std::make_shared<const log_config>(c);
}

void partition_log::set_leader_epoch(int32_t epoch) {
    std::lock_guard lock(append_mutex_);
    leader_epoch_.store(epoch);
    const std::optional<int32_t> latest = epochs_.latest_epoch();
    if (epoch >= 0 && (!latest || epoch > *latest)) epochs_.assign(epoch, next_offset_);
}

void partition_log::set_append_listener(std::function<void(int64_t)> fn) {
    std::lock_guard lock(waiters_mutex_);
    listener_ = std::move(fn);
}

void partition_log::set_sync_requester(std::function<void()> fn) {
    std::lock_guard lock(waiters_mutex_);
    sync_requester_ = std::move(fn);
}

segment_options partition_log::segment_opts(const log_config& c) const {
    return {c.segment_index_bytes, c.index_interval_bytes, c.preallocate, c.segment_bytes,
            options_.max_decompressed_batch_bytes};
}

partition_log::end_state partition_log::published() const {
    std::lock_guard lock(state_mutex_);
    return state_;
}

std::shared_ptr<log_segment> partition_log::active() const {
    std::lock_guard lock(state_mutex_);
    return segments_.rbegin()->second;
}

std::shared_ptr<log_segment> partition_log::floor_segment(int64_t offset) const {
    std::lock_guard lock(state_mutex_);
    auto it = segments_.upper_bound(offset);
    if (it == segments_.begin()) return nullptr;
    return std::prev(it)->second;
}

std::shared_ptr<log_segment> partition_log::next_segment(int64_t base) const {
    std::lock_guard lock(state_mutex_);
    auto it = segments_.upper_bound(base);
    return it == segments_.end() ? nullptr : it->second;
}

std::shared_ptr<log_segment> partition_log::successor(const log_segment& seg) const {
    std::lock_guard lock(state_mutex_);
    const auto it = segments_.find(seg.base_offset());
    // Retention deletes oldest first: while seg is in the log, the next one is its successor.
    // Once seg is gone, so may be the ones after it, and a read must not skip over them.
    if (it == segments_.end() || it->second.get() != &seg) return nullptr;
    const auto next = std::next(it);
    return next == segments_.end() ? nullptr : next->second;
}

std::vector<std::shared_ptr<log_segment>> partition_log::segments() const {
    std::lock_guard lock(state_mutex_);
    std::vector<std::shared_ptr<log_segment>> out;
    out.reserve(segments_.size());
    for (const auto& [_, s] : segments_)
        out.push_back(s);
    return out;
}

int64_t partition_log::log_start_offset() const {
    return published().log_start;
}
int64_t partition_log::log_end_offset() const {
    return published().leo.offset;
}
int64_t partition_log::high_watermark() const {
    return published().hw.offset;
}
int64_t partition_log::last_stable_offset() const {
    return published().lso;
}

uint64_t partition_log::size_bytes() const {
    std::lock_guard lock(state_mutex_);
    uint64_t total = 0;
    for (const auto& [_, s] : segments_)
        total += s->size();
    return total;
}

size_t partition_log::segment_count() const {
    std::lock_guard lock(state_mutex_);
    return segments_.size();
}

void partition_log::publish_locked(bool advance_hw) {
    const std::shared_ptr<log_segment> a = active();
    const offset_meta leo{next_offset_, a->base_offset(), a->size()};
    if (advance_hw) producers_.on_high_watermark(leo.offset);
    std::lock_guard lock(state_mutex_);
    state_.leo = leo;
    if (advance_hw) state_.hw = leo;
    const std::optional<int64_t> unstable = producers_.first_unstable_offset();
    state_.lso =
        unstable ? std::clamp(*unstable, state_.log_start, state_.hw.offset) : state_.hw.offset;
}

std::optional<std::string> partition_log::roll_locked(int64_t now_ms, int64_t expected_next) {
    const int64_t base = std::max(expected_next, next_offset_);
    const std::shared_ptr<log_segment> old = active();
    if (old->base_offset() == base) return std::nullopt;  // nothing to roll onto
    if (auto e = old->on_become_inactive()) return e;
    auto created = log_segment::create(dir_, base, segment_opts(*config()), now_ms);
    if (auto* e = std::get_if<std::string>(&created)) return *e;
    {
        std::lock_guard lock(state_mutex_);
        segments_[base] = std::get<0>(created);
    }
    dir_dirty_ = true;
    producers_.set_map_end_offset(base);
    take_snapshot_locked(false);
    pending_flush_ = std::max(pending_flush_, base);
    publish_locked(!options_.fsync_before_ack);
    spdlog::info("{}: rolled new log segment at offset {}", tp_name_, base);
    return std::nullopt;
}

void partition_log::take_snapshot_locked(bool sync) {
    const int64_t at = producers_.map_end_offset();
    // Nothing to record before the first offset: a new log gets no snapshot (as in Kafka).
    if (at <= std::max<int64_t>(last_snapshot_offset_, 0)) return;
    if (auto e = write_producer_snapshot(dir_, at, producers_, sync)) {
        spdlog::error("{}: {}", tp_name_, *e);
        return;
    }
    last_snapshot_offset_ = at;
}

append_result partition_log::append(std::span<uint8_t> records, int64_t now_ms, bool from_client) {
    const std::shared_ptr<const log_config> cfg = config();
    validator_config vc;
    vc.topic_partition = tp_name_;
    vc.max_message_bytes = cfg->max_message_bytes;
    vc.log_append_time = cfg->log_append_time;
    vc.timestamp_before_max_ms = cfg->timestamp_before_max_ms;
    vc.timestamp_after_max_ms = cfg->timestamp_after_max_ms;
    vc.topic_compression = cfg->compression;
    vc.compact = cfg->compact;
    vc.max_decompressed_bytes = options_.max_decompressed_batch_bytes;
    vc.from_client = from_client;
    thread_local proto::byte_buffer scratch;
    validation_result v = validate_records(records, vc, now_ms, scratch);
    if (scratch.capacity() > (8u << 20)) proto::byte_buffer().swap(scratch);

    append_result r;
    auto fail = [&](errc e, std::string detail, std::string message = {}) {
        r.error = e;
        r.detail = std::move(detail);
        r.message = std::move(message);
        r.log_start_offset = unknown_log_start(e) ? -1 : log_start_offset();
        return std::move(r);
    };
    if (v.error != errc::none) {
        r.record_errors = std::move(v.record_errors);
        std::string message = v.message_for_client ? v.message : std::string();
        return fail(v.error, std::move(v.message), std::move(message));
    }

    std::unique_lock lock(append_mutex_);
    if (closed_) return fail(errc::log_closed, tp_name_ + " is closed");
    if (failed_) return fail(errc::storage_error, tp_name_ + " had an I/O error");
    std::span<uint8_t> bytes = v.batch;
    if (bytes.size() > static_cast<size_t>(cfg->segment_bytes)) {
        return fail(errc::record_list_too_large,
                    "Message batch size is " + std::to_string(bytes.size())
                        + " bytes in append to partition " + tp_name_
                        + ", which exceeds the maximum configured segment size of "
                        + std::to_string(cfg->segment_bytes) + ".");
    }
    const int64_t base = next_offset_;
    const int64_t last = base + v.record_count - 1;
    roll_params rp{cfg->segment_ms,
                   cfg->segment_bytes,
                   v.max_timestamp,
                   last,
                   static_cast<uint32_t>(bytes.size()),
                   now_ms};
    if (active()->should_roll(rp)) {
        if (auto e = roll_locked(now_ms, base)) {
            failed_ = true;
            return fail(errc::storage_error, *e);
        }
    }
    proto::set_base_offset(bytes, base);
    proto::set_partition_leader_epoch(bytes, leader_epoch_.load());
    const proto::record_batch_view batch = proto::read_batch(bytes).batch;
    std::optional<producer_batch> pb;
    if (batch.producer_id() >= 0) {
        pb = producer_batch_of(batch);
        if (from_client) {
            if (auto dup = producers_.find_duplicate(*pb)) {
                r.base_offset = dup->first_offset();
                r.last_offset = dup->last_offset;
                r.log_append_time = dup->timestamp;
                r.log_start_offset = log_start_offset();
                return r;
            }
        }
        const producer_check c =
            producers_.check(*pb, from_client ? append_origin::client : append_origin::coordinator);
        if (c.error != errc::none) return fail(c.error, c.message);
    }
    if (auto e = active()->append(bytes)) {
        failed_ = true;
        return fail(errc::storage_error, *e);
    }
    epochs_.assign(batch.partition_leader_epoch(), base);
    if (pb) producers_.apply(*pb);
    next_offset_ = last + 1;
    producers_.set_map_end_offset(next_offset_);
    if (next_offset_ - recovery_point_ >= cfg->flush_messages) pending_flush_ = next_offset_;
    publish_locked(!options_.fsync_before_ack);
    r.base_offset = base;
    r.last_offset = last;
    r.log_append_time = v.log_append_time;
    r.log_start_offset = log_start_offset();
    lock.unlock();
    if (!options_.fsync_before_ack) {
        call_listener(last + 1);
    } else {
        std::function<void()> requester;
        {
            std::lock_guard wl(waiters_mutex_);
            requester = sync_requester_;
        }
        if (requester) requester();
    }
    return r;
}

partition_log::offset_meta partition_log::lso_meta(const end_state& s) const {
    if (s.lso >= s.hw.offset) return s.hw;
    const std::shared_ptr<log_segment> seg = floor_segment(s.lso);
    if (!seg) return s.hw;
    const std::optional<batch_header> h = seg->translate_offset(s.lso, seg->size());
    return {s.lso, seg->base_offset(), h ? h->position : seg->size()};
}

read_result partition_log::read(int64_t fetch_offset, int32_t max_bytes, bool min_one_batch,
                                isolation iso) const {
    const end_state s = published();
    read_result r;
    r.high_watermark = s.hw.offset;
    r.last_stable_offset = s.lso;
    r.log_start_offset = s.log_start;
    if (fetch_offset < s.log_start || fetch_offset > s.leo.offset) {
        r.error = errc::offset_out_of_range;
        return r;
    }
    const offset_meta max = iso == isolation::read_committed ? lso_meta(s) : s.hw;
    if (fetch_offset >= max.offset) return r;
    uint64_t budget = static_cast<uint64_t>(std::max(max_bytes, 0));
    std::shared_ptr<log_segment> seg = floor_segment(fetch_offset);
    while (seg && seg->base_offset() <= max.segment_base) {
        const uint64_t max_position =
            seg->base_offset() < max.segment_base ? seg->size() : max.position;
        const bool first = r.ranges.empty() && min_one_batch;
        const std::optional<byte_range> got =
            seg->read(fetch_offset, static_cast<uint32_t>(std::min<uint64_t>(budget, UINT32_MAX)),
                      max_position, first);
        if (got && got->size > 0) {
            r.ranges.push_back({seg->file(), got->position, got->size});
            r.bytes += got->size;
            budget -= std::min<uint64_t>(budget, got->size);
        }
        // Stop when the budget cut the read short of the segment's readable end.
        if (got && got->position + got->size < max_position) break;
        seg = successor(*seg);
    }
    return r;
}

}  // namespace samsa::log
