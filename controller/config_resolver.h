// The effective configuration of a topic or of this broker, as Apache Kafka 4.4 reports it
// in DescribeConfigs: each config's value, its source, and the synonyms that could supply it.
//
// Layers, highest first:
//   topic   the topic's own config (DYNAMIC_TOPIC_CONFIG), then the broker configs it
//           follows (config_def::synonyms) as the broker resolves them, in the topic's unit
//           (log.retention.hours=24 gives retention.ms=86400000), then the topic default;
//   broker  dynamic per-broker (metadata resource "1"), dynamic cluster default (resource
//           ""), static (server.properties), Kafka's default (DEFAULT_CONFIG).
// A dynamic value hides the lower-layer values of its whole synonym group, as Kafka merges
// them: with log.retention.ms set dynamically, a static log.retention.hours no longer counts
// and log.retention.hours reads its default.
//
// What DescribeConfigs shows follows Kafka's rules, quirks included (clients and tools
// compare against them):
// - A synonym list holds, layer by layer (dynamic per-broker, dynamic default, static,
//   default), each name of the group in priority order that the layer sets, with the value
//   as that layer holds it (raw text); then everything before the first entry named after
//   the config is dropped. For a topic config the name is its first broker synonym and the
//   topic's own value, canonical, goes in front.
// - The source is the first synonym's, or DEFAULT_CONFIG when there is none, even where the
//   value came from elsewhere: with only log.retention.hours=24 in server.properties, a
//   topic's retention.ms reads 86400000 with source DEFAULT_CONFIG and no synonyms.
// - Values are canonical (config_registry.h: canonical_config_value); sensitive configs
//   (PASSWORD, and names samsa has no definition for) have no value, nor do their synonyms.
// - Broker configs are read-only unless Kafka can update them dynamically; topic configs
//   never are.
//
// Threads: a resolver keeps references into the image, which must outlive it. It is
// immutable: any thread may use it, provided the static lookup may be called from there.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "controller/config_registry.h"
#include "controller/metadata_image.h"

namespace samsa::controller {

// DescribeConfigs' ConfigSource values.
enum class config_source : int8_t {
    unknown = 0,
    dynamic_topic = 1,
    dynamic_broker = 2,
    dynamic_default_broker = 3,
    static_broker = 4,
    default_config = 5,
    dynamic_broker_logger = 6,
};

struct config_synonym {
    std::string name;
    std::optional<std::string> value;  // nullopt for sensitive configs
    config_source source = config_source::unknown;
};

struct resolved_config {
    std::string name;
    std::optional<std::string> value;  // nullopt: Kafka's null, or hidden (sensitive)
    config_source source = config_source::default_config;
    bool read_only = false;
    bool sensitive = false;
    std::optional<config_type> type;  // nullopt: a name samsa has no definition for (UNKNOWN)
    std::optional<std::string_view> documentation;  // samsa's own words; static storage
    std::vector<config_synonym> synonyms;
};

// The static broker configuration: the text server.properties (or an override) gave a key,
// nullopt when it gave none. Kafka counts broker.id as set to node.id in KRaft mode.
using static_config_lookup = std::function<std::optional<std::string>(std::string_view name)>;

// Which configs to describe: all when empty, else those named (others are left out, as
// Kafka leaves out names it does not know).
using config_names = std::span<const std::string>;

class config_resolver {
  public:
    config_resolver(const metadata_image& image, int32_t node_id, static_config_lookup statics);

    // Every topic config Kafka lists (sorted by name), or the ones named.
    std::vector<resolved_config> describe_topic(const topic_info& topic,
                                                config_names names = {}) const;
    // This broker (resource "<node id>"): every broker config, then any name set dynamically
    // that samsa has no definition for (Kafka stores those too).
    std::vector<resolved_config> describe_broker(config_names names = {}) const;
    // The cluster-wide dynamic defaults (resource ""): only the names set there, each with
    // its raw value and only dynamic-default synonyms.
    std::vector<resolved_config> describe_cluster_default(config_names names = {}) const;

    // The effective value of one topic config, canonical (numbers parse with from_chars,
    // lists are comma-joined); nullopt when null or not a topic config. A few map lookups:
    // cheap enough for the log to call whenever it needs a setting.
    std::optional<std::string> topic_value(const topic_info& topic, const config_def& def) const;
    std::optional<std::string> topic_value(const topic_info& topic, std::string_view name) const;
    // The effective value of one broker config on this broker, canonical; nullopt when null.
    std::optional<std::string> broker_value(std::string_view name) const;

  private:
    // The raw value of a broker config above the defaults, layers merged as Kafka merges
    // them; nullopt when no layer sets it (or a dynamic synonym hides it).
    std::optional<std::string> layered_value(std::string_view name) const;
    std::vector<config_synonym> synonyms(std::string_view name,
                                         std::span<const std::string_view> group,
                                         bool sensitive) const;
    resolved_config broker_entry(std::string_view name, const config_def* def) const;

    const config_map* dynamic_broker_ = nullptr;   // this broker's dynamic configs, if any
    const config_map* dynamic_default_ = nullptr;  // the cluster-wide ones, if any
    static_config_lookup statics_;
};

// Kafka's ConfigType id for DescribeConfigs (BOOLEAN 1 ... PASSWORD 9; 0 when unknown).
int8_t config_type_id(std::optional<config_type> type);

}  // namespace samsa::controller
