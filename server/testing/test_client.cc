#include "server/testing/test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "protocol/messages/create_topics_request.h"
#include "protocol/messages/create_topics_response.h"
#include "protocol/messages/produce_request.h"
#include "protocol/messages/produce_response.h"
#include "protocol/wire/writer.h"

namespace samsa::testing {

test_client::test_client(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd_);
        throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

test_client::~test_client() {
    ::close(fd_);
}

protocol::byte_buffer test_client::frame_with_header(int16_t key, int16_t version,
                                                     int32_t correlation_id, int16_t header_version,
                                                     const protocol::byte_buffer& body) {
    const std::string client_id = "samsa-test";
    const size_t header = 2 + 2 + 4 + 2 + client_id.size() + (header_version >= 2 ? 1 : 0);
    protocol::byte_buffer out(4 + header + body.size());
    protocol::writer w(out.data(), out.data() + out.size());
    w.write_int32(static_cast<int32_t>(header + body.size()));
    w.write_int16(key);
    w.write_int16(version);
    w.write_int32(correlation_id);
    w.write_int16(static_cast<int16_t>(client_id.size()));
    w.write_raw(protocol::as_bytes(client_id));
    if (header_version >= 2) w.write_uvarint(0);
    w.write_raw(body);
    return out;
}

void test_client::send_raw(protocol::bytes_view bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error("send failed");
        done += static_cast<size_t>(n);
    }
}

bool test_client::read_exact(uint8_t* p, size_t n, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    size_t done = 0;
    while (done < n) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
        const ssize_t r = ::recv(fd_, p + done, n - done, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        done += static_cast<size_t>(r);
    }
    return true;
}

std::optional<protocol::byte_buffer> test_client::read_frame(std::chrono::milliseconds timeout) {
    uint8_t size[4];
    if (!read_exact(size, 4, timeout)) return std::nullopt;
    const uint32_t n =
        (uint32_t{size[0]} << 24) | (uint32_t{size[1]} << 16) | (uint32_t{size[2]} << 8) | size[3];
    protocol::byte_buffer frame(n);
    if (!read_exact(frame.data(), n, timeout)) return std::nullopt;
    return frame;
}

bool test_client::closed_by_broker(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    uint8_t buf[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) continue;
        const ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno == ECONNRESET)) return true;
    }
}

int16_t test_client::create_topic(const std::string& name, int32_t partitions) {
    protocol::create_topics_request req;
    auto& t = req.topics.emplace_back();
    t.name = name;
    t.num_partitions = partitions;
    t.replication_factor = 1;
    req.timeout_ms = 10000;
    const auto r = call<protocol::create_topics_response>(req, 7);
    return r.topics.size() == 1 ? r.topics[0].error_code : int16_t{-1};
}

test_client::produce_answer test_client::produce(
    const std::string& topic, int32_t partition,
    const std::optional<protocol::byte_buffer>& records, int16_t acks, int16_t version) {
    protocol::produce_request req;
    req.acks = acks;
    req.timeout_ms = 10000;
    auto& t = req.topic_data.emplace_back();
    t.name = topic;
    auto& p = t.partition_data.emplace_back();
    p.index = partition;
    if (records) p.records = protocol::records::of(*records, nullptr);
    const auto r = call<protocol::produce_response>(req, version);
    if (r.responses.size() != 1 || r.responses[0].partition_responses.size() != 1) return {};
    const auto& pr = r.responses[0].partition_responses[0];
    return {pr.error_code, pr.base_offset};
}

}  // namespace samsa::testing
