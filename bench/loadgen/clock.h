// The one clock of the load generator: CLOCK_MONOTONIC in nanoseconds. It is system-wide on
// Linux, so a timestamp a producer embeds in a record means the same to a consumer in
// another process on the same machine.
#pragma once

#include <time.h>

#include <cstdint>

namespace samsa::loadgen {

inline int64_t now_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1'000'000'000LL + ts.tv_nsec;
}

// Sleeps until the monotonic time `deadline_ns` (returns at once when it has passed).
inline void sleep_until_ns(int64_t deadline_ns) {
    timespec ts{static_cast<time_t>(deadline_ns / 1'000'000'000LL),
                static_cast<long>(deadline_ns % 1'000'000'000LL)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) != 0) {
    }
}

}  // namespace samsa::loadgen
