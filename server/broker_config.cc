#include "server/broker_config.h"

#include <netdb.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <charconv>
#include <cstring>

#include "controller/config_registry.h"

namespace samsa::server {
namespace {

using controller::config_def;
using controller::find_broker_config;

// samsa's own broker configs (not Kafka's): name and the values they accept.
struct samsa_config {
    std::string_view name;
    std::string_view default_value;
    bool boolean;  // true or false; otherwise an integer from min to max
    int64_t min = 0, max = 0;
};
constexpr samsa_config samsa_configs[] = {
    // The high watermark advances, and produce requests are acknowledged, only once the
    // appended bytes are fsynced; one fsync covers all appends that arrived meanwhile.
    {"samsa.log.fsync.before.ack", "false", true},
    // How many partitions' fsyncs (of samsa.log.fsync.before.ack) run at once.
    {"samsa.log.fsync.threads", "8", false, 1, 64},
};

const samsa_config* find_samsa_config(std::string_view name) {
    for (const auto& c : samsa_configs) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

// What a bad value of one of samsa's own configs should have been; nullopt when it is good.
std::optional<std::string> samsa_value_error(const samsa_config& c, const std::string& value) {
    if (c.boolean) {
        if (value == "true" || value == "false") return std::nullopt;
        return "true or false";
    }
    int64_t n = 0;
    const char* end = value.data() + value.size();
    const auto [stop, ec] = std::from_chars(value.data(), end, n);
    if (ec == std::errc() && stop == end && n >= c.min && n <= c.max) return std::nullopt;
    return "an integer from " + std::to_string(c.min) + " to " + std::to_string(c.max);
}

std::string canonical_host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return "localhost";
    addrinfo hints{};
    hints.ai_flags = AI_CANONNAME;
    addrinfo* info = nullptr;
    if (getaddrinfo(name, nullptr, &hints, &info) != 0 || info == nullptr) return name;
    std::string out = info->ai_canonname ? info->ai_canonname : name;
    freeaddrinfo(info);
    return out;
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos <= text.size()) {
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

class reader {
  public:
    explicit reader(const broker_config& c) : config_(c) {}

    template <typename T>
    T number(std::string_view name) {
        const auto text = config_.value_of(name);
        T value{};
        if (!text
            || std::from_chars(text->data(), text->data() + text->size(), value).ec
                   != std::errc()) {
            error_ = "Invalid value for configuration " + std::string(name);
        }
        return value;
    }
    bool boolean(std::string_view name) {
        const auto text = config_.value_of(name);
        return text && (*text == "true" || *text == "TRUE" || *text == "True");
    }
    std::string text(std::string_view name) { return config_.value_of(name).value_or(""); }

    std::string error_;

  private:
    const broker_config& config_;
};

std::optional<std::string> fill_listeners(broker_config& c, reader& r) {
    const std::string map_text = r.text("listener.security.protocol.map");
    const auto map = parse_protocol_map(map_text);
    if (const auto* e = std::get_if<std::string>(&map)) {
        return "Invalid value " + map_text
               + " for configuration listener.security.protocol.map: " + *e;
    }
    const auto& protocols = std::get<0>(map);
    const auto controller_names = split_list(r.text("controller.listener.names"));
    auto is_controller = [&](const listener_spec& l) {
        return std::find(controller_names.begin(), controller_names.end(), l.name)
               != controller_names.end();
    };
    const std::string listeners_text = r.text("listeners");
    auto parsed = parse_listeners(listeners_text, protocols);
    if (const auto* e = std::get_if<std::string>(&parsed)) {
        return "Invalid value " + listeners_text + " for configuration listeners: " + *e;
    }
    for (auto& l : std::get<0>(parsed)) {
        if (is_controller(l)) {
            spdlog::info(
                "listener {} is a KRaft controller listener: samsa's controller is built in, "
                "so it is not opened",
                l.name);
            continue;
        }
        if (l.security_protocol != "PLAINTEXT") {
            return "listener " + l.name + " uses " + l.security_protocol
                   + ", which samsa does not serve yet (only PLAINTEXT)";
        }
        c.listeners.push_back(std::move(l));
    }
    if (c.listeners.empty()) return "configuration listeners names no broker listener";
    const auto advertised_text = c.value_of("advertised.listeners");
    if (advertised_text && !advertised_text->empty()) {
        auto adv = parse_listeners(*advertised_text, protocols);
        if (const auto* e = std::get_if<std::string>(&adv)) {
            return "Invalid value " + *advertised_text
                   + " for configuration advertised.listeners: " + *e;
        }
        for (auto& l : std::get<0>(adv)) {
            if (!is_controller(l)) c.advertised_listeners.push_back(std::move(l));
        }
    } else {
        c.advertised_listeners = c.listeners;
    }
    for (auto& l : c.advertised_listeners) {
        if (l.host.empty() || l.host == "0.0.0.0" || l.host == "::") l.host = canonical_host_name();
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> broker_config::value_of(std::string_view name) const {
    if (const auto it = explicit_values.find(name); it != explicit_values.end()) return it->second;
    if (const samsa_config* own = find_samsa_config(name)) return std::string(own->default_value);
    const config_def* def = find_broker_config(name);
    if (def == nullptr || !def->default_value) return std::nullopt;
    return std::string(*def->default_value);
}

properties embedded_default_properties() {
    return {
        {"node.id", "1"},
        {"process.roles", "broker,controller"},
        {"listeners", "PLAINTEXT://:9092"},
        {"advertised.listeners", "PLAINTEXT://localhost:9092"},
        {"log.dirs", "./data"},
        {"offsets.topic.replication.factor", "1"},
        {"transaction.state.log.replication.factor", "1"},
        {"transaction.state.log.min.isr", "1"},
    };
}

std::variant<broker_config, std::string> make_broker_config(const properties& props) {
    broker_config c;
    for (const auto& [key, value] : props) {
        if (const samsa_config* own = find_samsa_config(key)) {
            if (auto expected = samsa_value_error(*own, value)) {
                return "Invalid value " + value + " for configuration " + key + ": expected "
                       + *expected;
            }
            c.explicit_values.emplace(key, value);
            continue;
        }
        const config_def* def = find_broker_config(key);
        if (def == nullptr) {
            spdlog::warn("The configuration '{}' was supplied but isn't a known config; ignored",
                         key);
            continue;
        }
        if (auto error = controller::validate_config_value(*def, value)) return *error;
        c.explicit_values.emplace(key, value);
    }
    reader r(c);
    c.node_id = r.number<int32_t>("node.id");
    if (r.error_.empty() && c.node_id < 0)
        return std::string("node.id must be set to a non-negative id");
    if (auto e = fill_listeners(c, r)) return *e;
    const auto dirs = c.value_of("log.dirs");
    c.log_dirs = split_list(dirs ? *dirs : r.text("log.dir"));
    if (c.log_dirs.empty()) return std::string("configuration log.dirs names no directory");
    const std::string metadata_dir = r.text("metadata.log.dir");
    c.metadata_log_dir = metadata_dir.empty() ? c.log_dirs.front() : metadata_dir;
    c.socket_request_max_bytes = r.number<int32_t>("socket.request.max.bytes");
    c.connections_max_idle_ms = r.number<int64_t>("connections.max.idle.ms");
    c.num_partitions = r.number<int32_t>("num.partitions");
    c.default_replication_factor = r.number<int16_t>("default.replication.factor");
    c.auto_create_topics_enable = r.boolean("auto.create.topics.enable");
    c.delete_topic_enable = r.boolean("delete.topic.enable");
    c.offsets_topic_num_partitions = r.number<int32_t>("offsets.topic.num.partitions");
    c.offsets_topic_replication_factor = r.number<int16_t>("offsets.topic.replication.factor");
    c.transaction_state_log_num_partitions =
        r.number<int32_t>("transaction.state.log.num.partitions");
    c.message_max_bytes = r.number<int32_t>("message.max.bytes");
    if (auto rack = c.value_of("broker.rack"); rack && !rack->empty()) c.rack = rack;
    if (!r.error_.empty()) return r.error_;
    return c;
}

}  // namespace samsa::server
