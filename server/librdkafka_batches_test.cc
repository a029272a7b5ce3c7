// Record batches between librdkafka and samsa, with every codec: batches librdkafka
// produces land in samsa's segments as sent and decode with samsa's reader to the records
// librdkafka was given; batches samsa's builder makes are read back by a librdkafka
// consumer as the same records. (The Java client's side is the golden batches in
// protocol/testdata and protocol_java_reads_samsa_test.)
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "protocol/messages/api_versions_request.h"
#include "protocol/messages/api_versions_response.h"
#include "protocol/records/record.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_batch_builder.h"
#include "server/testing/broker_process.h"
#include "server/testing/test_client.h"

namespace samsa::testing {
namespace {

namespace proto = samsa::protocol;

struct sample {
    std::optional<std::string> key;
    std::optional<std::string> value;
    std::vector<std::pair<std::string, std::optional<std::string>>> headers;
    int64_t timestamp = 0;
};

// Compressible but varied records: keys and values repeat words, some are null, some
// carry headers (one with a null value).
std::vector<sample> samples(int n) {
    std::vector<sample> out;
    for (int i = 0; i < n; ++i) {
        sample s;
        if (i % 7 != 3) s.key = "key-" + std::to_string(i % 13);
        if (i % 11 != 5) {
            s.value = std::string();
            for (int w = 0; w < 1 + i % 9; ++w)
                s.value->append("record " + std::to_string(i) + " word ");
        }
        if (i % 3 == 0) s.headers.push_back({"trace", "id-" + std::to_string(i)});
        if (i % 5 == 0) s.headers.push_back({"empty", std::nullopt});
        s.timestamp = 1700000000000 + i;
        out.push_back(std::move(s));
    }
    return out;
}

struct codec_case {
    const char* name;  // librdkafka's compression.codec
    proto::compression_codec codec;
};
const codec_case codecs[] = {{"none", proto::compression_codec::none},
                             {"gzip", proto::compression_codec::gzip},
                             {"snappy", proto::compression_codec::snappy},
                             {"lz4", proto::compression_codec::lz4},
                             {"zstd", proto::compression_codec::zstd}};

std::string bootstrap(const broker_process& b) {
    return "127.0.0.1:" + std::to_string(b.port());
}

void set(rd_kafka_conf_t* conf, const char* k, const std::string& v) {
    char err[512];
    ASSERT_EQ(rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof err), RD_KAFKA_CONF_OK) << err;
}

std::string as_string(proto::bytes_view b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

bool advertises(test_client& c, int16_t api_key) {
    const auto r = c.call<proto::api_versions_response>(proto::api_versions_request{}, 3);
    for (const auto& k : r.api_keys) {
        if (k.api_key == api_key) return true;
    }
    return false;
}

class LibrdkafkaBatchesTest : public ::testing::TestWithParam<codec_case> {
  protected:
    static void SetUpTestSuite() { broker_ = std::make_unique<broker_process>(); }
    static void TearDownTestSuite() { broker_.reset(); }
    static std::unique_ptr<broker_process> broker_;
};
std::unique_ptr<broker_process> LibrdkafkaBatchesTest::broker_;

TEST_P(LibrdkafkaBatchesTest, ProducedBatchesDecodeToTheSameRecords) {
    const std::string topic = std::string("from-rdkafka-") + GetParam().name;
    test_client admin(broker_->port());
    if (GetParam().codec == proto::compression_codec::lz4 && !advertises(admin, 10)) {
        // librdkafka infers a broker's lz4 support from FindCoordinator (KIP-35 features).
        GTEST_SKIP() << "librdkafka compresses with lz4 only for brokers serving FindCoordinator";
    }
    ASSERT_EQ(admin.create_topic(topic, 1), 0);
    const auto sent = samples(500);

    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", bootstrap(*broker_));
    set(conf, "compression.codec", GetParam().name);
    set(conf, "linger.ms", "20");
    set(conf, "batch.num.messages", "100");
    char err[512];
    rd_kafka_t* p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    ASSERT_NE(p, nullptr) << err;
    for (const auto& s : sent) {
        rd_kafka_headers_t* hdrs = rd_kafka_headers_new(s.headers.size());
        for (const auto& [k, v] : s.headers) {
            rd_kafka_header_add(hdrs, k.data(), static_cast<ssize_t>(k.size()),
                                v ? v->data() : nullptr, v ? static_cast<ssize_t>(v->size()) : 0);
        }
        const void* key = s.key ? s.key->data() : nullptr;
        const size_t key_size = s.key ? s.key->size() : 0;
        void* value = s.value ? const_cast<char*>(s.value->data()) : nullptr;
        const size_t value_size = s.value ? s.value->size() : 0;
        const auto e = rd_kafka_producev(
            p, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(0),
            RD_KAFKA_V_KEY(key, key_size), RD_KAFKA_V_VALUE(value, value_size),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_TIMESTAMP(s.timestamp),
            RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
        ASSERT_EQ(e, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(e);
    }
    EXPECT_EQ(rd_kafka_flush(p, 30000), RD_KAFKA_RESP_ERR_NO_ERROR);
    EXPECT_EQ(rd_kafka_outq_len(p), 0);
    rd_kafka_destroy(p);

    // The segment holds librdkafka's batches with offsets assigned: decode them here.
    const std::string segment =
        broker_->data_dir() + "/data/" + topic + "-0/00000000000000000000.log";
    std::ifstream in(segment, std::ios::binary);
    ASSERT_TRUE(in) << segment;
    const proto::byte_buffer bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
    proto::batch_reader batches(bytes);
    proto::byte_buffer scratch;
    size_t i = 0;
    int compressed = 0;
    for (auto b = batches.next(); b.status == proto::batch_status::ok; b = batches.next()) {
        ASSERT_TRUE(b.batch.verify_crc());
        compressed += b.batch.compression() == GetParam().codec;
        proto::bytes_view recs;
        ASSERT_EQ(proto::batch_records(b.batch, scratch, 64 << 20, recs), proto::decode_errc::none);
        proto::record_reader rr(recs, b.batch.records_count());
        proto::record_view r;
        while (rr.next(r)) {
            ASSERT_LT(i, sent.size());
            const sample& s = sent[i];
            EXPECT_EQ(proto::record_offset(b.batch, r), static_cast<int64_t>(i));
            EXPECT_EQ(proto::record_timestamp(b.batch, r), s.timestamp);
            EXPECT_EQ(r.key.has_value(), s.key.has_value()) << i;
            if (r.key && s.key) EXPECT_EQ(as_string(*r.key), *s.key);
            EXPECT_EQ(r.value.has_value(), s.value.has_value()) << i;
            if (r.value && s.value) EXPECT_EQ(as_string(*r.value), *s.value);
            proto::header_reader hr(r);
            proto::record_header_view h;
            size_t n = 0;
            while (hr.next(h)) {
                ASSERT_LT(n, s.headers.size());
                EXPECT_EQ(as_string(h.key), s.headers[n].first);
                EXPECT_EQ(h.value.has_value(), s.headers[n].second.has_value());
                if (h.value && s.headers[n].second)
                    EXPECT_EQ(as_string(*h.value), *s.headers[n].second);
                ++n;
            }
            EXPECT_EQ(n, s.headers.size());
            ++i;
        }
        ASSERT_EQ(rr.error(), proto::decode_errc::none);
    }
    EXPECT_EQ(i, sent.size());
    EXPECT_GT(compressed, 0) << "no batch used " << GetParam().name;
}

TEST_P(LibrdkafkaBatchesTest, BatchesSamsaBuildsAreReadBackByLibrdkafka) {
    const std::string topic = std::string("from-samsa-") + GetParam().name;
    test_client c(broker_->port());
    ASSERT_EQ(c.create_topic(topic, 1), 0);
    const auto sent = samples(300);

    // Three batches of 100, produced as three requests.
    for (size_t first = 0; first < sent.size(); first += 100) {
        proto::record_batch_builder builder({.codec = GetParam().codec});
        for (size_t i = first; i < first + 100; ++i) {
            const sample& s = sent[i];
            std::vector<proto::record_header_input> hdrs;
            for (const auto& [k, v] : s.headers) {
                hdrs.push_back({k, v ? std::optional(proto::as_bytes(*v)) : std::nullopt});
            }
            builder.add({.timestamp = s.timestamp,
                         .key = s.key ? std::optional(proto::as_bytes(*s.key)) : std::nullopt,
                         .value = s.value ? std::optional(proto::as_bytes(*s.value)) : std::nullopt,
                         .headers = hdrs});
        }
        proto::byte_buffer batch;
        builder.finish(batch);
        const auto a = c.produce(topic, 0, batch);
        ASSERT_EQ(a.error_code, 0);
        EXPECT_EQ(a.base_offset, static_cast<int64_t>(first));
    }

    // The simple (group-less) consumer: assign-style reading of partition 0 from the start.
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", bootstrap(*broker_));
    char err[512];
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    ASSERT_NE(consumer, nullptr) << err;
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(consumer, topic.c_str(), nullptr);
    ASSERT_EQ(rd_kafka_consume_start(rkt, 0, RD_KAFKA_OFFSET_BEGINNING), 0);

    size_t i = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (i < sent.size() && std::chrono::steady_clock::now() < deadline) {
        rd_kafka_message_t* m = rd_kafka_consume(rkt, 0, 500);
        if (m == nullptr) continue;
        if (m->err) {
            ADD_FAILURE() << rd_kafka_message_errstr(m);
            rd_kafka_message_destroy(m);
            break;
        }
        const sample& s = sent[i];
        EXPECT_EQ(m->offset, static_cast<int64_t>(i));
        rd_kafka_timestamp_type_t tstype;
        EXPECT_EQ(rd_kafka_message_timestamp(m, &tstype), s.timestamp);
        EXPECT_EQ(m->key != nullptr, s.key.has_value()) << i;
        if (m->key && s.key) EXPECT_EQ(std::string(static_cast<char*>(m->key), m->key_len), *s.key);
        EXPECT_EQ(m->payload != nullptr, s.value.has_value()) << i;
        if (m->payload && s.value) {
            EXPECT_EQ(std::string(static_cast<char*>(m->payload), m->len), *s.value);
        }
        rd_kafka_headers_t* hdrs = nullptr;
        size_t count = 0;
        if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            count = rd_kafka_header_cnt(hdrs);
            for (size_t n = 0; n < count && n < s.headers.size(); ++n) {
                const char* name;
                const void* value;
                size_t size;
                ASSERT_EQ(rd_kafka_header_get_all(hdrs, n, &name, &value, &size),
                          RD_KAFKA_RESP_ERR_NO_ERROR);
                EXPECT_EQ(name, s.headers[n].first);
                EXPECT_EQ(value != nullptr, s.headers[n].second.has_value());
                if (value && s.headers[n].second) {
                    EXPECT_EQ(std::string(static_cast<const char*>(value), size),
                              *s.headers[n].second);
                }
            }
        }
        EXPECT_EQ(count, s.headers.size()) << i;
        rd_kafka_message_destroy(m);
        ++i;
    }
    EXPECT_EQ(i, sent.size());
    rd_kafka_consume_stop(rkt, 0);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(consumer);
}

INSTANTIATE_TEST_SUITE_P(EachCodec, LibrdkafkaBatchesTest, ::testing::ValuesIn(codecs),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace samsa::testing
