// A small streaming JSON writer for the generated write_json functions, which render a
// message the way Kafka's generated JSON converters do (used for logs and golden tests).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/wire/bytes.h"

namespace samsa::protocol {

class json_writer {
  public:
    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    void key(std::string_view k);

    void value(int64_t v);
    void value(double v);
    void value(bool v);
    void value(std::string_view s);
    void null();
    // Base64 (standard alphabet, padded), as Jackson renders binary nodes.
    void base64(bytes_view b);

    const std::string& str() const { return out_; }

  private:
    void open(char c);
    void close(char c);
    void separate();

    std::string out_;
    bool need_comma_ = false;
};

}  // namespace samsa::protocol
