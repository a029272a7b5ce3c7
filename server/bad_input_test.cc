// The real broker against malformed and hostile input: each gets Kafka's error or Kafka's
// disconnect, and the broker keeps serving everyone else.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>

#include "protocol/messages/api_versions_request.h"
#include "protocol/messages/api_versions_response.h"
#include "protocol/messages/metadata_request.h"
#include "protocol/messages/metadata_response.h"
#include "protocol/messages/produce_request.h"
#include "protocol/messages/produce_response.h"
#include "protocol/records/record_batch_builder.h"
#include "protocol/wire/writer.h"
#include "server/testing/broker_process.h"
#include "server/testing/test_client.h"

namespace samsa::testing {
namespace {

using namespace std::chrono_literals;
namespace proto = samsa::protocol;

class BadInputTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        broker_ = std::make_unique<broker_process>(
            std::vector<std::string>{"socket.request.max.bytes=1048576"});
    }
    static void TearDownTestSuite() { broker_.reset(); }

    // The broker still answers a well-formed request on a fresh connection.
    static void expect_still_serving() {
        test_client c(broker_->port());
        const auto r = c.call<proto::api_versions_response>(proto::api_versions_request{}, 0);
        EXPECT_EQ(r.error_code, 0);
        EXPECT_FALSE(r.api_keys.empty());
    }

    static proto::byte_buffer size_prefix(int32_t n) {
        proto::byte_buffer b(4);
        proto::writer w(b.data(), b.data() + 4);
        w.write_int32(n);
        return b;
    }

    static std::unique_ptr<broker_process> broker_;
};
std::unique_ptr<broker_process> BadInputTest::broker_;

TEST_F(BadInputTest, FrameLargerThanTheLimitIsRefusedBeforeItArrives) {
    test_client c(broker_->port());
    c.send_raw(size_prefix(1048577));  // only the size: the broker must not wait for the body
    EXPECT_TRUE(c.closed_by_broker(5s));
    expect_still_serving();
}

TEST_F(BadInputTest, NegativeOrZeroSizeCloses) {
    for (int32_t n : {-1, INT32_MIN, 0}) {
        test_client c(broker_->port());
        c.send_raw(size_prefix(n));
        EXPECT_TRUE(c.closed_by_broker(5s)) << n;
    }
    expect_still_serving();
}

TEST_F(BadInputTest, GarbageFramesClose) {
    std::mt19937 rng(7);
    for (int i = 0; i < 20; ++i) {
        test_client c(broker_->port());
        proto::byte_buffer body(1 + rng() % 200);
        for (auto& b : body)
            b = static_cast<uint8_t>(rng());
        body[0] = 0x7f;  // an api key no broker has
        auto frame = size_prefix(static_cast<int32_t>(body.size()));
        frame.insert(frame.end(), body.begin(), body.end());
        c.send_raw(frame);
        EXPECT_TRUE(c.closed_by_broker(5s));
    }
    expect_still_serving();
}

TEST_F(BadInputTest, ConnectionDroppedMidFrameHurtsNoOne) {
    {
        test_client c(broker_->port());
        auto frame = size_prefix(100);
        frame.resize(14, 0);
        c.send_raw(frame);
    }
    expect_still_serving();
}

TEST_F(BadInputTest, TruncatedBodyCloses) {
    test_client c(broker_->port());
    proto::api_versions_request req;
    req.client_software_name = "samsa-test";
    req.client_software_version = "1";
    auto frame = test_client::frame_of(req, 3, 1);
    frame.resize(frame.size() - 3);  // cut inside the body, but keep the size prefix honest
    const auto n = static_cast<int32_t>(frame.size() - 4);
    const auto prefix = size_prefix(n);
    std::copy(prefix.begin(), prefix.end(), frame.begin());
    c.send_raw(frame);
    EXPECT_TRUE(c.closed_by_broker(5s));
}

TEST_F(BadInputTest, TooNewApiVersionsGetsAVersionZeroAnswer) {
    test_client c(broker_->port());
    c.send_raw(test_client::frame_with_header(18, 99, 42, 2, proto::byte_buffer{0, 0, 0}));
    const auto frame = c.read_frame();
    ASSERT_TRUE(frame);
    const auto r = c.decode_response<proto::api_versions_response>(*frame, 0);
    EXPECT_EQ(r.error_code, 35);  // UNSUPPORTED_VERSION
    ASSERT_EQ(r.api_keys.size(), 1u);
    EXPECT_EQ(r.api_keys[0].api_key, 18);
    EXPECT_EQ(r.api_keys[0].min_version, 0);
    EXPECT_EQ(r.api_keys[0].max_version, proto::find_api(18)->advertised_max);
}

TEST_F(BadInputTest, UnsupportedVersionOfAnotherApiCloses) {
    for (auto [key, version] : {std::pair<int16_t, int16_t>{3, 14}, {0, 2}, {0, 1}, {22, 6}}) {
        test_client c(broker_->port());
        c.send_raw(test_client::frame_with_header(key, version, 1, 1, proto::byte_buffer(16, 0)));
        EXPECT_TRUE(c.closed_by_broker(5s)) << "api " << key << " v" << version;
    }
    expect_still_serving();
}

TEST_F(BadInputTest, PipelinedRequestsAreAnsweredInOrder) {
    test_client c(broker_->port());
    proto::byte_buffer all;
    for (int32_t i = 0; i < 20; ++i) {
        const auto f = (i % 2) ? test_client::frame_of(proto::metadata_request{}, 12, 100 + i)
                               : test_client::frame_of(proto::api_versions_request{}, 0, 100 + i);
        all.insert(all.end(), f.begin(), f.end());
    }
    c.send_raw(all);
    for (int32_t i = 0; i < 20; ++i) {
        const auto frame = c.read_frame();
        ASSERT_TRUE(frame);
        const int32_t correlation =
            ((*frame)[0] << 24) | ((*frame)[1] << 16) | ((*frame)[2] << 8) | (*frame)[3];
        EXPECT_EQ(correlation, 100 + i);
    }
}

TEST_F(BadInputTest, AThousandConnectionsOpenedAndDropped) {
    for (int i = 0; i < 1000; ++i) {
        test_client c(broker_->port());
        if (i % 3 == 0) c.send_raw(size_prefix(50));  // some leave a frame half-sent
    }
    expect_still_serving();
}

// Produce records Kafka refuses before they reach a log (ProduceRequest.validateRecords and
// the batch iterator): each answer is Kafka 4.4's, and a good batch afterwards still lands
// at offset 0, so the refused ones wrote nothing.
class ProduceShapeTest : public BadInputTest {
  protected:
    static void SetUpTestSuite() {
        BadInputTest::SetUpTestSuite();
        test_client c(broker_->port());
        ASSERT_EQ(c.create_topic("shapes", 1), 0);
    }

    static proto::byte_buffer batch(
        proto::compression_codec codec = proto::compression_codec::none) {
        proto::record_batch_builder b({.codec = codec});
        const std::string value = "value";
        b.add({.timestamp = 1700000000000, .value = proto::as_bytes(value)});
        proto::byte_buffer out;
        b.finish(out);
        return out;
    }

    // The partition's error code and base offset for records (nullopt: null records).
    static std::pair<int16_t, int64_t> produce(const std::optional<proto::byte_buffer>& records,
                                               int16_t version = 9) {
        test_client c(broker_->port());
        const auto a = c.produce("shapes", 0, records, 1, version);
        return {a.error_code, a.base_offset};
    }
};

constexpr int16_t corrupt_message = 2, unsupported_compression_type = 76, invalid_record = 87;

TEST_F(ProduceShapeTest, RecordsKafkaRefusesBeforeTheLog) {
    // Magic 1: a legacy message set (offset, size, crc, magic 1, attributes, timestamp,
    // null key, null value).
    proto::byte_buffer legacy(8 + 4 + 22, 0);
    legacy[11] = 22;
    legacy[16] = 1;
    for (size_t i = 26; i < legacy.size(); ++i)
        legacy[i] = 0xff;
    EXPECT_EQ(produce(legacy).first, invalid_record);

    auto bad_magic = batch();
    bad_magic[16] = 3;
    EXPECT_EQ(produce(bad_magic).first, corrupt_message);

    auto bad_crc = batch();
    bad_crc.back() ^= 0x5a;
    EXPECT_EQ(produce(bad_crc).first, corrupt_message);

    auto truncated = batch();
    truncated.resize(truncated.size() - 5);
    EXPECT_EQ(produce(truncated).first, invalid_record);  // no complete batch at all

    EXPECT_EQ(produce(proto::byte_buffer{}).first, invalid_record);
    EXPECT_EQ(produce(std::nullopt).first, invalid_record);

    auto two = batch();
    const auto second = batch();
    two.insert(two.end(), second.begin(), second.end());
    EXPECT_EQ(produce(two).first, invalid_record);  // exactly one batch per partition

    // zstd needs Produce v7.
    EXPECT_EQ(produce(batch(proto::compression_codec::zstd), 6).first,
              unsupported_compression_type);
    EXPECT_EQ(produce(batch(proto::compression_codec::zstd), 3).first,
              unsupported_compression_type);

    const auto ok = produce(batch());
    EXPECT_EQ(ok.first, 0);
    EXPECT_EQ(ok.second, 0);
    const auto zstd = produce(batch(proto::compression_codec::zstd), 7);
    EXPECT_EQ(zstd.first, 0);
    EXPECT_EQ(zstd.second, 1);
    expect_still_serving();
}

TEST(IdleConnections, AreClosedAfterConnectionsMaxIdleMs) {
    broker_process broker({"connections.max.idle.ms=300"});
    test_client c(broker.port());
    const auto r = c.call<proto::api_versions_response>(proto::api_versions_request{}, 0);
    EXPECT_EQ(r.error_code, 0);
    EXPECT_TRUE(c.closed_by_broker(10s));
}

TEST(Shutdown, SigtermExitsZeroAndLeavesTheCleanShutdownMarker) {
    broker_process broker;
    test_client c(broker.port());
    c.call<proto::api_versions_response>(proto::api_versions_request{}, 0);
    EXPECT_EQ(broker.stop(), 0);
    EXPECT_TRUE(std::filesystem::exists(broker.data_dir() + "/data/.kafka_cleanshutdown"));
}

}  // namespace
}  // namespace samsa::testing
