// The group coordinator's own error values. server/group_errors.h maps each to the Kafka
// error code a client expects; nothing in group/ knows Kafka's numbers.
#pragma once

#include <cstdint>

namespace samsa::group {

enum class errc : uint8_t {
    none,
    coordinator_not_available,  // the offsets topic is missing, the group is dead, a write failed
    coordinator_load_in_progress,  // __consumer_offsets is still being replayed
    invalid_group_id,
    invalid_session_timeout,
    unknown_member_id,
    illegal_generation,
    inconsistent_group_protocol,
    rebalance_in_progress,
    member_id_required,  // KIP-394: the first JoinGroup of a dynamic member (v4+)
    fenced_instance_id,  // KIP-345: another member holds this group.instance.id
    group_max_size_reached,
    group_id_not_found,
    non_empty_group,
    group_subscribed_to_topic,
    offset_metadata_too_large,
};

const char* to_string(errc e);

}  // namespace samsa::group
