// Config changes: topic configs and dynamic broker configs, as AlterConfigs and
// IncrementalAlterConfigs make them, checked as Kafka 4.4's controller checks them.
//
// Topics: APPEND and SUBTRACT need a LIST config; then the configs the topic would have are
// validated (names, values, the rules between configs), and only then must the topic exist.
// Brokers: names Kafka does not define are stored as given (Kafka keeps them for plugins);
// the broker-side rules (read-only, per-broker, value types) are server/config_admin.h's, and
// are checked here again only as a safeguard.
#include <algorithm>
#include <charconv>
#include <set>

#include "controller/config_registry.h"
#include "controller/controller.h"
#include "controller/topic_names.h"

namespace samsa::controller {
namespace {

// The most bytes a ConfigRecord value may hold (a Kafka string's length is an int16).
constexpr size_t max_value_bytes = 32767;

// A LIST value's items as Kafka's controller splits it for APPEND and SUBTRACT: at every
// comma, no trimming, empty items dropped.
std::vector<std::string> list_parts(std::string_view text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t comma = text.find(',', pos);
        if (comma == std::string_view::npos) comma = text.size();
        if (comma > pos) out.emplace_back(text.substr(pos, comma - pos));
        pos = comma + 1;
    }
    return out;
}

// The items an operation adds or removes: Java's split(","), which keeps empty items except
// trailing ones.
std::vector<std::string> operand_items(std::string_view text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (true) {
        const size_t comma = text.find(',', pos);
        out.emplace_back(text.substr(pos, comma == text.npos ? text.npos : comma - pos));
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    while (out.size() > 1 && out.back().empty())
        out.pop_back();
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

// A LONG topic config as the topic would have it: its own value, else the default.
int64_t long_config(const config_map& configs, std::string_view name) {
    const config_def* def = find_topic_config(name);
    const auto it = configs.find(name);
    std::string text(it != configs.end() ? canonical_config_value(*def, it->second)
                                         : std::string(def->default_value.value_or("0")));
    int64_t v = 0;
    std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
}

// Kafka's rules between topic configs (LogConfig.validateValues) that apply to samsa, which
// has no tiered storage. The defaults stand for unset configs (Kafka takes the broker's
// values there; they matter only when the broker changes a compaction lag).
std::optional<std::string> topic_config_conflict(const config_map& configs) {
    const int64_t min_lag = long_config(configs, "min.compaction.lag.ms");
    const int64_t max_lag = long_config(configs, "max.compaction.lag.ms");
    if (min_lag > max_lag) {
        return "conflict topic config setting min.compaction.lag.ms (" + std::to_string(min_lag)
               + ") > max.compaction.lag.ms (" + std::to_string(max_lag) + ")";
    }
    if (const auto it = configs.find("remote.storage.enable");
        it != configs.end()
        && canonical_config_value(*find_topic_config(it->first), it->second) == "true") {
        return "Tiered Storage functionality is disabled in the broker. Topic cannot be "
               "configured with remote log storage.";
    }
    return std::nullopt;
}

// A Java set of one name, as Kafka's messages print it.
std::string java_set(const std::string& name) {
    return "[" + name + "]";
}

}  // namespace

result controller::validate_topic_configs(const config_map& configs) const {
    for (const auto& [name, value] : configs) {
        if (find_topic_config(name) == nullptr)
            return result::fail(errc::invalid_config, "Unknown topic config name: " + name);
    }
    for (const auto& [name, value] : configs) {
        if (auto e = validate_config_value(*find_topic_config(name), value))
            return result::fail(errc::invalid_config, *e);
    }
    if (auto e = topic_config_conflict(configs)) return result::fail(errc::invalid_config, *e);
    return {};
}

result controller::alter_one(const metadata_image& image, const config_alteration& a,
                             std::vector<metadata_record>& records) const {
    const bool topic = a.target == config_target::topic;
    const topic_info* t = topic ? image.find_topic(a.resource) : nullptr;
    config_map current;
    if (t != nullptr) current = t->configs;
    if (!topic) {
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
        const bool list_op = c.op == config_op::append || c.op == config_op::subtract;
        const char* op_name = c.op == config_op::append ? "append" : "subtract";
        if (list_op && topic && (def == nullptr || def->type != config_type::list)) {
            return result::fail(errc::invalid_config,
                                std::string("Can't ")
                                    + (c.op == config_op::append ? "APPEND" : "SUBTRACT")
                                    + " to key " + c.name + " because its type is not LIST.");
        }
        if (list_op && !topic && def == nullptr)
            return result::fail(errc::invalid_config, "Unknown config name: " + c.name);
        if (list_op && def->type != config_type::list) {
            return result::fail(errc::invalid_config,
                                std::string("Config value ") + op_name
                                    + " is not allowed for config key: " + c.name);
        }
        if (!topic && def != nullptr && c.op != config_op::remove) {
            // Safeguards: the broker's own checks (server/config_admin.h) come first.
            if (def->mode == config_mode::read_only) {
                return result::fail(errc::invalid_config,
                                    "Cannot update these configs dynamically: " + java_set(c.name));
            }
            if (a.resource.empty() && def->mode == config_mode::per_broker) {
                return result::fail(errc::invalid_config,
                                    "Cannot update these configs at default cluster level, broker "
                                    "id must be specified: "
                                        + java_set(c.name));
            }
        }
        switch (c.op) {
            case config_op::set:
                next[c.name] = c.value.value_or("");
                break;
            case config_op::remove:
                next.erase(c.name);
                break;
            case config_op::append:
            case config_op::subtract: {
                const auto it = current.find(c.name);
                auto items =
                    list_parts(it != current.end() ? it->second : def->default_value.value_or(""));
                for (const auto& item : operand_items(c.value.value_or(""))) {
                    const auto found = std::find(items.begin(), items.end(), item);
                    if (c.op == config_op::append && found == items.end()) items.push_back(item);
                    if (c.op == config_op::subtract && found != items.end()) items.erase(found);
                }
                next[c.name] = join_list(items);
                break;
            }
        }
        if (const auto it = next.find(c.name);
            it != next.end() && it->second.size() > max_value_bytes) {
            return result::fail(errc::invalid_config,
                                "The configuration value cannot be added because it exceeds the "
                                "maximum value size of 32767 bytes.");
        }
    }
    if (topic) {
        if (a.resource.empty())
            return result::fail(errc::invalid_request, "Default topic resources are not allowed.");
        if (auto e = topic_name_error(a.resource)) return result::fail(errc::invalid_topic, *e);
        if (auto r = validate_topic_configs(next); !r.ok()) return r;
        if (t == nullptr) {
            return result::fail(errc::unknown_topic,
                                "The topic '" + a.resource + "' does not exist.");
        }
    } else {
        for (const auto& [name, value] : next) {
            const config_def* def = find_broker_config(name);
            if (def == nullptr) continue;
            if (auto e = validate_config_value(*def, value))
                return result::fail(errc::invalid_config, *e);
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
