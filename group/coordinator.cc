#include "group/coordinator.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

namespace samsa::group {

const char* to_string(errc e) {
    switch (e) {
        case errc::none:
            return "none";
        case errc::coordinator_not_available:
            return "coordinator_not_available";
        case errc::coordinator_load_in_progress:
            return "coordinator_load_in_progress";
        case errc::invalid_group_id:
            return "invalid_group_id";
        case errc::invalid_session_timeout:
            return "invalid_session_timeout";
        case errc::unknown_member_id:
            return "unknown_member_id";
        case errc::illegal_generation:
            return "illegal_generation";
        case errc::inconsistent_group_protocol:
            return "inconsistent_group_protocol";
        case errc::rebalance_in_progress:
            return "rebalance_in_progress";
        case errc::member_id_required:
            return "member_id_required";
        case errc::fenced_instance_id:
            return "fenced_instance_id";
        case errc::group_max_size_reached:
            return "group_max_size_reached";
        case errc::group_id_not_found:
            return "group_id_not_found";
        case errc::non_empty_group:
            return "non_empty_group";
        case errc::group_subscribed_to_topic:
            return "group_subscribed_to_topic";
        case errc::offset_metadata_too_large:
            return "offset_metadata_too_large";
    }
    return "unknown";
}

coordinator::coordinator(coordinator_options options, clock_fn clock)
    : options_(std::move(options)), clock_(std::move(clock)) {}

void coordinator::set_writer(record_writer w) {
    std::lock_guard lock(mutex_);
    writer_ = std::move(w);
}

void coordinator::begin_loading() {
    std::lock_guard lock(mutex_);
    loading_ = true;
}

void coordinator::finish_loading() {
    std::lock_guard lock(mutex_);
    loading_ = false;
}

bool coordinator::loading() const {
    std::lock_guard lock(mutex_);
    return loading_;
}

void coordinator::replay(const record& r) {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_();
    if (const auto* o = std::get_if<offset_record>(&r)) {
        offsets_.apply(*o);
        // Offsets without group metadata (simple consumers, admin commits) make an empty
        // group, as Kafka's loading does.
        if (o->value) get_or_create(o->group, now);
        return;
    }
    const auto& g = std::get<group_record>(r);
    if (g.value) {
        get_or_create(g.group, now).load(*g.value, now);
    } else {
        groups_.erase(g.group);
    }
}

errc coordinator::precheck(const std::string& group_id) const {
    if (loading_) return errc::coordinator_load_in_progress;
    if (stopped_) return errc::coordinator_not_available;
    return errc::none;
}

classic_group* coordinator::find(const std::string& group_id) {
    auto it = groups_.find(group_id);
    return it == groups_.end() ? nullptr : it->second.get();
}

const classic_group* coordinator::find(const std::string& group_id) const {
    auto it = groups_.find(group_id);
    return it == groups_.end() ? nullptr : it->second.get();
}

classic_group& coordinator::get_or_create(const std::string& group_id, int64_t now) {
    auto& g = groups_[group_id];
    if (!g) g = std::make_unique<classic_group>(group_id, options_.group, now);
    return *g;
}

bool coordinator::write(const std::string& group_id, const std::vector<record>& records) {
    if (records.empty()) return true;
    if (!writer_) return false;
    return writer_(partition_for(group_id, options_.partitions), records);
}

void coordinator::persist(const std::string& group_id, effects& fx) {
    if (!fx.metadata) return;
    if (!write(group_id, {group_record{group_id, std::move(fx.metadata)}}))
        spdlog::warn("group {}: could not write its metadata to __consumer_offsets", group_id);
    fx.metadata.reset();
}

void coordinator::run(effects& fx) {
    for (auto& f : fx.completions)
        f();
    fx.completions.clear();
}

void coordinator::join(const std::string& group_id, join_request req, join_callback cb) {
    effects fx;
    {
        std::lock_guard lock(mutex_);
        errc e = precheck(group_id);
        if (e == errc::none && group_id.empty()) e = errc::invalid_group_id;
        if (e == errc::none
            && (req.session_timeout_ms < options_.group.min_session_timeout_ms
                || req.session_timeout_ms > options_.group.max_session_timeout_ms)) {
            e = errc::invalid_session_timeout;
        }
        classic_group* g = e == errc::none ? find(group_id) : nullptr;
        if (e == errc::none && !g) {
            if (!req.member_id.empty()) {
                e = errc::unknown_member_id;
            } else {
                g = &get_or_create(group_id, clock_());
            }
        }
        if (e != errc::none) {
            fx.completions.push_back(
                [cb, e, id = req.member_id] { cb({.error = e, .member_id = id}); });
        } else {
            g->join(req, clock_(), std::move(cb), fx);
            persist(group_id, fx);
        }
    }
    run(fx);
}

void coordinator::sync(const std::string& group_id, sync_request req, sync_callback cb) {
    effects fx;
    {
        std::lock_guard lock(mutex_);
        errc e = precheck(group_id);
        if (e == errc::none && group_id.empty()) e = errc::invalid_group_id;
        classic_group* g = e == errc::none ? find(group_id) : nullptr;
        if (e == errc::none && !g) e = errc::unknown_member_id;
        if (e != errc::none) {
            fx.completions.push_back([cb, e] { cb({.error = e}); });
        } else {
            g->sync(req, clock_(), std::move(cb), fx);
            persist(group_id, fx);
        }
    }
    run(fx);
}

errc coordinator::heartbeat(const std::string& group_id, const std::string& member_id,
                            const std::optional<std::string>& instance_id, int32_t generation) {
    std::lock_guard lock(mutex_);
    if (const errc e = precheck(group_id); e != errc::none) return e;
    if (group_id.empty()) return errc::invalid_group_id;
    classic_group* g = find(group_id);
    if (!g) return errc::unknown_member_id;
    return g->heartbeat(member_id, instance_id, generation, clock_());
}

leave_result coordinator::leave(const std::string& group_id,
                                const std::vector<leave_member>& members) {
    leave_result out;
    effects fx;
    {
        std::lock_guard lock(mutex_);
        out.error = precheck(group_id);
        if (out.error == errc::none && group_id.empty()) out.error = errc::invalid_group_id;
        classic_group* g = out.error == errc::none ? find(group_id) : nullptr;
        if (out.error == errc::none && !g) {
            // As Kafka answers: no group error, every member unknown.
            out.members.assign(members.size(), errc::unknown_member_id);
            return out;
        }
        if (out.error == errc::none && g->state() == group_state::dead)
            out.error = errc::coordinator_not_available;
        if (out.error == errc::none) {
            for (const auto& m : members)
                out.members.push_back(g->leave(m, clock_(), fx));
            persist(group_id, fx);
        }
    }
    run(fx);
    return out;
}

commit_result coordinator::commit_offsets(const std::string& group_id, const commit_request& req) {
    commit_result out;
    std::lock_guard lock(mutex_);
    errc e = precheck(group_id);
    if (e == errc::none && group_id.empty()) e = errc::invalid_group_id;
    const int64_t now = clock_();
    classic_group* g = e == errc::none ? find(group_id) : nullptr;
    if (e == errc::none && !g) {
        // Only a commit outside any generation (admin tools, consumers with assigned
        // partitions) creates the group.
        if (req.generation < 0) {
            g = &get_or_create(group_id, now);
        } else {
            e = errc::group_id_not_found;  // as Kafka 4 answers it
        }
    }
    if (e == errc::none)
        e = g->validate_offset_commit(req.member_id, req.instance_id, req.generation);
    out.partitions.assign(req.partitions.size(), e);
    if (e != errc::none) return out;

    std::vector<record> records;
    std::vector<size_t> written;
    for (size_t i = 0; i < req.partitions.size(); ++i) {
        const auto& p = req.partitions[i];
        if (p.metadata
            && p.metadata->size() > static_cast<size_t>(options_.group.offset_metadata_max_bytes)) {
            out.partitions[i] = errc::offset_metadata_too_large;
            continue;
        }
        committed_offset v;
        v.offset = p.offset;
        v.leader_epoch = p.leader_epoch;
        v.metadata = p.metadata.value_or("");
        v.commit_timestamp = now;
        v.expire_timestamp = req.retention_ms >= 0 ? now + req.retention_ms : -1;
        records.push_back(offset_record{group_id, p.topic, p.partition, v});
        written.push_back(i);
    }
    if (!write(group_id, records)) {
        for (size_t i : written)
            out.partitions[i] = errc::coordinator_not_available;
        return out;
    }
    for (const auto& r : records)
        offsets_.apply(std::get<offset_record>(r));
    return out;
}

fetch_result coordinator::fetch_offsets(
    const std::string& group_id, const std::optional<std::vector<topic_partition>>& partitions) {
    fetch_result out;
    std::lock_guard lock(mutex_);
    out.error = precheck(group_id);
    if (out.error != errc::none) return out;
    if (!partitions) {
        for (const auto& [tp, o] : offsets_.of(group_id))
            out.offsets.push_back({tp, o});
        return out;
    }
    for (const auto& tp : *partitions) {
        const committed_offset* o = offsets_.find(group_id, tp.first, tp.second);
        out.offsets.push_back({tp, o ? *o : committed_offset{}});
    }
    return out;
}

delete_offsets_result coordinator::delete_offsets(const std::string& group_id,
                                                  const std::vector<topic_partition>& partitions) {
    delete_offsets_result out;
    std::lock_guard lock(mutex_);
    out.error = precheck(group_id);
    if (out.error == errc::none && group_id.empty()) out.error = errc::invalid_group_id;
    classic_group* g = out.error == errc::none ? find(group_id) : nullptr;
    if (out.error == errc::none && (!g || g->state() == group_state::dead))
        out.error = errc::group_id_not_found;
    if (out.error == errc::none && g->state() != group_state::empty
        && g->protocol_type() != "consumer") {
        out.error = errc::non_empty_group;
    }
    if (out.error != errc::none) return out;
    std::optional<std::set<std::string>> subscribed;  // nullopt: unknown, every topic busy
    if (g->state() == group_state::empty) {
        subscribed.emplace();
    } else if (auto topics = g->subscribed_topics()) {
        subscribed.emplace(topics->begin(), topics->end());
    }
    std::vector<topic_partition> deletable;
    for (const auto& tp : partitions) {
        const bool busy = !subscribed || subscribed->count(tp.first) != 0;
        out.partitions.push_back(busy ? errc::group_subscribed_to_topic : errc::none);
        if (!busy) deletable.push_back(tp);
    }
    const std::vector<record> records = offsets_.tombstones(group_id, deletable);
    if (!write(group_id, records)) {
        out.error = errc::coordinator_not_available;
        out.partitions.clear();
        return out;
    }
    for (const auto& r : records)
        offsets_.apply(std::get<offset_record>(r));
    return out;
}

std::vector<errc> coordinator::delete_groups(const std::vector<std::string>& group_ids) {
    std::vector<errc> out;
    effects fx;
    {
        std::lock_guard lock(mutex_);
        for (const auto& id : group_ids) {
            errc e = precheck(id);
            if (e == errc::none && id.empty()) e = errc::invalid_group_id;
            classic_group* g = e == errc::none ? find(id) : nullptr;
            if (e == errc::none && (!g || g->state() == group_state::dead))
                e = errc::group_id_not_found;
            if (e == errc::none && g->state() != group_state::empty) e = errc::non_empty_group;
            if (e == errc::none) {
                std::vector<record> records = offsets_.tombstones(id, std::nullopt);
                records.push_back(group_record{id, std::nullopt});
                if (!write(id, records)) {
                    e = errc::coordinator_not_available;
                } else {
                    for (const auto& r : records) {
                        if (const auto* o = std::get_if<offset_record>(&r)) offsets_.apply(*o);
                    }
                    g->mark_dead(fx);
                    groups_.erase(id);
                }
            }
            out.push_back(e);
        }
    }
    run(fx);
    return out;
}

std::vector<group_listing> coordinator::list_groups() const {
    std::vector<group_listing> out;
    std::lock_guard lock(mutex_);
    if (loading_) return out;
    for (const auto& [id, g] : groups_) {
        if (g->state() == group_state::dead) continue;
        out.push_back({id, g->protocol_type(), g->state()});
    }
    return out;
}

group_description coordinator::describe(const std::string& group_id) const {
    group_description out;
    std::lock_guard lock(mutex_);
    out.error = precheck(group_id);
    if (out.error != errc::none) return out;
    const classic_group* g = find(group_id);
    if (!g || g->state() == group_state::dead) return out;
    out.found = true;
    out.state = g->state();
    out.protocol_type = g->protocol_type();
    if (g->state() == group_state::stable) out.protocol = g->protocol_name().value_or("");
    out.members = g->describe();
    return out;
}

void coordinator::tick() {
    effects fx;
    {
        std::lock_guard lock(mutex_);
        if (loading_ || stopped_) return;
        const int64_t now = clock_();
        for (auto& [id, g] : groups_) {
            g->tick(now, fx);
            persist(id, fx);
        }
        if (now >= next_expiry_check_) {
            next_expiry_check_ = now + options_.retention_check_interval_ms;
            expire_offsets(now);
        }
    }
    run(fx);
}

size_t coordinator::delete_offsets_of_missing_topics(
    const std::function<bool(const std::string&)>& exists) {
    std::lock_guard lock(mutex_);
    if (loading_ || stopped_) return 0;
    size_t removed = 0;
    for (const auto& id : offsets_.groups()) {
        std::vector<topic_partition> gone;
        for (const auto& [tp, o] : offsets_.of(id)) {
            if (!exists(tp.first)) gone.push_back(tp);
        }
        const std::vector<record> records = offsets_.tombstones(id, gone);
        if (records.empty() || !write(id, records)) continue;
        for (const auto& r : records)
            offsets_.apply(std::get<offset_record>(r));
        removed += records.size();
    }
    return removed;
}

void coordinator::expire_offsets(int64_t now) {
    std::vector<std::string> empty_groups;
    for (const auto& id : offsets_.groups()) {
        const classic_group* g = find(id);
        std::optional<int64_t> empty_since;
        std::optional<std::vector<std::string>> subscribed;
        if (!g) {
            empty_since = 0;
        } else if (g->state() == group_state::empty) {
            empty_since = g->state_timestamp();
        } else if (g->state() == group_state::stable && g->protocol_type() == "consumer") {
            subscribed = g->subscribed_topics();
        }
        const std::vector<record> records =
            offsets_.expired(id, now, options_.group.offsets_retention_ms, empty_since, subscribed);
        if (records.empty() || !write(id, records)) continue;
        for (const auto& r : records)
            offsets_.apply(std::get<offset_record>(r));
        spdlog::info("group {}: removed {} expired offsets", id, records.size());
    }
    // Empty groups left without offsets are deleted, as Kafka deletes them.
    for (auto it = groups_.begin(); it != groups_.end();) {
        const classic_group& g = *it->second;
        if (g.state() == group_state::empty && !offsets_.has_offsets(it->first)
            && g.state_timestamp() + options_.group.offsets_retention_ms <= now
            && write(it->first, {group_record{it->first, std::nullopt}})) {
            it = groups_.erase(it);
        } else {
            ++it;
        }
    }
}

void coordinator::shutdown() {
    effects fx;
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
        for (auto& [id, g] : groups_)
            g->fail_all(errc::coordinator_not_available, fx);
    }
    run(fx);
}

}  // namespace samsa::group
