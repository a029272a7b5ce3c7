// How each codec frames its output, and the framings of other writers the decoders accept.
#include <gtest/gtest.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zstd.h>

#include <cstring>
#include <string>

#include "protocol/records/compression.h"

namespace samsa::protocol {
namespace {

constexpr size_t unbounded = size_t{1} << 30;

byte_buffer text(size_t n) {
    std::string s;
    for (size_t i = 0; s.size() < n; ++i)
        s += "record-" + std::to_string(i * 7919 % 1000) + ";";
    s.resize(n);
    return byte_buffer(s.begin(), s.end());
}

uint32_t load_be32(const uint8_t* p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

void append_be32(byte_buffer& b, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        b.push_back(static_cast<uint8_t>(v >> shift));
}

void append_le32(byte_buffer& b, uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8)
        b.push_back(static_cast<uint8_t>(v >> shift));
}

byte_buffer raw_snappy(bytes_view in) {
    std::string out;
    snappy::Compress(reinterpret_cast<const char*>(in.data()), in.size(), &out);
    return byte_buffer(out.begin(), out.end());
}

const byte_buffer xerial_header = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};

TEST(SnappyFraming, OutputIsXerialHeaderThenBlocksOfAtMost32KiB) {
    const byte_buffer input = text(100000);
    byte_buffer packed;
    ASSERT_TRUE(compress(compression_codec::snappy, input, packed));
    ASSERT_GE(packed.size(), xerial_header.size());
    EXPECT_TRUE(std::equal(xerial_header.begin(), xerial_header.end(), packed.begin()));
    size_t pos = xerial_header.size();
    size_t blocks = 0;
    size_t total = 0;
    while (pos < packed.size()) {
        const uint32_t len = load_be32(packed.data() + pos);
        size_t raw_len = 0;
        ASSERT_TRUE(snappy::GetUncompressedLength(
            reinterpret_cast<const char*>(packed.data() + pos + 4), len, &raw_len));
        EXPECT_LE(raw_len, 32768u);
        total += raw_len;
        pos += 4 + len;
        ++blocks;
    }
    EXPECT_EQ(pos, packed.size());
    EXPECT_EQ(blocks, 4u);  // 100000 bytes in 32 KiB blocks
    EXPECT_EQ(total, input.size());
}

TEST(SnappyFraming, PlainRawBlockWithoutFramingIsAccepted) {
    const byte_buffer input = text(50000);
    byte_buffer out;
    ASSERT_EQ(decompress(compression_codec::snappy, raw_snappy(input), out, unbounded),
              decode_errc::none);
    EXPECT_EQ(out, input);
}

TEST(SnappyFraming, ConcatenatedXerialStreamsDecodeInOrder) {
    byte_buffer packed;
    ASSERT_TRUE(compress(compression_codec::snappy, as_bytes("first "), packed));
    ASSERT_TRUE(compress(compression_codec::snappy, as_bytes("second"), packed));
    byte_buffer out;
    ASSERT_EQ(decompress(compression_codec::snappy, packed, out, unbounded), decode_errc::none);
    EXPECT_EQ(as_chars(out), "first second");
}

TEST(SnappyFraming, BlockLengthPastTheEndIsBadCompression) {
    byte_buffer packed = xerial_header;
    const byte_buffer block = raw_snappy(as_bytes("payload"));
    append_be32(packed, static_cast<uint32_t>(block.size() + 1));
    packed.insert(packed.end(), block.begin(), block.end());
    byte_buffer out;
    EXPECT_EQ(decompress(compression_codec::snappy, packed, out, unbounded),
              decode_errc::bad_compression);
}

TEST(SnappyFraming, HeaderCutShortIsBadCompression) {
    byte_buffer out;
    EXPECT_EQ(
        decompress(compression_codec::snappy, bytes_view(xerial_header).first(12), out, unbounded),
        decode_errc::bad_compression);
}

TEST(SnappyFraming, RawBlockClaimingMoreThanTheBoundIsTooLargeBeforeAllocating) {
    const byte_buffer block = raw_snappy(byte_buffer(1 << 20, 'x'));
    byte_buffer out;
    EXPECT_EQ(decompress(compression_codec::snappy, block, out, 1000), decode_errc::too_large);
    EXPECT_LE(out.capacity(), 1000u);
}

TEST(Lz4Framing, OutputHasKafkaFrameDescriptorAndEndMark) {
    byte_buffer packed;
    ASSERT_TRUE(compress(compression_codec::lz4, text(200000), packed));
    // Magic 0x184D2204 (little-endian), FLG 0x60 (version 1, independent blocks, no
    // checksums, no content size), BD 0x40 (64 KiB blocks), header checksum 0x82.
    const byte_buffer header = {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82};
    ASSERT_GT(packed.size(), header.size() + 4);
    EXPECT_TRUE(std::equal(header.begin(), header.end(), packed.begin()));
    EXPECT_EQ(load_be32(packed.data() + packed.size() - 4), 0u);  // end mark, no checksum
}

TEST(Lz4Framing, HandBuiltKafkaFrameWithStoredBlockDecodes) {
    // What Kafka's writer emits for incompressible data: the block stored as is, its size
    // with the high bit set.
    byte_buffer frame = {0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82};
    const std::string payload = "stored, not compressed";
    append_le32(frame, static_cast<uint32_t>(payload.size()) | 0x80000000u);
    frame.insert(frame.end(), payload.begin(), payload.end());
    append_le32(frame, 0);
    byte_buffer out;
    ASSERT_EQ(decompress(compression_codec::lz4, frame, out, unbounded), decode_errc::none);
    EXPECT_EQ(as_chars(out), payload);
}

TEST(Lz4Framing, FramesWithContentSizeChecksumsAndOtherBlockSizesDecode) {
    const byte_buffer input = text(300000);
    for (int variant = 0; variant < 4; ++variant) {
        LZ4F_preferences_t prefs{};
        prefs.frameInfo.blockMode = variant == 3 ? LZ4F_blockLinked : LZ4F_blockIndependent;
        prefs.frameInfo.contentSize = variant >= 1 ? input.size() : 0;
        prefs.frameInfo.contentChecksumFlag =
            variant >= 2 ? LZ4F_contentChecksumEnabled : LZ4F_noContentChecksum;
        prefs.frameInfo.blockChecksumFlag =
            variant >= 2 ? LZ4F_blockChecksumEnabled : LZ4F_noBlockChecksum;
        prefs.frameInfo.blockSizeID = variant >= 2 ? LZ4F_max4MB : LZ4F_default;
        prefs.compressionLevel = variant;
        byte_buffer frame(LZ4F_compressFrameBound(input.size(), &prefs));
        const size_t n =
            LZ4F_compressFrame(frame.data(), frame.size(), input.data(), input.size(), &prefs);
        ASSERT_FALSE(LZ4F_isError(n));
        frame.resize(n);
        byte_buffer out;
        ASSERT_EQ(decompress(compression_codec::lz4, frame, out, unbounded), decode_errc::none)
            << "variant " << variant;
        EXPECT_EQ(out, input);
    }
}

TEST(Lz4Framing, WrongHeaderChecksumIsBadCompression) {
    byte_buffer packed;
    ASSERT_TRUE(compress(compression_codec::lz4, text(1000), packed));
    packed[6] ^= 0xff;
    byte_buffer out;
    EXPECT_EQ(decompress(compression_codec::lz4, packed, out, unbounded),
              decode_errc::bad_compression);
}

TEST(Lz4Framing, TrailingGarbageAfterTheFrameIsBadCompression) {
    byte_buffer packed;
    ASSERT_TRUE(compress(compression_codec::lz4, text(1000), packed));
    packed.push_back(0x00);
    packed.push_back(0x01);
    byte_buffer out;
    EXPECT_EQ(decompress(compression_codec::lz4, packed, out, unbounded),
              decode_errc::bad_compression);
}

TEST(ZstdFraming, StreamedFrameWithoutContentSizeDecodes) {
    const byte_buffer input = text(500000);
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ASSERT_NE(cctx, nullptr);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 3);
    byte_buffer frame(ZSTD_compressBound(input.size()));
    ZSTD_outBuffer dst{frame.data(), frame.size(), 0};
    ZSTD_inBuffer src{input.data(), input.size(), 0};
    // Fed in two calls without a pledged size, as a streaming writer does.
    ZSTD_inBuffer first{input.data(), input.size() / 2, 0};
    ASSERT_FALSE(ZSTD_isError(ZSTD_compressStream2(cctx, &dst, &first, ZSTD_e_continue)));
    src.pos = first.pos;
    size_t left = 0;
    do {
        left = ZSTD_compressStream2(cctx, &dst, &src, ZSTD_e_end);
        ASSERT_FALSE(ZSTD_isError(left));
    } while (left != 0);
    ZSTD_freeCCtx(cctx);
    frame.resize(dst.pos);
    ASSERT_EQ(ZSTD_getFrameContentSize(frame.data(), frame.size()), ZSTD_CONTENTSIZE_UNKNOWN);
    byte_buffer out;
    ASSERT_EQ(decompress(compression_codec::zstd, frame, out, unbounded), decode_errc::none);
    EXPECT_EQ(out, input);
}

TEST(ZstdFraming, ConcatenatedFramesDecodeInOrder) {
    byte_buffer packed;
    ASSERT_TRUE(compress(compression_codec::zstd, as_bytes("one "), packed));
    ASSERT_TRUE(compress(compression_codec::zstd, as_bytes("two"), packed));
    byte_buffer out;
    ASSERT_EQ(decompress(compression_codec::zstd, packed, out, unbounded), decode_errc::none);
    EXPECT_EQ(as_chars(out), "one two");
}

TEST(ZstdFraming, FrameDeclaringAHugeWindowIsRefusedUnderASmallBound) {
    // No content size, not single-segment, so a window descriptor follows: 0x80 is
    // exponent 16, a 64 MiB window, which zstd's own default limit (128 MiB) would allow.
    byte_buffer frame = {0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x80};
    // One raw last block of 1 byte: header (last=1, type=raw, size=1) then the byte.
    frame.push_back(0x09);
    frame.push_back(0x00);
    frame.push_back(0x00);
    frame.push_back('z');
    byte_buffer out;
    EXPECT_EQ(decompress(compression_codec::zstd, frame, out, 1 << 20),
              decode_errc::bad_compression);
}

}  // namespace
}  // namespace samsa::protocol
