// Why a decoder gave up. Decoders never throw: they return one of these.
#pragma once

#include <cstdint>
#include <string_view>

namespace samsa::protocol {

enum class decode_errc : uint8_t {
    none = 0,
    truncated,            // fewer bytes than a field needs
    bad_varint,           // a varint longer than its type allows, or cut short
    bad_length,           // a length or count that is negative (and not null) or absurd
    unexpected_null,      // null where the version does not allow it
    tags_out_of_order,    // tagged fields not in strictly ascending order
    duplicate_tag,        // the same tag twice in one struct
    bad_tagged_field,     // a known tagged field whose size disagrees with its content
    unsupported_version,  // a version the message does not define
    unknown_api,          // an api key this broker does not know
    bad_batch,            // a record batch that is not a well-formed v2 batch
    bad_compression,      // a compressed payload that does not decompress
    too_large,            // decompressed data above the allowed bound
};

std::string_view to_string(decode_errc e);

}  // namespace samsa::protocol
