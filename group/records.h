// The records of __consumer_offsets, in Kafka's own key and value formats so that Kafka's
// tools (the offsets formatter of kafka-console-consumer) read them: every key and value
// starts with an int16 version; key version 0 or 1 is an offset commit, 2 a classic group's
// metadata. A null value is a tombstone (the offset, or the whole group, is deleted).
//
// Written: offset commit key v1 with value v3 (v1 when an explicit expiry is set, as Kafka
// writes it), group metadata key v2 with value v3. Read: every version Kafka has written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "protocol/messages/group_metadata_value.h"
#include "protocol/wire/bytes.h"

namespace samsa::group {

struct committed_offset {
    int64_t offset = -1;
    int32_t leader_epoch = -1;
    std::string metadata;
    int64_t commit_timestamp = -1;
    int64_t expire_timestamp = -1;  // -1: expires by offsets.retention.minutes
    friend bool operator==(const committed_offset&, const committed_offset&) = default;
};

struct offset_record {
    std::string group;
    std::string topic;
    int32_t partition = 0;
    std::optional<committed_offset> value;  // nullopt: tombstone
};

struct group_record {
    std::string group;
    std::optional<protocol::group_metadata_value> value;  // nullopt: tombstone
};

using record = std::variant<offset_record, group_record>;

const std::string& group_of(const record& r);

struct encoded_record {
    protocol::byte_buffer key;
    std::optional<protocol::byte_buffer> value;
};

encoded_record encode(const record& r);
// nullopt for keys of other record types (KIP-848 and share groups, transactions) and for
// bytes that do not decode: loading skips them.
std::optional<record> decode(protocol::bytes_view key, std::optional<protocol::bytes_view> value);

// The partition of __consumer_offsets that holds a group: Java's String.hashCode of the
// group id (UTF-16 code units), made non-negative, modulo the partition count.
int32_t partition_for(std::string_view group_id, int32_t partitions);

}  // namespace samsa::group
