#include "log/leader_epoch_cache.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "log/checkpoints.h"
#include "log/file_util.h"

namespace samsa::log {

std::optional<std::string> leader_epoch_cache::load() {
    std::lock_guard lock(mutex_);
    epochs_.clear();
    std::ifstream in(path_);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    auto lines = parse_checkpoint_lines(text.str(), 2);
    if (auto* e = std::get_if<std::string>(&lines)) return path_ + ": " + *e;
    for (const auto& parts : std::get<0>(lines)) {
        epoch_entry e;
        const auto r1 =
            std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), e.epoch);
        const auto r2 =
            std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), e.start_offset);
        if (r1.ec != std::errc() || r2.ec != std::errc()) return path_ + ": malformed line";
        epochs_[e.epoch] = e;
    }
    return std::nullopt;
}

std::optional<std::string> leader_epoch_cache::write_locked() {
    std::vector<std::string> lines;
    for (const auto& [_, e] : epochs_)
        lines.push_back(std::to_string(e.epoch) + " " + std::to_string(e.start_offset));
    dirty_ = false;
    return write_file_atomically(path_, format_checkpoint(lines));
}

void leader_epoch_cache::assign(int32_t epoch, int64_t start_offset) {
    if (epoch < 0 || start_offset < 0) return;
    std::lock_guard lock(mutex_);
    if (!epochs_.empty()) {
        const epoch_entry& last = epochs_.rbegin()->second;
        if (last.epoch == epoch && start_offset >= last.start_offset) return;
    }
    while (!epochs_.empty()) {
        const epoch_entry& last = epochs_.rbegin()->second;
        if (last.epoch < epoch && last.start_offset < start_offset) break;
        epochs_.erase(std::prev(epochs_.end()));
    }
    epochs_[epoch] = {epoch, start_offset};
    dirty_ = true;
}

void leader_epoch_cache::truncate_from_end(int64_t end_offset) {
    std::lock_guard lock(mutex_);
    if (end_offset < 0) return;
    while (!epochs_.empty() && epochs_.rbegin()->second.start_offset >= end_offset) {
        epochs_.erase(std::prev(epochs_.end()));
        dirty_ = true;
    }
}

void leader_epoch_cache::truncate_from_start(int64_t start_offset) {
    std::lock_guard lock(mutex_);
    std::optional<epoch_entry> last_removed;
    while (!epochs_.empty() && epochs_.begin()->second.start_offset <= start_offset) {
        last_removed = epochs_.begin()->second;
        epochs_.erase(epochs_.begin());
    }
    if (last_removed) {
        epochs_[last_removed->epoch] = {last_removed->epoch, start_offset};
        dirty_ = true;
    }
}

std::optional<std::string> leader_epoch_cache::flush() {
    std::lock_guard lock(mutex_);
    if (!dirty_) return std::nullopt;
    return write_locked();
}

std::optional<int32_t> leader_epoch_cache::latest_epoch() const {
    std::lock_guard lock(mutex_);
    if (epochs_.empty()) return std::nullopt;
    return epochs_.rbegin()->first;
}

std::optional<epoch_entry> leader_epoch_cache::earliest_entry() const {
    std::lock_guard lock(mutex_);
    if (epochs_.empty()) return std::nullopt;
    return epochs_.begin()->second;
}

epoch_end_offset leader_epoch_cache::end_offset_for(int32_t epoch, int64_t log_end_offset) const {
    std::lock_guard lock(mutex_);
    if (epoch == -1) return {};
    if (!epochs_.empty() && epochs_.rbegin()->first == epoch) return {epoch, log_end_offset};
    const auto higher = epochs_.upper_bound(epoch);
    if (higher == epochs_.end()) return {};
    if (higher == epochs_.begin()) return {epoch, higher->second.start_offset};
    const auto floor = std::prev(higher);
    return {floor->second.epoch, higher->second.start_offset};
}

std::vector<epoch_entry> leader_epoch_cache::entries() const {
    std::lock_guard lock(mutex_);
    std::vector<epoch_entry> out;
    for (const auto& [_, e] : epochs_)
        out.push_back(e);
    return out;
}

}  // namespace samsa::log
