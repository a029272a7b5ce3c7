// The configuration registry: lookups over the generated tables, type names, whether a
// config is required, and how a topic config's default follows the broker's settings.
#include "controller/config_registry.h"

#include <algorithm>
#include <functional>

#include "controller/config_gen/config_tables.h"
#include "controller/config_values.h"

namespace samsa::controller {

namespace {

const config_def* find_in(std::span<const config_def> defs, std::string_view name) {
    const auto it =
        std::lower_bound(defs.begin(), defs.end(), name,
                         [](const config_def& d, std::string_view n) { return d.name < n; });
    return it != defs.end() && it->name == name ? &*it : nullptr;
}

const detail::config_rules* rules_in(const detail::config_table& table, const config_def& def) {
    const std::less<const config_def*> before;
    const config_def* first = table.defs.data();
    const config_def* last = first + table.defs.size();
    if (before(&def, first) || !before(&def, last)) return nullptr;
    return &table.rules[static_cast<size_t>(&def - first)];
}

int64_t unit_factor(detail::value_unit unit) {
    switch (unit) {
        case detail::value_unit::hours:
            return 60 * 60 * 1000;
        case detail::value_unit::minutes:
            return 60 * 1000;
        case detail::value_unit::same:
            break;
    }
    return 1;
}

// A valid value of the given type as Kafka renders the parsed value: numbers without
// whitespace or '+', booleans lower-case, list items joined by ",", strings trimmed.
std::string render(config_type type, std::string_view value) {
    value = detail::trim(value);
    switch (type) {
        case config_type::boolean:
            return detail::iequals(value, "true") ? "true" : "false";
        case config_type::short_:
        case config_type::int_:
        case config_type::long_:
            return std::to_string(*detail::parse_integer(value, INT64_MIN, INT64_MAX));
        case config_type::double_:
            return detail::format_double(*detail::parse_double(value));
        case config_type::list: {
            std::string out;
            for (auto item : detail::split_list(value)) {
                if (!out.empty()) out += ',';
                out += item;
            }
            return out;
        }
        case config_type::string:
        case config_type::class_:
        case config_type::password:
            break;
    }
    return std::string(value);
}

}  // namespace

namespace detail {

const config_rules* rules_for(const config_def& def) {
    if (const auto* r = rules_in(broker_table(), def)) return r;
    return rules_in(topic_table(), def);
}

}  // namespace detail

std::span<const config_def> broker_config_defs() {
    return detail::broker_table().defs;
}

std::span<const config_def> topic_config_defs() {
    return detail::topic_table().defs;
}

const config_def* find_broker_config(std::string_view name) {
    return find_in(broker_config_defs(), name);
}

const config_def* find_topic_config(std::string_view name) {
    return find_in(topic_config_defs(), name);
}

std::string_view to_string(config_type t) {
    switch (t) {
        case config_type::boolean:
            return "BOOLEAN";
        case config_type::string:
            return "STRING";
        case config_type::int_:
            return "INT";
        case config_type::short_:
            return "SHORT";
        case config_type::long_:
            return "LONG";
        case config_type::double_:
            return "DOUBLE";
        case config_type::list:
            return "LIST";
        case config_type::class_:
            return "CLASS";
        case config_type::password:
            return "PASSWORD";
    }
    return "UNKNOWN";
}

std::string canonical_config_value(const config_def& def, std::string_view value) {
    if (validate_config_value(def, value)) return std::string(detail::trim(value));
    return render(def.type, value);
}

bool is_required_config(const config_def& def) {
    const auto* rules = detail::rules_for(def);
    return rules && rules->required;
}

std::optional<std::pair<std::string, std::string>> resolve_topic_default(
    const config_def& topic,
    const std::function<std::optional<std::string>(std::string_view)>& broker_value) {
    const auto* rules = detail::rules_for(topic);
    if (topic.scope != config_scope::topic || !rules) return std::nullopt;
    for (size_t i = 0; i < topic.synonyms.size(); ++i) {
        const std::string_view name = topic.synonyms[i];
        const std::optional<std::string> value = broker_value(name);
        if (!value) continue;
        const config_def* broker = find_broker_config(name);
        const config_def& as = broker ? *broker : topic;
        if (validate_config_value(as, *value)) continue;  // Kafka would not have started
        const auto unit =
            i < rules->synonym_units.size() ? rules->synonym_units[i] : detail::value_unit::same;
        std::string resolved =
            unit == detail::value_unit::same
                ? render(as.type, *value)
                : std::to_string(*detail::parse_integer(detail::trim(*value), INT32_MIN, INT32_MAX)
                                 * unit_factor(unit));
        if (rules->negative_as && !resolved.empty() && resolved[0] == '-')
            resolved = *rules->negative_as;
        return std::pair{std::string(name), std::move(resolved)};
    }
    return std::nullopt;
}

}  // namespace samsa::controller
