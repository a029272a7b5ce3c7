// Kafka's rules for topic names.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace samsa::controller {

inline constexpr size_t max_topic_name_length = 249;

// Why Kafka would refuse this name (empty, "." or "..", longer than 249 characters, or a
// character other than ASCII letters, digits, '.', '_' and '-'), or nullopt when it is legal.
std::optional<std::string> topic_name_error(std::string_view name);

// Names that differ only by '.' versus '_' collide (metrics names cannot tell them apart).
bool topic_names_collide(std::string_view a, std::string_view b);

// The name with every '.' replaced by '_': equal for colliding names.
std::string collision_key(std::string_view name);

// Topics the broker creates and owns itself.
bool is_internal_topic(std::string_view name);

}  // namespace samsa::controller
