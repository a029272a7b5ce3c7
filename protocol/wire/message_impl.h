// Definitions of the templates declared in message.h. Include where messages are
// decoded or encoded (it pulls in the reader and writer).
#pragma once

#include "protocol/wire/json_writer.h"
#include "protocol/wire/message.h"
#include "protocol/wire/reader.h"
#include "protocol/wire/writer.h"

namespace samsa::protocol {

template <typename M>
decode_errc decode_message(M& out, bytes_view data, int16_t version,
                           std::shared_ptr<const void> owner) {
    if (version < M::info.min_version || version > M::info.max_version) {
        return decode_errc::unsupported_version;
    }
    reader r(data, std::move(owner));
    out.decode(r, version);
    return r.error();
}

template <typename M>
byte_buffer encode_message(const M& m, int16_t version) {
    byte_buffer buf(m.encoded_size(version));
    writer w(buf.data(), buf.data() + buf.size());
    m.encode(w, version);
    if (w.written() != buf.size()) std::abort();  // a size pass disagrees with its encoder
    return buf;
}

template <typename M>
std::string message_to_json(const M& m, int16_t version) {
    json_writer j;
    m.write_json(j, version);
    return j.str();
}

}  // namespace samsa::protocol
