#include "server/connection.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "server/broker_services.h"
#include "server/dispatch.h"
#include "server/response_writer.h"

namespace samsa::server {
namespace {

namespace asio = boost::asio;
using asio::use_awaitable;
using tcp = asio::ip::tcp;
using clock = std::chrono::steady_clock;

std::string peer_of(const tcp::socket& socket) {
    boost::system::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    return ec ? std::string("unknown") : ep.address().to_string() + ":" + std::to_string(ep.port());
}

// A connection's state, shared by its request loop and its idle watchdog.
struct connection_state {
    explicit connection_state(tcp::socket s) : socket(std::move(s)), timer(socket.get_executor()) {}

    tcp::socket socket;
    asio::steady_timer timer;
    clock::time_point last_active = clock::now();
    std::string peer;
    bool done = false;
};

// Reads and serves requests until the peer goes away or a request asks to close.
asio::awaitable<void> serve_requests(connection_state& st, const connection_options& options,
                                     broker_services* services) {
    tcp::socket& socket = st.socket;
    const std::string& peer = st.peer;
    clock::time_point& last_active = st.last_active;
    std::array<uint8_t, 4> size_bytes{};
    for (;;) {
        if (services->stopping()) co_return;
        co_await asio::async_read(socket, asio::buffer(size_bytes), use_awaitable);
        last_active = clock::now();
        const int32_t size =
            static_cast<int32_t>((uint32_t{size_bytes[0]} << 24) | (uint32_t{size_bytes[1]} << 16)
                                 | (uint32_t{size_bytes[2]} << 8) | size_bytes[3]);
        if (size <= 0 || size > options.max_request_bytes) {
            spdlog::info("closing connection from {}: request size {} outside 1..{}", peer, size,
                         options.max_request_bytes);
            co_return;
        }
        // Not zero-filled: the read overwrites every byte (for_overwrite).
        std::shared_ptr<uint8_t[]> frame =
            std::make_shared_for_overwrite<uint8_t[]>(static_cast<size_t>(size));
        co_await asio::async_read(socket, asio::buffer(frame.get(), static_cast<size_t>(size)),
                                  use_awaitable);
        request_context ctx;
        ctx.listener = options.listener;
        ctx.peer = peer;
        ctx.services = services;
        const protocol::bytes_view view(frame.get(), static_cast<size_t>(size));
        dispatch_outcome outcome = co_await dispatch(ctx, std::move(frame), view);
        if (outcome.response) co_await write_response(socket, std::move(*outcome.response));
        last_active = clock::now();
        if (outcome.close) co_return;
    }
}

// Closes the socket once the connection has been idle for the timeout, which ends the
// read in progress. Runs beside serve_requests and ends when the connection does.
asio::awaitable<void> idle_watchdog(std::shared_ptr<connection_state> st, int64_t timeout_ms) {
    const auto timeout = std::chrono::milliseconds(timeout_ms);
    for (;;) {
        st->timer.expires_at(st->last_active + timeout);
        co_await st->timer.async_wait(asio::as_tuple(use_awaitable));
        if (st->done) co_return;
        if (clock::now() - st->last_active >= timeout) {
            spdlog::debug("closing idle connection from {}", st->peer);
            boost::system::error_code ignored;
            st->socket.close(ignored);
            co_return;
        }
    }
}

}  // namespace

asio::awaitable<void> serve_connection(tcp::socket socket, connection_options options,
                                       broker_services* services) {
    auto st = std::make_shared<connection_state>(std::move(socket));
    st->peer = peer_of(st->socket);
    boost::system::error_code ignored;
    st->socket.set_option(tcp::no_delay(true), ignored);
    auto registration = services->connections().add(st->socket);
    asio::co_spawn(st->socket.get_executor(), idle_watchdog(st, options.idle_timeout_ms),
                   asio::detached);
    try {
        co_await serve_requests(*st, options, services);
    } catch (const boost::system::system_error& e) {
        if (e.code() != asio::error::eof && e.code() != asio::error::connection_reset
            && e.code() != asio::error::operation_aborted
            && e.code() != asio::error::bad_descriptor) {
            spdlog::debug("connection from {} ended: {}", st->peer, e.what());
        }
    }
    st->done = true;
    st->timer.cancel();
    st->socket.shutdown(tcp::socket::shutdown_both, ignored);
    st->socket.close(ignored);
}

}  // namespace samsa::server
