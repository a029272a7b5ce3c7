#include "group/classic_group.h"

#include <algorithm>
#include <random>
#include <set>

#include "protocol/messages/consumer_protocol_subscription.h"
#include "protocol/wire/message_impl.h"

namespace samsa::group {
namespace {

std::string random_uuid() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
        auto b = static_cast<uint8_t>(rng());
        if (i == 6) b = static_cast<uint8_t>((b & 0x0f) | 0x40);  // version 4
        if (i == 8) b = static_cast<uint8_t>((b & 0x3f) | 0x80);  // IETF variant
        s += hex[b >> 4];
        s += hex[b & 0xf];
    }
    return s;
}

bool same_protocols(const std::vector<member_protocol>& a, const std::vector<member_protocol>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].name != b[i].name || a[i].metadata != b[i].metadata) return false;
    }
    return true;
}

}  // namespace

const char* to_string(group_state s) {
    switch (s) {
        case group_state::empty:
            return "Empty";
        case group_state::preparing_rebalance:
            return "PreparingRebalance";
        case group_state::completing_rebalance:
            return "CompletingRebalance";
        case group_state::stable:
            return "Stable";
        case group_state::dead:
            return "Dead";
    }
    return "Unknown";
}

classic_group::classic_group(std::string id, const group_config& config, int64_t now)
    : id_(std::move(id)), config_(config), state_timestamp_(now) {}

void classic_group::transition(group_state s, int64_t now) {
    state_ = s;
    state_timestamp_ = now;
}

std::string classic_group::new_member_id(const std::string& client_id) {
    return client_id + "-" + random_uuid();
}

int32_t classic_group::max_rebalance_timeout() const {
    int32_t t = 0;
    for (const auto& [id, m] : members_)
        t = std::max(t, m.rebalance_timeout_ms);
    return t;
}

const protocol::byte_buffer* classic_group::metadata_for(const member& m,
                                                         const std::string& proto) const {
    for (const auto& p : m.protocols) {
        if (p.name == proto) return &p.metadata;
    }
    return nullptr;
}

// The protocols every member supports; each member votes for the first of them in its own
// order of preference, and the most votes win (ties: the name first in order).
std::string classic_group::select_protocol() const {
    std::map<std::string, size_t> support;
    for (const auto& [id, m] : members_) {
        for (const auto& p : m.protocols)
            ++support[p.name];
    }
    std::set<std::string> candidates;
    for (const auto& [name, n] : support) {
        if (n == members_.size()) candidates.insert(name);
    }
    std::map<std::string, size_t> votes;
    for (const auto& [id, m] : members_) {
        for (const auto& p : m.protocols) {
            if (candidates.count(p.name)) {
                ++votes[p.name];
                break;
            }
        }
    }
    std::string best;
    size_t most = 0;
    for (const auto& [name, n] : votes) {
        if (n > most) best = name, most = n;
    }
    return best;
}

errc classic_group::check_protocols(const join_request& req) const {
    if (req.protocol_type.empty() || req.protocols.empty())
        return errc::inconsistent_group_protocol;
    if (members_.empty()) return errc::none;
    if (req.protocol_type != protocol_type_) return errc::inconsistent_group_protocol;
    // At least one of the member's protocols must be supported by every current member.
    for (const auto& p : req.protocols) {
        bool everyone = true;
        for (const auto& [id, m] : members_) {
            if (!metadata_for(m, p.name)) {
                everyone = false;
                break;
            }
        }
        if (everyone) return errc::none;
    }
    return errc::inconsistent_group_protocol;
}

errc classic_group::check_member(const std::string& member_id,
                                 const std::optional<std::string>& instance_id) const {
    if (instance_id) {
        const auto it = static_members_.find(*instance_id);
        if (it == static_members_.end()) return errc::unknown_member_id;
        if (it->second != member_id) return errc::fenced_instance_id;
        return errc::none;
    }
    return members_.count(member_id) ? errc::none : errc::unknown_member_id;
}

void classic_group::join(const join_request& req, int64_t now, join_callback cb, effects& fx) {
    if (state_ == group_state::dead) {
        fx.completions.push_back([cb] { cb({.error = errc::coordinator_not_available}); });
        return;
    }
    if (const errc e = check_protocols(req); e != errc::none) {
        fx.completions.push_back(
            [cb, e, id = req.member_id] { cb({.error = e, .member_id = id}); });
        return;
    }
    if (req.member_id.empty()) {
        join_new_member(req, now, std::move(cb), fx);
    } else {
        join_existing_member(req, now, std::move(cb), fx);
    }
}

void classic_group::join_new_member(const join_request& req, int64_t now, join_callback cb,
                                    effects& fx) {
    const bool known_static = req.instance_id && static_members_.count(*req.instance_id);
    if (!known_static
        && members_.size() + pending_members_.size() >= static_cast<size_t>(config_.max_size)) {
        fx.completions.push_back([cb] { cb({.error = errc::group_max_size_reached}); });
        return;
    }
    const std::string id = new_member_id(req.client_id);
    if (req.instance_id) {
        if (known_static) {
            replace_static_member(req, static_members_[*req.instance_id], id, now, std::move(cb),
                                  fx);
        } else {
            add_member_and_rebalance(req, id, now, std::move(cb), fx);
        }
        return;
    }
    if (req.require_known_member_id) {
        // KIP-394: hand out the id and wait for the member to come back with it.
        pending_members_[id] = now + req.session_timeout_ms;
        fx.completions.push_back(
            [cb, id] { cb({.error = errc::member_id_required, .member_id = id}); });
        return;
    }
    add_member_and_rebalance(req, id, now, std::move(cb), fx);
}

void classic_group::join_existing_member(const join_request& req, int64_t now, join_callback cb,
                                         effects& fx) {
    if (pending_members_.count(req.member_id)) {
        pending_members_.erase(req.member_id);
        add_member_and_rebalance(req, req.member_id, now, std::move(cb), fx);
        return;
    }
    if (const errc e = check_member(req.member_id, req.instance_id); e != errc::none) {
        fx.completions.push_back(
            [cb, e, id = req.member_id] { cb({.error = e, .member_id = id}); });
        return;
    }
    member& m = members_.at(req.member_id);
    switch (state_) {
        case group_state::preparing_rebalance:
            update_member_and_rebalance(m, req, now, std::move(cb), fx);
            return;
        case group_state::completing_rebalance:
            if (same_protocols(m.protocols, req.protocols)) {
                // A join resent while the leader computes the assignment: the same answer again.
                m.heartbeat_deadline = now + m.session_timeout_ms;
                fx.completions.push_back(
                    [cb, r = current_generation_result(m, m.id == leader_)] { cb(r); });
                return;
            }
            update_member_and_rebalance(m, req, now, std::move(cb), fx);
            return;
        case group_state::stable:
            if (m.id == leader_ || !same_protocols(m.protocols, req.protocols)) {
                update_member_and_rebalance(m, req, now, std::move(cb), fx);
                return;
            }
            m.heartbeat_deadline = now + m.session_timeout_ms;
            fx.completions.push_back([cb, r = current_generation_result(m, false)] { cb(r); });
            return;
        case group_state::empty:
        case group_state::dead:
            fx.completions.push_back([cb, id = req.member_id] {
                cb({.error = errc::unknown_member_id, .member_id = id});
            });
            return;
    }
}

// KIP-345: a static member restarted and joined without its member id. It takes over the
// old member's place under a new id; the old id is fenced. In a stable group with
// unchanged protocols no rebalance happens: the member gets the current generation back.
void classic_group::replace_static_member(const join_request& req, const std::string& old_id,
                                          const std::string& new_id, int64_t now, join_callback cb,
                                          effects& fx) {
    member m = std::move(members_.at(old_id));
    members_.erase(old_id);
    if (m.on_join) {
        fx.completions.push_back([f = std::move(m.on_join), old_id] {
            f({.error = errc::fenced_instance_id, .member_id = old_id});
        });
    }
    if (m.on_sync) {
        fx.completions.push_back(
            [f = std::move(m.on_sync)] { f({.error = errc::fenced_instance_id}); });
    }
    m.on_join = nullptr;
    m.on_sync = nullptr;
    const bool protocols_changed = !same_protocols(m.protocols, req.protocols);
    m.id = new_id;
    m.client_id = req.client_id;
    m.client_host = req.client_host;
    m.session_timeout_ms = req.session_timeout_ms;
    m.rebalance_timeout_ms = req.rebalance_timeout_ms;
    m.heartbeat_deadline = now + req.session_timeout_ms;
    m.supports_skip_assignment = req.supports_skip_assignment;
    member& placed = members_.emplace(new_id, std::move(m)).first->second;
    static_members_[*req.instance_id] = new_id;
    if (leader_ == old_id) leader_ = new_id;

    if (state_ == group_state::stable && !protocols_changed) {
        const bool leader = leader_ == new_id;
        join_result r = current_generation_result(placed, leader && req.supports_skip_assignment);
        r.skip_assignment = leader && req.supports_skip_assignment;
        fx.metadata = snapshot(now);
        fx.completions.push_back([cb, r] { cb(r); });
        return;
    }
    update_member_and_rebalance(placed, req, now, std::move(cb), fx);
}

void classic_group::add_member_and_rebalance(const join_request& req, const std::string& id,
                                             int64_t now, join_callback cb, effects& fx) {
    member m;
    m.id = id;
    m.instance_id = req.instance_id;
    m.client_id = req.client_id;
    m.client_host = req.client_host;
    m.session_timeout_ms = req.session_timeout_ms;
    m.rebalance_timeout_ms = req.rebalance_timeout_ms;
    m.protocol_type = req.protocol_type;
    m.protocols = req.protocols;
    m.heartbeat_deadline = now + req.session_timeout_ms;
    m.on_join = std::move(cb);
    m.supports_skip_assignment = req.supports_skip_assignment;
    if (members_.empty()) protocol_type_ = req.protocol_type;
    if (leader_.empty()) leader_ = id;
    if (req.instance_id) static_members_[*req.instance_id] = id;
    members_.emplace(id, std::move(m));
    new_member_added_ = true;
    if (state_ == group_state::preparing_rebalance) {
        maybe_complete_join(now, fx);
    } else {
        prepare_rebalance(now, fx);
    }
}

void classic_group::update_member_and_rebalance(member& m, const join_request& req, int64_t now,
                                                join_callback cb, effects& fx) {
    if (m.on_join) {
        // A join resent before the first was answered: the newer request waits instead.
        fx.completions.push_back([f = std::move(m.on_join), id = m.id] {
            f({.error = errc::rebalance_in_progress, .member_id = id});
        });
    }
    m.protocols = req.protocols;
    m.session_timeout_ms = req.session_timeout_ms;
    m.rebalance_timeout_ms = req.rebalance_timeout_ms;
    m.client_id = req.client_id;
    m.client_host = req.client_host;
    m.heartbeat_deadline = now + req.session_timeout_ms;
    m.supports_skip_assignment = req.supports_skip_assignment;
    m.on_join = std::move(cb);
    if (state_ == group_state::preparing_rebalance) {
        maybe_complete_join(now, fx);
    } else {
        prepare_rebalance(now, fx);
    }
}

join_result classic_group::current_generation_result(const member& m, bool as_leader) const {
    join_result r;
    r.generation = generation_;
    r.protocol_type = protocol_type_;
    r.protocol_name = protocol_;
    r.leader = leader_;
    r.member_id = m.id;
    if (as_leader && protocol_) {
        for (const auto& [id, other] : members_) {
            const auto* md = metadata_for(other, *protocol_);
            r.members.push_back({id, other.instance_id, md ? *md : protocol::byte_buffer{}});
        }
    }
    return r;
}

void classic_group::prepare_rebalance(int64_t now, effects& fx) {
    if (state_ == group_state::completing_rebalance) {
        // The assignment being computed is stale: members waiting for it must rejoin.
        for (auto& [id, m] : members_) {
            m.assignment.clear();
            if (m.on_sync) {
                fx.completions.push_back(
                    [f = std::move(m.on_sync)] { f({.error = errc::rebalance_in_progress}); });
                m.on_sync = nullptr;
            }
        }
    }
    const int32_t rebalance_timeout = max_rebalance_timeout();
    if (state_ == group_state::empty) {
        // group.initial.rebalance.delay.ms: wait for more members before the first
        // generation, extended while they keep arriving, never past the rebalance timeout.
        const int64_t delay =
            std::min<int64_t>(config_.initial_rebalance_delay_ms, rebalance_timeout);
        join_deadline_ = now + delay;
        initial_delay_remaining_ = std::max<int64_t>(rebalance_timeout - delay, 0);
        in_initial_delay_ = true;
        new_member_added_ = false;
    } else {
        join_deadline_ = now + rebalance_timeout;
        in_initial_delay_ = false;
    }
    transition(group_state::preparing_rebalance, now);
    maybe_complete_join(now, fx);
}

void classic_group::maybe_complete_join(int64_t now, effects& fx) {
    if (state_ != group_state::preparing_rebalance || in_initial_delay_) return;
    const bool all_joined = pending_members_.empty()
                            && std::all_of(members_.begin(), members_.end(), [](const auto& e) {
                                   return static_cast<bool>(e.second.on_join);
                               });
    if (all_joined) complete_join(now, fx);
}

void classic_group::complete_join(int64_t now, effects& fx) {
    // Dynamic members that did not rejoin in time leave; static ones keep their place.
    std::vector<std::string> gone;
    for (const auto& [id, m] : members_) {
        if (!m.on_join && !m.instance_id) gone.push_back(id);
    }
    for (const auto& id : gone) {
        members_.erase(id);
    }
    if (!members_.count(leader_)) {
        leader_.clear();
        for (const auto& [id, m] : members_) {
            if (m.on_join) {
                leader_ = id;
                break;
            }
        }
        if (leader_.empty() && !members_.empty()) leader_ = members_.begin()->first;
    }
    ++generation_;
    in_initial_delay_ = false;
    if (members_.empty()) {
        protocol_.reset();
        protocol_type_.clear();
        leader_.clear();
        transition(group_state::empty, now);
        fx.metadata = snapshot(now);
        return;
    }
    protocol_ = select_protocol();
    transition(group_state::completing_rebalance, now);
    sync_deadline_ = now + max_rebalance_timeout();
    for (auto& [id, m] : members_) {
        m.synced = false;
        if (!m.on_join) continue;
        join_result r = current_generation_result(m, id == leader_);
        fx.completions.push_back([f = std::move(m.on_join), r = std::move(r)] { f(r); });
        m.on_join = nullptr;
        m.heartbeat_deadline = now + m.session_timeout_ms;
    }
}

void classic_group::sync(const sync_request& req, int64_t now, sync_callback cb, effects& fx) {
    auto fail = [&](errc e) { fx.completions.push_back([cb, e] { cb({.error = e}); }); };
    if (state_ == group_state::dead) return fail(errc::coordinator_not_available);
    if (const errc e = check_member(req.member_id, req.instance_id); e != errc::none)
        return fail(e);
    if (req.generation != generation_) return fail(errc::illegal_generation);
    if ((req.protocol_type && *req.protocol_type != protocol_type_)
        || (req.protocol_name && *req.protocol_name != protocol_.value_or(""))) {
        return fail(errc::inconsistent_group_protocol);
    }
    member& m = members_.at(req.member_id);
    switch (state_) {
        case group_state::empty:
            return fail(errc::unknown_member_id);
        case group_state::preparing_rebalance:
            return fail(errc::rebalance_in_progress);
        case group_state::dead:
            return fail(errc::coordinator_not_available);
        case group_state::stable: {
            m.synced = true;
            m.heartbeat_deadline = now + m.session_timeout_ms;
            sync_result r{errc::none, protocol_type_, protocol_, m.assignment};
            fx.completions.push_back([cb, r = std::move(r)] { cb(r); });
            return;
        }
        case group_state::completing_rebalance:
            break;
    }
    m.synced = true;
    m.heartbeat_deadline = now + m.session_timeout_ms;
    m.on_sync = std::move(cb);
    if (m.id != leader_) return;
    for (auto& [id, other] : members_)
        other.assignment.clear();
    for (const auto& [id, assignment] : req.assignments) {
        if (auto it = members_.find(id); it != members_.end()) it->second.assignment = assignment;
    }
    transition(group_state::stable, now);
    fx.metadata = snapshot(now);
    for (auto& [id, other] : members_) {
        if (!other.on_sync) continue;
        sync_result r{errc::none, protocol_type_, protocol_, other.assignment};
        fx.completions.push_back([f = std::move(other.on_sync), r = std::move(r)] { f(r); });
        other.on_sync = nullptr;
    }
}

errc classic_group::heartbeat(const std::string& member_id,
                              const std::optional<std::string>& instance_id, int32_t generation,
                              int64_t now) {
    if (state_ == group_state::dead) return errc::coordinator_not_available;
    if (const errc e = check_member(member_id, instance_id); e != errc::none) return e;
    if (generation != generation_) return errc::illegal_generation;
    member& m = members_.at(member_id);
    switch (state_) {
        case group_state::empty:
            return errc::unknown_member_id;
        case group_state::dead:
            return errc::coordinator_not_available;
        case group_state::preparing_rebalance:
            m.heartbeat_deadline = now + m.session_timeout_ms;
            return errc::rebalance_in_progress;
        case group_state::completing_rebalance:
        case group_state::stable:
            m.heartbeat_deadline = now + m.session_timeout_ms;
            return errc::none;
    }
    return errc::none;
}

errc classic_group::leave(const leave_member& lm, int64_t now, effects& fx) {
    if (state_ == group_state::dead) return errc::coordinator_not_available;
    std::string id = lm.member_id;
    if (lm.instance_id) {
        const auto it = static_members_.find(*lm.instance_id);
        if (it == static_members_.end()) return errc::unknown_member_id;
        if (!id.empty() && it->second != id) return errc::fenced_instance_id;
        id = it->second;
    } else if (pending_members_.erase(id)) {
        maybe_complete_join(now, fx);
        return errc::none;
    }
    if (!members_.count(id)) return errc::unknown_member_id;
    remove_member(id, now, fx);
    return errc::none;
}

void classic_group::remove_member(const std::string& id, int64_t now, effects& fx) {
    auto it = members_.find(id);
    if (it == members_.end()) return;
    member& m = it->second;
    if (m.on_join) {
        fx.completions.push_back([f = std::move(m.on_join), id] {
            f({.error = errc::unknown_member_id, .member_id = id});
        });
    }
    if (m.on_sync) {
        fx.completions.push_back(
            [f = std::move(m.on_sync)] { f({.error = errc::unknown_member_id}); });
    }
    if (m.instance_id) static_members_.erase(*m.instance_id);
    members_.erase(it);
    if (leader_ == id) leader_ = members_.empty() ? std::string() : members_.begin()->first;
    switch (state_) {
        case group_state::stable:
        case group_state::completing_rebalance:
            prepare_rebalance(now, fx);
            break;
        case group_state::preparing_rebalance:
            maybe_complete_join(now, fx);
            break;
        case group_state::empty:
        case group_state::dead:
            break;
    }
}

errc classic_group::validate_offset_commit(const std::string& member_id,
                                           const std::optional<std::string>& instance_id,
                                           int32_t generation) const {
    if (state_ == group_state::dead) return errc::coordinator_not_available;
    // An admin client or a consumer with assigned partitions: no generation, no member.
    if (generation < 0 && member_id.empty() && !instance_id && state_ == group_state::empty)
        return errc::none;
    if (const errc e = check_member(member_id, instance_id); e != errc::none) return e;
    if (generation != generation_) return errc::illegal_generation;
    if (state_ == group_state::completing_rebalance) return errc::rebalance_in_progress;
    return errc::none;
}

void classic_group::tick(int64_t now, effects& fx) {
    for (auto it = pending_members_.begin(); it != pending_members_.end();) {
        it = it->second <= now ? pending_members_.erase(it) : std::next(it);
    }
    std::vector<std::string> expired;
    for (const auto& [id, m] : members_) {
        if (!m.on_join && !m.on_sync && m.heartbeat_deadline <= now) expired.push_back(id);
    }
    for (const auto& id : expired)
        remove_member(id, now, fx);
    // A late tick catches up: each extension of the initial delay counts from the deadline
    // it extends, as a timer firing on time would.
    while (state_ == group_state::preparing_rebalance && join_deadline_ <= now) {
        if (in_initial_delay_ && new_member_added_ && initial_delay_remaining_ > 0) {
            const int64_t delay =
                std::min<int64_t>(config_.initial_rebalance_delay_ms, initial_delay_remaining_);
            initial_delay_remaining_ -= delay;
            join_deadline_ += delay;
            new_member_added_ = false;
        } else {
            complete_join(now, fx);
        }
    }
    if (state_ == group_state::preparing_rebalance) maybe_complete_join(now, fx);
    if ((state_ == group_state::completing_rebalance || state_ == group_state::stable)
        && sync_deadline_ != 0 && sync_deadline_ <= now) {
        sync_deadline_ = 0;
        std::vector<std::string> unsynced;
        for (const auto& [id, m] : members_) {
            if (!m.synced) unsynced.push_back(id);
        }
        for (const auto& id : unsynced)
            remove_member(id, now, fx);
    }
}

void classic_group::fail_all(errc err, effects& fx) {
    for (auto& [id, m] : members_) {
        if (m.on_join) {
            fx.completions.push_back(
                [f = std::move(m.on_join), err, id] { f({.error = err, .member_id = id}); });
            m.on_join = nullptr;
        }
        if (m.on_sync) {
            fx.completions.push_back([f = std::move(m.on_sync), err] { f({.error = err}); });
            m.on_sync = nullptr;
        }
    }
}

void classic_group::mark_dead(effects& fx) {
    fail_all(errc::coordinator_not_available, fx);
    members_.clear();
    static_members_.clear();
    pending_members_.clear();
    state_ = group_state::dead;
}

std::vector<member_view> classic_group::describe() const {
    std::vector<member_view> out;
    for (const auto& [id, m] : members_) {
        // Kafka shows the assignment in every state, the metadata only when Stable.
        member_view v{id, m.instance_id, m.client_id, m.client_host, {}, m.assignment};
        if (state_ == group_state::stable && protocol_) {
            if (const auto* md = metadata_for(m, *protocol_)) v.metadata = *md;
        }
        out.push_back(std::move(v));
    }
    return out;
}

std::optional<std::vector<std::string>> classic_group::subscribed_topics() const {
    std::set<std::string> topics;
    if (protocol_type_ != "consumer" || !protocol_) return std::nullopt;
    for (const auto& [id, m] : members_) {
        const auto* md = metadata_for(m, *protocol_);
        if (!md || md->size() < 2) return std::nullopt;
        const auto version = static_cast<int16_t>(((*md)[0] << 8) | (*md)[1]);
        protocol::consumer_protocol_subscription s;
        const auto capped =
            std::min<int16_t>(version, protocol::consumer_protocol_subscription::info.max_version);
        if (protocol::decode_message(s, protocol::bytes_view(*md).subspan(2), capped)
            != protocol::decode_errc::none)
            return std::nullopt;
        topics.insert(s.topics.begin(), s.topics.end());
    }
    return std::vector<std::string>(topics.begin(), topics.end());
}

protocol::group_metadata_value classic_group::snapshot(int64_t now) const {
    protocol::group_metadata_value v;
    v.protocol_type = protocol_type_;
    v.generation = generation_;
    v.protocol = protocol_;
    v.leader = leader_.empty() ? std::nullopt : std::optional<std::string>(leader_);
    v.current_state_timestamp = now;
    for (const auto& [id, m] : members_) {
        auto& mm = v.members.emplace_back();
        mm.member_id = id;
        mm.group_instance_id = m.instance_id;
        mm.client_id = m.client_id;
        mm.client_host = m.client_host;
        mm.rebalance_timeout = m.rebalance_timeout_ms;
        mm.session_timeout = m.session_timeout_ms;
        if (protocol_) {
            if (const auto* md = metadata_for(m, *protocol_)) mm.subscription = *md;
        }
        mm.assignment = m.assignment;
    }
    return v;
}

void classic_group::load(const protocol::group_metadata_value& v, int64_t now) {
    members_.clear();
    static_members_.clear();
    pending_members_.clear();
    protocol_type_ = v.protocol_type;
    generation_ = v.generation;
    protocol_ = v.protocol && !v.protocol->empty() ? v.protocol : std::nullopt;
    leader_ = v.leader.value_or("");
    for (const auto& mm : v.members) {
        member m;
        m.id = mm.member_id;
        m.instance_id = mm.group_instance_id;
        m.client_id = mm.client_id;
        m.client_host = mm.client_host;
        m.session_timeout_ms = mm.session_timeout;
        m.rebalance_timeout_ms =
            mm.rebalance_timeout >= 0 ? mm.rebalance_timeout : mm.session_timeout;
        m.protocol_type = v.protocol_type;
        if (protocol_) m.protocols.push_back({*protocol_, mm.subscription});
        m.assignment = mm.assignment;
        m.synced = true;
        m.heartbeat_deadline = now + m.session_timeout_ms;
        if (m.instance_id) static_members_[*m.instance_id] = m.id;
        members_.emplace(m.id, std::move(m));
    }
    state_ = members_.empty() ? group_state::empty : group_state::stable;
    state_timestamp_ = v.current_state_timestamp >= 0 ? v.current_state_timestamp : now;
    sync_deadline_ = 0;
}

}  // namespace samsa::group
