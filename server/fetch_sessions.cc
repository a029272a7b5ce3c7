#include "server/fetch_sessions.h"

#include <algorithm>

#include "protocol/error_code.h"

namespace samsa::server {
namespace {

constexpr int32_t initial_epoch = 0;
constexpr int32_t final_epoch = -1;

bool same_partition(const fetch_partition& a, const fetch_partition& b) {
    return a.partition == b.partition && a.topic_id == b.topic_id && a.topic == b.topic;
}

int32_t next_epoch(int32_t e) {
    return e == INT32_MAX ? 1 : e + 1;
}

}  // namespace

size_t fetch_session_cache::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

int32_t fetch_session_cache::new_session_id() {
    std::uniform_int_distribution<int32_t> dist(1, INT32_MAX);
    for (;;) {
        const int32_t id = dist(rng_);
        if (!sessions_.contains(id)) return id;
    }
}

bool fetch_session_cache::make_room(int64_t now_ms) {
    if (sessions_.size() < max_sessions_) return true;
    auto oldest = sessions_.end();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
        if (oldest == sessions_.end() || it->second.last_used_ms < oldest->second.last_used_ms)
            oldest = it;
    }
    if (oldest == sessions_.end() || now_ms - oldest->second.last_used_ms < eviction_ms_)
        return false;
    sessions_.erase(oldest);
    return true;
}

void fetch_session_cache::apply_request(session& s, const fetch_partition& p) {
    for (auto& c : s.partitions) {
        if (same_partition(c.request, p)) {
            c.request = p;
            return;
        }
    }
    s.partitions.push_back({p, {}});
}

fetch_plan fetch_session_cache::begin(int32_t session_id, int32_t epoch,
                                      std::vector<fetch_partition> requested,
                                      const std::vector<fetch_partition>& forgotten,
                                      int64_t now_ms) {
    std::lock_guard lock(mutex_);
    fetch_plan plan;
    if (epoch == initial_epoch || epoch == final_epoch) {
        if (session_id != 0)
            sessions_.erase(session_id);  // a full fetch closes the session it names
        if (epoch == initial_epoch && !requested.empty() && max_sessions_ > 0
            && make_room(now_ms)) {
            session s;
            s.id = new_session_id();
            s.last_used_ms = now_ms;
            for (const auto& p : requested)
                apply_request(s, p);
            plan.session_id = s.id;
            sessions_.emplace(s.id, std::move(s));
        }
        plan.partitions = std::move(requested);
        return plan;
    }
    const auto it = sessions_.find(session_id);
    if (it == sessions_.end()) {
        plan.error = static_cast<int16_t>(protocol::error_code::fetch_session_id_not_found);
        return plan;
    }
    session& s = it->second;
    if (s.next_epoch != epoch) {
        plan.error = static_cast<int16_t>(protocol::error_code::invalid_fetch_session_epoch);
        return plan;
    }
    for (const auto& f : forgotten) {
        std::erase_if(s.partitions,
                      [&](const cached_partition& c) { return same_partition(c.request, f); });
    }
    for (const auto& p : requested)
        apply_request(s, p);
    s.next_epoch = next_epoch(s.next_epoch);
    s.last_used_ms = now_ms;
    plan.session_id = s.id;
    plan.incremental = true;
    for (const auto& c : s.partitions)
        plan.partitions.push_back(c.request);
    return plan;
}

std::vector<bool> fetch_session_cache::finish(const fetch_plan& plan,
                                              const std::vector<partition_outcome>& outcomes) {
    std::vector<bool> include(plan.partitions.size(), !plan.incremental);
    if (plan.session_id == 0) return include;
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(plan.session_id);
    if (it == sessions_.end()) return std::vector<bool>(plan.partitions.size(), true);
    session& s = it->second;
    for (size_t i = 0; i < plan.partitions.size() && i < outcomes.size(); ++i) {
        const auto found =
            std::find_if(s.partitions.begin(), s.partitions.end(), [&](const cached_partition& c) {
                return same_partition(c.request, plan.partitions[i]);
            });
        if (found == s.partitions.end()) continue;
        const partition_outcome& o = outcomes[i];
        const partition_outcome& last = found->last;
        const bool changed = o.has_records || o.error != 0
                             || o.high_watermark != last.high_watermark
                             || o.last_stable_offset != last.last_stable_offset
                             || o.log_start_offset != last.log_start_offset;
        if (plan.incremental) include[i] = changed;
        found->last = o;
        found->last.has_records = false;
    }
    return include;
}

}  // namespace samsa::server
