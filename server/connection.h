// One client connection. Reads size-prefixed frames, handles each request in turn, and
// writes its response before reading the next frame, so responses leave strictly in
// request order (Kafka processes one request per connection at a time too). A frame
// larger than socket.request.max.bytes, a negative size or a malformed request closes
// the connection; nothing else is affected.
//
// Runs on the executor of its socket (one event loop thread); all its state lives in the
// coroutine frame.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <string>

namespace samsa::server {

struct broker_services;

struct connection_options {
    std::string listener;       // listener name, e.g. "PLAINTEXT"
    int32_t max_request_bytes;  // socket.request.max.bytes
    int64_t idle_timeout_ms;    // connections.max.idle.ms
};

// Serves the socket until the client closes, an error, idleness, or broker shutdown.
boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket,
                                              connection_options options,
                                              broker_services* services);

}  // namespace samsa::server
