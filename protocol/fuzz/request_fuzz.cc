// Fuzzes request decoding as the server sees it: a frame (without its size prefix) is
// parsed for its header, then the body is decoded as that api key and version. Whatever
// decodes must re-encode to bytes that decode again to the same encoding.
#include <cstdlib>

#include "protocol/api_visit.h"
#include "protocol/headers.h"
#include "protocol/wire/message_impl.h"

using namespace samsa::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const bytes_view frame(data, size);
    parsed_request_header h;
    if (parse_request_header(frame, h) != decode_errc::none) return 0;
    const int16_t version = h.header.request_api_version;
    const bytes_view body = frame.subspan(h.body_offset);
    visit_api(h.api->key, [&]<typename Request, typename Response>() {
        Request request;
        if (decode_message(request, body, version) != decode_errc::none) return;
        const byte_buffer once = encode_message(request, version);
        Request again;
        if (decode_message(again, once, version) != decode_errc::none) std::abort();
        if (encode_message(again, version) != once) std::abort();
    });
    return 0;
}
