// Fuzzes every generated message type at every version: the first two input bytes pick
// the message (big-endian index into the registry), the third the version, and the rest
// is decoded. Whatever decodes must re-encode to
// bytes that decode again to the same encoding, and render as JSON.
#include <cstdlib>

#include "protocol/wire/message_registry.h"

using namespace samsa::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 3) return 0;
    const auto codecs = all_message_codecs();
    const message_codec& c = codecs[((data[0] << 8) | data[1]) % codecs.size()];
    const int span = c.info.max_version - c.info.min_version + 1;
    const auto version = static_cast<int16_t>(c.info.min_version + data[2] % span);
    const bytes_view in(data + 3, size - 3);
    byte_buffer once;
    std::string json;
    if (c.round_trip(in, version, &once, &json) != decode_errc::none) return 0;
    byte_buffer twice;
    if (c.round_trip(once, version, &twice, nullptr) != decode_errc::none) std::abort();
    if (twice != once) std::abort();
    return 0;
}
