// The broker's static configuration: Kafka's server.properties format and keys, with
// Kafka's defaults (from controller/config_registry.h) for whatever is not set.
//
// Built once at start and immutable afterwards; safe to read from any thread. Dynamic
// broker configs (AlterConfigs) live in the controller's metadata, not here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/listeners.h"
#include "server/properties.h"

namespace samsa::server {

struct broker_config {
    properties explicit_values;  // what the file and --override set (known keys only)

    int32_t node_id = 1;
    std::vector<listener_spec> listeners;             // the ones samsa serves
    std::vector<listener_spec> advertised_listeners;  // what Metadata tells clients
    std::vector<std::string> log_dirs;
    std::string metadata_log_dir;
    int32_t socket_request_max_bytes = 0;
    int64_t connections_max_idle_ms = 0;
    int32_t num_partitions = 1;
    int16_t default_replication_factor = 1;
    bool auto_create_topics_enable = true;
    bool delete_topic_enable = true;
    int32_t offsets_topic_num_partitions = 50;
    int16_t offsets_topic_replication_factor = 1;
    int32_t transaction_state_log_num_partitions = 50;
    int32_t message_max_bytes = 0;
    std::optional<std::string> rack;

    // The effective value of any broker config: the explicit one, else Kafka's default
    // (nullopt when that is null or the key is not a broker config).
    std::optional<std::string> value_of(std::string_view name) const;
};

// The configuration samsa runs with when given no file: a single node on localhost:9092
// with its data under ./data.
properties embedded_default_properties();

// Validates the properties (every key samsa uses: type, bounds, allowed values) and builds
// the config. The error message names the key and what is wrong with it. Keys that are not
// Kafka broker configs are logged once and ignored.
std::variant<broker_config, std::string> make_broker_config(const properties& props);

}  // namespace samsa::server
