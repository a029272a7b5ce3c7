// meta.properties: the identity file Kafka keeps in every log directory (version 1, the
// KRaft form): node.id, cluster.id and the directory's own id.
#pragma once

#include <optional>
#include <string>
#include <variant>

namespace samsa::log {

struct meta_properties {
    std::string cluster_id;
    int32_t node_id = -1;
    std::string directory_id;  // a Kafka uuid in base64 text
};

// Reads <dir>/meta.properties: nullopt when there is none, an error message when it is
// unreadable or lacks a field.
std::variant<std::optional<meta_properties>, std::string> read_meta_properties(
    const std::string& dir);

// Writes <dir>/meta.properties through a temporary file and a rename; an error message or
// nullopt.
std::optional<std::string> write_meta_properties(const std::string& dir, const meta_properties& m);

}  // namespace samsa::log
