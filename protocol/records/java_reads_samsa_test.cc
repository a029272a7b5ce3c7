// Batches built by samsa's record_batch_builder, read back by Apache Kafka's own client
// classes: for each codec, a file of batches (plain, idempotent, transactional,
// LogAppendTime, and the transaction's COMMIT marker) goes through
// `scripts/javatools/run.sh read-batches`, which validates every batch and record with
// Kafka's MemoryRecords (sizes, CRCs, decompression, record counts) and describes them as
// JSON. The description must match what was built, batch by batch and record by record.
//
// Needs a JDK and Maven (scripts/deps.sh test installs the JDK). A missing tool is a
// failure, not a skip: this test is the proof that Kafka reads what samsa writes.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "protocol/records/big_endian.h"
#include "protocol/records/record_batch_builder.h"

namespace samsa::protocol {
namespace {

// One record's inputs, owning their bytes.
struct header_spec {
    std::string key;
    std::optional<std::string> value;
};
struct record_spec {
    int64_t timestamp = 0;
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<header_spec> headers;
};

// A batch as built, and what Kafka should report for it.
struct batch_spec {
    std::string what;
    batch_options options;
    std::vector<record_spec> records;
    int64_t marker_timestamp = -1;  // >= 0: a COMMIT marker (no records list)
    uint32_t crc = 0;               // from the built header, once built
};

std::string base64(std::string_view in) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        const uint32_t v = (static_cast<uint8_t>(in[i]) << 16)
                           | (static_cast<uint8_t>(in[i + 1]) << 8)
                           | static_cast<uint8_t>(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6)
            out.push_back(alphabet[(v >> s) & 63]);
    }
    if (i + 1 == in.size()) {
        const uint32_t v = static_cast<uint8_t>(in[i]) << 16;
        out += {alphabet[(v >> 18) & 63], alphabet[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const uint32_t v =
            (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8);
        out += {alphabet[(v >> 18) & 63], alphabet[(v >> 12) & 63], alphabet[(v >> 6) & 63], '='};
    }
    return out;
}

std::string text(std::mt19937& gen, size_t n) {
    static const char* words[] = {"offset ", "segment ", "broker ", "replica ", "leader ",
                                  "epoch ",  "samsa ",   "kafka ",  "fetch ",   "produce "};
    std::string s;
    while (s.size() < n)
        s += words[gen() % 10];
    s.resize(n);
    return s;
}

std::string random_bytes(std::mt19937& gen, size_t n) {
    std::string s(n, '\0');
    for (char& c : s)
        c = static_cast<char>(gen());
    return s;
}

// n records: keys null one time in four, values null one time in five, values text or
// random bytes (a few large enough to span several compression blocks), 0-3 headers with
// ASCII and multi-byte UTF-8 keys and sometimes null values, timestamps not monotonic.
std::vector<record_spec> make_records(std::mt19937& gen, int n, int64_t base_time) {
    std::vector<record_spec> out;
    for (int i = 0; i < n; ++i) {
        record_spec r;
        r.timestamp = base_time + static_cast<int64_t>(gen() % 5000) - 1000;
        if (gen() % 4 != 0) r.key = "key-" + std::to_string(gen() % 100000);
        if (i == 1) r.key = "";  // empty, not null
        if (i == 2) {
            r.value = text(gen, 150'000);
        } else if (i == 3) {
            r.value = random_bytes(gen, 70'000);
        } else if (gen() % 5 != 0) {
            const size_t size = gen() % 300;
            r.value = gen() % 3 == 0 ? random_bytes(gen, size) : text(gen, size);
        }
        const int headers = static_cast<int>(gen() % 4);
        for (int h = 0; h < headers; ++h) {
            header_spec hs;
            hs.key = h == 2 ? "trace-\xc3\xa9\xe2\x82\xac" : "h" + std::to_string(h);
            if (gen() % 3 != 0) hs.value = random_bytes(gen, gen() % 20);
            r.headers.push_back(std::move(hs));
        }
        out.push_back(std::move(r));
    }
    return out;
}

void build(batch_spec& spec, byte_buffer& out) {
    const size_t start = out.size();
    if (spec.marker_timestamp >= 0) {
        build_end_txn_marker_batch(spec.options, control_record_type::commit, 11,
                                   spec.marker_timestamp, out);
    } else {
        record_batch_builder b(spec.options);
        for (const record_spec& r : spec.records) {
            std::vector<record_header_input> headers;
            for (const header_spec& h : r.headers) {
                headers.push_back(
                    {h.key, h.value ? std::optional(as_bytes(*h.value)) : std::nullopt});
            }
            b.add({.timestamp = r.timestamp,
                   .key = r.key ? std::optional(as_bytes(*r.key)) : std::nullopt,
                   .value = r.value ? std::optional(as_bytes(*r.value)) : std::nullopt,
                   .headers = headers});
        }
        b.finish(out);
    }
    spec.crc = be::load32(out.data() + start + batch_field::crc);
}

// Plain, idempotent, transactional and LogAppendTime batches at consecutive offsets, then
// the COMMIT marker of the transaction.
std::vector<batch_spec> specs(compression_codec codec) {
    std::mt19937 gen(2024 + static_cast<unsigned>(codec));
    std::vector<batch_spec> out;
    int64_t offset = 0;
    auto add = [&](std::string what, batch_options o, int n) {
        o.base_offset = offset;
        o.codec = codec;
        batch_spec s{std::move(what), o, make_records(gen, n, 1'700'000'000'000 + offset * 10)};
        offset += n;
        out.push_back(std::move(s));
    };
    add("plain", batch_options{}, 40);
    add("idempotent",
        batch_options{.partition_leader_epoch = 3,
                      .producer_id = 4000,
                      .producer_epoch = 2,
                      .base_sequence = 17},
        25);
    add("transactional",
        batch_options{.partition_leader_epoch = 3,
                      .producer_id = 9001,
                      .producer_epoch = 5,
                      .base_sequence = 0,
                      .transactional = true},
        12);
    add("log append time",
        batch_options{.partition_leader_epoch = 4, .ts_type = timestamp_type::log_append_time}, 8);
    batch_spec marker{"commit marker",
                      batch_options{.base_offset = offset,
                                    .partition_leader_epoch = 4,
                                    .producer_id = 9001,
                                    .producer_epoch = 5},
                      {}};
    marker.marker_timestamp = 1'700'000'123'456;
    out.push_back(std::move(marker));
    return out;
}

// Writes bytes to a new temporary file and returns its path ("" on failure).
std::string write_temp(const byte_buffer& bytes) {
    char path[] = "/tmp/samsa-java-reads-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) return {};
    const bool ok = write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    close(fd);
    return ok ? path : "";
}

// Runs the Kafka tool on path; returns its stdout, failing the test unless it exits 0.
std::string kafka_reads(const std::string& path) {
    const std::string cmd =
        std::string("'") + SAMSA_JAVATOOLS_RUN + "' read-batches '" + path + "'";
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) {
        ADD_FAILURE() << "cannot run " << cmd;
        return {};
    }
    std::string out;
    std::array<char, 65536> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0)
        out.append(buf.data(), n);
    const int status = pclose(p);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << cmd << " failed (status " << status << "; its stderr is above)";
    return out;
}

std::string json_bytes(const rapidjson::Value& v) {
    return v.IsNull() ? "null" : v.GetString();
}
std::string expected_bytes(const std::optional<std::string>& b) {
    return b ? base64(*b) : "null";
}

void expect_batch(const batch_spec& s, const rapidjson::Value& j) {
    SCOPED_TRACE(s.what);
    const batch_options& o = s.options;
    const bool marker = s.marker_timestamp >= 0;
    const compression_codec codec = marker ? compression_codec::none : o.codec;
    int64_t base_ts = marker ? s.marker_timestamp : s.records.front().timestamp;
    int64_t max_ts = base_ts;
    for (const record_spec& r : s.records)
        max_ts = std::max(max_ts, r.timestamp);
    const int count = marker ? 1 : static_cast<int>(s.records.size());
    const int attributes = static_cast<int>(codec)
                           | (o.ts_type == timestamp_type::log_append_time ? 0x08 : 0)
                           | (o.transactional || marker ? 0x10 : 0) | (marker ? 0x20 : 0);

    EXPECT_EQ(j["baseOffset"].GetInt64(), o.base_offset);
    EXPECT_EQ(j["partitionLeaderEpoch"].GetInt(), o.partition_leader_epoch);
    EXPECT_EQ(j["magic"].GetInt(), 2);
    EXPECT_EQ(j["crc"].GetUint(), s.crc);
    EXPECT_EQ(j["attributes"].GetInt(), attributes);
    EXPECT_EQ(j["lastOffsetDelta"].GetInt(), count - 1);
    EXPECT_EQ(j["baseTimestamp"].GetInt64(), base_ts);
    EXPECT_EQ(j["maxTimestamp"].GetInt64(), max_ts);
    EXPECT_EQ(j["producerId"].GetInt64(), o.producer_id);
    EXPECT_EQ(j["producerEpoch"].GetInt(), o.producer_epoch);
    EXPECT_EQ(j["baseSequence"].GetInt(), o.base_sequence);
    EXPECT_EQ(j["isControl"].GetBool(), marker);
    EXPECT_EQ(j["isTransactional"].GetBool(), o.transactional || marker);
    EXPECT_EQ(std::string(j["compression"].GetString()), to_string(codec));
    const rapidjson::Value& jrecords = j["records"];
    ASSERT_EQ(jrecords.Size(), static_cast<unsigned>(count));

    if (marker) {
        // Key: version 0, type 1 (COMMIT). Value: version 0, coordinator epoch 11.
        const rapidjson::Value& r = jrecords[0];
        EXPECT_EQ(r["offset"].GetInt64(), o.base_offset);
        EXPECT_EQ(r["timestamp"].GetInt64(), s.marker_timestamp);
        EXPECT_EQ(json_bytes(r["key"]), base64(std::string("\0\0\0\1", 4)));
        EXPECT_EQ(json_bytes(r["value"]), base64(std::string("\0\0\0\0\0\x0b", 6)));
        EXPECT_EQ(r["headers"].Size(), 0u);
        return;
    }
    for (int i = 0; i < count; ++i) {
        SCOPED_TRACE("record " + std::to_string(i));
        const record_spec& want = s.records[static_cast<size_t>(i)];
        const rapidjson::Value& r = jrecords[static_cast<unsigned>(i)];
        EXPECT_EQ(r["offset"].GetInt64(), o.base_offset + i);
        // Under LogAppendTime Kafka reports the batch's maxTimestamp for every record.
        EXPECT_EQ(r["timestamp"].GetInt64(),
                  o.ts_type == timestamp_type::log_append_time ? max_ts : want.timestamp);
        EXPECT_EQ(json_bytes(r["key"]), expected_bytes(want.key));
        EXPECT_EQ(json_bytes(r["value"]), expected_bytes(want.value));
        const rapidjson::Value& headers = r["headers"];
        ASSERT_EQ(headers.Size(), want.headers.size());
        for (size_t h = 0; h < want.headers.size(); ++h) {
            const rapidjson::Value& jh = headers[static_cast<unsigned>(h)];
            EXPECT_EQ(jh["key"].GetString(), want.headers[h].key);
            EXPECT_EQ(json_bytes(jh["value"]), expected_bytes(want.headers[h].value));
        }
    }
}

class JavaReadsSamsa : public ::testing::TestWithParam<compression_codec> {};

TEST_P(JavaReadsSamsa, KafkaValidatesEveryBatchAndReadsWhatWasBuilt) {
    std::vector<batch_spec> batches = specs(GetParam());
    byte_buffer file;
    for (batch_spec& s : batches)
        build(s, file);

    const std::string path = write_temp(file);
    ASSERT_FALSE(path.empty());
    const std::string out = kafka_reads(path);
    std::filesystem::remove(path);

    rapidjson::Document doc;
    doc.Parse(out.c_str());
    ASSERT_FALSE(doc.HasParseError()) << "read-batches printed: " << out.substr(0, 500);
    ASSERT_TRUE(doc.IsArray());
    ASSERT_EQ(doc.Size(), batches.size());
    for (size_t i = 0; i < batches.size(); ++i)
        expect_batch(batches[i], doc[static_cast<unsigned>(i)]);
}

INSTANTIATE_TEST_SUITE_P(EveryCodec, JavaReadsSamsa,
                         ::testing::Values(compression_codec::none, compression_codec::gzip,
                                           compression_codec::snappy, compression_codec::lz4,
                                           compression_codec::zstd),
                         [](const auto& info) { return std::string(to_string(info.param)); });

// The comparison above is only worth something if it can fail: a batch whose bytes were
// altered after building must be refused by Kafka, and the tool must say so.
TEST(JavaReadsSamsa, KafkaRefusesACorruptedBatch) {
    std::vector<batch_spec> batches = specs(compression_codec::none);
    byte_buffer file;
    build(batches.front(), file);
    file[batch_header_size + 5] ^= 0x01;  // inside the first record: the CRC no longer matches

    const std::string path = write_temp(file);
    ASSERT_FALSE(path.empty());
    const std::string cmd =
        std::string("'") + SAMSA_JAVATOOLS_RUN + "' read-batches '" + path + "' >/dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    std::filesystem::remove(path);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 1) << "Kafka should find the batch invalid";
}

}  // namespace
}  // namespace samsa::protocol
