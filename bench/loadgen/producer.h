// One producer thread: an open-loop sender at a fixed rate (or as fast as the client's queue
// takes records), each record carrying the time it was meant to be sent. Latency runs from
// that intended time to the acknowledgement, so a stall that delays sending shows in the
// latency of every record it delayed (no coordinated omission).
//
// Record value layout: int64 intended send time (CLOCK_MONOTONIC ns, host order), uint64
// sequence (producer index << 48 | number), then letters A-Z taken at a varying offset from
// a random buffer (compressible about as much as kafka-producer-perf-test's payload).
#pragma once

#include <atomic>
#include <cstdint>

#include "bench/loadgen/histogram.h"
#include "bench/loadgen/options.h"

namespace samsa::loadgen {

struct produce_result {
    histogram latency_us;  // records intended inside the window
    uint64_t records = 0;  // acknowledged inside the window
    uint64_t bytes = 0;    // their value (and key) bytes
    uint64_t errors = 0;   // failed deliveries, any time
    uint64_t sent = 0;     // records handed to the client, any time
    int64_t window_start_ns = 0;
    int64_t window_end_ns = 0;
};

struct produce_plan {
    int index = 0;                // this producer's number
    double rate = 0;              // this producer's records/s; 0 = max
    int64_t quota = 0;            // records to send; 0 = until end_ns
    int64_t start_ns = 0;         // first intended send time
    int64_t window_start_ns = 0;  // after the warm-up
    int64_t end_ns = 0;           // no record is intended at or after this (quota 0)
};

// Runs one producer to completion (sends, then waits for every acknowledgement). `acked`
// counts acknowledged records over all producers, for the e2e consumers.
produce_result run_producer(const options& o, const produce_plan& plan,
                            std::atomic<uint64_t>& acked);

}  // namespace samsa::loadgen
