// One consumer thread with explicit partitions (librdkafka's simple consumer: no group, no
// committed offsets), reading from given start offsets. In e2e mode it records, per record,
// now minus the intended send time the producer embedded (see producer.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "bench/loadgen/histogram.h"
#include "bench/loadgen/options.h"

namespace samsa::loadgen {

struct consume_result {
    histogram e2e_latency_us;  // e2e: records intended inside the window
    uint64_t records = 0;
    uint64_t bytes = 0;
    uint64_t errors = 0;
    int64_t first_ns = 0;  // consume: when the consumer started; e2e: first record received
    int64_t last_ns = 0;   // last record received
};

struct consume_plan {
    std::vector<int> partitions;
    std::vector<int64_t> start_offsets;  // per partition
    std::vector<int64_t> end_offsets;    // consume mode: stop once every one is reached
    int64_t window_start_ns = 0;         // e2e: latency counted for records intended in
    int64_t window_end_ns = 0;           //      [window_start, window_end)
    bool e2e = false;
};

// Control shared by all consumers of a run.
struct consume_control {
    std::atomic<bool> stop{false};
    std::atomic<uint64_t> consumed{0};
};

consume_result run_consumer(const options& o, const consume_plan& plan, consume_control& control);

// Low and high watermarks of each partition (-1 where the query failed).
void query_watermarks(const options& o, const std::vector<int>& partitions,
                      std::vector<int64_t>& low, std::vector<int64_t>& high);

}  // namespace samsa::loadgen
