// Control-plane figures of a running broker (samsa or Kafka), for scripts/control-plane-bench.sh:
//
//   control_plane_probe --port P --wait-since NS
//       polls 127.0.0.1:P until an ApiVersions request is answered and prints the
//       milliseconds since NS (a CLOCK_REALTIME timestamp in ns, taken just before the
//       broker was started).
//   control_plane_probe --port P [--count N]
//       N ApiVersions (v3) and N Metadata (v12, all topics) round trips on one connection,
//       one at a time; prints p50/p99/max in microseconds as JSON.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "bench/loadgen/histogram.h"
#include "protocol/messages/api_versions_request.h"
#include "protocol/messages/api_versions_response.h"
#include "protocol/messages/metadata_request.h"
#include "protocol/messages/metadata_response.h"
#include "server/testing/test_client.h"

namespace {

namespace proto = samsa::protocol;
using samsa::loadgen::histogram;
using samsa::testing::test_client;

int64_t now_realtime_ns() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

int wait_for_first_answer(uint16_t port, int64_t since_ns) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (std::chrono::steady_clock::now() < give_up) {
        try {
            test_client c(port);
            proto::api_versions_request req;
            req.client_software_name = "samsa-probe";
            req.client_software_version = "1";
            const auto r = c.call<proto::api_versions_response>(req, 3);
            if (r.error_code == 0) {
                std::printf("%.1f\n", static_cast<double>(now_realtime_ns() - since_ns) / 1e6);
                return 0;
            }
        } catch (const std::exception&) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    std::fprintf(stderr, "no answer within 120 s\n");
    return 1;
}

template <typename Response, typename Request>
histogram round_trips(test_client& c, const Request& req, int16_t version, int count) {
    histogram h;
    for (int i = 0; i < count + count / 10; ++i) {
        const auto start = std::chrono::steady_clock::now();
        c.call<Response>(req, version);
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
        if (i >= count / 10) h.record(static_cast<uint64_t>(us));  // the first tenth warms up
    }
    return h;
}

void print(const char* name, const histogram& h, bool last) {
    std::printf(
        "  \"%s\": {\"count\": %llu, \"p50_us\": %llu, \"p99_us\": %llu, \"max_us\": %llu}%s\n",
        name, static_cast<unsigned long long>(h.count()),
        static_cast<unsigned long long>(h.quantile(0.5)),
        static_cast<unsigned long long>(h.quantile(0.99)), static_cast<unsigned long long>(h.max()),
        last ? "" : ",");
}

}  // namespace

int main(int argc, char** argv) {
    uint16_t port = 0;
    int count = 10000;
    int64_t since = -1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--port") == 0) {
            port = static_cast<uint16_t>(std::atoi(argv[i + 1]));
        } else if (std::strcmp(argv[i], "--count") == 0) {
            count = std::atoi(argv[i + 1]);
        } else if (std::strcmp(argv[i], "--wait-since") == 0) {
            since = std::atoll(argv[i + 1]);
        }
    }
    if (port == 0 || count <= 0) {
        std::fprintf(stderr, "usage: %s --port P [--count N | --wait-since NS]\n", argv[0]);
        return 2;
    }
    if (since >= 0) return wait_for_first_answer(port, since);
    try {
        test_client c(port);
        proto::api_versions_request av;
        av.client_software_name = "samsa-probe";
        av.client_software_version = "1";
        const histogram a = round_trips<proto::api_versions_response>(c, av, 3, count);
        proto::metadata_request md;
        md.topics.reset();  // all topics
        const histogram m = round_trips<proto::metadata_response>(c, md, 12, count);
        std::printf("{\n");
        print("api_versions", a, false);
        print("metadata", m, true);
        std::printf("}\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "probe failed: %s\n", e.what());
        return 1;
    }
    return 0;
}
