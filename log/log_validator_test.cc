// Validation of Produce entries: Kafka's answer for each malformed or refused input, and the
// in-place edits of an accepted batch.
#include "log/log_validator.h"

#include <gtest/gtest.h>

#include "log/test_util.h"
#include "protocol/records/big_endian.h"
#include "protocol/records/crc32c.h"
#include "protocol/records/record.h"
#include "protocol/records/record_batch.h"

namespace samsa::log {
namespace {

namespace proto = protocol;
using test::batch_spec;
using test::make_batch;

constexpr int64_t now = 1'700'000'000'000;

struct validated {
    proto::byte_buffer bytes;
    validation_result r;
};

validated run(proto::byte_buffer bytes, const validator_config& c = {}) {
    validated v{std::move(bytes), {}};
    proto::byte_buffer scratch;
    v.r = validate_records(v.bytes, c, now, scratch);
    return v;
}

void refresh_crc(proto::byte_buffer& b) {
    proto::be::store32(b.data() + 17, proto::crc32c(proto::bytes_view(b).subspan(21)));
}

TEST(LogValidator, WellFormedBatchIsAcceptedInPlace) {
    auto v = run(make_batch({.count = 3}));
    ASSERT_EQ(v.r.error, errc::none) << v.r.message;
    EXPECT_EQ(v.r.batch.data(), v.bytes.data());
    EXPECT_EQ(v.r.batch.size(), v.bytes.size());
    EXPECT_EQ(v.r.record_count, 3);
    EXPECT_EQ(v.r.max_timestamp, now + 2);
    EXPECT_EQ(v.r.log_append_time, -1);
}

TEST(LogValidator, EmptyEntryIsInvalidRecord) {
    EXPECT_EQ(run({}).r.error, errc::invalid_record);
}

TEST(LogValidator, TruncatedOnlyBatchIsInvalidRecord) {
    proto::byte_buffer b = make_batch({});
    b.pop_back();
    EXPECT_EQ(run(b).r.error, errc::invalid_record);
}

TEST(LogValidator, PartialBatchAfterACompleteOneIsDropped) {
    proto::byte_buffer b = make_batch({.count = 2});
    const size_t first = b.size();
    proto::byte_buffer second = make_batch({});
    b.insert(b.end(), second.begin(), second.begin() + 20);
    auto v = run(b);
    ASSERT_EQ(v.r.error, errc::none);
    EXPECT_EQ(v.r.batch.size(), first);
}

TEST(LogValidator, TwoBatchesAreInvalidRecord) {
    proto::byte_buffer b = make_batch({});
    proto::byte_buffer c = make_batch({});
    b.insert(b.end(), c.begin(), c.end());
    EXPECT_EQ(run(b).r.error, errc::invalid_record);
}

TEST(LogValidator, MagicOneIsInvalidRecordFromClients) {
    proto::byte_buffer b = make_batch({});
    b[16] = 1;
    EXPECT_EQ(run(b).r.error, errc::invalid_record);
    validator_config c;
    c.from_client = false;
    EXPECT_EQ(run(b, c).r.error, errc::unsupported_message_format);
}

TEST(LogValidator, MagicThreeIsCorruptMessage) {
    proto::byte_buffer b = make_batch({});
    b[16] = 3;
    EXPECT_EQ(run(b).r.error, errc::corrupt_message);
}

TEST(LogValidator, LengthBelowMinimumIsCorruptMessage) {
    proto::byte_buffer b = make_batch({});
    proto::be::store32(b.data() + 8, 10);
    EXPECT_EQ(run(b).r.error, errc::corrupt_message);
}

TEST(LogValidator, NonZeroBaseOffsetFromClientIsInvalidRecord) {
    proto::byte_buffer b = make_batch({});
    proto::set_base_offset(b, 5);
    EXPECT_EQ(run(b).r.error, errc::invalid_record);
}

TEST(LogValidator, BatchAboveMaxMessageBytesIsMessageTooLarge) {
    proto::byte_buffer b = make_batch({.count = 2, .value_size = 100});
    validator_config c;
    c.max_message_bytes = static_cast<int32_t>(b.size()) - 1;
    auto v = run(b, c);
    EXPECT_EQ(v.r.error, errc::message_too_large);
    EXPECT_FALSE(v.r.message_for_client);
    c.max_message_bytes = static_cast<int32_t>(b.size());
    EXPECT_EQ(run(b, c).r.error, errc::none);
}

TEST(LogValidator, FlippedByteIsCorruptMessage) {
    proto::byte_buffer b = make_batch({.count = 2});
    b[b.size() - 3] ^= 0x40;
    EXPECT_EQ(run(b).r.error, errc::corrupt_message);
}

TEST(LogValidator, UnknownCodecIsUnsupportedCompressionType) {
    proto::byte_buffer b = make_batch({});
    proto::be::store16(b.data() + 21, 6);
    refresh_crc(b);
    EXPECT_EQ(run(b).r.error, errc::unsupported_compression_type);
}

TEST(LogValidator, LastOffsetDeltaDisagreeingWithCountIsInvalidRecord) {
    proto::byte_buffer b = make_batch({.count = 3});
    proto::be::store32(b.data() + 23, 1);
    refresh_crc(b);
    EXPECT_EQ(run(b).r.error, errc::invalid_record);
}

TEST(LogValidator, ZeroRecordCountIsInvalidRecord) {
    proto::byte_buffer b = make_batch({.count = 1});
    proto::be::store32(b.data() + 57, 0);
    refresh_crc(b);
    EXPECT_EQ(run(b).r.error, errc::invalid_record);
}

TEST(LogValidator, CountAboveTheRecordsPresentIsInvalidRecord) {
    proto::byte_buffer b = make_batch({.count = 2});
    proto::be::store32(b.data() + 23, 2);
    proto::be::store32(b.data() + 57, 3);
    refresh_crc(b);
    auto v = run(b);
    EXPECT_EQ(v.r.error, errc::invalid_record);
    EXPECT_TRUE(v.r.record_errors.empty());
}

TEST(LogValidator, ControlBatchFromClientIsInvalidRecord) {
    proto::byte_buffer b = make_batch({});
    proto::be::store16(b.data() + 21, proto::batch_attr::control);
    refresh_crc(b);
    EXPECT_EQ(run(b).r.error, errc::invalid_record);
}

TEST(LogValidator, ProducerIdWithNegativeSequenceIsInvalidRecord) {
    EXPECT_EQ(run(make_batch({.producer_id = 7, .producer_epoch = 0, .base_sequence = -1})).r.error,
              errc::invalid_record);
    EXPECT_EQ(run(make_batch({.producer_id = 7, .producer_epoch = 0, .base_sequence = 0})).r.error,
              errc::none);
}

TEST(LogValidator, KeylessRecordOnCompactedTopicIsInvalidRecordWithRecordErrors) {
    validator_config c;
    c.compact = true;
    c.topic_partition = "t-0";
    auto v = run(make_batch({.count = 2, .with_keys = false}), c);
    EXPECT_EQ(v.r.error, errc::invalid_record);
    EXPECT_TRUE(v.r.message_for_client);
    ASSERT_EQ(v.r.record_errors.size(), 2u);
    EXPECT_EQ(v.r.record_errors[1].batch_index, 1);
    EXPECT_EQ(v.r.record_errors[0].message,
              "Compacted topic cannot accept message without key in topic partition t-0");
    EXPECT_NE(v.r.message.find("2 record errors"), std::string::npos);
    EXPECT_EQ(run(make_batch({.count = 2}), c).r.error, errc::none);
}

TEST(LogValidator, KeylessCompressedRecordOnCompactedTopicIsRefusedToo) {
    validator_config c;
    c.compact = true;
    auto v = run(
        make_batch({.count = 2, .codec = proto::compression_codec::lz4, .with_keys = false}), c);
    EXPECT_EQ(v.r.error, errc::invalid_record);
    EXPECT_EQ(v.r.record_errors.size(), 2u);
}

TEST(LogValidator, TimestampTooFarInTheFutureIsInvalidTimestamp) {
    validator_config c;
    auto v = run(make_batch({.count = 2, .timestamps = {now, now + 3600001}}), c);
    EXPECT_EQ(v.r.error, errc::invalid_timestamp);
    ASSERT_EQ(v.r.record_errors.size(), 1u);
    EXPECT_EQ(v.r.record_errors[0].batch_index, 1);
    EXPECT_EQ(v.r.message, "One or more records have been rejected due to invalid timestamp");
    EXPECT_EQ(run(make_batch({.count = 1, .timestamps = {now + 3600000}}), c).r.error, errc::none);
}

TEST(LogValidator, TimestampTooOldIsInvalidTimestampWhenBeforeMaxIsSet) {
    validator_config c;
    EXPECT_EQ(run(make_batch({.timestamps = {0}}), c).r.error, errc::none);
    c.timestamp_before_max_ms = 1000;
    EXPECT_EQ(run(make_batch({.timestamps = {now - 1001}}), c).r.error, errc::invalid_timestamp);
    EXPECT_EQ(run(make_batch({.timestamps = {now - 1000}}), c).r.error, errc::none);
}

TEST(LogValidator, RecordsWithoutTimestampSkipTheBoundsCheck) {
    validator_config c;
    c.timestamp_before_max_ms = 0;
    c.timestamp_after_max_ms = 0;
    EXPECT_EQ(run(make_batch({.timestamps = {-1}}), c).r.error, errc::none);
}

TEST(LogValidator, LogAppendTimeBatchFromProducerIsInvalidTimestamp) {
    proto::byte_buffer b = make_batch({.timestamps = {-1}});
    proto::set_max_timestamp(b, proto::timestamp_type::log_append_time, -1);
    auto v = run(b);
    EXPECT_EQ(v.r.error, errc::invalid_timestamp);
    ASSERT_EQ(v.r.record_errors.size(), 1u);
    EXPECT_NE(v.r.record_errors[0].message.find("Producer should not set timestamp type to "
                                                "LogAppendTime"),
              std::string::npos);
}

TEST(LogValidator, LogAppendTimeTopicStampsNowAndRecomputesTheCrc) {
    validator_config c;
    c.log_append_time = true;
    auto v = run(make_batch({.count = 2, .timestamps = {5, 6}}), c);
    ASSERT_EQ(v.r.error, errc::none);
    EXPECT_EQ(v.r.log_append_time, now);
    const auto b = proto::read_batch(v.bytes).batch;
    EXPECT_EQ(b.ts_type(), proto::timestamp_type::log_append_time);
    EXPECT_EQ(b.max_timestamp(), now);
    EXPECT_TRUE(b.verify_crc());
}

TEST(LogValidator, LogAppendTimeTopicLeavesCompressedBatchCompressedAndStamped) {
    validator_config c;
    c.log_append_time = true;
    auto v = run(make_batch({.count = 3, .codec = proto::compression_codec::zstd}), c);
    ASSERT_EQ(v.r.error, errc::none);
    EXPECT_EQ(v.r.batch.data(), v.bytes.data());
    const auto b = proto::read_batch(v.bytes).batch;
    EXPECT_EQ(b.compression(), proto::compression_codec::zstd);
    EXPECT_EQ(b.max_timestamp(), now);
    EXPECT_TRUE(b.verify_crc());
}

TEST(LogValidator, CreateTimeMaxTimestampIsTheRecordsTrueMaximum) {
    proto::byte_buffer b = make_batch({.count = 2, .timestamps = {now, now + 5}});
    proto::be::store64(b.data() + 35, static_cast<uint64_t>(now + 999));
    refresh_crc(b);
    auto v = run(b);
    ASSERT_EQ(v.r.error, errc::none);
    const auto out = proto::read_batch(v.bytes).batch;
    EXPECT_EQ(out.max_timestamp(), now + 5);
    EXPECT_TRUE(out.verify_crc());
}

TEST(LogValidator, SameCodecAsTopicStaysInPlace) {
    validator_config c;
    c.topic_compression = proto::compression_codec::gzip;
    auto v = run(make_batch({.count = 4, .codec = proto::compression_codec::gzip}), c);
    ASSERT_EQ(v.r.error, errc::none);
    EXPECT_TRUE(v.r.rebuilt.empty());
}

TEST(LogValidator, TopicCodecDifferentFromProducersRecompresses) {
    validator_config c;
    c.topic_compression = proto::compression_codec::zstd;
    auto v = run(make_batch({.count = 4,
                             .codec = proto::compression_codec::gzip,
                             .producer_id = 9,
                             .producer_epoch = 2,
                             .base_sequence = 40}),
                 c);
    ASSERT_EQ(v.r.error, errc::none);
    ASSERT_FALSE(v.r.rebuilt.empty());
    EXPECT_EQ(v.r.batch.data(), v.r.rebuilt.data());
    const auto b = proto::read_batch(v.r.rebuilt).batch;
    EXPECT_EQ(b.compression(), proto::compression_codec::zstd);
    EXPECT_EQ(b.records_count(), 4);
    EXPECT_EQ(b.producer_id(), 9);
    EXPECT_EQ(b.producer_epoch(), 2);
    EXPECT_EQ(b.base_sequence(), 40);
    EXPECT_TRUE(b.verify_crc());
    proto::byte_buffer scratch;
    proto::bytes_view recs;
    ASSERT_EQ(proto::batch_records(b, scratch, 1 << 20, recs), proto::decode_errc::none);
    proto::record_reader reader(recs, b.records_count());
    proto::record_view r;
    int i = 0;
    while (reader.next(r)) {
        EXPECT_EQ(proto::record_timestamp(b, r), now + i);
        EXPECT_EQ(std::string(proto::as_chars(*r.key)), "key-" + std::to_string(i));
        ++i;
    }
    EXPECT_EQ(i, 4);
}

TEST(LogValidator, UncompressedTopicDecompressesProducerBatches) {
    validator_config c;
    c.topic_compression = proto::compression_codec::none;
    auto v = run(make_batch({.count = 2, .codec = proto::compression_codec::snappy}), c);
    ASSERT_EQ(v.r.error, errc::none);
    EXPECT_EQ(proto::read_batch(v.r.rebuilt).batch.compression(), proto::compression_codec::none);
}

TEST(LogValidator, CompressedRecordsThatDoNotDecompressAreCorruptMessage) {
    proto::byte_buffer b = make_batch({.count = 2, .codec = proto::compression_codec::gzip});
    for (size_t i = 70; i < b.size(); ++i)
        b[i] = 0x55;
    refresh_crc(b);
    EXPECT_EQ(run(b).r.error, errc::corrupt_message);
}

TEST(LogValidator, DecompressionBombIsMessageTooLarge) {
    proto::byte_buffer b =
        make_batch({.count = 4, .value_size = 100000, .codec = proto::compression_codec::zstd});
    validator_config c;
    c.max_decompressed_bytes = 100000;
    EXPECT_LT(b.size(), 10000u);
    EXPECT_EQ(run(b, c).r.error, errc::message_too_large);
}

TEST(LogValidator, LogAppendTimeTopicDoesNotDecompressWhatItNeedNotRead) {
    // Garbage records in a zstd batch pass on a LogAppendTime topic (nothing reads them),
    // but not on a CreateTime topic, where every timestamp is checked.
    proto::byte_buffer b = make_batch({.count = 2, .codec = proto::compression_codec::zstd});
    for (size_t i = 61; i < b.size(); ++i)
        b[i] = 0x55;
    refresh_crc(b);
    validator_config lat;
    lat.log_append_time = true;
    EXPECT_EQ(run(b, lat).r.error, errc::none);
    EXPECT_EQ(run(b).r.error, errc::corrupt_message);
}

TEST(LogValidator, BrokerWritersSkipClientOnlyChecks) {
    proto::byte_buffer b = make_batch({});
    proto::set_base_offset(b, 77);
    validator_config c;
    c.from_client = false;
    EXPECT_EQ(run(b, c).r.error, errc::none);
}

}  // namespace
}  // namespace samsa::log
