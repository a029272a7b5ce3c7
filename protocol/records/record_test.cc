#include "protocol/records/record.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "protocol/records/record_batch_builder.h"
#include "protocol/wire/varint.h"

namespace samsa::protocol {
namespace {

// Hand encoding, independent of the builder: each helper appends to a buffer.
void varint(byte_buffer& b, int64_t v) {
    std::array<uint8_t, 10> tmp{};
    uint8_t* end = put_varlong(tmp.data(), v);
    b.insert(b.end(), tmp.data(), end);
}
void field(byte_buffer& b, const char* s) {  // nullptr: null
    if (s == nullptr) return varint(b, -1);
    const std::string_view v(s);
    varint(b, static_cast<int64_t>(v.size()));
    b.insert(b.end(), v.begin(), v.end());
}
void with_length(byte_buffer& out, const byte_buffer& body) {
    varint(out, static_cast<int64_t>(body.size()));
    out.insert(out.end(), body.begin(), body.end());
}

// A record with key "k", value "value", one header ("h", null), deltas 3 and 1.
byte_buffer typical_body() {
    byte_buffer body{0};
    varint(body, 3);  // timestamp delta
    varint(body, 1);  // offset delta
    field(body, "k");
    field(body, "value");
    varint(body, 1);
    field(body, "h");
    field(body, nullptr);
    return body;
}

decode_errc read_all(bytes_view records, int32_t count, int32_t* read = nullptr) {
    record_reader reader(records, count);
    record_view r;
    while (reader.next(r)) {
    }
    if (read) *read = reader.records_read();
    return reader.error();
}

TEST(RecordReader, ReadsEveryFieldOfAHandEncodedRecord) {
    byte_buffer records;
    with_length(records, typical_body());
    record_reader reader(records, 1);
    record_view r;
    ASSERT_TRUE(reader.next(r));
    EXPECT_EQ(r.attributes, 0);
    EXPECT_EQ(r.timestamp_delta, 3);
    EXPECT_EQ(r.offset_delta, 1);
    ASSERT_TRUE(r.key.has_value());
    EXPECT_EQ(as_chars(*r.key), "k");
    ASSERT_TRUE(r.value.has_value());
    EXPECT_EQ(as_chars(*r.value), "value");
    EXPECT_EQ(r.header_count, 1);
    header_reader headers(r);
    record_header_view h;
    ASSERT_TRUE(headers.next(h));
    EXPECT_EQ(as_chars(h.key), "h");
    EXPECT_FALSE(h.value.has_value());
    EXPECT_FALSE(headers.next(h));
    EXPECT_FALSE(reader.next(r));
    EXPECT_EQ(reader.error(), decode_errc::none);
    EXPECT_EQ(reader.records_read(), 1);
}

TEST(RecordReader, ViewsPointIntoTheRecordsBytes) {
    byte_buffer records;
    with_length(records, typical_body());
    record_reader reader(records, 1);
    record_view r;
    ASSERT_TRUE(reader.next(r));
    EXPECT_GE(r.value->data(), records.data());
    EXPECT_LE(r.value->data() + r.value->size(), records.data() + records.size());
}

TEST(RecordReader, NullKeyAndValueAndEmptyOnesDiffer) {
    byte_buffer body{0};
    varint(body, 0);
    varint(body, 0);
    field(body, nullptr);
    field(body, "");
    varint(body, 0);
    byte_buffer records;
    with_length(records, body);
    record_reader reader(records, 1);
    record_view r;
    ASSERT_TRUE(reader.next(r));
    EXPECT_FALSE(r.key.has_value());
    ASSERT_TRUE(r.value.has_value());
    EXPECT_TRUE(r.value->empty());
}

TEST(RecordReader, ZeroRecordsAndNoBytesIsFine) {
    EXPECT_EQ(read_all({}, 0), decode_errc::none);
}

TEST(RecordReader, NegativeCountIsBadBatch) {
    EXPECT_EQ(read_all({}, -1), decode_errc::bad_batch);
}

TEST(RecordReader, CountAboveTheRecordsPresentIsTruncated) {
    byte_buffer records;
    with_length(records, typical_body());
    int32_t read = 0;
    EXPECT_EQ(read_all(records, 2, &read), decode_errc::truncated);
    EXPECT_EQ(read, 1);
}

TEST(RecordReader, BytesAfterTheLastCountedRecordAreBadBatch) {
    byte_buffer records;
    with_length(records, typical_body());
    with_length(records, typical_body());
    EXPECT_EQ(read_all(records, 1), decode_errc::bad_batch);
}

TEST(RecordReader, RecordLengthPastTheEndIsTruncated) {
    byte_buffer records;
    with_length(records, typical_body());
    records.pop_back();
    EXPECT_EQ(read_all(records, 1), decode_errc::truncated);
}

TEST(RecordReader, NegativeRecordLengthIsBadBatch) {
    byte_buffer records;
    varint(records, -5);
    EXPECT_EQ(read_all(records, 1), decode_errc::bad_batch);
}

TEST(RecordReader, OverlongLengthVarintIsBadVarint) {
    const byte_buffer records{0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0};
    EXPECT_EQ(read_all(records, 1), decode_errc::bad_varint);
}

TEST(RecordReader, LengthVarintCutShortIsTruncated) {
    const byte_buffer records{0x80};
    EXPECT_EQ(read_all(records, 1), decode_errc::truncated);
}

TEST(RecordReader, FieldsEndingBeforeTheRecordLengthAreBadBatch) {
    byte_buffer body = typical_body();
    body.push_back(0);  // one byte no field accounts for
    byte_buffer records;
    with_length(records, body);
    EXPECT_EQ(read_all(records, 1), decode_errc::bad_batch);
}

TEST(RecordReader, FieldsRunningPastTheRecordLengthAreBadBatch) {
    const byte_buffer body = typical_body();
    for (size_t cut = 0; cut < body.size(); ++cut) {
        byte_buffer records;
        with_length(records, byte_buffer(body.begin(), body.begin() + cut));
        records.insert(records.end(), body.begin() + cut, body.end());  // rest outside it
        EXPECT_NE(read_all(records, 1), decode_errc::none) << "cut " << cut;
    }
}

TEST(RecordReader, KeyLengthPastTheRecordIsBadBatch) {
    byte_buffer body{0};
    varint(body, 0);
    varint(body, 0);
    varint(body, 100);  // key length far beyond the record
    body.push_back('x');
    byte_buffer records;
    with_length(records, body);
    EXPECT_EQ(read_all(records, 1), decode_errc::bad_batch);
}

TEST(RecordReader, NegativeLengthOtherThanMinusOneIsBadBatch) {
    byte_buffer body{0};
    varint(body, 0);
    varint(body, 0);
    varint(body, -2);  // key
    field(body, "v");
    varint(body, 0);
    byte_buffer records;
    with_length(records, body);
    EXPECT_EQ(read_all(records, 1), decode_errc::bad_batch);
}

TEST(RecordReader, NullHeaderKeyIsBadBatch) {
    byte_buffer body{0};
    varint(body, 0);
    varint(body, 0);
    field(body, "k");
    field(body, "v");
    varint(body, 1);
    field(body, nullptr);
    field(body, "hv");
    byte_buffer records;
    with_length(records, body);
    EXPECT_EQ(read_all(records, 1), decode_errc::bad_batch);
}

TEST(RecordReader, NegativeHeaderCountIsBadBatch) {
    byte_buffer body{0};
    varint(body, 0);
    varint(body, 0);
    field(body, "k");
    field(body, "v");
    varint(body, -1);
    byte_buffer records;
    with_length(records, body);
    EXPECT_EQ(read_all(records, 1), decode_errc::bad_batch);
}

TEST(RecordReader, HeaderCountAboveTheHeadersPresentIsBadBatch) {
    byte_buffer body{0};
    varint(body, 0);
    varint(body, 0);
    field(body, "k");
    field(body, "v");
    varint(body, 1000000);
    field(body, "h");
    field(body, "v");
    byte_buffer records;
    with_length(records, body);
    EXPECT_EQ(read_all(records, 1), decode_errc::bad_batch);
}

TEST(RecordReader, AnErrorIsSticky) {
    byte_buffer records;
    varint(records, -5);
    record_reader reader(records, 1);
    record_view r;
    EXPECT_FALSE(reader.next(r));
    EXPECT_FALSE(reader.next(r));
    EXPECT_EQ(reader.error(), decode_errc::bad_batch);
}

TEST(RecordReader, HeadersIterateInOrder) {
    const record_header_input hs[] = {
        {"a", as_bytes("1")}, {"b", std::nullopt}, {"", as_bytes("")}};
    record_batch_builder b({});
    b.add({.timestamp = 1, .key = std::nullopt, .value = as_bytes("v"), .headers = hs});
    byte_buffer batch;
    b.finish(batch);
    const record_batch_view v = read_batch(batch).batch;
    record_reader reader(v.records_data(), v.records_count());
    record_view r;
    ASSERT_TRUE(reader.next(r));
    header_reader headers(r);
    record_header_view h;
    std::vector<std::string> seen;
    while (headers.next(h)) {
        seen.push_back(std::string(as_chars(h.key)) + "="
                       + (h.value ? std::string(as_chars(*h.value)) : "null"));
    }
    EXPECT_EQ(seen, (std::vector<std::string>{"a=1", "b=null", "="}));
}

TEST(BatchRecords, UncompressedBatchIsAViewWithoutCopying) {
    record_batch_builder b({});
    b.add({.timestamp = 1, .key = std::nullopt, .value = as_bytes("v"), .headers = {}});
    byte_buffer batch;
    b.finish(batch);
    const record_batch_view v = read_batch(batch).batch;
    byte_buffer scratch;
    bytes_view records;
    ASSERT_EQ(batch_records(v, scratch, 0, records), decode_errc::none);
    EXPECT_EQ(records.data(), v.records_data().data());
    EXPECT_TRUE(scratch.empty());
}

TEST(BatchRecords, CompressedBatchIsDecompressedIntoScratchWithinTheBound) {
    batch_options o;
    o.codec = compression_codec::zstd;
    record_batch_builder b(o);
    const std::string big(10000, 'x');
    b.add({.timestamp = 1, .key = std::nullopt, .value = as_bytes(big), .headers = {}});
    byte_buffer batch;
    b.finish(batch);
    const record_batch_view v = read_batch(batch).batch;
    byte_buffer scratch = {1, 2, 3};  // cleared first
    bytes_view records;
    ASSERT_EQ(batch_records(v, scratch, 1 << 20, records), decode_errc::none);
    EXPECT_EQ(records.data(), scratch.data());
    EXPECT_EQ(read_all(records, v.records_count()), decode_errc::none);
    EXPECT_EQ(batch_records(v, scratch, 1000, records), decode_errc::too_large);
}

TEST(BatchRecords, UnknownCodecIsBadCompression) {
    record_batch_builder b({});
    b.add({.timestamp = 1, .key = std::nullopt, .value = as_bytes("v"), .headers = {}});
    byte_buffer batch;
    b.finish(batch);
    batch[22] |= 0x07;  // codec 7
    byte_buffer scratch;
    bytes_view records;
    EXPECT_EQ(batch_records(read_batch(batch).batch, scratch, 1 << 20, records),
              decode_errc::bad_compression);
}

TEST(RecordTime, OffsetAndTimestampAddTheDeltasToTheBatchBase) {
    batch_options o;
    o.base_offset = 100;
    record_batch_builder b(o);
    b.add({.timestamp = 5000, .key = std::nullopt, .value = std::nullopt, .headers = {}});
    b.add({.timestamp = 4990, .key = std::nullopt, .value = std::nullopt, .headers = {}});
    byte_buffer batch;
    b.finish(batch);
    const record_batch_view v = read_batch(batch).batch;
    record_reader reader(v.records_data(), v.records_count());
    record_view r;
    ASSERT_TRUE(reader.next(r));
    ASSERT_TRUE(reader.next(r));
    EXPECT_EQ(r.timestamp_delta, -10);
    EXPECT_EQ(record_offset(v, r), 101);
    EXPECT_EQ(record_timestamp(v, r), 4990);
    set_max_timestamp(batch, timestamp_type::log_append_time, 9999);
    EXPECT_EQ(record_timestamp(read_batch(batch).batch, r), 9999);
}

TEST(ControlRecords, KeyGivesVersionAndType) {
    const byte_buffer commit{0, 0, 0, 1};
    control_record_key k;
    ASSERT_EQ(parse_control_record_key(bytes_view(commit), k), decode_errc::none);
    EXPECT_EQ(k.version, 0);
    EXPECT_EQ(k.type, static_cast<int16_t>(control_record_type::commit));
    const byte_buffer future{0, 3, 0, 42, 9, 9};  // later version, unknown type, extra bytes
    ASSERT_EQ(parse_control_record_key(bytes_view(future), k), decode_errc::none);
    EXPECT_EQ(k.version, 3);
    EXPECT_EQ(k.type, 42);
}

TEST(ControlRecords, ShortNullOrNegativeVersionKeyIsBadBatch) {
    control_record_key k;
    const byte_buffer short_key{0, 0, 0};
    EXPECT_EQ(parse_control_record_key(bytes_view(short_key), k), decode_errc::bad_batch);
    EXPECT_EQ(parse_control_record_key(std::nullopt, k), decode_errc::bad_batch);
    const byte_buffer negative{0xff, 0xff, 0, 0};
    EXPECT_EQ(parse_control_record_key(bytes_view(negative), k), decode_errc::bad_batch);
}

TEST(ControlRecords, EndTxnMarkerGivesVersionAndCoordinatorEpoch) {
    const byte_buffer value{0, 0, 0x01, 0x02, 0x03, 0x04};
    end_txn_marker m;
    ASSERT_EQ(parse_end_txn_marker(bytes_view(value), m), decode_errc::none);
    EXPECT_EQ(m.version, 0);
    EXPECT_EQ(m.coordinator_epoch, 0x01020304);
    EXPECT_EQ(parse_end_txn_marker(bytes_view(value).first(5), m), decode_errc::bad_batch);
    EXPECT_EQ(parse_end_txn_marker(std::nullopt, m), decode_errc::bad_batch);
    const byte_buffer negative{0x80, 0, 0, 0, 0, 0};
    EXPECT_EQ(parse_end_txn_marker(bytes_view(negative), m), decode_errc::bad_batch);
}

}  // namespace
}  // namespace samsa::protocol
