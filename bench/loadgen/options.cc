#include "bench/loadgen/options.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace samsa::loadgen {
namespace {

constexpr const char* usage_text = R"(usage: loadgen [options]
  --mode produce|consume|e2e|create|probe   (default produce)
  --bootstrap HOST:PORT        broker (default localhost:9092)
  --topic NAME                 (default loadgen)
  --create                     create the topic first (mode create: only that)
  --partitions N               for --create (default 16)
  --topic-config K=V           for --create, repeatable
  --rate R                     records/s over all producers, open loop; 0 = max (default 0)
  --duration S                 measured seconds after the warm-up (default 10)
  --warmup S                   seconds sent but not counted (default 1)
  --records N                  stop after N records in all (instead of --duration)
  --record-size B              value bytes, >= 16 (default 1024)
  --keyed                      records get keys (murmur2 partitioning); --key-space N keys
  --producers N --consumers N  client threads, each with its own client (default 1, 1)
  --acks 0|1|all               (default 1)
  --compression none|gzip|snappy|lz4|zstd
  --linger-ms MS --batch-size B --max-in-flight N --idempotence
  --fetch-wait-max-ms MS       consumers' fetch.wait.max.ms (default 100)
  --drain S                    e2e: seconds consumers wait for the tail (default 5)
  --client-prop K=V            any librdkafka property, for every client, repeatable
  --idle-connections N         N more connections (ApiVersions, then held) during the run
  --probe-timeout S            probe: give up after S seconds (default 600)
  --output FILE                also write the JSON result there
  --label TEXT                 copied into the JSON
)";

bool split_kv(std::string_view text, std::vector<std::pair<std::string, std::string>>& out) {
    const size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) return false;
    out.emplace_back(std::string(text.substr(0, eq)), std::string(text.substr(eq + 1)));
    return true;
}

}  // namespace

const char* mode_name(run_mode m) {
    switch (m) {
        case run_mode::produce:
            return "produce";
        case run_mode::consume:
            return "consume";
        case run_mode::e2e:
            return "e2e";
        case run_mode::create:
            return "create";
        case run_mode::probe:
            return "probe";
    }
    return "?";
}

std::optional<options> parse_options(int argc, char** argv) {
    options o;
    auto fail = [](const char* why, const char* arg) -> std::optional<options> {
        std::fprintf(stderr, "loadgen: %s: %s\n%s", why, arg, usage_text);
        return std::nullopt;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        const bool has_value = i + 1 < argc;
        auto value = [&]() -> const char* { return has_value ? argv[++i] : nullptr; };
        auto number = [&](double& out) {
            const char* v = value();
            if (!v) return false;
            char* end = nullptr;
            out = std::strtod(v, &end);
            return end != v && *end == '\0';
        };
        double n = 0;
        if (a == "--help" || a == "-h") {
            std::fputs(usage_text, stdout);
            return std::nullopt;
        } else if (a == "--mode") {
            const char* v = value();
            const std::string_view m = v ? v : "";
            if (m == "produce")
                o.mode = run_mode::produce;
            else if (m == "consume")
                o.mode = run_mode::consume;
            else if (m == "e2e")
                o.mode = run_mode::e2e;
            else if (m == "create")
                o.mode = run_mode::create;
            else if (m == "probe")
                o.mode = run_mode::probe;
            else
                return fail("unknown mode", v ? v : "");
        } else if (a == "--bootstrap" && has_value) {
            o.bootstrap = value();
        } else if (a == "--topic" && has_value) {
            o.topic = value();
        } else if (a == "--create") {
            o.create = true;
        } else if (a == "--keyed") {
            o.keyed = true;
        } else if (a == "--idempotence") {
            o.idempotence = true;
        } else if (a == "--topic-config" && has_value) {
            if (!split_kv(value(), o.topic_configs)) return fail("expected K=V", argv[i]);
        } else if (a == "--client-prop" && has_value) {
            if (!split_kv(value(), o.client_props)) return fail("expected K=V", argv[i]);
        } else if (a == "--acks" && has_value) {
            o.acks = value();
            if (o.acks == "-1") o.acks = "all";
        } else if (a == "--compression" && has_value) {
            o.compression = value();
        } else if (a == "--output" && has_value) {
            o.output = value();
        } else if (a == "--label" && has_value) {
            o.label = value();
        } else if (number(n)) {
            if (a == "--partitions")
                o.partitions = static_cast<int>(n);
            else if (a == "--rate")
                o.rate = n;
            else if (a == "--duration")
                o.duration_s = n;
            else if (a == "--warmup")
                o.warmup_s = n;
            else if (a == "--records")
                o.records = static_cast<int64_t>(n);
            else if (a == "--record-size")
                o.record_size = static_cast<int>(n);
            else if (a == "--key-space")
                o.key_space = static_cast<int>(n);
            else if (a == "--producers")
                o.producers = static_cast<int>(n);
            else if (a == "--consumers")
                o.consumers = static_cast<int>(n);
            else if (a == "--linger-ms")
                o.linger_ms = n;
            else if (a == "--batch-size")
                o.batch_size = static_cast<int>(n);
            else if (a == "--max-in-flight")
                o.max_in_flight = static_cast<int>(n);
            else if (a == "--fetch-wait-max-ms")
                o.fetch_wait_max_ms = static_cast<int>(n);
            else if (a == "--drain")
                o.drain_s = n;
            else if (a == "--idle-connections")
                o.idle_connections = static_cast<int>(n);
            else if (a == "--probe-timeout")
                o.probe_timeout_s = n;
            else
                return fail("unknown option", argv[i - 1]);
        } else {
            return fail("unknown option or bad value", argv[i]);
        }
    }
    if (o.record_size < 16) return fail("--record-size must be >= 16", "");
    if (o.producers < 1 || o.consumers < 1 || o.partitions < 1) {
        return fail("--producers, --consumers and --partitions must be >= 1", "");
    }
    if (o.mode == run_mode::create) o.create = true;
    return o;
}

}  // namespace samsa::loadgen
