// The load generator's result as one JSON object (figures in records/s, MB/s with 1 MB =
// 10^6 bytes, latency in microseconds), printed to stdout and optionally to a file.
#pragma once

#include <cstdint>
#include <string>

#include "bench/loadgen/histogram.h"
#include "bench/loadgen/options.h"

namespace samsa::loadgen {

struct side_figures {
    bool present = false;
    uint64_t records = 0;
    uint64_t bytes = 0;
    uint64_t errors = 0;
    double seconds = 0;
    histogram latency_us;
};

struct run_report {
    const options* opts = nullptr;
    side_figures produce;
    side_figures consume;  // latency: end to end (e2e mode)
    double probe_s = -1;   // probe mode
    int idle_opened = 0;
    int idle_answered = 0;
    bool ok = true;
};

std::string to_json(const run_report& r);

}  // namespace samsa::loadgen
