// The metadata records the controller writes and replays: Kafka's own KRaft record types
// (generated from protocol/schema/metadata), framed as Kafka frames them in its metadata
// log: unsigned varint frame version (1), api key and record version, then the record.
#pragma once

#include <optional>
#include <variant>

#include "protocol/messages/config_record.h"
#include "protocol/messages/feature_level_record.h"
#include "protocol/messages/partition_change_record.h"
#include "protocol/messages/partition_record.h"
#include "protocol/messages/producer_ids_record.h"
#include "protocol/messages/register_broker_record.h"
#include "protocol/messages/remove_topic_record.h"
#include "protocol/messages/topic_record.h"
#include "protocol/wire/bytes.h"

namespace samsa::controller {

using metadata_record =
    std::variant<protocol::register_broker_record, protocol::topic_record,
                 protocol::partition_record, protocol::config_record,
                 protocol::partition_change_record, protocol::remove_topic_record,
                 protocol::feature_level_record, protocol::producer_ids_record>;

// The framed bytes of a record, at the newest version of its type.
protocol::byte_buffer encode_metadata_record(const metadata_record& record);

// Parses framed bytes. nullopt for a malformed frame or a record type samsa does not use
// (Kafka has more; a log written by samsa holds none of them).
std::optional<metadata_record> decode_metadata_record(protocol::bytes_view framed);

// ConfigRecord resource types, as Kafka numbers them (ConfigResource.Type).
inline constexpr int8_t config_resource_topic = 2;
inline constexpr int8_t config_resource_broker = 4;

}  // namespace samsa::controller
