// The codec dispatch, and the gzip and zstd codecs (lz4 and snappy: codec_lz4_snappy.cc).
#include "protocol/records/compression.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "protocol/records/codecs.h"

namespace samsa::protocol {

std::string_view to_string(compression_codec c) {
    switch (c) {
        case compression_codec::none:
            return "none";
        case compression_codec::gzip:
            return "gzip";
        case compression_codec::snappy:
            return "snappy";
        case compression_codec::lz4:
            return "lz4";
        case compression_codec::zstd:
            return "zstd";
    }
    return "unknown";
}

bool compress(compression_codec codec, bytes_view in, byte_buffer& out) {
    switch (codec) {
        case compression_codec::none:
            out.insert(out.end(), in.begin(), in.end());
            return true;
        case compression_codec::gzip:
            detail::gzip_compress(in, out);
            return true;
        case compression_codec::snappy:
            detail::snappy_compress(in, out);
            return true;
        case compression_codec::lz4:
            detail::lz4_compress(in, out);
            return true;
        case compression_codec::zstd:
            detail::zstd_compress(in, out);
            return true;
    }
    return false;
}

decode_errc decompress(compression_codec codec, bytes_view in, byte_buffer& out, size_t max_out) {
    // Typical record payloads shrink 2-10x; start at 4x and let the output grow from there.
    const size_t hint = std::min(in.size(), max_out / 4) * 4;
    detail::bounded_output bounded(out, max_out, hint);
    switch (codec) {
        case compression_codec::none: {
            if (in.empty()) return decode_errc::none;
            uint8_t* dst = bounded.take(in.size());
            if (dst == nullptr) return decode_errc::too_large;
            std::memcpy(dst, in.data(), in.size());
            return decode_errc::none;
        }
        case compression_codec::gzip:
            return detail::gzip_decompress(in, bounded);
        case compression_codec::snappy:
            return detail::snappy_decompress(in, bounded);
        case compression_codec::lz4:
            return detail::lz4_decompress(in, bounded);
        case compression_codec::zstd:
            return detail::zstd_decompress(in, bounded);
    }
    return decode_errc::bad_compression;
}

}  // namespace samsa::protocol

namespace samsa::protocol::detail {
namespace {

constexpr int gzip_window_bits = 16 + MAX_WBITS;  // 16: gzip wrapper, not zlib
constexpr int zstd_level = 3;                     // Kafka's compression.zstd.level default
constexpr int zstd_min_window_log = 23;           // 8 MiB: every level's streaming window

struct inflate_guard {
    z_stream* zs;
    ~inflate_guard() { inflateEnd(zs); }
};

struct zstd_dctx_free {
    void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

}  // namespace

void gzip_compress(bytes_view in, byte_buffer& out) {
    if (in.size() > UINT_MAX) std::abort();  // batches are below 2 GiB
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip_window_bits, 8,
                     Z_DEFAULT_STRATEGY)
        != Z_OK) {
        std::abort();  // only on out-of-memory
    }
    const size_t base = out.size();
    const size_t bound = deflateBound(&zs, in.size());
    out.resize(base + bound);
    zs.next_in = const_cast<Bytef*>(in.data());
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = out.data() + base;
    zs.avail_out = static_cast<uInt>(bound);
    const int rc = deflate(&zs, Z_FINISH);
    if (rc != Z_STREAM_END) std::abort();  // deflateBound guarantees room
    out.resize(base + zs.total_out);
    deflateEnd(&zs);
}

decode_errc gzip_decompress(bytes_view in, bounded_output& out) {
    if (in.size() > UINT_MAX) return decode_errc::bad_compression;
    z_stream zs{};
    if (inflateInit2(&zs, gzip_window_bits) != Z_OK) return decode_errc::bad_compression;
    const inflate_guard guard{&zs};
    zs.next_in = const_cast<Bytef*>(in.data());
    zs.avail_in = static_cast<uInt>(in.size());
    uint8_t probe[1];
    for (;;) {
        std::span<uint8_t> room = out.space();
        const bool probing = room.empty();
        if (probing) room = probe;
        const uInt avail = static_cast<uInt>(std::min<size_t>(room.size(), UINT_MAX));
        zs.next_out = room.data();
        zs.avail_out = avail;
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const size_t produced = avail - zs.avail_out;
        if (probing && produced > 0) return decode_errc::too_large;
        if (!probing) out.commit(produced);
        if (rc == Z_STREAM_END) {
            if (zs.avail_in == 0) return decode_errc::none;
            // Another gzip member follows (Java's GZIPInputStream reads them all).
            if (inflateReset(&zs) != Z_OK) return decode_errc::bad_compression;
            continue;
        }
        // Z_BUF_ERROR here means the input ended inside the stream: there is always room.
        if (rc != Z_OK) return decode_errc::bad_compression;
    }
}

void zstd_compress(bytes_view in, byte_buffer& out) {
    const size_t base = out.size();
    const size_t bound = ZSTD_compressBound(in.size());
    out.resize(base + bound);
    const size_t n = ZSTD_compress(out.data() + base, bound, in.data(), in.size(), zstd_level);
    if (ZSTD_isError(n)) std::abort();  // ZSTD_compressBound guarantees room
    out.resize(base + n);
}

decode_errc zstd_decompress(bytes_view in, bounded_output& out) {
    const std::unique_ptr<ZSTD_DCtx, zstd_dctx_free> dctx(ZSTD_createDCtx());
    if (!dctx) return decode_errc::bad_compression;
    // A frame may declare a window far larger than its content; refuse windows larger than
    // both the output bound and what any compression level uses.
    const int window_log =
        std::max(zstd_min_window_log, static_cast<int>(std::bit_width(out.limit())));
    const ZSTD_bounds limits = ZSTD_dParam_getBounds(ZSTD_d_windowLogMax);
    ZSTD_DCtx_setParameter(dctx.get(), ZSTD_d_windowLogMax,
                           std::min(window_log, limits.upperBound));
    ZSTD_inBuffer src{in.data(), in.size(), 0};
    uint8_t probe[1];
    for (;;) {
        std::span<uint8_t> room = out.space();
        const bool probing = room.empty();
        if (probing) room = probe;
        ZSTD_outBuffer dst{room.data(), room.size(), 0};
        const size_t rc = ZSTD_decompressStream(dctx.get(), &dst, &src);
        if (ZSTD_isError(rc)) return decode_errc::bad_compression;
        if (probing && dst.pos > 0) return decode_errc::too_large;
        if (!probing) out.commit(dst.pos);
        const bool input_done = src.pos == src.size;
        if (rc == 0 && input_done) return decode_errc::none;  // last frame complete
        // Input gone mid-frame with room to spare: the frame is cut short.
        if (input_done && dst.pos < dst.size) return decode_errc::bad_compression;
    }
}

}  // namespace samsa::protocol::detail
