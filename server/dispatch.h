// From a request frame to a response frame: parse the header, check the api and version,
// decode the body with the generated codec, call the API's handler, encode its response.
//
// Which APIs are served is decided in one place: an API is served exactly when
// server/handlers/handlers.h declares a handler for its request type.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "protocol/api_table.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/writer.h"
#include "server/request_context.h"

namespace samsa::server {

// A response ready to send: the size prefix, header and encoded body in `bytes`, with any
// external record pieces (segment file ranges) to be sent in place at their offsets.
struct response_frame {
    protocol::byte_buffer bytes;
    std::vector<protocol::external_ref> externals;
};

struct dispatch_outcome {
    std::optional<response_frame> response;
    bool close = false;
};

// Handles one request frame (the bytes after the size prefix). Fills ctx's header fields.
// owner keeps the frame's bytes alive; the decoded request's records hold it for as long as
// they are used.
boost::asio::awaitable<dispatch_outcome> dispatch(request_context& ctx,
                                                  std::shared_ptr<const void> owner,
                                                  protocol::bytes_view frame);

// Whether samsa serves this API (has a handler for it).
bool is_served(protocol::api_key key);

}  // namespace samsa::server
