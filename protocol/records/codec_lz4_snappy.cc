// lz4 (LZ4 frame format) and snappy (xerial framing, or one raw block), for compression.h.
#include <lz4frame.h>
#include <snappy.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "protocol/records/big_endian.h"
#include "protocol/records/codecs.h"

namespace samsa::protocol::detail {
namespace {

// xerial's stream header: magic, then int32 version and int32 oldest compatible version.
constexpr std::array<uint8_t, 8> xerial_magic{0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0x00};
constexpr size_t xerial_header_size = 16;
constexpr int32_t xerial_version = 1;
constexpr size_t xerial_block_size = 32 * 1024;  // xerial's default, which Kafka uses

struct lz4_dctx_free {
    void operator()(LZ4F_dctx* d) const { LZ4F_freeDecompressionContext(d); }
};

LZ4F_preferences_t kafka_lz4_preferences() {
    LZ4F_preferences_t prefs{};
    prefs.frameInfo.blockSizeID = LZ4F_max64KB;
    prefs.frameInfo.blockMode = LZ4F_blockIndependent;
    prefs.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum;
    prefs.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum;
    prefs.frameInfo.contentSize = 0;  // not recorded, as Kafka writes it
    prefs.compressionLevel = 0;       // fast mode: Kafka's default level uses the fast compressor
    return prefs;
}

bool starts_with_xerial_magic(bytes_view in) {
    return in.size() >= xerial_magic.size()
           && std::memcmp(in.data(), xerial_magic.data(), xerial_magic.size()) == 0;
}

decode_errc snappy_raw_block(bytes_view block, bounded_output& out) {
    const char* src = reinterpret_cast<const char*>(block.data());
    size_t n = 0;
    if (!snappy::GetUncompressedLength(src, block.size(), &n)) return decode_errc::bad_compression;
    if (n == 0) {
        return snappy::IsValidCompressedBuffer(src, block.size()) ? decode_errc::none
                                                                  : decode_errc::bad_compression;
    }
    uint8_t* dst = out.take(n);  // the length is checked against the bound before any growth
    if (dst == nullptr) return decode_errc::too_large;
    if (!snappy::RawUncompress(src, block.size(), reinterpret_cast<char*>(dst))) {
        return decode_errc::bad_compression;
    }
    return decode_errc::none;
}

decode_errc snappy_xerial(bytes_view in, bounded_output& out) {
    size_t pos = 0;
    while (pos < in.size()) {
        const bytes_view rest = in.subspan(pos);
        // A whole xerial stream may follow another one; its header shows up where a block
        // length would be (xerial's reader allows this, and the magic is no valid length).
        if (starts_with_xerial_magic(rest)) {
            if (rest.size() < xerial_header_size) return decode_errc::bad_compression;
            pos += xerial_header_size;
            continue;
        }
        if (rest.size() < 4) return decode_errc::bad_compression;
        const int32_t len = static_cast<int32_t>(be::load32(rest.data()));
        if (len < 0 || static_cast<size_t>(len) > rest.size() - 4) {
            return decode_errc::bad_compression;
        }
        const decode_errc e = snappy_raw_block(rest.subspan(4, static_cast<size_t>(len)), out);
        if (e != decode_errc::none) return e;
        pos += 4 + static_cast<size_t>(len);
    }
    return decode_errc::none;
}

}  // namespace

void lz4_compress(bytes_view in, byte_buffer& out) {
    const LZ4F_preferences_t prefs = kafka_lz4_preferences();
    const size_t base = out.size();
    const size_t bound = LZ4F_compressFrameBound(in.size(), &prefs);
    out.resize(base + bound);
    const size_t n = LZ4F_compressFrame(out.data() + base, bound, in.data(), in.size(), &prefs);
    if (LZ4F_isError(n)) std::abort();  // LZ4F_compressFrameBound guarantees room
    out.resize(base + n);
}

decode_errc lz4_decompress(bytes_view in, bounded_output& out) {
    LZ4F_dctx* raw = nullptr;
    if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) {
        return decode_errc::bad_compression;
    }
    const std::unique_ptr<LZ4F_dctx, lz4_dctx_free> dctx(raw);
    size_t pos = 0;
    uint8_t probe[1];
    for (;;) {
        std::span<uint8_t> room = out.space();
        const bool probing = room.empty();
        if (probing) room = probe;
        size_t dst_size = room.size();
        size_t src_size = in.size() - pos;
        const size_t rc = LZ4F_decompress(dctx.get(), room.data(), &dst_size, in.data() + pos,
                                          &src_size, nullptr);
        if (LZ4F_isError(rc)) return decode_errc::bad_compression;
        pos += src_size;
        if (probing && dst_size > 0) return decode_errc::too_large;
        if (!probing) out.commit(dst_size);
        const bool input_done = pos == in.size();
        if (rc == 0 && input_done) return decode_errc::none;  // frame complete, nothing after
        // Input gone mid-frame with room to spare: the frame is cut short.
        if (input_done && rc != 0 && dst_size < room.size()) return decode_errc::bad_compression;
    }
}

void snappy_compress(bytes_view in, byte_buffer& out) {
    size_t pos = out.size();
    out.resize(pos + xerial_header_size);
    std::memcpy(out.data() + pos, xerial_magic.data(), xerial_magic.size());
    be::store32(out.data() + pos + 8, xerial_version);
    be::store32(out.data() + pos + 12, xerial_version);
    pos += xerial_header_size;
    for (size_t at = 0; at < in.size(); at += xerial_block_size) {
        const size_t len = std::min(xerial_block_size, in.size() - at);
        out.resize(pos + 4 + snappy::MaxCompressedLength(len));
        size_t written = 0;
        snappy::RawCompress(reinterpret_cast<const char*>(in.data() + at), len,
                            reinterpret_cast<char*>(out.data() + pos + 4), &written);
        be::store32(out.data() + pos, static_cast<uint32_t>(written));
        pos += 4 + written;
        out.resize(pos);
    }
}

decode_errc snappy_decompress(bytes_view in, bounded_output& out) {
    if (starts_with_xerial_magic(in)) return snappy_xerial(in, out);
    return snappy_raw_block(in, out);  // librdkafka writes one unframed block
}

}  // namespace samsa::protocol::detail
