#include "protocol/wire/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace samsa::protocol {

void json_writer::separate() {
    if (need_comma_) out_.push_back(',');
    need_comma_ = true;
}

void json_writer::open(char c) {
    separate();
    out_.push_back(c);
    need_comma_ = false;
}

void json_writer::close(char c) {
    out_.push_back(c);
    need_comma_ = true;
}

void json_writer::key(std::string_view k) {
    value(k);
    out_.push_back(':');
    need_comma_ = false;
}

void json_writer::value(int64_t v) {
    separate();
    out_ += std::to_string(v);
}

void json_writer::value(double v) {
    separate();
    if (!std::isfinite(v)) {
        out_ += std::isnan(v) ? "\"NaN\"" : (v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        return;
    }
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip form
    out_.append(buf, res.ptr);
}

void json_writer::value(bool v) {
    separate();
    out_ += v ? "true" : "false";
}

void json_writer::null() {
    separate();
    out_ += "null";
}

void json_writer::value(std::string_view s) {
    separate();
    out_.push_back('"');
    for (char c : s) {
        switch (c) {
            case '"':
                out_ += "\\\"";
                break;
            case '\\':
                out_ += "\\\\";
                break;
            case '\n':
                out_ += "\\n";
                break;
            case '\r':
                out_ += "\\r";
                break;
            case '\t':
                out_ += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out_ += buf;
                } else {
                    out_.push_back(c);
                }
        }
    }
    out_.push_back('"');
}

void json_writer::base64(bytes_view b) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    separate();
    out_.push_back('"');
    size_t i = 0;
    for (; i + 2 < b.size(); i += 3) {
        const uint32_t n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
        for (int s = 18; s >= 0; s -= 6)
            out_.push_back(alphabet[(n >> s) & 0x3f]);
    }
    if (i + 1 == b.size()) {
        const uint32_t n = b[i] << 16;
        out_.push_back(alphabet[(n >> 18) & 0x3f]);
        out_.push_back(alphabet[(n >> 12) & 0x3f]);
        out_ += "==";
    } else if (i + 2 == b.size()) {
        const uint32_t n = (b[i] << 16) | (b[i + 1] << 8);
        out_.push_back(alphabet[(n >> 18) & 0x3f]);
        out_.push_back(alphabet[(n >> 12) & 0x3f]);
        out_.push_back(alphabet[(n >> 6) & 0x3f]);
        out_.push_back('=');
    }
    out_.push_back('"');
}

}  // namespace samsa::protocol
