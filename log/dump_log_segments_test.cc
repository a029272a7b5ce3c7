// Kafka's own kafka-dump-log (DumpLogSegments) reads the segments samsa writes: every batch
// valid, every record offset consecutive, the offset and time index entries pointing where
// Kafka expects them (it reports mismatches on stderr), the indexes passing the sanity check
// Kafka runs at start-up, and the producer snapshots parsing with their CRC.
//
// Runs scripts/kafka-ref.sh, which needs a JDK and Maven (or the cached jars). A missing tool
// is a failure, not a skip: this test is the proof that Kafka reads what samsa writes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "log/log_test_support.h"
#include "protocol/records/record_batch_builder.h"

namespace samsa::log {
namespace {

namespace fs = std::filesystem;
namespace proto = protocol;
using test::batch_spec;

struct tool_output {
    int status = -1;
    std::string out, err;
};

tool_output dump(const std::vector<std::string>& args) {
    test::temp_dir tmp;
    std::string cmd = "scripts/kafka-ref.sh tool kafka-dump-log";
    for (const auto& a : args)
        cmd += " '" + a + "'";
    cmd += " >" + tmp.sub("out") + " 2>" + tmp.sub("err");
    tool_output r;
    const int st = std::system(cmd.c_str());
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    const auto out = test::read_file(tmp.sub("out"));
    const auto err = test::read_file(tmp.sub("err"));
    r.out.assign(out.begin(), out.end());
    r.err.assign(err.begin(), err.end());
    return r;
}

std::vector<std::string> files_of(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string n = e.path().filename().string();
        if (n.ends_with(".log") || n.ends_with(".index") || n.ends_with(".timeindex")
            || n.ends_with(".snapshot")) {
            out.push_back(e.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : ",") + x;
    return s;
}

// stderr without the one complaint kafka-dump-log 4.x makes about every segment that does not
// start at offset 0 (its record-offset check starts from -1 in each file: "Non-consecutive
// offsets in <dir>/<base>.log" then "  -1 is followed by <base>"), which it makes about the
// segments Kafka itself writes too.
std::string real_complaints(const std::string& err) {
    std::istringstream in(err);
    std::string line, out, pending;
    while (std::getline(in, line)) {
        if (line.starts_with("Non-consecutive offsets in ")) {
            pending = line;
            continue;
        }
        if (!pending.empty()) {
            const std::string name = fs::path(pending.substr(27)).filename().string();
            const std::string base = std::to_string(std::stoll(name.substr(0, 20)));
            if (line == "  -1 is followed by " + base) continue;
            out += pending + "\n";
            pending.clear();
        }
        out += line + "\n";
    }
    return out;
}

size_t count_of(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

// Appends a mix of batches: every codec, an idempotent producer across segments, a
// transaction and its COMMIT marker written as the coordinator writes it.
int64_t fill(test::log_fixture& f, partition_log& log) {
    const int64_t t = f.clock.get();
    int batches = 0;
    const proto::compression_codec codecs[] = {
        proto::compression_codec::none, proto::compression_codec::gzip,
        proto::compression_codec::snappy, proto::compression_codec::lz4,
        proto::compression_codec::zstd};
    for (int round = 0; round < 3; ++round) {
        for (auto codec : codecs) {
            f.append(log,
                     {.count = 3, .value_size = 40, .timestamp = t + batches * 10, .codec = codec});
            ++batches;
        }
        f.append(log, {.count = 2,
                       .timestamp = t + batches * 10,
                       .producer_id = 77,
                       .producer_epoch = 3,
                       .base_sequence = 2 * round});
        ++batches;
    }
    f.append(log, {.count = 2,
                   .timestamp = t + batches * 10,
                   .producer_id = 88,
                   .producer_epoch = 0,
                   .base_sequence = 0,
                   .transactional = true});
    proto::batch_options o;
    o.producer_id = 88;
    o.producer_epoch = 0;
    proto::byte_buffer marker;
    proto::build_end_txn_marker_batch(o, proto::control_record_type::commit, 5, t + 1000, marker);
    EXPECT_EQ(log.append(marker, f.clock.get(), false).error, errc::none);
    return log.log_end_offset();
}

void expect_kafka_reads(const std::string& dir, int64_t end_offset, bool with_marker = true) {
    const std::vector<std::string> files = files_of(dir);
    ASSERT_FALSE(files.empty());
    const tool_output r = dump({"--deep-iteration", "--files", join(files)});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(real_complaints(r.err), "") << "kafka-dump-log complained";
    const size_t batches = count_of(r.out, "baseOffset: ");
    EXPECT_GT(batches, 10u);
    EXPECT_EQ(count_of(r.out, "isvalid: true"), batches) << r.out;
    EXPECT_EQ(count_of(r.out, "| offset: "), static_cast<size_t>(end_offset));
    EXPECT_NE(r.out.find("| offset: " + std::to_string(end_offset - 1) + " "), std::string::npos);
    EXPECT_NE(r.out.find("compresscodec: zstd"), std::string::npos);
    EXPECT_NE(r.out.find("compresscodec: snappy"), std::string::npos);
    if (with_marker) {
        EXPECT_NE(r.out.find("endTxnMarker: COMMIT coordinatorEpoch: 5"), std::string::npos);
    }
    EXPECT_NE(r.out.find("producerId: 77 producerEpoch: 3"), std::string::npos);
    EXPECT_NE(r.out.find("offset: "), std::string::npos);
    EXPECT_GT(count_of(r.out, "timestamp: "), 0u);

    std::vector<std::string> indexes;
    for (const auto& p : files) {
        if (p.ends_with(".index") || p.ends_with(".timeindex")) indexes.push_back(p);
    }
    const tool_output sanity = dump({"--index-sanity-check", "--files", join(indexes)});
    ASSERT_EQ(sanity.status, 0) << sanity.err;
    EXPECT_EQ(sanity.err, "");
    size_t nonempty = 0;
    for (const auto& p : indexes)
        nonempty += fs::file_size(p) > 0 ? 1 : 0;
    EXPECT_EQ(count_of(sanity.out, "passed sanity check"), nonempty) << sanity.out;
}

TEST(KafkaDumpLog, ReadsCreateTimeSegmentsIndexesAndSnapshots) {
    test::log_fixture f;
    f.config.segment_bytes = 800;
    f.config.index_interval_bytes = 150;
    auto log = f.open();
    log->set_leader_epoch(2);
    const int64_t end = fill(f, *log);
    ASSERT_GT(log->segment_count(), 3u);
    ASSERT_FALSE(log->close());
    expect_kafka_reads(f.path(), end);
}

TEST(KafkaDumpLog, ReadsLogAppendTimeSegments) {
    test::log_fixture f;
    f.config.segment_bytes = 1500;
    f.config.index_interval_bytes = 100;
    f.config.log_append_time = true;
    auto log = f.open();
    const int64_t end = fill(f, *log);
    ASSERT_FALSE(log->close());
    expect_kafka_reads(f.path(), end);
}

TEST(KafkaDumpLog, ReadsSegmentsRecoveredAfterATornTail) {
    test::log_fixture f;
    f.config.segment_bytes = 100000;
    f.config.index_interval_bytes = 120;
    int64_t end = 0;
    {
        auto log = f.open();
        end = fill(f, *log);
    }
    const std::string seg = f.path() + "/00000000000000000000.log";
    auto bytes = test::read_file(seg);
    bytes.erase(bytes.end() - 9, bytes.end());
    test::write_file(seg, bytes);
    auto log = f.open(false);
    EXPECT_LT(log->log_end_offset(), end);
    const int64_t recovered = log->log_end_offset();
    ASSERT_FALSE(log->close());
    expect_kafka_reads(f.path(), recovered, false);
}

// The checks above can fail: an index entry pointing at the wrong batch is reported.
TEST(KafkaDumpLog, ReportsAnIndexEntryPointingAtTheWrongBatch) {
    test::log_fixture f;
    f.config.index_interval_bytes = 50;
    auto log = f.open();
    for (int i = 0; i < 4; ++i)
        f.append(*log, {.count = 2, .timestamp = f.clock.get() + i});
    ASSERT_FALSE(log->close());
    const std::string index = f.path() + "/00000000000000000000.index";
    auto bytes = test::read_file(index);
    ASSERT_EQ(bytes.size(), 24u);
    std::copy(bytes.begin() + 4, bytes.begin() + 8,
              bytes.begin() + 12);  // entry 1 -> entry 0's batch
    test::write_file(index, bytes);
    const tool_output r = dump({"--files", index});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(real_complaints(r.err).find("Mismatches in"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace samsa::log
