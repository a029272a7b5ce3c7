#include "protocol/records/record_batch_builder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace samsa::protocol {
namespace {

constexpr compression_codec all_codecs[] = {compression_codec::none, compression_codec::gzip,
                                            compression_codec::snappy, compression_codec::lz4,
                                            compression_codec::zstd};

// An owned copy of a record, for comparing what went in with what came out.
struct owned_record {
    int64_t timestamp;
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<std::pair<std::string, std::optional<std::string>>> headers;
    bool operator==(const owned_record&) const = default;
};

std::optional<std::string> owned(const std::optional<bytes_view>& b) {
    if (!b) return std::nullopt;
    return std::string(as_chars(*b));
}

std::optional<bytes_view> viewed(const std::optional<std::string>& s) {
    if (!s) return std::nullopt;
    return as_bytes(*s);
}

std::vector<owned_record> sample_records(size_t n) {
    std::vector<owned_record> out;
    for (size_t i = 0; i < n; ++i) {
        owned_record r;
        r.timestamp = 1'700'000'000'000 + static_cast<int64_t>((i * 37) % 101) - 50;
        if (i % 5 != 0) r.key = "key-" + std::to_string(i);
        if (i % 7 != 3)
            r.value = R"({"n":)" + std::to_string(i) + R"(,"text":")"
                      + std::string(i % 300, 'a' + i % 26) + "\"}";
        for (size_t h = 0; h < i % 4; ++h) {
            r.headers.emplace_back("h" + std::to_string(h),
                                   h == 1 ? std::nullopt : std::optional<std::string>("x"));
        }
        out.push_back(std::move(r));
    }
    return out;
}

void add_all(record_batch_builder& b, const std::vector<owned_record>& records) {
    for (const owned_record& r : records) {
        std::vector<record_header_input> hs;
        for (const auto& [k, v] : r.headers)
            hs.push_back({k, viewed(v)});
        b.add({.timestamp = r.timestamp,
               .key = viewed(r.key),
               .value = viewed(r.value),
               .headers = hs});
    }
}

std::vector<owned_record> read_back(const record_batch_view& v) {
    byte_buffer scratch;
    bytes_view records;
    EXPECT_EQ(batch_records(v, scratch, 64 << 20, records), decode_errc::none);
    std::vector<owned_record> out;
    record_reader reader(records, v.records_count());
    record_view r;
    while (reader.next(r)) {
        owned_record o{record_timestamp(v, r), owned(r.key), owned(r.value), {}};
        header_reader hr(r);
        record_header_view h;
        while (hr.next(h))
            o.headers.emplace_back(std::string(as_chars(h.key)), owned(h.value));
        EXPECT_EQ(record_offset(v, r), v.base_offset() + static_cast<int64_t>(out.size()));
        out.push_back(std::move(o));
    }
    EXPECT_EQ(reader.error(), decode_errc::none);
    return out;
}

TEST(RecordBatchBuilder, SimpleBatchMatchesAHandComputedLayout) {
    record_batch_builder b({});
    b.add({.timestamp = 1000, .key = as_bytes("k"), .value = as_bytes("v"), .headers = {}});
    byte_buffer out;
    b.finish(out);
    const byte_buffer expected = {
        0,    0,    0,    0,    0,    0,    0,    0,     // baseOffset 0
        0,    0,    0,    0x3a,                          // batchLength 58 = 70 - 12
        0xff, 0xff, 0xff, 0xff,                          // partitionLeaderEpoch -1
        0x02,                                            // magic
        0x71, 0x6a, 0x61, 0x89,                          // crc (computed independently)
        0,    0,                                         // attributes
        0,    0,    0,    0,                             // lastOffsetDelta 0
        0,    0,    0,    0,    0,    0,    0x03, 0xe8,  // baseTimestamp 1000
        0,    0,    0,    0,    0,    0,    0x03, 0xe8,  // maxTimestamp 1000
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // producerId -1
        0xff, 0xff,                                      // producerEpoch -1
        0xff, 0xff, 0xff, 0xff,                          // baseSequence -1
        0,    0,    0,    1,                             // recordsCount 1
        0x10,                                            // record length 8 (zig-zag)
        0x00,                                            // attributes
        0x00,                                            // timestampDelta 0
        0x00,                                            // offsetDelta 0
        0x02, 'k',                                       // key length 1, key
        0x02, 'v',                                       // value length 1, value
        0x00,                                            // header count 0
    };
    EXPECT_EQ(out, expected);
}

TEST(RecordBatchBuilder, TwoRecordBatchMatchesTheDocumentedExample) {
    // docs/formats/record-batch.md, "Worked example".
    record_batch_builder b({});
    const record_header_input hs[] = {{"h", as_bytes("x")}};
    b.add({.timestamp = 1'700'000'000'000,
           .key = as_bytes("k1"),
           .value = as_bytes("hello"),
           .headers = {}});
    b.add({.timestamp = 1'700'000'000'005,
           .key = std::nullopt,
           .value = as_bytes("world"),
           .headers = hs});
    byte_buffer out;
    b.finish(out);
    const byte_buffer expected = {
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x4f, 0xff,
        0xff, 0xff, 0xff, 0x02, 0xe8, 0x11, 0x77, 0xaa, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00, 0x00, 0x00, 0x01, 0x8b,
        0xcf, 0xe5, 0x68, 0x05, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x02, 0x1a, 0x00, 0x00, 0x00,
        0x04, 0x6b, 0x31, 0x0a, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x00, 0x1e, 0x00, 0x0a,
        0x02, 0x01, 0x0a, 0x77, 0x6f, 0x72, 0x6c, 0x64, 0x02, 0x02, 0x68, 0x02, 0x78,
    };
    EXPECT_EQ(out, expected);
}

TEST(RecordBatchBuilder, EveryCodecRoundTripsTheSameRecords) {
    const std::vector<owned_record> input = sample_records(500);
    for (compression_codec c : all_codecs) {
        batch_options o;
        o.codec = c;
        o.base_offset = 1000;
        record_batch_builder b(o);
        add_all(b, input);
        byte_buffer out;
        b.finish(out);
        const batch_result r = read_batch(out);
        ASSERT_EQ(r.status, batch_status::ok) << to_string(c);
        EXPECT_EQ(r.batch.size(), out.size());
        EXPECT_TRUE(r.batch.verify_crc()) << to_string(c);
        EXPECT_EQ(r.batch.compression(), c);
        EXPECT_EQ(read_back(r.batch), input) << to_string(c);
    }
}

TEST(RecordBatchBuilder, HeaderFieldsDescribeTheRecords) {
    batch_options o;
    o.base_offset = 50;
    o.partition_leader_epoch = 3;
    o.producer_id = 4242;
    o.producer_epoch = 2;
    o.base_sequence = 17;
    o.transactional = true;
    o.codec = compression_codec::lz4;
    record_batch_builder b(o);
    for (int64_t ts : {300, 100, 900, 200}) {
        b.add({.timestamp = ts, .key = std::nullopt, .value = as_bytes("v"), .headers = {}});
    }
    byte_buffer out;
    b.finish(out);
    const record_batch_view v = read_batch(out).batch;
    EXPECT_EQ(v.base_offset(), 50);
    EXPECT_EQ(v.partition_leader_epoch(), 3);
    EXPECT_EQ(v.records_count(), 4);
    EXPECT_EQ(v.last_offset_delta(), 3);
    EXPECT_EQ(v.last_offset(), 53);
    EXPECT_EQ(v.base_timestamp(), 300);  // the first record's
    EXPECT_EQ(v.max_timestamp(), 900);
    EXPECT_EQ(v.producer_id(), 4242);
    EXPECT_EQ(v.producer_epoch(), 2);
    EXPECT_EQ(v.base_sequence(), 17);
    EXPECT_TRUE(v.is_transactional());
    EXPECT_FALSE(v.is_control());
    EXPECT_EQ(v.compression(), compression_codec::lz4);
    EXPECT_EQ(v.ts_type(), timestamp_type::create_time);
    EXPECT_EQ(v.batch_length(), static_cast<int32_t>(out.size() - 12));
}

TEST(RecordBatchBuilder, EmptyBatchHasNoRecordsAndNoTimestamps) {
    record_batch_builder b({});
    byte_buffer out;
    b.finish(out);
    const batch_result r = read_batch(out);
    ASSERT_EQ(r.status, batch_status::ok);
    EXPECT_EQ(out.size(), batch_header_size);
    EXPECT_EQ(r.batch.records_count(), 0);
    EXPECT_EQ(r.batch.last_offset_delta(), -1);
    EXPECT_EQ(r.batch.max_timestamp(), -1);
    EXPECT_TRUE(r.batch.verify_crc());
}

TEST(RecordBatchBuilder, FinishAppendsAndLeavesTheBuilderReadyForTheNextBatch) {
    batch_options o;
    o.codec = compression_codec::snappy;
    record_batch_builder b(o);
    byte_buffer blob;
    for (int batch = 0; batch < 3; ++batch) {
        for (int i = 0; i <= batch; ++i) {
            b.add({.timestamp = 10 * batch + i,
                   .key = std::nullopt,
                   .value = as_bytes("x"),
                   .headers = {}});
        }
        b.finish(blob);
        EXPECT_EQ(b.count(), 0);
        EXPECT_EQ(b.records_size(), 0u);
    }
    batch_reader reader(blob);
    for (int batch = 0; batch < 3; ++batch) {
        const batch_result r = reader.next();
        ASSERT_EQ(r.status, batch_status::ok);
        EXPECT_EQ(r.batch.records_count(), batch + 1);
        EXPECT_EQ(r.batch.base_timestamp(), 10 * batch);
        EXPECT_TRUE(r.batch.verify_crc());
    }
    EXPECT_EQ(reader.next().status, batch_status::end);
}

TEST(RecordBatchBuilder, LargeBatchSpansManyCompressionBlocks) {
    const std::vector<owned_record> input = sample_records(5000);  // about 800 KiB
    for (compression_codec c : all_codecs) {
        batch_options o;
        o.codec = c;
        record_batch_builder b(o);
        add_all(b, input);
        EXPECT_GT(b.records_size(), 512u << 10);
        byte_buffer out;
        b.finish(out);
        const batch_result r = read_batch(out);
        ASSERT_EQ(r.status, batch_status::ok);
        EXPECT_TRUE(r.batch.verify_crc());
        EXPECT_EQ(read_back(r.batch), input) << to_string(c);
    }
}

TEST(EndTxnMarkerBatch, IsAControlBatchWithOneMarkerRecord) {
    batch_options o;
    o.base_offset = 77;
    o.producer_id = 9;
    o.producer_epoch = 4;
    o.codec = compression_codec::gzip;  // overridden: markers are never compressed
    for (control_record_type type : {control_record_type::commit, control_record_type::abort}) {
        byte_buffer out;
        build_end_txn_marker_batch(o, type, 12, 5555, out);
        const batch_result r = read_batch(out);
        ASSERT_EQ(r.status, batch_status::ok);
        const record_batch_view& v = r.batch;
        EXPECT_TRUE(v.verify_crc());
        EXPECT_TRUE(v.is_control());
        EXPECT_TRUE(v.is_transactional());
        EXPECT_EQ(v.compression(), compression_codec::none);
        EXPECT_EQ(v.producer_id(), 9);
        EXPECT_EQ(v.producer_epoch(), 4);
        EXPECT_EQ(v.records_count(), 1);
        record_reader reader(v.records_data(), v.records_count());
        record_view rec;
        ASSERT_TRUE(reader.next(rec));
        control_record_key key;
        ASSERT_EQ(parse_control_record_key(rec.key, key), decode_errc::none);
        EXPECT_EQ(key.version, 0);
        EXPECT_EQ(key.type, static_cast<int16_t>(type));
        end_txn_marker marker;
        ASSERT_EQ(parse_end_txn_marker(rec.value, marker), decode_errc::none);
        EXPECT_EQ(marker.version, 0);
        EXPECT_EQ(marker.coordinator_epoch, 12);
        EXPECT_EQ(record_timestamp(v, rec), 5555);
        EXPECT_EQ(rec.value->size(), 6u);
        EXPECT_EQ(rec.key->size(), 4u);
        EXPECT_FALSE(reader.next(rec));
    }
}

}  // namespace
}  // namespace samsa::protocol
