#include "bench/loadgen/report.h"

#include <librdkafka/rdkafka.h>

#include <cstdio>
#include <string>

namespace samsa::loadgen {
namespace {

void add(std::string& out, const char* fmt, auto... args) {
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, args...);
    out += buf;
}

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out + "\"";
}

void side(std::string& out, const char* name, const side_figures& f, const char* latency_name) {
    const double s = f.seconds > 0 ? f.seconds : 1e-9;
    add(out, ",\n  \"%s\": {\"records\": %llu, \"bytes\": %llu, \"errors\": %llu, ", name,
        static_cast<unsigned long long>(f.records), static_cast<unsigned long long>(f.bytes),
        static_cast<unsigned long long>(f.errors));
    add(out, "\"seconds\": %.3f, \"records_per_s\": %.1f, \"mb_per_s\": %.3f", f.seconds,
        f.records / s, f.bytes / s / 1e6);
    const auto& h = f.latency_us;
    if (h.count() > 0) {
        add(out,
            ",\n    \"%s\": {\"count\": %llu, \"mean\": %.1f, \"p50\": %llu, \"p90\": %llu, "
            "\"p99\": %llu, \"p999\": %llu, \"max\": %llu}",
            latency_name, static_cast<unsigned long long>(h.count()), h.mean(),
            static_cast<unsigned long long>(h.quantile(0.5)),
            static_cast<unsigned long long>(h.quantile(0.9)),
            static_cast<unsigned long long>(h.quantile(0.99)),
            static_cast<unsigned long long>(h.quantile(0.999)),
            static_cast<unsigned long long>(h.max()));
    }
    out += "}";
}

}  // namespace

std::string to_json(const run_report& r) {
    const options& o = *r.opts;
    std::string out = "{\n  \"tool\": \"samsa-loadgen\", \"librdkafka\": ";
    out += quoted(rd_kafka_version_str());
    add(out, ", \"ok\": %s,\n  \"label\": ", r.ok ? "true" : "false");
    out += quoted(o.label);
    add(out, ", \"mode\": \"%s\", \"topic\": ", mode_name(o.mode));
    out += quoted(o.topic);
    add(out,
        ",\n  \"settings\": {\"rate\": %.1f, \"duration_s\": %.2f, \"warmup_s\": %.2f, "
        "\"records\": %lld, \"record_size\": %d, \"keyed\": %s, \"producers\": %d, "
        "\"consumers\": %d, \"partitions\": %d, \"acks\": \"%s\", \"compression\": \"%s\", "
        "\"linger_ms\": %g, \"batch_size\": %d, \"idle_connections\": %d}",
        o.rate, o.duration_s, o.warmup_s, static_cast<long long>(o.records), o.record_size,
        o.keyed ? "true" : "false", o.producers, o.consumers, o.partitions, o.acks.c_str(),
        o.compression.c_str(), o.linger_ms, o.batch_size, o.idle_connections);
    if (r.produce.present) side(out, "produce", r.produce, "latency_us");
    if (r.consume.present) side(out, "consume", r.consume, "e2e_latency_us");
    if (o.mode == run_mode::probe) add(out, ",\n  \"probe_s\": %.3f", r.probe_s);
    if (o.idle_connections > 0) {
        add(out, ",\n  \"idle_connections\": {\"opened\": %d, \"answered\": %d}", r.idle_opened,
            r.idle_answered);
    }
    out += "\n}\n";
    return out;
}

}  // namespace samsa::loadgen
