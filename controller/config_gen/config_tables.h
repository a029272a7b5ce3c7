// The contract between the generated configuration tables (controller/config_gen/
// configgen.py writes config_tables.cc into the build tree) and config_registry.cc: the
// public config_def facts plus the validation and resolution facts that do not belong in
// the public struct. Internal to samsa_controller.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "controller/config_registry.h"

namespace samsa::controller::detail {

// The unit a broker synonym's value is in, relative to its topic config's unit.
enum class value_unit : uint8_t { same, hours, minutes };

// Kafka validators that are more than bounds and value lists.
enum class value_check : uint8_t {
    none,
    throttled_replicas,  // "*", or "partition:broker" pairs
    quorum_voters,       // "id@host:port" entries
    bootstrap_servers,   // "host:port" entries
    other,               // a validator the extractor did not understand: type check only
};

// Facts beyond config_def, one per definition (rules[i] belongs to defs[i]).
struct config_rules {
    bool required;        // no default: Kafka refuses to start without it
    bool ignore_case;     // allowed values compare case-insensitively
    bool non_empty;       // the trimmed value (a list: the list) must not be empty
    bool distinct_items;  // list items must be non-empty and pairwise distinct
    value_check check;
    std::span<const std::string_view> also;       // numbers accepted outside min..max
    std::span<const value_unit> synonym_units;    // topic configs: one per synonym
    std::optional<std::string_view> negative_as;  // topic: a negative derived value reads as this
};

struct config_table {
    std::span<const config_def> defs;  // sorted by name
    std::span<const config_rules> rules;
};

const config_table& broker_table();  // generated
const config_table& topic_table();   // generated

// The rules of a definition from one of the tables; nullptr for any other config_def.
const config_rules* rules_for(const config_def& def);  // config_registry.cc

}  // namespace samsa::controller::detail
