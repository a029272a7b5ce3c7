// Every generated message type behind one type-erased table, for tests and fuzzing that
// walk all messages and versions. Not used on the request path.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "protocol/wire/message.h"

namespace samsa::protocol {

struct message_codec {
    std::string_view name;    // the C++ type name, e.g. "fetch_request"
    std::string_view folder;  // its schema folder: api, header, data, metadata, coordinator
    message_info info;
    // Decodes `in` at `version`; on success re-encodes into *out and renders the JSON view
    // into *json (either may be null).
    decode_errc (*round_trip)(bytes_view in, int16_t version, byte_buffer* out, std::string* json);
    // The encoding of a default-constructed message at `version`.
    byte_buffer (*encode_default)(int16_t version);
};

std::span<const message_codec> all_message_codecs();
const message_codec* find_message_codec(std::string_view name);

}  // namespace samsa::protocol
