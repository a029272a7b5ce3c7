#include "protocol/wire/decode_error.h"

namespace samsa::protocol {

std::string_view to_string(decode_errc e) {
    switch (e) {
        case decode_errc::none:
            return "none";
        case decode_errc::truncated:
            return "truncated";
        case decode_errc::bad_varint:
            return "bad varint";
        case decode_errc::bad_length:
            return "bad length";
        case decode_errc::unexpected_null:
            return "unexpected null";
        case decode_errc::tags_out_of_order:
            return "tagged fields out of order";
        case decode_errc::duplicate_tag:
            return "duplicate tagged field";
        case decode_errc::bad_tagged_field:
            return "bad tagged field";
        case decode_errc::unsupported_version:
            return "unsupported version";
        case decode_errc::unknown_api:
            return "unknown api key";
        case decode_errc::bad_batch:
            return "bad record batch";
        case decode_errc::bad_compression:
            return "bad compressed data";
        case decode_errc::too_large:
            return "too large";
    }
    return "unknown";
}

}  // namespace samsa::protocol
