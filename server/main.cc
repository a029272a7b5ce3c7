// samsa [CONFIG_FILE] [--override key=value]...
//
// Like kafka-server-start.sh: reads a server.properties file (Kafka's format and keys),
// applies the overrides, and runs the broker until SIGTERM or SIGINT. Without a file it
// runs a single node on localhost:9092 with its data under ./data. SPDLOG_LEVEL=debug or
// trace in the environment turns on more logging (trace: every request and response as JSON).
#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstring>
#include <iostream>

#include "server/broker.h"

namespace {

int usage() {
    std::cerr << "usage: samsa [server.properties] [--override key=value]...\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    // A write to a socket the client closed (sendfile cannot be told MSG_NOSIGNAL) must fail
    // with EPIPE, not kill the broker.
    std::signal(SIGPIPE, SIG_IGN);
    auto logger = spdlog::stderr_color_mt("samsa");
    logger->set_pattern("[%Y-%m-%d %H:%M:%S.%e] %^%l%$ %v");
    spdlog::set_default_logger(logger);
    spdlog::cfg::load_env_levels();  // SPDLOG_LEVEL=debug (or trace: every request and response)

    using namespace samsa::server;
    std::optional<properties> props;
    properties overrides;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--override") {
            if (i + 1 >= argc) return usage();
            const std::string kv = argv[++i];
            const size_t eq = kv.find('=');
            if (eq == std::string::npos) return usage();
            overrides[kv.substr(0, eq)] = kv.substr(eq + 1);
        } else if (arg == "-h" || arg == "--help") {
            return usage();
        } else if (!props) {
            props = load_properties(arg);
            if (!props) {
                spdlog::critical("cannot read {}: {}", arg, std::strerror(errno));
                return 1;
            }
        } else {
            return usage();
        }
    }
    if (!props) props = embedded_default_properties();
    for (auto& [k, v] : overrides)
        (*props)[k] = v;
    auto config = make_broker_config(*props);
    if (auto* e = std::get_if<std::string>(&config)) {
        spdlog::critical("invalid configuration: {}", *e);
        return 1;
    }
    broker b(std::move(std::get<broker_config>(config)));
    if (!b.start()) return 1;
    return b.run();
}
