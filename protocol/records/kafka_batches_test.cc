// Batches written by Apache Kafka 4.4.0's own classes (protocol/testdata/batches, made by
// scripts/make-goldens.sh): one file per codec, several batches each (idempotent,
// transactional, LogAppendTime, a COMMIT marker), with Kafka's reading of them as JSON.
// Each must split, verify, decompress and iterate here to the same values; our builder's
// encoding of the same records must equal Kafka's, byte for byte, before compression.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <iterator>
#include <string>

#include "protocol/records/record.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_batch_builder.h"

namespace samsa::protocol {
namespace {

const std::string golden_dir = SAMSA_BATCH_GOLDENS;

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::optional<std::string> base64(const rapidjson::Value& v) {
    if (v.IsNull()) return std::nullopt;
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : std::string_view(v.GetString(), v.GetStringLength())) {
        if (c == '=') break;
        acc = (acc << 6) | static_cast<uint32_t>(alphabet.find(c));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xff));
        }
    }
    return out;
}

std::optional<bytes_view> view(const std::optional<std::string>& s) {
    if (!s) return std::nullopt;
    return as_bytes(*s);
}

std::optional<std::string> copy(const std::optional<bytes_view>& b) {
    if (!b) return std::nullopt;
    return std::string(as_chars(*b));
}

void expect_header(const record_batch_view& v, const rapidjson::Value& j) {
    EXPECT_EQ(v.base_offset(), j["baseOffset"].GetInt64());
    EXPECT_EQ(v.partition_leader_epoch(), j["partitionLeaderEpoch"].GetInt());
    EXPECT_EQ(v.magic(), j["magic"].GetInt());
    EXPECT_EQ(v.crc(), j["crc"].GetUint());
    EXPECT_EQ(v.attributes(), j["attributes"].GetInt());
    EXPECT_EQ(v.last_offset_delta(), j["lastOffsetDelta"].GetInt());
    EXPECT_EQ(v.base_timestamp(), j["baseTimestamp"].GetInt64());
    EXPECT_EQ(v.max_timestamp(), j["maxTimestamp"].GetInt64());
    EXPECT_EQ(v.producer_id(), j["producerId"].GetInt64());
    EXPECT_EQ(v.producer_epoch(), j["producerEpoch"].GetInt());
    EXPECT_EQ(v.base_sequence(), j["baseSequence"].GetInt());
    EXPECT_EQ(v.is_control(), j["isControl"].GetBool());
    EXPECT_EQ(v.is_transactional(), j["isTransactional"].GetBool());
    EXPECT_EQ(to_string(v.compression()), j["compression"].GetString());
    EXPECT_EQ(v.records_count(), static_cast<int32_t>(j["records"].Size()));
}

void expect_records(const record_batch_view& v, bytes_view records, const rapidjson::Value& j) {
    record_reader reader(records, v.records_count());
    record_view r;
    for (const rapidjson::Value& want : j.GetArray()) {
        ASSERT_TRUE(reader.next(r)) << to_string(reader.error());
        EXPECT_EQ(record_offset(v, r), want["offset"].GetInt64());
        EXPECT_EQ(record_timestamp(v, r), want["timestamp"].GetInt64());
        EXPECT_EQ(copy(r.key), base64(want["key"]));
        EXPECT_EQ(copy(r.value), base64(want["value"]));
        header_reader headers(r);
        record_header_view h;
        for (const rapidjson::Value& wh : want["headers"].GetArray()) {
            ASSERT_TRUE(headers.next(h));
            EXPECT_EQ(as_chars(h.key), wh["key"].GetString());
            EXPECT_EQ(copy(h.value), base64(wh["value"]));
        }
        EXPECT_FALSE(headers.next(h));
    }
    EXPECT_FALSE(reader.next(r));
    EXPECT_EQ(reader.error(), decode_errc::none);
}

// Our encoding of a CreateTime data batch's records, uncompressed, from Kafka's JSON.
byte_buffer rebuilt(const record_batch_view& v, const rapidjson::Value& j,
                    compression_codec codec) {
    batch_options o;
    o.base_offset = v.base_offset();
    o.partition_leader_epoch = v.partition_leader_epoch();
    o.codec = codec;
    o.producer_id = v.producer_id();
    o.producer_epoch = v.producer_epoch();
    o.base_sequence = v.base_sequence();
    o.transactional = v.is_transactional();
    record_batch_builder b(o);
    for (const rapidjson::Value& r : j["records"].GetArray()) {
        const auto key = base64(r["key"]);
        const auto value = base64(r["value"]);
        std::vector<std::optional<std::string>> values;
        std::vector<record_header_input> headers;
        for (const rapidjson::Value& h : r["headers"].GetArray())
            values.push_back(base64(h["value"]));
        size_t i = 0;
        for (const rapidjson::Value& h : r["headers"].GetArray()) {
            headers.push_back({h["key"].GetString(), view(values[i++])});
        }
        b.add({.timestamp = r["timestamp"].GetInt64(),
               .key = view(key),
               .value = view(value),
               .headers = headers});
    }
    byte_buffer out;
    b.finish(out);
    return out;
}

class KafkaBatches : public ::testing::TestWithParam<const char*> {};

TEST_P(KafkaBatches, DecodeToKafkasValuesAndOurRecordsEncodeTheSame) {
    const std::string codec = GetParam();
    const std::string bin = read_text(golden_dir + "/java_" + codec + ".bin");
    rapidjson::Document doc;
    doc.Parse(read_text(golden_dir + "/java_" + codec + ".json").c_str());
    ASSERT_FALSE(doc.HasParseError());
    ASSERT_FALSE(bin.empty());
    batch_reader reader(as_bytes(bin));
    byte_buffer scratch;
    for (const rapidjson::Value& want : doc.GetArray()) {
        const batch_result r = reader.next();
        ASSERT_EQ(r.status, batch_status::ok);
        const record_batch_view& v = r.batch;
        EXPECT_TRUE(v.verify_crc());
        expect_header(v, want);
        bytes_view records;
        ASSERT_EQ(batch_records(v, scratch, 16 << 20, records), decode_errc::none);
        expect_records(v, records, want["records"]);
        if (v.is_control() || v.ts_type() == timestamp_type::log_append_time) continue;
        const byte_buffer ours = rebuilt(v, want, compression_codec::none);
        const bytes_view our_records = bytes_view(ours).subspan(batch_header_size);
        EXPECT_TRUE(
            std::equal(records.begin(), records.end(), our_records.begin(), our_records.end()));
        if (v.compression() == compression_codec::none) {
            EXPECT_EQ(as_chars(ours), as_chars(v.data()));
        }
    }
    EXPECT_EQ(reader.next().status, batch_status::end);
}

INSTANTIATE_TEST_SUITE_P(EveryCodec, KafkaBatches,
                         ::testing::Values("none", "gzip", "snappy", "lz4", "zstd"));

TEST(KafkaBatches, CommitMarkerEqualsOursByteForByte) {
    const std::string bin = read_text(golden_dir + "/java_none.bin");
    batch_reader reader(as_bytes(bin));
    batch_result r;
    while ((r = reader.next()).status == batch_status::ok && !r.batch.is_control()) {
    }
    ASSERT_EQ(r.status, batch_status::ok);
    const record_batch_view& v = r.batch;
    batch_options o;
    o.base_offset = v.base_offset();
    o.partition_leader_epoch = v.partition_leader_epoch();
    o.producer_id = v.producer_id();
    o.producer_epoch = v.producer_epoch();
    byte_buffer ours;
    build_end_txn_marker_batch(o, control_record_type::commit, 11, v.max_timestamp(), ours);
    EXPECT_EQ(as_chars(ours), as_chars(v.data()));
}

}  // namespace
}  // namespace samsa::protocol
