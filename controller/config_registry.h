// Kafka's broker and topic configuration definitions, as Apache Kafka 4.4.0 has them:
// what DescribeConfigs lists, what server.properties and topic configs may hold, and how a
// topic config's default follows the broker's settings.
//
// The tables are generated at build time from controller/schema/configs.schema (facts
// extracted from Kafka by scripts/update-configs.sh) and controller/schema/config_docs.txt
// (samsa's own one-line documentation); see docs/formats/configs.md. Internal configs
// (ones Kafka leaves out of DescribeConfigs) are not in the tables.
//
// Everything here is immutable static data: the returned spans, pointers and views stay
// valid for the life of the program, and every function is safe to call from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace samsa::controller {

enum class config_type : uint8_t {
    boolean,
    string,
    int_,
    short_,
    long_,
    double_,
    list,
    class_,
    password
};
enum class config_mode : uint8_t {
    read_only,
    per_broker,
    cluster_wide
};  // topic configs: cluster_wide
enum class config_scope : uint8_t { broker, topic };

struct config_def {
    std::string_view name;
    config_scope scope;
    config_type type;
    // Kafka's default rendered as DescribeConfigs renders it ("168", "delete", lists joined
    // by ","); nullopt when Kafka's default is null, and for the few required broker configs
    // (see is_required_config).
    std::optional<std::string_view> default_value;
    config_mode mode;
    bool sensitive;                             // PASSWORD: DescribeConfigs never returns the value
    std::optional<double> min, max;             // numeric bounds, inclusive
    std::span<const std::string_view> allowed;  // allowed values (empty: any)
    // topic: the broker configs its default comes from, in priority order (the first one set
    // wins; see resolve_topic_default). broker: every name in its synonym group in
    // DescribeConfigs' priority order, itself included ({name} when it has no other), e.g.
    // log.retention.hours: {log.retention.ms, log.retention.minutes, log.retention.hours}.
    std::span<const std::string_view> synonyms;
    std::optional<std::string_view> documentation;  // samsa's own words
};

std::span<const config_def> broker_config_defs();             // sorted by name
std::span<const config_def> topic_config_defs();              // sorted by name
const config_def* find_broker_config(std::string_view name);  // nullptr when unknown
const config_def* find_topic_config(std::string_view name);   // nullptr when unknown

// Checks a value against the definition (type, bounds, allowed values; lists element-wise
// for allowed values; case rules as Kafka's validators apply them). Returns an error
// message naming the config and the problem, or nullopt when valid.
//
// As Kafka, surrounding whitespace is ignored, booleans are case-insensitive, and lists are
// split at commas (with any whitespace around them). Not checked: whether a CLASS names a
// loadable class (any Java class name passes), and rules that span several configs (such
// as min.compaction.lag.ms <= max.compaction.lag.ms).
std::optional<std::string> validate_config_value(const config_def& def, std::string_view value);

std::string_view to_string(config_type t);  // "BOOLEAN", "INT", ... as Kafka names them

// A value as Kafka shows the parsed value in DescribeConfigs: numbers without whitespace or
// '+', booleans lower-case, LIST items joined by ",", other text trimmed (Java's trim). A
// value the definition refuses (validate_config_value) comes back only trimmed.
std::string canonical_config_value(const config_def& def, std::string_view value);

// The value a topic config takes from the broker's settings when the topic does not set it:
// (synonym name, value in the topic config's unit) for the first synonym broker_value
// reports as set, or nullopt when none is (the topic then has def.default_value).
//
// The value is rendered as DescribeConfigs shows it for the topic (numbers without
// whitespace or '+', booleans lower-case, lists joined by ","). Hours and minutes become
// milliseconds (x 3600000, x 60000); a negative retention (retention.ms from any of
// log.retention.{ms,minutes,hours}) reads as "-1", as a Kafka broker reports it. A set
// value that does not parse as its broker config's type is skipped: validate broker
// properties first (Kafka refuses to start with one).
std::optional<std::pair<std::string, std::string>> resolve_topic_default(
    const config_def& topic,
    const std::function<std::optional<std::string>(std::string_view)>& broker_value);

// Kafka refuses to start without these broker configs: they have no default (node.id,
// process.roles, controller.listener.names in 4.4). Beyond DescribeConfigs' facts, for
// validating server.properties.
bool is_required_config(const config_def& def);

}  // namespace samsa::controller
