#include "log/segment.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>

#include "log/file_names.h"
#include "protocol/records/record.h"

namespace samsa::log {

namespace fs = std::filesystem;

log_segment::log_segment(int64_t base, const segment_options& options, int64_t now_ms)
    : base_(base), options_(options), offsets_(base), times_(base), created_ms_(now_ms) {}

log_segment::~log_segment() = default;

std::variant<std::shared_ptr<log_segment>, std::string> log_segment::create(
    const std::string& dir, int64_t base_offset, const segment_options& options, int64_t now_ms,
    std::string_view extra_suffix) {
    std::shared_ptr<log_segment> s(new log_segment(base_offset, options, now_ms));
    auto path = [&](std::string_view suffix) {
        return segment_file_path(dir, base_offset, suffix) + std::string(extra_suffix);
    };
    for (std::string_view suffix :
         {log_suffix, index_suffix, time_index_suffix, txn_index_suffix}) {
        const std::string p = path(suffix);
        std::error_code ec;
        if (fs::exists(p, ec)) {
            spdlog::warn("newly rolled segment file {} already exists; deleting it first", p);
            fs::remove(p, ec);
        }
    }
    const uint64_t prealloc =
        options.preallocate ? static_cast<uint64_t>(options.segment_bytes) : 0;
    auto f = segment_file::open(path(log_suffix), true, prealloc);
    if (auto* e = std::get_if<std::string>(&f)) return *e;
    s->file_ = std::move(std::get<0>(f));
    if (auto e = s->offsets_.open(path(index_suffix), options.index_bytes, true)) return *e;
    if (auto e = s->times_.open(path(time_index_suffix), options.index_bytes, true)) {
        return *e;
    }
    return s;
}

std::variant<std::shared_ptr<log_segment>, std::string> log_segment::open(
    const std::string& dir, int64_t base_offset, const segment_options& options, int64_t now_ms) {
    std::shared_ptr<log_segment> s(new log_segment(base_offset, options, now_ms));
    auto f = segment_file::open(segment_file_path(dir, base_offset, log_suffix), false);
    if (auto* e = std::get_if<std::string>(&f)) return *e;
    s->file_ = std::move(std::get<0>(f));
    const uint64_t size = s->file_->disk_size();
    s->size_.store(size, std::memory_order_release);

    auto open_index = [&](index_file& index, std::string_view suffix,
                          const std::function<bool()>& sane) -> std::optional<std::string> {
        const std::string p = segment_file_path(dir, base_offset, suffix);
        std::error_code ec;
        const bool exists = fs::exists(p, ec);
        if (auto e = index.open(p, options.index_bytes, !exists)) return e;
        if (!exists) {
            s->needs_recovery_ = true;
        } else if (!sane()) {
            spdlog::warn("corrupt index {}: rebuilding it from the log", p);
            s->needs_recovery_ = true;
        }
        return std::nullopt;
    };
    if (auto e = open_index(s->offsets_, index_suffix, [&] { return s->offsets_.sane(size); })) {
        return *e;
    }
    if (auto e = open_index(s->times_, time_index_suffix, [&] { return s->times_.sane(); })) {
        return *e;
    }
    if (s->needs_recovery_) {
        if (auto e = s->offsets_.reset()) return *e;
        if (auto e = s->times_.reset()) return *e;
    }
    s->max_ts_ = s->times_.last_entry();
    return s;
}

void log_segment::note_batch(const batch_header& h) {
    {
        std::lock_guard lock(stats_mutex_);
        if (h.max_timestamp > max_ts_.timestamp) max_ts_ = {h.max_timestamp, h.last_offset};
    }
    if (bytes_since_index_entry_ > static_cast<uint64_t>(options_.index_interval_bytes)) {
        const timestamp_offset m = max_timestamp_so_far();
        auto e = offsets_.append(h.last_offset, static_cast<uint32_t>(h.position));
        if (!e) e = times_.maybe_append(m.timestamp, m.offset);
        if (e) spdlog::warn("segment {}: index entry skipped: {}", file_->path(), *e);
        bytes_since_index_entry_ = 0;
    }
    bytes_since_index_entry_ += h.size;
}

std::optional<std::string> log_segment::append(protocol::bytes_view batches) {
    if (batches.empty()) return std::nullopt;
    const uint64_t start = size();
    if (auto e = file_->write_at(batches, start)) return e;
    protocol::batch_reader reader(batches);
    int64_t largest = -1;
    for (protocol::batch_result r = reader.next(); r.status == protocol::batch_status::ok;
         r = reader.next()) {
        const batch_header h = header_of(r.batch, start + (r.batch.data().data() - batches.data()));
        largest = std::max(largest, h.max_timestamp);
        note_batch(h);
    }
    if (start == 0) {
        std::lock_guard lock(stats_mutex_);
        rolling_ts_ = largest;
    }
    size_.store(start + batches.size(), std::memory_order_release);
    return std::nullopt;
}

std::optional<int64_t> log_segment::rolling_timestamp() const {
    std::lock_guard lock(stats_mutex_);
    if (!rolling_ts_ && size() > 0) {
        batch_header h;
        if (read_batch_header(*file_, 0, size(), h) == scan_status::ok)
            rolling_ts_ = h.max_timestamp;
    }
    return rolling_ts_;
}

bool log_segment::should_roll(const roll_params& p) const {
    const int64_t sz = static_cast<int64_t>(size());
    const std::optional<int64_t> ts = rolling_timestamp();
    int64_t waited = 0;
    if (ts && *ts >= 0) {
        waited = p.max_timestamp_in_messages - *ts;
    } else {
        std::lock_guard lock(stats_mutex_);
        waited = p.now_ms - created_ms_;
    }
    const bool reached_roll_ms = waited > p.segment_ms;
    return sz > int64_t{p.segment_bytes} - int64_t{p.messages_size} || (sz > 0 && reached_roll_ms)
           || offsets_.is_full() || times_.is_full()
           || !offsets_.can_append_offset(p.max_offset_in_messages);
}

std::optional<std::string> log_segment::on_become_inactive() {
    const timestamp_offset m = max_timestamp_so_far();
    if (auto e = times_.maybe_append(m.timestamp, m.offset, true)) return e;
    if (auto e = offsets_.trim()) return e;
    if (auto e = times_.trim()) return e;
    if (options_.preallocate && file_->disk_size() != size()) return file_->truncate(size());
    return std::nullopt;
}

std::optional<std::string> log_segment::resize_indexes(int32_t bytes) {
    if (auto e = offsets_.resize(static_cast<size_t>(bytes))) return e;
    return times_.resize(static_cast<size_t>(bytes));
}

std::optional<std::string> log_segment::flush() const {
    if (auto e = file_->sync()) return e;
    if (auto e = offsets_.flush()) return e;
    return times_.flush();
}

std::optional<std::string> log_segment::sync_log() const {
    return file_->sync();
}

std::optional<batch_header> log_segment::translate_offset(int64_t target, uint64_t end) const {
    uint64_t pos = offsets_.lookup(target).position;
    batch_header h;
    while (read_batch_header(*file_, pos, end, h) == scan_status::ok) {
        if (h.last_offset >= target) return h;
        pos += h.size;
    }
    return std::nullopt;
}

std::optional<byte_range> log_segment::read(int64_t start_offset, uint32_t max_bytes,
                                            uint64_t max_position, bool min_one_batch) const {
    const std::optional<batch_header> first = translate_offset(start_offset, size());
    if (!first) return std::nullopt;
    byte_range r{first->position, 0};
    if (first->position >= max_position) return r;
    const uint64_t budget = min_one_batch ? std::max(max_bytes, first->size) : max_bytes;
    const uint64_t limit_end = first->position + std::min(max_position - first->position, budget);
    if (limit_end == max_position) {
        r.size = static_cast<uint32_t>(max_position - first->position);
        return r;
    }
    // Every offset index entry is a batch boundary: start scanning from the last one that
    // fits, so a large read costs at most index.interval.bytes of header reads.
    uint64_t pos = offsets_.floor_by_position(static_cast<uint32_t>(limit_end)).position;
    if (pos <= first->position) pos = first->position;
    batch_header h;
    while (read_batch_header(*file_, pos, max_position, h) == scan_status::ok
           && pos + h.size <= limit_end) {
        pos += h.size;
    }
    r.size = static_cast<uint32_t>(pos - first->position);
    return r;
}

int64_t log_segment::read_next_offset() const {
    uint64_t pos = offsets_.last_entry().position;
    const uint64_t end = size();
    int64_t next = base_;
    batch_header h;
    while (read_batch_header(*file_, pos, end, h) == scan_status::ok) {
        next = h.next_offset();
        pos += h.size;
    }
    return next;
}

timestamp_offset log_segment::max_timestamp_so_far() const {
    std::lock_guard lock(stats_mutex_);
    return max_ts_;
}

int64_t log_segment::largest_timestamp() const {
    const int64_t ts = max_timestamp_so_far().timestamp;
    return ts >= 0 ? ts : file_->last_modified_ms();
}

void log_segment::delete_files() {
    for (const std::string& p : {file_->path(), offsets_.path(), times_.path()}) {
        if (::unlink(p.c_str()) != 0 && errno != ENOENT) {
            spdlog::warn("cannot delete {}: {}", p, std::strerror(errno));
        }
    }
    const std::string txn = file_->path();
    const size_t at = txn.rfind(log_suffix);
    if (at != std::string::npos) {
        std::string t = txn;
        t.replace(at, log_suffix.size(), txn_index_suffix);
        ::unlink(t.c_str());
    }
}

std::optional<std::string> log_segment::add_suffix(std::string_view suffix) {
    const std::string s(suffix);
    if (auto e = file_->rename(file_->path() + s)) return e;
    if (auto e = offsets_.rename(offsets_.path() + s)) return e;
    return times_.rename(times_.path() + s);
}

std::optional<std::string> log_segment::change_suffix(std::string_view from, std::string_view to) {
    auto renamed = [&](const std::string& p) -> std::optional<std::string> {
        if (!p.ends_with(from)) return std::nullopt;
        return p.substr(0, p.size() - from.size()) + std::string(to);
    };
    const auto l = renamed(file_->path()), o = renamed(offsets_.path()), t = renamed(times_.path());
    if (!l || !o || !t)
        return "segment " + file_->path() + " does not end with " + std::string(from);
    if (auto e = file_->rename(*l)) return e;
    if (auto e = offsets_.rename(*o)) return e;
    return times_.rename(*t);
}

}  // namespace samsa::log
