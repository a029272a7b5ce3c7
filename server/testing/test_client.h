// A blocking Kafka client for integration tests, built on samsa's generated codecs: sends
// a request with the right header for its api key and version and decodes the response.
// Also sends raw bytes, to feed the broker malformed input.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "protocol/api_table.h"
#include "protocol/headers.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/message_impl.h"

namespace samsa::testing {

class test_client {
  public:
    explicit test_client(uint16_t port);
    ~test_client();
    test_client(const test_client&) = delete;
    test_client& operator=(const test_client&) = delete;

    // Sends a request and returns the decoded response; throws when the connection closes
    // or the response does not decode.
    template <typename Response, typename Request>
    Response call(const Request& request, int16_t version) {
        send_request(request, version);
        const auto frame = read_frame();
        if (!frame) throw std::runtime_error("connection closed by the broker");
        return decode_response<Response>(*frame, version);
    }

    // Sends a request without waiting (acks=0 produce, pipelining).
    template <typename Request>
    void send_request(const Request& request, int16_t version) {
        send_raw(frame_of(request, version, next_correlation_++));
    }

    template <typename Response>
    Response decode_response(const protocol::byte_buffer& frame, int16_t version) const {
        const protocol::api_info* api = protocol::find_api(Response::info.api_key);
        const size_t header =
            protocol::response_header_size(protocol::response_header_version(*api, version));
        Response r;
        const auto e =
            protocol::decode_message(r, protocol::bytes_view(frame).subspan(header), version);
        if (e != protocol::decode_errc::none) throw std::runtime_error("undecodable response");
        return r;
    }

    template <typename Request>
    static protocol::byte_buffer frame_of(const Request& request, int16_t version,
                                          int32_t correlation_id) {
        const protocol::api_info* api = protocol::find_api(Request::info.api_key);
        return frame_with_header(static_cast<int16_t>(api->key), version, correlation_id,
                                 protocol::request_header_version(*api, version),
                                 protocol::encode_message(request, version));
    }
    static protocol::byte_buffer frame_with_header(int16_t key, int16_t version,
                                                   int32_t correlation_id, int16_t header_version,
                                                   const protocol::byte_buffer& body);

    void send_raw(protocol::bytes_view bytes);
    // The next response frame (without its size prefix), or nullopt when the broker closed
    // the connection or nothing arrived within the timeout.
    std::optional<protocol::byte_buffer> read_frame(
        std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // True when the broker closes the connection within the timeout (reading and discarding
    // anything it sends first).
    bool closed_by_broker(std::chrono::milliseconds timeout = std::chrono::seconds(10));

    // CreateTopics for one topic; returns its error code.
    int16_t create_topic(const std::string& name, int32_t partitions);

    // Produce of one records blob (nullopt: null records) to one partition: that
    // partition's error code and base offset, or {-100, -1} when the answer has another shape.
    struct produce_answer {
        int16_t error_code = -100;
        int64_t base_offset = -1;
    };
    produce_answer produce(const std::string& topic, int32_t partition,
                           const std::optional<protocol::byte_buffer>& records, int16_t acks = -1,
                           int16_t version = 9);

  private:
    bool read_exact(uint8_t* p, size_t n, std::chrono::milliseconds timeout);

    int fd_ = -1;
    int32_t next_correlation_ = 1;
};

}  // namespace samsa::testing
