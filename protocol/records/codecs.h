// Internal to protocol/records: the per-codec compressors and decompressors behind the
// dispatch in compression.cc, and the bounded output buffer the decompressors write into.
// Compressors append to out; contracts are those of compression.h.
#pragma once

#include <algorithm>
#include <span>

#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace samsa::protocol::detail {

// The output side of a decompressor: appended to a caller's buffer, never grown past a
// bound.
//
// A decoder asks space() for room, writes into it, and commit()s what it wrote. The buffer
// grows geometrically, with exact reservations so the vector never allocates more than
// the bound. When the bound is reached space() is empty; decoders then run once into a
// small probe buffer to learn whether more output exists (too_large) or not (done).
// finish() trims the buffer to what was committed; the destructor calls it too.
class bounded_output {
  public:
    bounded_output(byte_buffer& out, size_t max_out, size_t size_hint)
        : out_(out), base_(out.size()), limit_(max_out), hint_(size_hint) {}
    bounded_output(const bounded_output&) = delete;
    bounded_output& operator=(const bounded_output&) = delete;
    ~bounded_output() { finish(); }

    // Room after the committed bytes; empty once the bound is reached.
    std::span<uint8_t> space() {
        if (written_ == capacity_) grow(0);
        return {out_.data() + base_ + written_, capacity_ - written_};
    }
    // Exactly n bytes of room, or nullptr when n more would pass the bound.
    uint8_t* take(size_t n) {
        if (n > limit_ - written_) return nullptr;
        if (n > capacity_ - written_) grow(written_ + n);
        uint8_t* p = out_.data() + base_ + written_;
        written_ += n;
        return p;
    }
    void commit(size_t n) { written_ += n; }
    size_t written() const { return written_; }
    size_t limit() const { return limit_; }
    void finish() { out_.resize(base_ + written_); }

  private:
    void grow(size_t at_least) {
        size_t want = std::max({capacity_ * 2, hint_, size_t{64} << 10, at_least});
        want = std::min(want, limit_);
        if (want <= capacity_) return;
        if (base_ + want > out_.capacity()) out_.reserve(base_ + want);
        out_.resize(base_ + want);
        capacity_ = want;
    }

    byte_buffer& out_;
    size_t base_;
    size_t limit_;
    size_t hint_;
    size_t capacity_ = 0;
    size_t written_ = 0;
};

void gzip_compress(bytes_view in, byte_buffer& out);
decode_errc gzip_decompress(bytes_view in, bounded_output& out);

void zstd_compress(bytes_view in, byte_buffer& out);
decode_errc zstd_decompress(bytes_view in, bounded_output& out);

// In codec_lz4_snappy.cc.
void lz4_compress(bytes_view in, byte_buffer& out);
decode_errc lz4_decompress(bytes_view in, bounded_output& out);

void snappy_compress(bytes_view in, byte_buffer& out);
decode_errc snappy_decompress(bytes_view in, bounded_output& out);

}  // namespace samsa::protocol::detail
