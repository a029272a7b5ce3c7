// The authorized-operations bit fields that Metadata, DescribeCluster, DescribeGroups and
// DescribeTopicPartitions report when asked. Without an authorizer Kafka reports every
// operation the resource type supports; so does samsa until ACLs arrive.
#pragma once

#include <cstdint>
#include <initializer_list>

namespace samsa::server {

// Kafka's AclOperation codes.
enum class acl_operation : int8_t {
    read = 3,
    write = 4,
    create = 5,
    remove = 6,  // DELETE
    alter = 7,
    describe = 8,
    cluster_action = 9,
    describe_configs = 10,
    alter_configs = 11,
    idempotent_write = 12,
    create_tokens = 13,
    describe_tokens = 14,
    two_phase_commit = 15,
};

inline int32_t operations_bitfield(std::initializer_list<acl_operation> ops) {
    int32_t bits = 0;
    for (auto op : ops)
        bits |= int32_t{1} << static_cast<int>(op);
    return bits;
}

inline int32_t topic_operations() {
    using enum acl_operation;
    return operations_bitfield(
        {read, write, create, remove, alter, describe, describe_configs, alter_configs});
}

inline int32_t cluster_operations() {
    using enum acl_operation;
    return operations_bitfield({create, alter, describe, cluster_action, describe_configs,
                                alter_configs, idempotent_write});
}

inline int32_t group_operations() {
    using enum acl_operation;
    return operations_bitfield({read, remove, describe});
}

// The "not requested" value of every authorized-operations field.
inline constexpr int32_t operations_not_requested = INT32_MIN;

}  // namespace samsa::server
