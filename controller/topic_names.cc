#include "controller/topic_names.h"

#include <algorithm>

namespace samsa::controller {

std::optional<std::string> topic_name_error(std::string_view name) {
    if (name.empty()) return "Topic name is illegal, it can't be empty";
    if (name == "." || name == "..") return "Topic name cannot be \".\" or \"..\"";
    if (name.size() > max_topic_name_length) {
        return "Topic name is illegal, it can't be longer than "
               + std::to_string(max_topic_name_length)
               + " characters, topic name: " + std::string(name);
    }
    const bool legal = std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || c == '.' || c == '_' || c == '-';
    });
    if (!legal) {
        return "Topic name \"" + std::string(name) +
               "\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'";
    }
    return std::nullopt;
}

std::string collision_key(std::string_view name) {
    std::string out(name);
    std::replace(out.begin(), out.end(), '.', '_');
    return out;
}

bool topic_names_collide(std::string_view a, std::string_view b) {
    return collision_key(a) == collision_key(b);
}

bool is_internal_topic(std::string_view name) {
    return name == "__consumer_offsets" || name == "__transaction_state";
}

}  // namespace samsa::controller
