// A bounds-checked cursor over a received frame, big-endian as Kafka encodes.
//
// Every read checks the remaining bytes. The first failure is remembered (error()), the
// cursor jumps to the end, and every later read returns a zero value, so a decoder can run
// to completion and check ok() once. Nothing here allocates, and nothing is sized by a
// length that has not been checked against the bytes that remain.
//
// Not thread-safe; cheap to copy. Views returned by read_raw point into the frame, which
// owner() (when set) keeps alive.
#pragma once

#include <cstring>
#include <memory>

#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"
#include "protocol/wire/uuid.h"
#include "protocol/wire/varint.h"

namespace samsa::protocol {

class reader {
  public:
    explicit reader(bytes_view data, std::shared_ptr<const void> owner = nullptr)
        : p_(data.data()), end_(data.data() + data.size()), owner_(std::move(owner)) {}

    bool ok() const { return err_ == decode_errc::none; }
    decode_errc error() const { return err_; }
    void fail(decode_errc e) {
        if (err_ == decode_errc::none) err_ = e;
        p_ = end_;
    }
    size_t remaining() const { return static_cast<size_t>(end_ - p_); }
    const uint8_t* cursor() const { return p_; }
    const std::shared_ptr<const void>& owner() const { return owner_; }

    int8_t read_int8() { return static_cast<int8_t>(read_be<uint8_t>()); }
    int16_t read_int16() { return static_cast<int16_t>(read_be<uint16_t>()); }
    uint16_t read_uint16() { return read_be<uint16_t>(); }
    int32_t read_int32() { return static_cast<int32_t>(read_be<uint32_t>()); }
    uint32_t read_uint32() { return read_be<uint32_t>(); }
    int64_t read_int64() { return static_cast<int64_t>(read_be<uint64_t>()); }
    double read_float64() {
        const uint64_t bits = read_be<uint64_t>();
        double d;
        std::memcpy(&d, &bits, sizeof d);
        return d;
    }
    bool read_bool() { return read_be<uint8_t>() != 0; }
    uuid read_uuid() {
        uuid u;
        const bytes_view raw = read_raw(16);
        if (!raw.empty()) std::memcpy(u.bytes.data(), raw.data(), 16);
        return u;
    }

    uint32_t read_uvarint() {
        uint32_t v = 0;
        const size_t n = get_uvarint32(p_, end_, v);
        if (n == 0) {
            fail(remaining() < 5 ? decode_errc::truncated : decode_errc::bad_varint);
            return 0;
        }
        p_ += n;
        return v;
    }
    int32_t read_varint() { return zigzag_decode32(read_uvarint()); }
    int64_t read_varlong() {
        uint64_t v = 0;
        const size_t n = get_uvarint64(p_, end_, v);
        if (n == 0) {
            fail(remaining() < 10 ? decode_errc::truncated : decode_errc::bad_varint);
            return 0;
        }
        p_ += n;
        return zigzag_decode(v);
    }

    // n bytes in place, or an empty view (and a failure) when fewer remain.
    bytes_view read_raw(size_t n) {
        if (n > remaining()) {
            fail(decode_errc::truncated);
            return {};
        }
        const bytes_view out(p_, n);
        p_ += n;
        return out;
    }
    void skip(size_t n) { read_raw(n); }

    // Length prefixes. Each returns -1 for null, else a length that fits in the remaining
    // bytes (a longer one fails as truncated). A compact (flexible-version) length is an
    // unsigned varint holding length + 1.
    int32_t read_string_length(bool compact) {
        return check_length(compact ? compact_length() : read_int16());
    }
    int32_t read_bytes_length(bool compact) {
        return check_length(compact ? compact_length() : read_int32());
    }
    // Array counts are bounded by the remaining bytes too, as Kafka's generated readers
    // check: no element takes less than a byte on the wire.
    int32_t read_array_length(bool compact) {
        return check_length(compact ? compact_length() : read_int32());
    }

  private:
    template <typename U>
    U read_be() {
        if (remaining() < sizeof(U)) {
            fail(decode_errc::truncated);
            return 0;
        }
        U v;
        std::memcpy(&v, p_, sizeof v);
        p_ += sizeof v;
        if constexpr (sizeof(U) == 2) v = __builtin_bswap16(v);
        if constexpr (sizeof(U) == 4) v = __builtin_bswap32(v);
        if constexpr (sizeof(U) == 8) v = __builtin_bswap64(v);
        return v;
    }

    int32_t compact_length() {
        const uint32_t v = read_uvarint();
        if (!ok()) return 0;
        if (v > 0x7fffffffu) {
            fail(decode_errc::bad_length);
            return 0;
        }
        return static_cast<int32_t>(v) - 1;
    }

    int32_t check_length(int32_t n) {
        if (!ok()) return 0;
        if (n < -1) {
            fail(decode_errc::bad_length);
            return 0;
        }
        if (n > 0 && static_cast<size_t>(n) > remaining()) {
            fail(decode_errc::truncated);
            return 0;
        }
        return n;
    }

    const uint8_t* p_;
    const uint8_t* end_;
    std::shared_ptr<const void> owner_;
    decode_errc err_ = decode_errc::none;
};

}  // namespace samsa::protocol
