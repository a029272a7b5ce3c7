// Request and response headers: the bytes between a frame's size prefix and its body.
//
// Request header v1 is api key, api version, correlation id and a nullable client id with
// an int16 length; v2 adds tagged fields. The api key and version (always the first four
// bytes) decide which: see request_header_version() in api_table.h.
#pragma once

#include <cstdint>

#include "protocol/api_table.h"
#include "protocol/messages/request_header.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace samsa::protocol {

class writer;

struct parsed_request_header {
    request_header header;
    const api_info* api = nullptr;  // null for an api key Kafka does not define
    size_t body_offset = 0;         // where the request body starts in the frame
};

// Parses the header of a request frame (the bytes after the size prefix). On
// decode_errc::unknown_api the api key, version and correlation id are still filled in,
// read as header v1, so the caller can say what it refuses. Views in the result point
// into `frame`.
decode_errc parse_request_header(bytes_view frame, parsed_request_header& out);

// Response header: correlation id, plus an empty tagged-field section in v1.
inline size_t response_header_size(int16_t header_version) {
    return header_version >= 1 ? 5 : 4;
}
void write_response_header(writer& w, int32_t correlation_id, int16_t header_version);

}  // namespace samsa::protocol
