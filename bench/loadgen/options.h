// The load generator's command line: what to run, against which broker, at what rate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace samsa::loadgen {

enum class run_mode {
    produce,  // producers only; latency = acknowledgement - intended send time
    consume,  // consumers only, from the beginning to the high watermarks at start
    e2e,      // producers and consumers; consumers measure end-to-end latency
    create,   // create the topic and exit
    probe,    // wait until every partition of the topic answers ListOffsets
};

struct options {
    run_mode mode = run_mode::produce;
    std::string bootstrap = "localhost:9092";
    std::string topic = "loadgen";

    // Topic creation (--create and mode create).
    bool create = false;
    int partitions = 16;
    std::vector<std::pair<std::string, std::string>> topic_configs;

    // Load shape.
    double rate = 0;         // records/s over all producers; 0 = as fast as possible
    double duration_s = 10;  // measured time, after the warm-up
    double warmup_s = 1;     // sent but not counted
    int64_t records = 0;     // when > 0: stop after this many (all producers), not on time
    int record_size = 1024;  // value bytes, >= 16 (the embedded timestamp and sequence)
    bool keyed = false;
    int key_space = 10000;
    int producers = 1;
    int consumers = 1;

    // Producer settings (librdkafka names).
    std::string acks = "1";
    std::string compression = "none";
    double linger_ms = 5;
    int batch_size = 1 << 20;  // bytes; librdkafka's batch.size
    int max_in_flight = 5;
    bool idempotence = false;

    // Consumer settings.
    int fetch_wait_max_ms = 100;
    double drain_s = 5;  // e2e: how long consumers wait for the tail after producers end

    // Extra librdkafka properties for every client, key=value.
    std::vector<std::pair<std::string, std::string>> client_props;

    // Connections opened beside the load (ApiVersions, then held open).
    int idle_connections = 0;

    double probe_timeout_s = 600;
    std::string output;  // JSON to this file as well as stdout
    std::string label;   // copied into the JSON
};

// Parses argv; on a bad or --help argument prints usage and returns nullopt.
std::optional<options> parse_options(int argc, char** argv);

const char* mode_name(run_mode m);

}  // namespace samsa::loadgen
