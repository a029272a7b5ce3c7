// Config changes: topic configs and dynamic broker configs, as AlterConfigs and
// IncrementalAlterConfigs make them.
#include <algorithm>
#include <set>

#include "controller/config_registry.h"
#include "controller/controller.h"

namespace samsa::controller {
namespace {

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t comma = text.find(',', pos);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view item = text.substr(pos, comma - pos);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (!item.empty()) out.emplace_back(item);
        pos = comma + 1;
    }
    return out;
}

std::string join_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items)
        out += (out.empty() ? "" : ",") + i;
    return out;
}

protocol::config_record config_record_for(config_target target, const std::string& resource,
                                          const std::string& name,
                                          std::optional<std::string> value) {
    protocol::config_record r;
    r.resource_type =
        target == config_target::topic ? config_resource_topic : config_resource_broker;
    r.resource_name = resource;
    r.name = name;
    r.value = std::move(value);
    return r;
}

// The value a list operation starts from: the explicit value, else the default.
std::string current_value(const config_def& def, const config_map& current) {
    if (const auto it = current.find(def.name); it != current.end()) return it->second;
    return def.default_value ? std::string(*def.default_value) : std::string();
}

}  // namespace

result controller::validate_topic_configs(const config_map& configs) const {
    for (const auto& [name, value] : configs) {
        const config_def* def = find_topic_config(name);
        if (def == nullptr)
            return result::fail(errc::invalid_config, "Unknown topic config name: " + name);
        if (auto e = validate_config_value(*def, value))
            return result::fail(errc::invalid_config, *e);
    }
    return {};
}

result controller::alter_one(const metadata_image& image, const config_alteration& a,
                             std::vector<metadata_record>& records) const {
    const bool topic = a.target == config_target::topic;
    config_map current;
    if (topic) {
        const topic_info* t = image.find_topic(a.resource);
        if (t == nullptr)
            return result::fail(errc::unknown_topic, "Topic " + a.resource + " does not exist.");
        current = t->configs;
    } else {
        const std::string me = std::to_string(options_.node_id);
        if (!a.resource.empty() && a.resource != me) {
            return result::fail(errc::invalid_request, "Unexpected broker id, expected " + me
                                                           + " or empty string, but received "
                                                           + a.resource);
        }
        if (const auto it = image.broker_configs.find(a.resource);
            it != image.broker_configs.end()) {
            current = it->second;
        }
    }
    std::set<std::string> names;
    config_map next = a.incremental ? current : config_map{};
    for (const config_change& c : a.changes) {
        if (!names.insert(c.name).second) {
            return result::fail(errc::invalid_request, "Error due to duplicate config keys");
        }
        const config_def* def = topic ? find_topic_config(c.name) : find_broker_config(c.name);
        if (def == nullptr) {
            return result::fail(
                errc::invalid_config,
                std::string(topic ? "Unknown topic config name: " : "Unknown broker config name: ")
                    + c.name);
        }
        if (!topic && def->mode == config_mode::read_only) {
            return result::fail(errc::invalid_config,
                                "Cannot update these configs dynamically: Set(" + c.name + ")");
        }
        if (!topic && a.resource.empty() && def->mode == config_mode::per_broker) {
            return result::fail(
                errc::invalid_config,
                "Cannot update these configs at default cluster level, broker id must be "
                "specified: Set("
                    + c.name + ")");
        }
        if ((c.op == config_op::append || c.op == config_op::subtract)
            && def->type != config_type::list) {
            return result::fail(errc::invalid_config,
                                std::string("Config value ")
                                    + (c.op == config_op::append ? "append" : "subtract")
                                    + " is not allowed for config key: " + c.name);
        }
        switch (c.op) {
            case config_op::set: {
                const std::string value = c.value.value_or("");
                if (auto e = validate_config_value(*def, value))
                    return result::fail(errc::invalid_config, *e);
                next[c.name] = value;
                break;
            }
            case config_op::remove:
                next.erase(c.name);
                break;
            case config_op::append:
            case config_op::subtract: {
                auto items = split_list(current_value(*def, current));
                for (const auto& item : split_list(c.value.value_or(""))) {
                    const auto it = std::find(items.begin(), items.end(), item);
                    if (c.op == config_op::append && it == items.end()) items.push_back(item);
                    if (c.op == config_op::subtract && it != items.end()) items.erase(it);
                }
                const std::string value = join_list(items);
                if (auto e = validate_config_value(*def, value))
                    return result::fail(errc::invalid_config, *e);
                next[c.name] = value;
                break;
            }
        }
    }
    for (const auto& [name, _] : current) {
        if (!next.contains(name))
            records.emplace_back(config_record_for(a.target, a.resource, name, std::nullopt));
    }
    for (const auto& [name, value] : next) {
        const auto it = current.find(name);
        if (it == current.end() || it->second != value) {
            records.emplace_back(config_record_for(a.target, a.resource, name, value));
        }
    }
    return {};
}

std::vector<result> controller::alter_configs_now(const std::vector<config_alteration>& alterations,
                                                  bool validate_only) {
    const auto image = this->image();
    std::vector<result> out(alterations.size());
    std::vector<metadata_record> records;
    std::vector<size_t> altered;
    for (size_t i = 0; i < alterations.size(); ++i) {
        std::vector<metadata_record> mine;
        out[i] = alter_one(*image, alterations[i], mine);
        if (!out[i].ok()) continue;
        std::move(mine.begin(), mine.end(), std::back_inserter(records));
        altered.push_back(i);
    }
    if (!validate_only && !records.empty()) {
        const result r = commit(records);
        if (!r.ok()) {
            for (size_t i : altered)
                out[i] = r;
        }
    }
    return out;
}

}  // namespace samsa::controller
