// Tagged fields (flexible versions) that a decoder did not recognise. They are kept, in
// order, so a message survives a decode/encode round trip byte for byte.
#pragma once

#include <cstdint>
#include <vector>

#include "protocol/wire/bytes.h"

namespace samsa::protocol {

struct raw_tagged_field {
    uint32_t tag = 0;
    byte_buffer data;

    friend bool operator==(const raw_tagged_field&, const raw_tagged_field&) = default;
};

using unknown_tagged_fields = std::vector<raw_tagged_field>;

}  // namespace samsa::protocol
