// Byte spans and buffers used across the protocol layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace samsa::protocol {

// A read-only view of bytes owned elsewhere. Never owns; valid only while the owner lives.
using bytes_view = std::span<const uint8_t>;
// Owned, growable bytes.
using byte_buffer = std::vector<uint8_t>;

inline bytes_view as_bytes(std::string_view s) {
    return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline std::string_view as_chars(bytes_view b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace samsa::protocol
