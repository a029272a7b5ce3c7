// Writes big-endian Kafka encodings into a buffer sized beforehand by the message's
// size() pass. Writing past the end is a bug in a size computation and aborts.
//
// External records pieces (file ranges) are not copied: the writer notes where in the
// buffer each one belongs, in `externals`, and the server sends the buffer and the pieces
// interleaved. Without an externals list, meeting one is a bug and aborts.
#pragma once

#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "protocol/wire/bytes.h"
#include "protocol/wire/records.h"
#include "protocol/wire/uuid.h"
#include "protocol/wire/varint.h"

namespace samsa::protocol {

// An external piece and the buffer offset it goes before.
struct external_ref {
    size_t buffer_offset;
    std::shared_ptr<const external_records> piece;
};

class writer {
  public:
    writer(uint8_t* begin, uint8_t* end, std::vector<external_ref>* externals = nullptr)
        : begin_(begin), p_(begin), end_(end), externals_(externals) {}

    size_t written() const { return static_cast<size_t>(p_ - begin_); }
    uint8_t* cursor() { return p_; }

    void write_int8(int8_t v) { write_be(static_cast<uint8_t>(v)); }
    void write_int16(int16_t v) { write_be(static_cast<uint16_t>(v)); }
    void write_uint16(uint16_t v) { write_be(v); }
    void write_int32(int32_t v) { write_be(static_cast<uint32_t>(v)); }
    void write_uint32(uint32_t v) { write_be(v); }
    void write_int64(int64_t v) { write_be(static_cast<uint64_t>(v)); }
    void write_float64(double d) {
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof bits);
        write_be(bits);
    }
    void write_bool(bool v) { write_be(static_cast<uint8_t>(v ? 1 : 0)); }
    void write_uuid(const uuid& u) { write_raw(u.bytes); }
    void write_uvarint(uint64_t v) {
        reserve(uvarint_size(v));
        p_ = put_uvarint(p_, v);
    }
    void write_varint(int32_t v) { write_uvarint(zigzag_encode32(v)); }
    void write_varlong(int64_t v) { write_uvarint(zigzag_encode(v)); }
    void write_raw(bytes_view b) {
        if (b.empty()) return;
        reserve(b.size());
        std::memcpy(p_, b.data(), b.size());
        p_ += b.size();
    }
    // The pieces of a records value (its length prefix is written by the caller).
    void write_records(const records& r) {
        for (const auto& piece : r.pieces()) {
            if (const auto* m = std::get_if<records::memory_piece>(&piece)) {
                write_raw(m->data);
            } else {
                if (externals_ == nullptr) std::abort();
                externals_->push_back(
                    {written(), std::get<std::shared_ptr<const external_records>>(piece)});
            }
        }
    }

  private:
    void reserve(size_t n) {
        if (n > static_cast<size_t>(end_ - p_)) std::abort();
    }
    template <typename U>
    void write_be(U v) {
        if constexpr (sizeof(U) == 2) v = __builtin_bswap16(v);
        if constexpr (sizeof(U) == 4) v = __builtin_bswap32(v);
        if constexpr (sizeof(U) == 8) v = __builtin_bswap64(v);
        reserve(sizeof v);
        std::memcpy(p_, &v, sizeof v);
        p_ += sizeof v;
    }

    uint8_t* begin_;
    uint8_t* p_;
    uint8_t* end_;
    std::vector<external_ref>* externals_;
};

}  // namespace samsa::protocol
