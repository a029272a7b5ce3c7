// Writes the seed corpus of record_batch_fuzz into the folder named by its argument:
// valid batches of every codec (and a raw-snappy one, as librdkafka frames it), a control
// batch, several batches in one blob, cut-short batches and an old-format message. Run it
// after a format change and commit the output (protocol/records/corpus/record_batch/).
#include <snappy.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "protocol/records/big_endian.h"
#include "protocol/records/crc32c.h"
#include "protocol/records/record_batch_builder.h"

namespace {

using namespace samsa::protocol;

byte_buffer sample_batch(compression_codec codec, int64_t base_offset) {
    batch_options o;
    o.codec = codec;
    o.base_offset = base_offset;
    o.producer_id = 1000;
    o.producer_epoch = 0;
    o.base_sequence = 0;
    record_batch_builder b(o);
    const record_header_input headers[] = {{"trace", as_bytes("abc123")}, {"flag", std::nullopt}};
    for (int i = 0; i < 6; ++i) {
        const std::string key = "user-" + std::to_string(i);
        const std::string value = R"({"event":"view","item":)" + std::to_string(i * 31) + "}";
        b.add({.timestamp = 1'700'000'000'000 + i,
               .key = i == 2 ? std::nullopt : std::optional<bytes_view>(as_bytes(key)),
               .value = i == 4 ? std::nullopt : std::optional<bytes_view>(as_bytes(value)),
               .headers = i % 2 == 0 ? std::span<const record_header_input>(headers)
                                     : std::span<const record_header_input>()});
    }
    byte_buffer out;
    b.finish(out);
    return out;
}

// The same records with the snappy blob left unframed, as librdkafka writes it.
byte_buffer raw_snappy_batch() {
    const byte_buffer plain = sample_batch(compression_codec::none, 0);
    std::string packed;
    snappy::Compress(reinterpret_cast<const char*>(plain.data() + batch_header_size),
                     plain.size() - batch_header_size, &packed);
    byte_buffer out(plain.begin(), plain.begin() + batch_header_size);
    out.insert(out.end(), packed.begin(), packed.end());
    be::store32(out.data() + batch_field::batch_length, static_cast<uint32_t>(out.size() - 12));
    be::store16(out.data() + batch_field::attributes,
                static_cast<uint16_t>(compression_codec::snappy));
    be::store32(out.data() + batch_field::crc,
                crc32c(bytes_view(out).subspan(batch_field::attributes)));
    return out;
}

byte_buffer legacy_message() {
    byte_buffer m = sample_batch(compression_codec::none, 0);
    m.resize(40);
    be::store32(m.data() + batch_field::batch_length, 28);
    m[batch_field::magic] = 1;
    return m;
}

bool write(const std::string& dir, const std::string& name, bytes_view bytes) {
    std::ofstream f(dir + "/" + name, std::ios::binary);
    f.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(f);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    const std::string dir = argv[1];
    bool ok = true;
    for (compression_codec c :
         {compression_codec::none, compression_codec::gzip, compression_codec::snappy,
          compression_codec::lz4, compression_codec::zstd}) {
        ok &= write(dir, "valid_" + std::string(to_string(c)) + ".bin", sample_batch(c, 0));
    }
    ok &= write(dir, "valid_snappy_raw.bin", raw_snappy_batch());
    byte_buffer control;
    build_end_txn_marker_batch({.base_offset = 6, .producer_id = 1000, .producer_epoch = 0},
                               control_record_type::commit, 3, 1'700'000'000'100, control);
    ok &= write(dir, "valid_control_commit.bin", control);
    byte_buffer blob = sample_batch(compression_codec::none, 0);
    const byte_buffer second = sample_batch(compression_codec::zstd, 6);
    blob.insert(blob.end(), second.begin(), second.end());
    blob.insert(blob.end(), control.begin(), control.end());
    ok &= write(dir, "valid_three_batches.bin", blob);
    const byte_buffer whole = sample_batch(compression_codec::lz4, 0);
    for (size_t cut : {size_t{10}, size_t{40}, whole.size() - 1}) {
        ok &= write(dir, "truncated_lz4_" + std::to_string(cut) + ".bin",
                    bytes_view(whole).first(cut));
    }
    ok &= write(dir, "truncated_after_one_batch.bin", bytes_view(blob).first(blob.size() - 5));
    ok &= write(dir, "legacy_magic1.bin", legacy_message());
    return ok ? 0 : 1;
}
