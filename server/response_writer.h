// Sends a response frame: the encoded bytes, with any external record pieces sent in
// place at their offsets. An external piece must implement sendable_records (segment file
// ranges do, with sendfile); the protocol layer only knows their sizes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "protocol/wire/records.h"
#include "server/dispatch.h"

namespace samsa::server {

class sendable_records : public protocol::external_records {
  public:
    // Writes all of the piece's bytes to the socket, or throws.
    virtual boost::asio::awaitable<void> send(boost::asio::ip::tcp::socket& socket) const = 0;
};

boost::asio::awaitable<void> write_response(boost::asio::ip::tcp::socket& socket,
                                            response_frame frame);

}  // namespace samsa::server
