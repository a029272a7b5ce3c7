#include "bench/loadgen/idle_connections.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

namespace samsa::loadgen {
namespace {

bool write_all(int fd, const char* data, size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w <= 0) return false;
        data += w;
        n -= static_cast<size_t>(w);
    }
    return true;
}

bool read_all(int fd, char* data, size_t n) {
    while (n > 0) {
        const ssize_t r = ::read(fd, data, n);
        if (r <= 0) return false;
        data += r;
        n -= static_cast<size_t>(r);
    }
    return true;
}

// ApiVersions v0 with request header v1 (client id "samsa-idle"); true on an answer.
bool api_versions(int fd) {
    const char client[] = "samsa-idle";
    char frame[64];
    const int16_t len = sizeof client - 1;
    const int32_t size = htonl(2 + 2 + 4 + 2 + len);
    const int16_t key = htons(18), version = 0, n = htons(len);
    const int32_t correlation = htonl(1);
    size_t at = 0;
    for (auto [p, s] : {std::pair<const void*, size_t>{&size, 4},
                        {&key, 2},
                        {&version, 2},
                        {&correlation, 4},
                        {&n, 2},
                        {client, static_cast<size_t>(len)}}) {
        std::memcpy(frame + at, p, s);
        at += s;
    }
    if (!write_all(fd, frame, at)) return false;
    int32_t answer_size = 0;
    if (!read_all(fd, reinterpret_cast<char*>(&answer_size), 4)) return false;
    answer_size = ntohl(answer_size);
    if (answer_size <= 0 || answer_size > (1 << 20)) return false;
    std::string body(static_cast<size_t>(answer_size), '\0');
    return read_all(fd, body.data(), body.size());
}

}  // namespace

idle_connections::idle_connections(const std::string& bootstrap, int count) {
    rlimit lim{};
    getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur < static_cast<rlim_t>(count) + 1024) {
        lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, static_cast<rlim_t>(count) + 1024);
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    const size_t colon = bootstrap.rfind(':');
    const std::string host = bootstrap.substr(0, colon);
    const std::string port = colon == std::string::npos ? "9092" : bootstrap.substr(colon + 1);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* ai = nullptr;
    if (getaddrinfo(host.c_str(), port.c_str(), &hints, &ai) != 0 || !ai) {
        std::fprintf(stderr, "loadgen: cannot resolve %s\n", bootstrap.c_str());
        return;
    }
    for (int i = 0; i < count; ++i) {
        const int fd = ::socket(ai->ai_family, SOCK_STREAM, 0);
        if (fd < 0) break;
        if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
            ::close(fd);
            break;
        }
        fds_.push_back(fd);
        if (api_versions(fd)) ++answered_;
    }
    freeaddrinfo(ai);
}

idle_connections::~idle_connections() {
    for (int fd : fds_)
        ::close(fd);
}

}  // namespace samsa::loadgen
