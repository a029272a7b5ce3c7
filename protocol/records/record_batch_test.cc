#include "protocol/records/record_batch.h"

#include <gtest/gtest.h>

#include "protocol/records/big_endian.h"
#include "protocol/records/crc32c.h"

namespace samsa::protocol {
namespace {

// A v2 batch with distinct values in every header field and `body` as its records bytes.
byte_buffer hand_made_batch(size_t body = 10, uint16_t attributes = 0x0015) {
    byte_buffer b(batch_header_size + body, 0xab);
    uint8_t* p = b.data();
    be::store64(p + 0, 0x0102030405060708);
    be::store32(p + 8, static_cast<uint32_t>(b.size() - 12));
    be::store32(p + 12, 77);
    p[16] = 2;
    be::store16(p + 21, attributes);
    be::store32(p + 23, 4);
    be::store64(p + 27, 1'700'000'000'000);
    be::store64(p + 35, 1'700'000'000'999);
    be::store64(p + 43, 123456789);
    be::store16(p + 51, 9);
    be::store32(p + 53, 1000);
    be::store32(p + 57, 5);
    be::store32(p + 17, crc32c(bytes_view(b).subspan(21)));
    return b;
}

byte_buffer concat(std::initializer_list<byte_buffer> parts) {
    byte_buffer out;
    for (const auto& p : parts)
        out.insert(out.end(), p.begin(), p.end());
    return out;
}

TEST(RecordBatch, EveryHeaderFieldIsReadFromItsOffset) {
    const byte_buffer b = hand_made_batch();
    const batch_result r = read_batch(b);
    ASSERT_EQ(r.status, batch_status::ok);
    const record_batch_view& v = r.batch;
    EXPECT_EQ(v.base_offset(), 0x0102030405060708);
    EXPECT_EQ(v.batch_length(), static_cast<int32_t>(b.size() - 12));
    EXPECT_EQ(v.partition_leader_epoch(), 77);
    EXPECT_EQ(v.magic(), 2);
    EXPECT_EQ(v.attributes(), 0x0015);
    EXPECT_EQ(v.last_offset_delta(), 4);
    EXPECT_EQ(v.base_timestamp(), 1'700'000'000'000);
    EXPECT_EQ(v.max_timestamp(), 1'700'000'000'999);
    EXPECT_EQ(v.producer_id(), 123456789);
    EXPECT_EQ(v.producer_epoch(), 9);
    EXPECT_EQ(v.base_sequence(), 1000);
    EXPECT_EQ(v.records_count(), 5);
    EXPECT_EQ(v.last_offset(), 0x0102030405060708 + 4);
    EXPECT_EQ(v.size(), b.size());
    EXPECT_EQ(v.records_data().size(), 10u);
    EXPECT_EQ(v.records_data().data(), b.data() + 61);
    EXPECT_TRUE(v.verify_crc());
}

TEST(RecordBatch, AttributeBitsDecodeIndependently) {
    // 0x0015: codec 5 (unknown), transactional; nothing else.
    const byte_buffer a = hand_made_batch(0, 0x0015);
    const record_batch_view v = read_batch(a).batch;
    EXPECT_EQ(static_cast<int>(v.compression()), 5);
    EXPECT_FALSE(is_known_codec(v.compression()));
    EXPECT_TRUE(v.is_transactional());
    EXPECT_FALSE(v.is_control());
    EXPECT_EQ(v.ts_type(), timestamp_type::create_time);
    EXPECT_FALSE(v.delete_horizon_ms().has_value());

    const byte_buffer b = hand_made_batch(0, 0x006c);  // zstd, log append time, control, horizon
    const record_batch_view w = read_batch(b).batch;
    EXPECT_EQ(w.compression(), compression_codec::zstd);
    EXPECT_EQ(w.ts_type(), timestamp_type::log_append_time);
    EXPECT_FALSE(w.is_transactional());
    EXPECT_TRUE(w.is_control());
    EXPECT_TRUE(w.has_delete_horizon());
    EXPECT_EQ(w.delete_horizon_ms(), 1'700'000'000'000);
}

TEST(RecordBatch, CrcMismatchInAnyCoveredByteIsDetected) {
    const byte_buffer good = hand_made_batch();
    for (size_t i = batch_field::attributes; i < good.size(); ++i) {
        byte_buffer bad = good;
        bad[i] ^= 0x01;
        EXPECT_FALSE(read_batch(bad).batch.verify_crc()) << "byte " << i;
    }
    byte_buffer bad_crc = good;
    bad_crc[batch_field::crc] ^= 0x80;
    EXPECT_FALSE(read_batch(bad_crc).batch.verify_crc());
}

TEST(RecordBatch, EmptyBlobIsEnd) {
    EXPECT_EQ(read_batch({}).status, batch_status::end);
}

TEST(RecordBatch, FewerBytesThanTheLogOverheadIsTruncated) {
    const byte_buffer b = hand_made_batch();
    for (size_t n = 1; n < 12; ++n) {
        EXPECT_EQ(read_batch(bytes_view(b).first(n)).status, batch_status::truncated) << n;
    }
}

TEST(RecordBatch, TrailingPartialBatchIsTruncated) {
    const byte_buffer b = hand_made_batch();
    for (size_t n : {size_t{12}, size_t{16}, size_t{17}, size_t{60}, b.size() - 1}) {
        const batch_result r = read_batch(bytes_view(b).first(n));
        EXPECT_EQ(r.status, batch_status::truncated) << n;
        EXPECT_EQ(to_decode_errc(r.status), decode_errc::truncated);
    }
}

TEST(RecordBatch, NegativeLengthIsBadBatch) {
    byte_buffer b = hand_made_batch();
    be::store32(b.data() + 8, 0xffffffff);
    EXPECT_EQ(read_batch(b).status, batch_status::bad_batch);
    EXPECT_EQ(read_batch(bytes_view(b).first(12)).status, batch_status::bad_batch);
}

TEST(RecordBatch, LengthBelowTheV2HeaderIsBadBatch) {
    byte_buffer b = hand_made_batch();
    be::store32(b.data() + 8, 48);
    EXPECT_EQ(read_batch(b).status, batch_status::bad_batch);
    EXPECT_EQ(to_decode_errc(batch_status::bad_batch), decode_errc::bad_batch);
    be::store32(b.data() + 8, 49);  // exactly a header, no records
    const batch_result r = read_batch(b);
    ASSERT_EQ(r.status, batch_status::ok);
    EXPECT_EQ(r.batch.size(), 61u);
}

TEST(RecordBatch, LengthTooSmallForAnyFormatIsBadEvenBeforeTheMagic) {
    byte_buffer b = hand_made_batch();
    be::store32(b.data() + 8, 13);
    EXPECT_EQ(read_batch(bytes_view(b).first(14)).status, batch_status::bad_batch);
}

TEST(RecordBatch, MagicZeroAndOneAreTheLegacyFormat) {
    for (uint8_t magic : {0, 1}) {
        byte_buffer b = hand_made_batch();
        b[16] = magic;
        const batch_result r = read_batch(b);
        EXPECT_EQ(r.status, batch_status::legacy_format);
        EXPECT_EQ(r.magic, magic);
        EXPECT_EQ(to_decode_errc(r.status), decode_errc::unsupported_version);
        // Known as legacy from the magic alone, even when the message is incomplete.
        EXPECT_EQ(read_batch(bytes_view(b).first(20)).status, batch_status::legacy_format);
    }
}

TEST(RecordBatch, LegacyMessageShorterThanItsFormatIsBadBatch) {
    byte_buffer b = hand_made_batch();
    b[16] = 1;
    be::store32(b.data() + 8, 21);  // v1 needs 22
    EXPECT_EQ(read_batch(b).status, batch_status::bad_batch);
    b[16] = 0;  // v0 needs 14
    EXPECT_EQ(read_batch(b).status, batch_status::legacy_format);
}

TEST(RecordBatch, MagicAboveTwoIsBadBatch) {
    byte_buffer b = hand_made_batch();
    b[16] = 3;
    const batch_result r = read_batch(b);
    EXPECT_EQ(r.status, batch_status::bad_batch);
    EXPECT_EQ(r.magic, 3);
}

TEST(BatchReader, SplitsConcatenatedBatchesThenReportsEnd) {
    const byte_buffer blob = concat({hand_made_batch(3), hand_made_batch(0), hand_made_batch(50)});
    batch_reader reader(blob);
    std::vector<size_t> sizes;
    batch_result r;
    while ((r = reader.next()).status == batch_status::ok)
        sizes.push_back(r.batch.size());
    EXPECT_EQ(r.status, batch_status::end);
    EXPECT_EQ(sizes, (std::vector<size_t>{64, 61, 111}));
    EXPECT_EQ(reader.position(), blob.size());
    EXPECT_EQ(reader.next().status, batch_status::end);
}

TEST(BatchReader, StopsAtATrailingPartialBatchAndSaysWhere) {
    const byte_buffer whole = hand_made_batch(5);
    const byte_buffer blob = concat({whole, hand_made_batch(20)});
    batch_reader reader(bytes_view(blob).first(blob.size() - 7));
    EXPECT_EQ(reader.next().status, batch_status::ok);
    EXPECT_EQ(reader.position(), whole.size());
    EXPECT_EQ(reader.next().status, batch_status::truncated);
    EXPECT_EQ(reader.position(), whole.size());
    EXPECT_EQ(reader.next().status, batch_status::truncated);  // sticky
}

TEST(BatchReader, StopsAtALegacyMessageAfterGoodBatches) {
    byte_buffer legacy = hand_made_batch();
    legacy[16] = 1;
    const byte_buffer blob = concat({hand_made_batch(), legacy, hand_made_batch()});
    batch_reader reader(blob);
    EXPECT_EQ(reader.next().status, batch_status::ok);
    const batch_result r = reader.next();
    EXPECT_EQ(r.status, batch_status::legacy_format);
    EXPECT_EQ(r.magic, 1);
    EXPECT_EQ(reader.next().status, batch_status::legacy_format);
}

TEST(BatchEdits, BaseOffsetAndLeaderEpochAreRewrittenOutsideTheCrc) {
    byte_buffer b = hand_made_batch();
    set_base_offset(b, 42);
    set_partition_leader_epoch(b, 7);
    const record_batch_view v = read_batch(b).batch;
    EXPECT_EQ(v.base_offset(), 42);
    EXPECT_EQ(v.partition_leader_epoch(), 7);
    EXPECT_TRUE(v.verify_crc());
}

TEST(BatchEdits, LogAppendTimeSetsTheBitAndMaxTimestampAndANewCrc) {
    byte_buffer b = hand_made_batch(10, 0x0001);
    const uint32_t old_crc = read_batch(b).batch.crc();
    set_max_timestamp(b, timestamp_type::log_append_time, 1'800'000'000'000);
    const record_batch_view v = read_batch(b).batch;
    EXPECT_EQ(v.ts_type(), timestamp_type::log_append_time);
    EXPECT_EQ(v.max_timestamp(), 1'800'000'000'000);
    EXPECT_EQ(v.compression(), compression_codec::gzip);  // other bits kept
    EXPECT_EQ(v.base_timestamp(), 1'700'000'000'000);
    EXPECT_NE(v.crc(), old_crc);
    EXPECT_TRUE(v.verify_crc());

    set_max_timestamp(b, timestamp_type::create_time, 5);
    const record_batch_view w = read_batch(b).batch;
    EXPECT_EQ(w.ts_type(), timestamp_type::create_time);
    EXPECT_EQ(w.attributes(), 0x0001);
    EXPECT_TRUE(w.verify_crc());
}

TEST(BatchEdits, SpanShorterThanTheHeaderAborts) {
    byte_buffer b(60);
    EXPECT_DEATH(set_base_offset(b, 1), "");
}

TEST(RecordBatch, LastOffsetWrapsInsteadOfOverflowing) {
    byte_buffer b = hand_made_batch();
    set_base_offset(b, std::numeric_limits<int64_t>::max());
    EXPECT_EQ(read_batch(b).batch.last_offset(), std::numeric_limits<int64_t>::min() + 3);
}

}  // namespace
}  // namespace samsa::protocol
