// What every generated message type has in common, and the functions that decode and
// encode a whole message.
//
// A generated message M (see protocol/generator/) is a plain struct with one member per
// field, nested structs for its sub-structures, and:
//   static constexpr message_info info;
//   void decode(reader&, int16_t version);            // failures are left in the reader
//   void encode(writer&, int16_t version) const;      // after encoded_size() sized the buffer
//   size_t encoded_size(int16_t version) const;
//   void write_json(json_writer&, int16_t version) const;
// Fields a version does not have keep their defaults when decoding and are not written.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"
#include "protocol/wire/records.h"
#include "protocol/wire/tagged.h"
#include "protocol/wire/uuid.h"

namespace samsa::protocol {

class reader;
class writer;
class json_writer;

struct message_info {
    std::string_view name;  // Kafka's name, e.g. "FetchRequest"
    int16_t api_key;        // -1 for messages that are not requests or responses
    int16_t min_version;    // the versions the schema defines
    int16_t max_version;
    int16_t first_flexible;  // -1 when no version is flexible
};

inline constexpr bool is_flexible(const message_info& info, int16_t version) {
    return info.first_flexible >= 0 && version >= info.first_flexible;
}

// Decodes a whole message at `version` from `data`. Records fields become views into
// `data`, kept alive by `owner`. Trailing bytes after the message are left unread, as
// Kafka leaves them.
template <typename M>
decode_errc decode_message(M& out, bytes_view data, int16_t version,
                           std::shared_ptr<const void> owner = nullptr);

// Encodes a message into a new buffer. Records pieces must all be in memory.
template <typename M>
byte_buffer encode_message(const M& m, int16_t version);

// The message as JSON, with Kafka's field names and conventions (for logs and tests).
template <typename M>
std::string message_to_json(const M& m, int16_t version);

}  // namespace samsa::protocol
