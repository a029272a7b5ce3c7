// One consumer group of the classic protocol (JoinGroup / SyncGroup / Heartbeat /
// LeaveGroup): its members and the rebalance state machine of docs/groups.md. Offsets are
// not here (offset_store.h).
//
// Requests that Kafka answers only when a rebalance moves on (a JoinGroup waiting for the
// other members, a SyncGroup waiting for the leader's assignment) take a callback; the
// group keeps it and runs it through `effects` once the answer is known. Time is passed in
// (`now`, ms): deadlines fire only in tick(), so tests drive the group with a manual clock.
// The durable state (generation, protocol, leader, members and their assignments) leaves
// the group as group_metadata_value records in `effects`; a restart rebuilds the group
// from the last of them with load().
//
// Threads: none of its own; the coordinator calls it under its lock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "group/errors.h"
#include "protocol/messages/group_metadata_value.h"
#include "protocol/wire/bytes.h"

namespace samsa::group {

enum class group_state : uint8_t { empty, preparing_rebalance, completing_rebalance, stable, dead };
const char* to_string(group_state s);  // Kafka's names: "Empty", "PreparingRebalance", ...

struct group_config {
    int32_t min_session_timeout_ms = 6000;
    int32_t max_session_timeout_ms = 1800000;
    int32_t initial_rebalance_delay_ms = 3000;
    int32_t max_size = INT32_MAX;
    int32_t offset_metadata_max_bytes = 4096;
    int64_t offsets_retention_ms = 7 * 24 * 3600 * 1000LL;
};

struct member_protocol {
    std::string name;
    protocol::byte_buffer metadata;
};

struct join_request {
    std::string member_id;  // "" for a new member
    std::optional<std::string> instance_id;
    std::string client_id;
    std::string client_host;
    int32_t session_timeout_ms = 0;
    int32_t rebalance_timeout_ms = 0;
    std::string protocol_type;
    std::vector<member_protocol> protocols;
    bool require_known_member_id = false;   // JoinGroup v4+
    bool supports_skip_assignment = false;  // JoinGroup v9+
};

struct join_member {
    std::string member_id;
    std::optional<std::string> instance_id;
    protocol::byte_buffer metadata;
};

struct join_result {
    errc error = errc::none;
    int32_t generation = -1;
    std::optional<std::string> protocol_type;
    std::optional<std::string> protocol_name;
    std::string leader;
    std::string member_id;
    bool skip_assignment = false;
    std::vector<join_member> members;  // for the leader only
};

struct sync_request {
    std::string member_id;
    std::optional<std::string> instance_id;
    int32_t generation = -1;
    std::optional<std::string> protocol_type;                                // v5+
    std::optional<std::string> protocol_name;                                // v5+
    std::vector<std::pair<std::string, protocol::byte_buffer>> assignments;  // leader only
};

struct sync_result {
    errc error = errc::none;
    std::optional<std::string> protocol_type;
    std::optional<std::string> protocol_name;
    protocol::byte_buffer assignment;
};

struct leave_member {
    std::string member_id;  // "" with an instance id: whichever member holds it
    std::optional<std::string> instance_id;
};

using join_callback = std::function<void(join_result)>;
using sync_callback = std::function<void(sync_result)>;

// What an operation leaves for the coordinator to do after it lets go of its lock.
struct effects {
    std::vector<std::function<void()>> completions;          // callbacks of waiting requests
    std::optional<protocol::group_metadata_value> metadata;  // the group's new durable state
};

struct member_view {  // DescribeGroups
    std::string member_id;
    std::optional<std::string> instance_id;
    std::string client_id;
    std::string client_host;
    protocol::byte_buffer metadata;  // for the selected protocol
    protocol::byte_buffer assignment;
};

class classic_group {
  public:
    classic_group(std::string id, const group_config& config, int64_t now);

    const std::string& id() const { return id_; }
    group_state state() const { return state_; }
    int32_t generation() const { return generation_; }
    const std::string& protocol_type() const { return protocol_type_; }
    const std::optional<std::string>& protocol_name() const { return protocol_; }
    const std::string& leader() const { return leader_; }
    size_t member_count() const { return members_.size(); }
    int64_t state_timestamp() const { return state_timestamp_; }
    bool has_member(const std::string& id) const { return members_.count(id) != 0; }
    std::vector<member_view> describe() const;
    // The topics the members subscribe to (consumer protocol), for OffsetDelete and offset
    // expiry; nullopt when unknown (another protocol type, or metadata that does not parse):
    // then every topic counts as subscribed.
    std::optional<std::vector<std::string>> subscribed_topics() const;

    void join(const join_request& req, int64_t now, join_callback cb, effects& fx);
    void sync(const sync_request& req, int64_t now, sync_callback cb, effects& fx);
    errc heartbeat(const std::string& member_id, const std::optional<std::string>& instance_id,
                   int32_t generation, int64_t now);
    errc leave(const leave_member& m, int64_t now, effects& fx);
    // Whether an OffsetCommit from this member at this generation may write (the group
    // exists; generation < 0 with no member id is an admin or simple consumer).
    errc validate_offset_commit(const std::string& member_id,
                                const std::optional<std::string>& instance_id,
                                int32_t generation) const;

    // Fires the deadlines that have passed: session timeouts, the end of a join phase,
    // members that never sent SyncGroup.
    void tick(int64_t now, effects& fx);
    // Answers every waiting request with err and forgets the members (shutdown, deletion).
    void fail_all(errc err, effects& fx);
    void mark_dead(effects& fx);

    // Rebuilds the group from its last metadata record (loading __consumer_offsets).
    void load(const protocol::group_metadata_value& v, int64_t now);
    protocol::group_metadata_value snapshot(int64_t now) const;

  private:
    struct member {
        std::string id;
        std::optional<std::string> instance_id;
        std::string client_id, client_host;
        int32_t session_timeout_ms = 0;
        int32_t rebalance_timeout_ms = 0;
        std::string protocol_type;
        std::vector<member_protocol> protocols;
        protocol::byte_buffer assignment;
        int64_t heartbeat_deadline = 0;
        join_callback on_join;  // set while awaiting the join phase's end
        sync_callback on_sync;  // set while awaiting the leader's assignment
        bool synced = false;    // sent SyncGroup in this generation
        bool supports_skip_assignment = false;
    };

    errc check_protocols(const join_request& req) const;
    errc check_member(const std::string& member_id,
                      const std::optional<std::string>& instance_id) const;
    void join_new_member(const join_request& req, int64_t now, join_callback cb, effects& fx);
    void join_existing_member(const join_request& req, int64_t now, join_callback cb, effects& fx);
    void replace_static_member(const join_request& req, const std::string& old_id,
                               const std::string& new_id, int64_t now, join_callback cb,
                               effects& fx);
    void add_member_and_rebalance(const join_request& req, const std::string& id, int64_t now,
                                  join_callback cb, effects& fx);
    void update_member_and_rebalance(member& m, const join_request& req, int64_t now,
                                     join_callback cb, effects& fx);
    join_result current_generation_result(const member& m, bool as_leader) const;
    void prepare_rebalance(int64_t now, effects& fx);
    void maybe_complete_join(int64_t now, effects& fx);
    void complete_join(int64_t now, effects& fx);
    void remove_member(const std::string& id, int64_t now, effects& fx);
    void transition(group_state s, int64_t now);
    std::string select_protocol() const;
    const protocol::byte_buffer* metadata_for(const member& m, const std::string& proto) const;
    int32_t max_rebalance_timeout() const;
    std::string new_member_id(const std::string& client_id);

    std::string id_;
    group_config config_;
    group_state state_ = group_state::empty;
    int64_t state_timestamp_ = 0;
    int32_t generation_ = 0;
    std::string protocol_type_;
    std::optional<std::string> protocol_;
    std::string leader_;
    std::map<std::string, member> members_;
    std::map<std::string, std::string> static_members_;  // instance id -> member id
    std::map<std::string, int64_t> pending_members_;     // KIP-394 ids handed out -> deadline
    // The join phase: when it ends, and (the initial delay of an empty group) how much
    // longer it may be extended while new members keep arriving.
    int64_t join_deadline_ = 0;
    int64_t initial_delay_remaining_ = 0;
    bool in_initial_delay_ = false;
    bool new_member_added_ = false;
    int64_t sync_deadline_ = 0;  // members that have not synced by then are removed
    uint64_t next_member_suffix_ = 0;
};

}  // namespace samsa::group
