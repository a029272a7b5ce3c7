// The compression codecs of record batches, framed exactly as Kafka's clients frame them.
//
//   gzip    deflate in a gzip wrapper (RFC 1952), default level (6). Decoding accepts
//           concatenated gzip members, as Java's GZIPInputStream does; not bare zlib.
//   snappy  xerial framing: the 8-byte magic 0x82 "SNAPPY" 0x00, int32 version 1, int32
//           compatible version 1, then blocks of (int32 big-endian length, raw snappy block)
//           of at most 32 KiB uncompressed each. Decoding also accepts one plain raw snappy
//           block without the framing (what librdkafka writes).
//   lz4     the LZ4 frame format: 64 KiB independent blocks, no checksums, no content size
//           (Kafka's layout), fast mode (Kafka's default level maps to it). Decoding accepts
//           any valid frame (content size, block and content checksums, other block sizes:
//           librdkafka's frames), and concatenated frames.
//   zstd    one zstd frame at level 3. Decoding is streaming, so frames that do not record
//           their content size (Java's streaming writer) work; concatenated frames too.
//
// Both functions append to `out` and leave its earlier bytes alone. decompress() never
// grows out by more than max_out bytes: the output is enlarged step by step while the
// decoder runs and the bound is checked before every step, so a decompression bomb costs at
// most max_out bytes of output (zstd's window buffer is also bounded: it may use up to
// max(8 MiB, max_out) internally). On failure out holds its original bytes plus whatever
// was decoded (callers discard it).
//
// Stateless and thread-safe; each call creates and frees its own codec context.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace samsa::protocol {

// Bits 0-2 of a batch's attributes. Values 5 to 7 are not defined by Kafka.
enum class compression_codec : uint8_t { none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4 };

inline constexpr bool is_known_codec(compression_codec c) {
    return static_cast<uint8_t>(c) <= static_cast<uint8_t>(compression_codec::zstd);
}

std::string_view to_string(compression_codec c);

// Appends in, compressed, to out. Returns false only for an unknown codec (out unchanged).
bool compress(compression_codec codec, bytes_view in, byte_buffer& out);

// Appends in, decompressed, to out: at most max_out bytes. Returns none,
// bad_compression (malformed or truncated input, or an unknown codec) or too_large (the
// output would pass max_out).
decode_errc decompress(compression_codec codec, bytes_view in, byte_buffer& out, size_t max_out);

}  // namespace samsa::protocol
