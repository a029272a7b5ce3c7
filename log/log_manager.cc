#include "log/log_manager.h"

#include <spdlog/spdlog.h>
#include <sys/statvfs.h>

#include <charconv>
#include <filesystem>
#include <random>

#include "log/file_util.h"
#include "log/meta_properties.h"

namespace samsa::log {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view clean_shutdown_file = ".kafka_cleanshutdown";
constexpr std::string_view delete_suffix = "-delete";
constexpr std::string_view metadata_log_dir_name = "__cluster_metadata-0";

// <topic>-<partition> → (topic, partition); nullopt for anything else.
std::optional<std::pair<std::string, int32_t>> parse_partition_dir(const std::string& name) {
    const size_t dash = name.rfind('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == name.size()) return std::nullopt;
    int32_t p = -1;
    const char* begin = name.data() + dash + 1;
    const char* end = name.data() + name.size();
    const auto [ptr, ec] = std::from_chars(begin, end, p);
    if (ec != std::errc() || ptr != end || p < 0) return std::nullopt;
    return std::make_pair(name.substr(0, dash), p);
}

std::string random_hex32() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 32; ++i)
        out.push_back(digits[rng() & 15]);
    return out;
}

}  // namespace

log_manager::log_manager(std::vector<std::string> dirs, log_options options)
    : dirs_(std::move(dirs)), options_(std::move(options)) {}

log_manager::~log_manager() {
    {
        std::lock_guard lock(bg_mutex_);
        stopping_ = true;
    }
    join_background();
    for (auto& t : removers_)
        t.join();
}

std::optional<std::string> log_manager::open() {
    clean_shutdown_ = true;
    for (const std::string& dir : dirs_) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) return "cannot create log directory " + dir + ": " + ec.message();
        auto meta = read_meta_properties(dir);
        if (auto* e = std::get_if<std::string>(&meta)) return *e;
        if (const auto& m = std::get<0>(meta)) {
            if (cluster_id_ && *cluster_id_ != m->cluster_id) {
                return "log directories belong to different clusters (" + *cluster_id_ + ", "
                       + m->cluster_id + ")";
            }
            cluster_id_ = m->cluster_id;
        }
        const fs::path marker = fs::path(dir) / clean_shutdown_file;
        if (fs::exists(marker)) {
            fs::remove(marker, ec);
            clean_dirs_.insert(dir);
        } else {
            clean_shutdown_ = false;
        }
        auto rp = read_offset_checkpoint((fs::path(dir) / recovery_point_checkpoint_name).string());
        if (auto* e = std::get_if<std::string>(&rp)) return *e;
        recovery_points_[dir] = std::move(std::get<0>(rp));
        auto ls =
            read_offset_checkpoint((fs::path(dir) / log_start_offset_checkpoint_name).string());
        if (auto* e = std::get_if<std::string>(&ls)) return *e;
        log_starts_[dir] = std::move(std::get<0>(ls));
        auto co = read_offset_checkpoint((fs::path(dir) / cleaner_offset_checkpoint_name).string());
        if (auto* e = std::get_if<std::string>(&co)) return *e;
        cleaner_offsets_[dir] = std::move(std::get<0>(co));
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            if (!entry.is_directory()) continue;
            const std::string name = entry.path().filename().string();
            if (name.ends_with(delete_suffix)) {
                remove_later(entry.path().string());
                continue;
            }
            if (name == metadata_log_dir_name) continue;  // the controller's, not a partition
            if (auto tp = parse_partition_dir(name)) {
                partitions_[*tp] = {tp->first, tp->second, dir, entry.path().string()};
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> log_manager::ensure_identity(const std::string& cluster_id,
                                                        int32_t node_id) {
    for (const std::string& dir : dirs_) {
        auto meta = read_meta_properties(dir);
        if (auto* e = std::get_if<std::string>(&meta)) return *e;
        if (const auto& m = std::get<0>(meta)) {
            if (m->cluster_id != cluster_id || m->node_id != node_id) {
                return dir + "/meta.properties belongs to cluster " + m->cluster_id + " node "
                       + std::to_string(m->node_id) + ", not cluster " + cluster_id + " node "
                       + std::to_string(node_id);
            }
            continue;
        }
        protocol::uuid id;
        const std::string hex = random_hex32();
        for (size_t i = 0; i < 16; ++i)
            id.bytes[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
        if (auto e = write_meta_properties(dir, {cluster_id, node_id, id.to_string()})) return e;
    }
    cluster_id_ = cluster_id;
    return std::nullopt;
}

std::string log_manager::pick_dir() const {
    if (dirs_.size() == 1) return dirs_.front();  // no partition count per create needed
    std::map<std::string, size_t> counts;
    for (const auto& d : dirs_)
        counts[d] = 0;
    for (const auto& [_, loc] : partitions_)
        ++counts[loc.dir];
    std::string best = dirs_.front();
    for (const auto& d : dirs_) {
        if (counts[d] < counts[best]) best = d;
    }
    return best;
}

std::optional<std::string> log_manager::create_partition(const std::string& topic,
                                                         int32_t partition,
                                                         const protocol::uuid& topic_id,
                                                         int32_t leader_epoch) {
    std::lock_guard lock(mutex_);
    const auto key = std::make_pair(topic, partition);
    if (const auto it = partitions_.find(key); it != partitions_.end()) {
        if (logs_.contains(key)) {
            logs_[key]->set_leader_epoch(leader_epoch);
            return std::nullopt;
        }
        return open_log(it->second, leader_epoch);
    }
    const std::string dir = pick_dir();
    const fs::path path = fs::path(dir) / (topic + "-" + std::to_string(partition));
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) return "cannot create " + path.string() + ": " + ec.message();
    const std::string metadata = "version: 0\ntopic_id: " + topic_id.to_string() + "\n";
    if (auto e = write_file_atomically((path / "partition.metadata").string(), metadata)) return e;
    sync_directory(dir);
    partitions_[key] = {topic, partition, dir, path.string()};
    return open_log(partitions_[key], leader_epoch);
}

void log_manager::delete_partition(const std::string& topic, int32_t partition) {
    std::shared_ptr<partition_log> closing;
    std::unique_lock lock(mutex_);
    const auto it = partitions_.find({topic, partition});
    if (it == partitions_.end()) return;
    if (const auto log = logs_.find({topic, partition}); log != logs_.end()) {
        closing = std::move(log->second);
        logs_.erase(log);
        closing->abandon_appends();
    }
    const std::string suffix = "." + random_hex32() + std::string(delete_suffix);
    const std::string tp = "-" + std::to_string(partition);
    // Kafka shortens the topic so the name stays within 255 bytes.
    const size_t keep = std::min(topic.size(), 255 - (suffix.size() + tp.size()));
    const fs::path renamed = fs::path(it->second.dir) / (topic.substr(0, keep) + tp + suffix);
    std::error_code ec;
    fs::rename(it->second.path, renamed, ec);
    if (ec) {
        spdlog::error("cannot rename {} for deletion: {}", it->second.path, ec.message());
    } else {
        sync_directory(it->second.dir);
        remove_later(renamed.string());
    }
    partitions_.erase(it);
    lock.unlock();
    if (closing) closing->abandon();  // waiters' callbacks run without the manager's lock
}

void log_manager::remove_later(std::string path) {
    removers_.emplace_back([path = std::move(path)] {
        std::error_code ec;
        fs::remove_all(path, ec);
        if (ec) spdlog::warn("cannot remove {}: {}", path, ec.message());
    });
}

std::vector<partition_location> log_manager::partitions() const {
    std::lock_guard lock(mutex_);
    std::vector<partition_location> out;
    for (const auto& [_, loc] : partitions_)
        out.push_back(loc);
    return out;
}

uint64_t log_manager::partition_size(const std::string& path) {
    // Kafka's UnifiedLog.size: the segments' bytes, not the (preallocated) indexes.
    uint64_t total = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (entry.is_regular_file(ec) && entry.path().extension() == ".log") {
            total += entry.file_size(ec);
        }
    }
    return total;
}

std::vector<log_dir_usage> log_manager::usage() const {
    std::vector<log_dir_usage> out;
    for (const auto& d : dirs_) {
        struct statvfs st {};
        log_dir_usage u{d, 0, 0};
        if (statvfs(d.c_str(), &st) == 0) {
            u.total_bytes = static_cast<uint64_t>(st.f_blocks) * st.f_frsize;
            u.usable_bytes = static_cast<uint64_t>(st.f_bavail) * st.f_frsize;
        }
        out.push_back(u);
    }
    return out;
}

void log_manager::mark_clean_shutdown() {
    shutdown();
}

std::optional<std::string> log_manager::open_log(const partition_location& loc,
                                                 int32_t leader_epoch) {
    partition_log_options o;
    o.dir = loc.path;
    o.topic = loc.topic;
    o.partition = loc.partition;
    const auto cfg = topic_configs_.find(loc.topic);
    o.config = cfg != topic_configs_.end() ? cfg->second : default_config_;
    o.options = options_;
    o.had_clean_shutdown = clean_dirs_.contains(loc.dir);
    const topic_partition tp{loc.topic, loc.partition};
    if (auto it = recovery_points_[loc.dir].find(tp); it != recovery_points_[loc.dir].end()) {
        o.recovery_point = it->second;
    }
    if (auto it = log_starts_[loc.dir].find(tp); it != log_starts_[loc.dir].end()) {
        o.log_start_offset = it->second;
    }
    o.leader_epoch = leader_epoch;
    auto opened = partition_log::open(std::move(o));
    if (auto* e = std::get_if<std::string>(&opened)) return *e;
    std::shared_ptr<partition_log> log = std::move(std::get<0>(opened));
    if (auto it = cleaner_offsets_[loc.dir].find(tp); it != cleaner_offsets_[loc.dir].end()) {
        log->set_first_dirty_offset(it->second);
    }
    log->set_append_listener([this, topic = loc.topic, partition = loc.partition](int64_t hw) {
        std::function<void(const std::string&, int32_t, int64_t)> fn;
        {
            std::lock_guard lock(mutex_);
            fn = listener_;
        }
        if (fn) fn(topic, partition, hw);
    });
    if (options_.fsync_before_ack) {
        auto slot = std::make_shared<sync_slot>();
        slot->log = log;
        log->set_sync_requester([this, slot] { request_sync(slot); });
    }
    logs_[tp] = std::move(log);
    return std::nullopt;
}

std::shared_ptr<partition_log> log_manager::get(const std::string& topic, int32_t partition) const {
    std::lock_guard lock(mutex_);
    const auto it = logs_.find({topic, partition});
    return it == logs_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<partition_log>> log_manager::open_logs() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<partition_log>> out;
    out.reserve(logs_.size());
    for (const auto& [_, log] : logs_)
        out.push_back(log);
    return out;
}

void log_manager::set_default_config(const log_config& c) {
    std::lock_guard lock(mutex_);
    default_config_ = c;
    for (const auto& [tp, log] : logs_) {
        if (!topic_configs_.contains(tp.first)) log->set_config(c);
    }
}

void log_manager::set_config(const std::string& topic, const log_config& c) {
    std::lock_guard lock(mutex_);
    topic_configs_[topic] = c;
    for (const auto& [tp, log] : logs_) {
        if (tp.first == topic) log->set_config(c);
    }
}

void log_manager::clear_config(const std::string& topic) {
    std::lock_guard lock(mutex_);
    topic_configs_.erase(topic);
}

void log_manager::set_append_listener(
    std::function<void(const std::string&, int32_t, int64_t)> fn) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(fn);
}

}  // namespace samsa::log
