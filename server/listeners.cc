#include "server/listeners.h"

#include <algorithm>
#include <charconv>

namespace samsa::server {
namespace {

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const size_t pos = text.find(sep);
        std::string_view part = text.substr(0, pos);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        if (!part.empty()) out.push_back(part);
        if (pos == std::string_view::npos) break;
        text.remove_prefix(pos + 1);
    }
    return out;
}

bool is_known_protocol(std::string_view p) {
    return p == "PLAINTEXT" || p == "SSL" || p == "SASL_PLAINTEXT" || p == "SASL_SSL";
}

}  // namespace

std::variant<std::map<std::string, std::string, std::less<>>, std::string> parse_protocol_map(
    std::string_view text) {
    std::map<std::string, std::string, std::less<>> out;
    for (std::string_view entry : split(text, ',')) {
        const size_t colon = entry.find(':');
        if (colon == std::string_view::npos) return "malformed entry '" + std::string(entry) + "'";
        const std::string_view protocol = entry.substr(colon + 1);
        if (!is_known_protocol(protocol)) {
            return "unknown security protocol '" + std::string(protocol) + "'";
        }
        out.emplace(std::string(entry.substr(0, colon)), std::string(protocol));
    }
    return out;
}

std::variant<std::vector<listener_spec>, std::string> parse_listeners(
    std::string_view text, const std::map<std::string, std::string, std::less<>>& protocol_map) {
    std::vector<listener_spec> out;
    for (std::string_view entry : split(text, ',')) {
        const size_t scheme = entry.find("://");
        if (scheme == std::string_view::npos) {
            return "listener '" + std::string(entry) + "' is not NAME://host:port";
        }
        listener_spec l;
        l.name = std::string(entry.substr(0, scheme));
        std::string_view hostport = entry.substr(scheme + 3);
        const size_t colon = hostport.rfind(':');
        if (colon == std::string_view::npos) {
            return "listener '" + std::string(entry) + "' has no port";
        }
        std::string_view host = hostport.substr(0, colon);
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
            host = host.substr(1, host.size() - 2);  // [::1]
        }
        l.host = std::string(host);
        const std::string_view port = hostport.substr(colon + 1);
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || ptr != port.data() + port.size() || value > 65535) {
            return "listener '" + std::string(entry) + "' has an invalid port";
        }
        l.port = static_cast<uint16_t>(value);
        const auto mapped = protocol_map.find(l.name);
        if (mapped != protocol_map.end()) {
            l.security_protocol = mapped->second;
        } else if (is_known_protocol(l.name)) {
            l.security_protocol = l.name;
        } else {
            return "listener name '" + l.name
                   + "' is not in listener.security.protocol.map and is not a security protocol";
        }
        if (std::any_of(out.begin(), out.end(), [&](const auto& o) { return o.name == l.name; })) {
            return "listener name '" + l.name + "' appears twice";
        }
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace samsa::server
