#include "protocol/records/compression.h"

#include <gtest/gtest.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <random>
#include <string>

namespace samsa::protocol {
namespace {

constexpr compression_codec all_codecs[] = {compression_codec::none, compression_codec::gzip,
                                            compression_codec::snappy, compression_codec::lz4,
                                            compression_codec::zstd};
constexpr compression_codec real_codecs[] = {compression_codec::gzip, compression_codec::snappy,
                                             compression_codec::lz4, compression_codec::zstd};
constexpr size_t unbounded = size_t{1} << 30;

// JSON-ish text: compressible, but not trivially.
byte_buffer text_payload(size_t n, uint32_t seed) {
    std::mt19937 gen(seed);
    std::string s;
    while (s.size() < n) {
        s += R"({"user":)" + std::to_string(gen() % 100000) + R"(,"event":"click","page":"/p/)"
             + std::to_string(gen() % 977) + R"(","ms":)" + std::to_string(gen()) + "}\n";
    }
    s.resize(n);
    return byte_buffer(s.begin(), s.end());
}

byte_buffer random_payload(size_t n, uint32_t seed) {
    std::mt19937 gen(seed);
    byte_buffer b(n);
    for (auto& x : b)
        x = static_cast<uint8_t>(gen());
    return b;
}

byte_buffer compressed(compression_codec c, bytes_view in) {
    byte_buffer out;
    EXPECT_TRUE(compress(c, in, out));
    return out;
}

TEST(Compression, EveryCodecRoundTripsAtBlockBoundarySizes) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{100}, size_t{32767}, size_t{32768}, size_t{32769},
                     size_t{65536}, size_t{65537}, size_t{1} << 20}) {
        for (const byte_buffer& input : {text_payload(n, 1), random_payload(n, 2)}) {
            for (compression_codec c : all_codecs) {
                const byte_buffer packed = compressed(c, input);
                byte_buffer out;
                ASSERT_EQ(decompress(c, packed, out, unbounded), decode_errc::none)
                    << to_string(c) << " size " << n;
                ASSERT_EQ(out, input) << to_string(c) << " size " << n;
            }
        }
    }
}

TEST(Compression, BothDirectionsAppendAndKeepEarlierBytes) {
    const byte_buffer input = text_payload(5000, 3);
    for (compression_codec c : all_codecs) {
        byte_buffer packed = {0xaa, 0xbb};
        ASSERT_TRUE(compress(c, input, packed));
        EXPECT_EQ(packed[0], 0xaa);
        EXPECT_EQ(packed[1], 0xbb);
        byte_buffer out = {0x01};
        ASSERT_EQ(decompress(c, bytes_view(packed).subspan(2), out, input.size()),
                  decode_errc::none);
        ASSERT_EQ(out.size(), input.size() + 1);
        EXPECT_EQ(out[0], 0x01);
        EXPECT_TRUE(std::equal(input.begin(), input.end(), out.begin() + 1)) << to_string(c);
    }
}

TEST(Compression, TextPayloadActuallyShrinks) {
    const byte_buffer input = text_payload(1 << 20, 4);
    for (compression_codec c : real_codecs) {
        EXPECT_LT(compressed(c, input).size(), input.size() / 2) << to_string(c);
    }
}

TEST(Compression, UnknownCodecIsRefusedBothWays) {
    byte_buffer out;
    EXPECT_FALSE(compress(static_cast<compression_codec>(5), as_bytes("abc"), out));
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(decompress(static_cast<compression_codec>(7), as_bytes("abc"), out, unbounded),
              decode_errc::bad_compression);
    EXPECT_FALSE(is_known_codec(static_cast<compression_codec>(5)));
    EXPECT_TRUE(is_known_codec(compression_codec::zstd));
}

TEST(Compression, GarbageAndEmptyInputAreBadCompression) {
    const byte_buffer garbage = random_payload(1000, 5);
    for (compression_codec c : real_codecs) {
        byte_buffer out;
        EXPECT_EQ(decompress(c, garbage, out, unbounded), decode_errc::bad_compression)
            << to_string(c);
        out.clear();
        EXPECT_EQ(decompress(c, {}, out, unbounded), decode_errc::bad_compression) << to_string(c);
    }
}

TEST(Compression, TruncatedInputNeverYieldsTheOriginal) {
    const byte_buffer input = text_payload(100000, 6);
    for (compression_codec c : real_codecs) {
        const byte_buffer packed = compressed(c, input);
        for (size_t cut :
             {size_t{1}, size_t{5}, size_t{17}, packed.size() / 2, packed.size() - 1}) {
            byte_buffer out;
            const decode_errc e = decompress(c, bytes_view(packed).first(cut), out, unbounded);
            EXPECT_TRUE(e != decode_errc::none || out != input) << to_string(c) << " cut " << cut;
        }
    }
}

TEST(Compression, DecompressionBombStopsAtTheBoundWithoutAllocatingPastIt) {
    const byte_buffer zeros(16 << 20, 0);
    constexpr size_t bound = 1 << 20;
    for (compression_codec c : all_codecs) {
        const byte_buffer packed = compressed(c, zeros);
        byte_buffer out;
        EXPECT_EQ(decompress(c, packed, out, bound), decode_errc::too_large) << to_string(c);
        EXPECT_LE(out.capacity(), bound) << to_string(c);
    }
}

TEST(Compression, OutputOfExactlyTheBoundIsAccepted) {
    const byte_buffer input = text_payload(200000, 7);
    for (compression_codec c : all_codecs) {
        const byte_buffer packed = compressed(c, input);
        byte_buffer out;
        EXPECT_EQ(decompress(c, packed, out, input.size()), decode_errc::none) << to_string(c);
        EXPECT_EQ(out, input);
        out.clear();
        EXPECT_EQ(decompress(c, packed, out, input.size() - 1), decode_errc::too_large)
            << to_string(c);
    }
}

TEST(Gzip, OutputIsAGzipMember) {
    const byte_buffer packed = compressed(compression_codec::gzip, as_bytes("hello"));
    ASSERT_GE(packed.size(), 18u);
    EXPECT_EQ(packed[0], 0x1f);
    EXPECT_EQ(packed[1], 0x8b);
    EXPECT_EQ(packed[2], 0x08);  // deflate
}

TEST(Gzip, ConcatenatedMembersDecodeAsOneStream) {
    byte_buffer packed = compressed(compression_codec::gzip, as_bytes("hello, "));
    ASSERT_TRUE(compress(compression_codec::gzip, as_bytes("world"), packed));
    byte_buffer out;
    ASSERT_EQ(decompress(compression_codec::gzip, packed, out, unbounded), decode_errc::none);
    EXPECT_EQ(as_chars(out), "hello, world");
}

TEST(Gzip, BareZlibStreamIsRefused) {
    const std::string text = "not gzip framed";
    byte_buffer z(compressBound(text.size()));
    uLongf len = z.size();
    ASSERT_EQ(
        compress2(z.data(), &len, reinterpret_cast<const Bytef*>(text.data()), text.size(), 6),
        Z_OK);
    z.resize(len);
    byte_buffer out;
    EXPECT_EQ(decompress(compression_codec::gzip, z, out, unbounded), decode_errc::bad_compression);
}

}  // namespace
}  // namespace samsa::protocol
