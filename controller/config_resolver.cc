// The effective configuration and its synonym chains; see config_resolver.h for the rules.
#include "controller/config_resolver.h"

#include <algorithm>
#include <string>

namespace samsa::controller {
namespace {

bool wanted(config_names names, std::string_view name) {
    return names.empty() || std::find(names.begin(), names.end(), name) != names.end();
}

const config_map* find_layer(const metadata_image& image, const std::string& resource) {
    const auto it = image.broker_configs.find(resource);
    return it == image.broker_configs.end() ? nullptr : &it->second;
}

std::optional<std::string> find_in(const config_map* layer, std::string_view name) {
    if (layer == nullptr) return std::nullopt;
    const auto it = layer->find(name);
    if (it == layer->end()) return std::nullopt;
    return it->second;
}

bool is_sensitive(const config_def* def) {
    return def == nullptr || def->type == config_type::password;
}

// A broker config's synonym group: the definition's, or the name alone.
std::span<const std::string_view> group_of(const config_def* def, const std::string_view& name) {
    if (def != nullptr && !def->synonyms.empty()) return def->synonyms;
    return {&name, 1};
}

}  // namespace

config_resolver::config_resolver(const metadata_image& image, int32_t node_id,
                                 static_config_lookup statics)
    : dynamic_broker_(find_layer(image, std::to_string(node_id))),
      dynamic_default_(find_layer(image, "")),
      statics_(std::move(statics)) {}

std::optional<std::string> config_resolver::layered_value(std::string_view name) const {
    const config_def* def = find_broker_config(name);
    const auto group = group_of(def, name);
    for (const config_map* layer : {dynamic_broker_, dynamic_default_}) {
        if (auto v = find_in(layer, name)) return v;
        for (std::string_view other : group) {
            if (other != name && find_in(layer, other)) return std::nullopt;
        }
    }
    return statics_ ? statics_(name) : std::nullopt;
}

std::vector<config_synonym> config_resolver::synonyms(std::string_view name,
                                                      std::span<const std::string_view> group,
                                                      bool sensitive) const {
    std::vector<config_synonym> out;
    const auto add = [&](std::string_view synonym, std::optional<std::string> value,
                         config_source source) {
        if (!value) return;
        out.push_back({std::string(synonym), sensitive ? std::nullopt : std::move(value), source});
    };
    for (std::string_view s : group)
        add(s, find_in(dynamic_broker_, s), config_source::dynamic_broker);
    for (std::string_view s : group)
        add(s, find_in(dynamic_default_, s), config_source::dynamic_default_broker);
    for (std::string_view s : group)
        add(s, statics_ ? statics_(s) : std::nullopt, config_source::static_broker);
    for (std::string_view s : group) {
        const config_def* def = find_broker_config(s);
        if (def != nullptr && def->default_value) {
            add(s, std::string(*def->default_value), config_source::default_config);
        }
    }
    const auto first = std::find_if(out.begin(), out.end(),
                                    [&](const config_synonym& c) { return c.name == name; });
    out.erase(out.begin(), first);
    return out;
}

std::optional<std::string> config_resolver::topic_value(const topic_info& topic,
                                                        const config_def& def) const {
    if (def.scope != config_scope::topic) return std::nullopt;
    if (const auto it = topic.configs.find(def.name); it != topic.configs.end()) {
        return canonical_config_value(def, it->second);
    }
    const auto from_broker =
        resolve_topic_default(def, [this](std::string_view n) { return layered_value(n); });
    if (from_broker) return std::move(from_broker->second);
    if (def.default_value) return std::string(*def.default_value);
    return std::nullopt;
}

std::optional<std::string> config_resolver::topic_value(const topic_info& topic,
                                                        std::string_view name) const {
    const config_def* def = find_topic_config(name);
    return def == nullptr ? std::nullopt : topic_value(topic, *def);
}

std::optional<std::string> config_resolver::broker_value(std::string_view name) const {
    const config_def* def = find_broker_config(name);
    if (auto v = layered_value(name)) return def ? canonical_config_value(*def, *v) : *v;
    if (def != nullptr && def->default_value) return std::string(*def->default_value);
    return std::nullopt;
}

std::vector<resolved_config> config_resolver::describe_topic(const topic_info& topic,
                                                             config_names names) const {
    std::vector<resolved_config> out;
    for (const config_def& def : topic_config_defs()) {
        if (!wanted(names, def.name)) continue;
        resolved_config& c = out.emplace_back();
        c.name = std::string(def.name);
        c.sensitive = is_sensitive(&def);
        c.type = def.type;
        c.documentation = def.documentation;
        if (!c.sensitive) c.value = topic_value(topic, def);
        if (!def.synonyms.empty()) {
            const std::string_view first = def.synonyms.front();
            c.synonyms = synonyms(first, group_of(find_broker_config(first), first), c.sensitive);
        }
        if (const auto it = topic.configs.find(def.name); it != topic.configs.end()) {
            c.synonyms.insert(c.synonyms.begin(), {c.name, c.value, config_source::dynamic_topic});
        }
        if (!c.synonyms.empty()) c.source = c.synonyms.front().source;
    }
    return out;
}

resolved_config config_resolver::broker_entry(std::string_view name, const config_def* def) const {
    resolved_config c;
    c.name = std::string(name);
    c.sensitive = is_sensitive(def);
    c.read_only = def == nullptr || def->mode == config_mode::read_only;
    if (def != nullptr) {
        c.type = def->type;
        c.documentation = def->documentation;
    }
    c.synonyms = synonyms(name, group_of(def, name), c.sensitive);
    return c;
}

std::vector<resolved_config> config_resolver::describe_broker(config_names names) const {
    std::vector<resolved_config> out;
    for (const config_def& def : broker_config_defs()) {
        if (!wanted(names, def.name)) continue;
        resolved_config& c = out.emplace_back(broker_entry(def.name, &def));
        if (!c.sensitive) c.value = broker_value(def.name);
        if (!c.synonyms.empty()) c.source = c.synonyms.front().source;
    }
    // Names stored dynamically without a definition: listed, but hidden (Kafka cannot tell
    // their type, so it treats them as sensitive).
    std::vector<std::string_view> unknown;
    for (const config_map* layer : {dynamic_broker_, dynamic_default_}) {
        if (layer == nullptr) continue;
        for (const auto& [name, _] : *layer) {
            if (find_broker_config(name) == nullptr && wanted(names, name)) unknown.push_back(name);
        }
    }
    std::sort(unknown.begin(), unknown.end());
    unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
    for (std::string_view name : unknown) {
        resolved_config& c = out.emplace_back(broker_entry(name, nullptr));
        if (!c.synonyms.empty()) c.source = c.synonyms.front().source;
    }
    return out;
}

std::vector<resolved_config> config_resolver::describe_cluster_default(config_names names) const {
    std::vector<resolved_config> out;
    if (dynamic_default_ == nullptr) return out;
    for (const auto& [name, value] : *dynamic_default_) {
        if (!wanted(names, name)) continue;
        resolved_config& c = out.emplace_back(broker_entry(name, find_broker_config(name)));
        if (!c.sensitive) c.value = value;
        std::erase_if(c.synonyms, [](const config_synonym& s) {
            return s.source != config_source::dynamic_default_broker;
        });
        if (!c.synonyms.empty()) c.source = c.synonyms.front().source;
    }
    return out;
}

int8_t config_type_id(std::optional<config_type> type) {
    if (!type) return 0;
    switch (*type) {
        case config_type::boolean:
            return 1;
        case config_type::string:
            return 2;
        case config_type::int_:
            return 3;
        case config_type::short_:
            return 4;
        case config_type::long_:
            return 5;
        case config_type::double_:
            return 6;
        case config_type::list:
            return 7;
        case config_type::class_:
            return 8;
        case config_type::password:
            return 9;
    }
    return 0;
}

}  // namespace samsa::controller
