#include "protocol/headers.h"

#include <gtest/gtest.h>

#include "protocol/wire/writer.h"

namespace samsa::protocol {
namespace {

TEST(Headers, RequestHeaderV1ForNonFlexibleVersions) {
    // Metadata v8 (flexible from 9): key 3, version 8, correlation 7, client id "ab".
    const byte_buffer frame{0, 3, 0, 8, 0, 0, 0, 7, 0, 2, 'a', 'b', 0xee};
    parsed_request_header h;
    ASSERT_EQ(parse_request_header(frame, h), decode_errc::none);
    EXPECT_EQ(h.api->key, api_key::metadata);
    EXPECT_EQ(h.header.correlation_id, 7);
    EXPECT_EQ(h.header.client_id, "ab");
    EXPECT_EQ(h.body_offset, 12u);
}

TEST(Headers, RequestHeaderV2KeepsAnInt16ClientIdAndAddsTags) {
    // Metadata v12: client id still has an int16 length, then an empty tag section.
    const byte_buffer frame{0, 3, 0, 12, 0, 0, 0, 9, 0xff, 0xff, 0x00, 0xee};
    parsed_request_header h;
    ASSERT_EQ(parse_request_header(frame, h), decode_errc::none);
    EXPECT_FALSE(h.header.client_id.has_value());
    EXPECT_EQ(h.body_offset, 11u);
}

TEST(Headers, ApiVersionsAboveTheKnownRangeStillParsesAsFlexible) {
    // A client newer than the broker asks for ApiVersions v99 with header v2.
    const byte_buffer frame{0, 18, 0, 99, 0, 0, 0, 1, 0, 0, 0x00};
    parsed_request_header h;
    ASSERT_EQ(parse_request_header(frame, h), decode_errc::none);
    EXPECT_EQ(h.header.request_api_version, 99);
    EXPECT_EQ(h.body_offset, 11u);
}

TEST(Headers, UnknownApiKeyIsReportedWithTheCorrelationId) {
    const byte_buffer frame{0x7f, 0x00, 0, 0, 0, 0, 0, 5, 0xff, 0xff};
    parsed_request_header h;
    EXPECT_EQ(parse_request_header(frame, h), decode_errc::unknown_api);
    EXPECT_EQ(h.header.correlation_id, 5);
    EXPECT_EQ(h.api, nullptr);
}

TEST(Headers, TruncatedHeaderIsAnError) {
    const byte_buffer frame{0, 3, 0, 8, 0, 0};
    parsed_request_header h;
    EXPECT_EQ(parse_request_header(frame, h), decode_errc::truncated);
}

TEST(Headers, ResponseHeaderVersions) {
    const api_info* api_versions = find_api(18);
    const api_info* metadata = find_api(3);
    ASSERT_TRUE(api_versions && metadata);
    EXPECT_EQ(response_header_version(*api_versions, 4), 0);  // always v0
    EXPECT_EQ(response_header_version(*metadata, 8), 0);
    EXPECT_EQ(response_header_version(*metadata, 9), 1);
    byte_buffer buf(response_header_size(1));
    writer w(buf.data(), buf.data() + buf.size());
    write_response_header(w, 0x01020304, 1);
    EXPECT_EQ(buf, (byte_buffer{1, 2, 3, 4, 0}));
}

TEST(Headers, ApiTableMatchesKafka44) {
    const api_info* produce = find_api(0);
    ASSERT_TRUE(produce);
    EXPECT_EQ(produce->min_version, 3);
    EXPECT_EQ(produce->advertised_min, 0);  // Kafka advertises v0 for librdkafka
    EXPECT_EQ(produce->max_version, 13);
    const api_info* init_pid = find_api(22);
    ASSERT_TRUE(init_pid);
    EXPECT_EQ(init_pid->advertised_max, init_pid->max_version - 1);  // latest is unstable
    EXPECT_EQ(find_api(4), nullptr);  // LeaderAndIsr: not on a broker listener any more
}

}  // namespace
}  // namespace samsa::protocol
