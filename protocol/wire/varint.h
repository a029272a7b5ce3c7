// Kafka's variable-length integers: unsigned LEB128 varints (flexible-version lengths,
// counts and tags) and zig-zag signed varints (record fields inside batches).
//
// Decoders take [p, end) and return the number of bytes consumed, or 0 when the input
// is truncated or the varint is longer than its type allows (5 bytes for 32 bits, 10 for
// 64). They never read past end.
#pragma once

#include <cstddef>
#include <cstdint>

namespace samsa::protocol {

inline constexpr size_t uvarint_size(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

inline constexpr uint64_t zigzag_encode(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline constexpr uint32_t zigzag_encode32(int32_t v) {
    return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31);
}
inline constexpr int64_t zigzag_decode(uint64_t v) {
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}
inline constexpr int32_t zigzag_decode32(uint32_t v) {
    return static_cast<int32_t>(v >> 1) ^ -static_cast<int32_t>(v & 1);
}

inline constexpr size_t varint_size(int32_t v) {
    return uvarint_size(zigzag_encode32(v));
}
inline constexpr size_t varlong_size(int64_t v) {
    return uvarint_size(zigzag_encode(v));
}

// Writes v at p (which must have uvarint_size(v) bytes); returns the byte after it.
inline uint8_t* put_uvarint(uint8_t* p, uint64_t v) {
    while (v >= 0x80) {
        *p++ = static_cast<uint8_t>(v) | 0x80;
        v >>= 7;
    }
    *p++ = static_cast<uint8_t>(v);
    return p;
}
inline uint8_t* put_varint(uint8_t* p, int32_t v) {
    return put_uvarint(p, zigzag_encode32(v));
}
inline uint8_t* put_varlong(uint8_t* p, int64_t v) {
    return put_uvarint(p, zigzag_encode(v));
}

namespace detail {
template <typename U, size_t MaxBytes>
inline size_t get_uvarint(const uint8_t* p, const uint8_t* end, U& out) {
    U value = 0;
    for (size_t i = 0; i < MaxBytes; ++i) {
        if (p + i >= end) return 0;
        const uint8_t b = p[i];
        value |= static_cast<U>(b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
            out = value;
            return i + 1;
        }
    }
    return 0;  // too long for U
}
}  // namespace detail

inline size_t get_uvarint32(const uint8_t* p, const uint8_t* end, uint32_t& out) {
    return detail::get_uvarint<uint32_t, 5>(p, end, out);
}
inline size_t get_uvarint64(const uint8_t* p, const uint8_t* end, uint64_t& out) {
    return detail::get_uvarint<uint64_t, 10>(p, end, out);
}
inline size_t get_varint32(const uint8_t* p, const uint8_t* end, int32_t& out) {
    uint32_t u = 0;
    const size_t n = get_uvarint32(p, end, u);
    out = zigzag_decode32(u);
    return n;
}
inline size_t get_varint64(const uint8_t* p, const uint8_t* end, int64_t& out) {
    uint64_t u = 0;
    const size_t n = get_uvarint64(p, end, u);
    out = zigzag_decode(u);
    return n;
}

}  // namespace samsa::protocol
