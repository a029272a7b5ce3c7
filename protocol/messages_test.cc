// Generated codecs: properties that hold for every message and version, and hand-checked
// encodings of a few messages.
#include <gtest/gtest.h>

#include "protocol/messages/api_versions_request.h"
#include "protocol/messages/fetch_response.h"
#include "protocol/messages/metadata_request.h"
#include "protocol/messages/produce_request.h"
#include "protocol/wire/message_impl.h"
#include "protocol/wire/message_registry.h"

namespace samsa::protocol {
namespace {

byte_buffer hex(std::string_view text) {
    byte_buffer out;
    for (size_t i = 0; i + 1 < text.size(); i += 2) {
        out.push_back(static_cast<uint8_t>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
    }
    return out;
}

TEST(Messages, RegistryHoldsEverySchemaFile) {
    // 79 APIs served on broker listeners (request + response each), 2 headers, data,
    // metadata and coordinator records: the count moves with the schema; check families.
    size_t api = 0, header = 0, coordinator = 0, metadata = 0;
    for (const auto& c : all_message_codecs()) {
        api += c.folder == "api";
        header += c.folder == "header";
        coordinator += c.folder == "coordinator";
        metadata += c.folder == "metadata";
    }
    EXPECT_GE(api, 150u);
    EXPECT_EQ(api % 2, 0u);
    EXPECT_EQ(header, 2u);
    EXPECT_GE(coordinator, 40u);
    EXPECT_GE(metadata, 25u);
}

TEST(Messages, DefaultMessageRoundTripsAtEveryVersion) {
    size_t checked = 0;
    for (const auto& c : all_message_codecs()) {
        for (int v = c.info.min_version; v <= c.info.max_version; ++v) {
            const byte_buffer bytes = c.encode_default(static_cast<int16_t>(v));
            byte_buffer again;
            std::string json;
            ASSERT_EQ(c.round_trip(bytes, static_cast<int16_t>(v), &again, &json),
                      decode_errc::none)
                << c.name << " v" << v;
            EXPECT_EQ(again, bytes) << c.name << " v" << v;
            EXPECT_FALSE(json.empty());
            ++checked;
        }
    }
    EXPECT_GT(checked, 600u);  // every version of every message
}

TEST(Messages, VersionOutsideTheSchemaIsUnsupported) {
    metadata_request m;
    const byte_buffer bytes = encode_message(m, 12);
    EXPECT_EQ(decode_message(m, bytes, 14), decode_errc::unsupported_version);
    EXPECT_EQ(decode_message(m, bytes, -1), decode_errc::unsupported_version);
    produce_request p;
    EXPECT_EQ(decode_message(p, bytes, 2), decode_errc::unsupported_version);
}

TEST(Messages, ApiVersionsRequestV3MatchesHandEncoding) {
    api_versions_request m;
    m.client_software_name = "samsa";
    m.client_software_version = "1.0";
    // compact string "samsa" (len+1 = 6), compact string "1.0" (4), no tagged fields.
    const byte_buffer expected =
        hex("0673616d7361"
            "04312e30"
            "00");
    EXPECT_EQ(encode_message(m, 3), expected);
    api_versions_request back;
    ASSERT_EQ(decode_message(back, expected, 3), decode_errc::none);
    EXPECT_EQ(back, m);
}

TEST(Messages, MetadataRequestNullTopicsMeansAllTopics) {
    metadata_request m;
    m.topics.reset();
    // v1: int32 -1 for a null array; v4 adds allow_auto_topic_creation.
    EXPECT_EQ(encode_message(m, 1), hex("ffffffff"));
    EXPECT_EQ(encode_message(m, 4), hex("ffffffff01"));
    metadata_request back;
    ASSERT_EQ(decode_message(back, hex("ffffffff01"), 4), decode_errc::none);
    EXPECT_FALSE(back.topics.has_value());
}

TEST(Messages, NullArrayWhereTheVersionForbidsItIsAnError) {
    metadata_request m;
    // Metadata v0 topics are not nullable.
    EXPECT_EQ(decode_message(m, hex("ffffffff"), 0), decode_errc::unexpected_null);
}

fetch_response sample_fetch_response() {
    fetch_response m;
    auto& topic = m.responses.emplace_back();
    topic.topic = "orders";
    topic.topic_id.bytes[15] = 7;
    auto& p = topic.partitions.emplace_back();
    p.partition_index = 3;
    p.high_watermark = 42;
    p.current_leader.leader_id = 1;  // a tagged field (tag 1) from v12
    p.current_leader.leader_epoch = 5;
    static const uint8_t batch[] = {1, 2, 3, 4, 5};
    p.records = records::of(batch, nullptr);
    return m;
}

TEST(Messages, TaggedFieldIsWrittenOnlyWhenNotDefault) {
    fetch_response m = sample_fetch_response();
    const byte_buffer with = encode_message(m, 16);
    m.responses[0].partitions[0].current_leader = {};
    const byte_buffer without = encode_message(m, 16);
    // tag 1, size 1+... : leader id int32 + epoch int32 + empty tag section = 9 bytes, plus
    // the tag and size varints.
    EXPECT_EQ(with.size(), without.size() + 11);
}

TEST(Messages, EveryStrictPrefixFailsToDecode) {
    const fetch_response m = sample_fetch_response();
    for (int16_t v : {int16_t(4), int16_t(11), int16_t(12), int16_t(18)}) {
        const byte_buffer bytes = encode_message(m, v);
        for (size_t n = 0; n < bytes.size(); ++n) {
            fetch_response back;
            EXPECT_NE(decode_message(back, bytes_view(bytes.data(), n), v), decode_errc::none)
                << "v" << v << " prefix " << n;
        }
        fetch_response back;
        ASSERT_EQ(decode_message(back, bytes, v), decode_errc::none);
        EXPECT_EQ(encode_message(back, v), bytes);
    }
}

TEST(Messages, UnknownTaggedFieldsSurviveARoundTrip) {
    fetch_response m = sample_fetch_response();
    m.unknown_tags.push_back({7, {0xaa, 0xbb}});
    m.responses[0].partitions[0].unknown_tags.push_back({0x1234, {}});
    const byte_buffer bytes = encode_message(m, 17);
    fetch_response back;
    ASSERT_EQ(decode_message(back, bytes, 17), decode_errc::none);
    ASSERT_EQ(back.unknown_tags.size(), 1u);
    EXPECT_EQ(back.unknown_tags[0].tag, 7u);
    EXPECT_EQ(back.responses[0].partitions[0].unknown_tags.size(), 1u);
    EXPECT_EQ(encode_message(back, 17), bytes);
}

TEST(Messages, TagsOutOfOrderOrDuplicatedAreErrors) {
    api_versions_request m;
    // Empty names, then a tagged section with two fields.
    const byte_buffer out_of_order =
        hex("0101"
            "02"
            "0500"
            "0300");
    const byte_buffer duplicated =
        hex("0101"
            "02"
            "0300"
            "0300");
    EXPECT_EQ(decode_message(m, out_of_order, 3), decode_errc::tags_out_of_order);
    EXPECT_EQ(decode_message(m, duplicated, 3), decode_errc::duplicate_tag);
    const byte_buffer ascending =
        hex("0101"
            "02"
            "0300"
            "0500");
    EXPECT_EQ(decode_message(m, ascending, 3), decode_errc::none);
}

TEST(Messages, KnownTaggedFieldWithWrongSizeIsAnError) {
    fetch_response m = sample_fetch_response();
    byte_buffer bytes = encode_message(m, 12);
    fetch_response back;
    ASSERT_EQ(decode_message(back, bytes, 12), decode_errc::none);
    // The partition's tag section is: count 1, tag 1, size 9, 9 bytes. Grow the declared
    // size of that field by one (and the frame with it) and decoding must fail.
    const std::array<uint8_t, 3> marker{0x01, 0x01, 0x09};
    auto it = std::search(bytes.begin(), bytes.end(), marker.begin(), marker.end());
    ASSERT_NE(it, bytes.end());
    it[2] = 0x0a;
    bytes.insert(it + 3 + 9, 0x00);
    EXPECT_EQ(decode_message(back, bytes, 12), decode_errc::bad_tagged_field);
}

TEST(Messages, HugeArrayCountFailsWithoutAllocating) {
    produce_request m;
    // transactional id null, acks, timeout, then 2^31-1 topics in 0 remaining bytes.
    const byte_buffer bytes =
        hex("ffff"
            "0001"
            "00007530"
            "7fffffff");
    EXPECT_EQ(decode_message(m, bytes, 3), decode_errc::truncated);
}

TEST(Messages, LargeArrayCountReservesNoMoreMemoryThanTheBytesLeft) {
    produce_request m;
    // 2^20 topics, then 1 MiB of 0xff: the count fits the bytes that remain, but the first
    // topic's name is null, so decoding stops there. Reserving 2^20 topics up front would
    // have cost about a hundred times the frame's size.
    byte_buffer bytes =
        hex("ffff"
            "0001"
            "00007530"
            "00100000");
    bytes.resize(bytes.size() + (1 << 20), 0xff);
    EXPECT_EQ(decode_message(m, bytes, 3), decode_errc::unexpected_null);
    EXPECT_LE(m.topic_data.capacity() * sizeof(produce_request::topic_produce_data), bytes.size());
}

TEST(Messages, RecordsAreViewsIntoTheFrame) {
    const fetch_response m = sample_fetch_response();
    const auto frame = std::make_shared<byte_buffer>(encode_message(m, 12));
    fetch_response back;
    ASSERT_EQ(decode_message(back, *frame, 12, frame), decode_errc::none);
    const bytes_view r = back.responses[0].partitions[0].records.contiguous();
    ASSERT_EQ(r.size(), 5u);
    EXPECT_GE(r.data(), frame->data());
    EXPECT_LT(r.data(), frame->data() + frame->size());
}

}  // namespace
}  // namespace samsa::protocol
