#include "server/response_writer.h"

#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace samsa::server {

namespace asio = boost::asio;

asio::awaitable<void> write_response(asio::ip::tcp::socket& socket, response_frame frame) {
    size_t sent = 0;
    for (const auto& ext : frame.externals) {
        if (ext.buffer_offset > sent) {
            co_await asio::async_write(
                socket, asio::buffer(frame.bytes.data() + sent, ext.buffer_offset - sent),
                asio::use_awaitable);
            sent = ext.buffer_offset;
        }
        const auto* piece = dynamic_cast<const sendable_records*>(ext.piece.get());
        if (piece == nullptr) std::abort();  // every external piece the server makes is sendable
        co_await piece->send(socket);
    }
    if (sent < frame.bytes.size()) {
        co_await asio::async_write(
            socket, asio::buffer(frame.bytes.data() + sent, frame.bytes.size() - sent),
            asio::use_awaitable);
    }
}

}  // namespace samsa::server
