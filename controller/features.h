// Kafka's feature flags (KIP-584) as samsa supports them. ApiVersions reports the
// supported ranges and the finalized levels; clients switch behaviour on them (KIP-890
// transactions on transaction.version, KIP-848 groups on group.version), so a level is
// finalized only once samsa implements what it stands for.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "controller/metadata_records.h"

namespace samsa::controller {

struct feature_range {
    std::string_view name;
    int16_t min_version;
    int16_t max_version;
    int16_t bootstrap_level;  // finalized on a new cluster; 0 leaves it unset
};

// metadata.version 7 is Kafka's 3.3-IV3 (the oldest Kafka 4 supports); 33 is 4.4-IV2, the
// newest production level of Kafka 4.4.
inline constexpr feature_range supported_feature_table[] = {
    {"metadata.version", 7, 33, 33},
    {"kraft.version", 0, 0, 0},
    {"transaction.version", 0, 0, 0},
    {"group.version", 0, 0, 0},
};

inline std::span<const feature_range> supported_features() {
    return supported_feature_table;
}

inline std::vector<metadata_record> bootstrap_feature_records() {
    std::vector<metadata_record> out;
    for (const auto& f : supported_features()) {
        if (f.bootstrap_level == 0) continue;
        protocol::feature_level_record r;
        r.name = std::string(f.name);
        r.feature_level = f.bootstrap_level;
        out.emplace_back(std::move(r));
    }
    return out;
}

}  // namespace samsa::controller
