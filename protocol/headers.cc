#include "protocol/headers.h"

#include "protocol/wire/message_impl.h"

namespace samsa::protocol {

decode_errc parse_request_header(bytes_view frame, parsed_request_header& out) {
    reader peek(frame);
    const int16_t key = peek.read_int16();
    const int16_t version = peek.read_int16();
    if (!peek.ok()) return peek.error();
    out.api = find_api(key);
    const int16_t header_version = out.api ? request_header_version(*out.api, version) : 1;
    reader r(frame);
    out.header.decode(r, header_version);
    if (!r.ok()) return r.error();
    out.body_offset = frame.size() - r.remaining();
    return out.api ? decode_errc::none : decode_errc::unknown_api;
}

void write_response_header(writer& w, int32_t correlation_id, int16_t header_version) {
    w.write_int32(correlation_id);
    if (header_version >= 1) w.write_uvarint(0);
}

}  // namespace samsa::protocol
