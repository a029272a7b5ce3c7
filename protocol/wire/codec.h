// Encodings of Kafka's variable-length types, shared by the generated message codecs.
//
// `flex` selects the compact encodings of flexible versions (unsigned varint of length
// + 1, 0 for null) over the classic ones (int16 string length, int32 bytes and array
// lengths, -1 for null). Readers report failures through the reader (see reader.h).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "protocol/wire/reader.h"
#include "protocol/wire/records.h"
#include "protocol/wire/tagged.h"
#include "protocol/wire/writer.h"

namespace samsa::protocol::codec {

// Longest string Kafka reads or writes (its generated code rejects anything longer).
inline constexpr int32_t max_string_length = 0x7fff;

// ---- strings ----
inline bool read_string_body(reader& r, int32_t n, std::string& out) {
    if (n > max_string_length) {
        r.fail(decode_errc::bad_length);
        return false;
    }
    const bytes_view b = r.read_raw(static_cast<size_t>(n));
    out.assign(as_chars(b));
    return r.ok();
}
inline void read_string(reader& r, bool flex, std::string& out) {
    const int32_t n = r.read_string_length(flex);
    if (n < 0) {
        if (r.ok()) r.fail(decode_errc::unexpected_null);
        return;
    }
    read_string_body(r, n, out);
}
inline void read_string(reader& r, bool flex, bool nullable, std::optional<std::string>& out) {
    const int32_t n = r.read_string_length(flex);
    if (!r.ok()) return;
    if (n < 0) {
        if (!nullable) return r.fail(decode_errc::unexpected_null);
        out.reset();
        return;
    }
    read_string_body(r, n, out.emplace());
}
inline size_t string_size(const std::string& s, bool flex) {
    return (flex ? uvarint_size(s.size() + 1) : 2) + s.size();
}
inline size_t string_size(const std::optional<std::string>& s, bool flex) {
    if (!s) return flex ? 1 : 2;
    return string_size(*s, flex);
}
inline void write_string(writer& w, bool flex, const std::string& s) {
    if (flex) {
        w.write_uvarint(s.size() + 1);
    } else {
        w.write_int16(static_cast<int16_t>(s.size()));
    }
    w.write_raw(as_bytes(s));
}
inline void write_string(writer& w, bool flex, const std::optional<std::string>& s) {
    if (s) return write_string(w, flex, *s);
    if (flex) {
        w.write_uvarint(0);
    } else {
        w.write_int16(-1);
    }
}

// ---- bytes ----
inline void read_bytes(reader& r, bool flex, byte_buffer& out) {
    const int32_t n = r.read_bytes_length(flex);
    if (n < 0) {
        if (r.ok()) r.fail(decode_errc::unexpected_null);
        return;
    }
    const bytes_view b = r.read_raw(static_cast<size_t>(n));
    out.assign(b.begin(), b.end());
}
inline void read_bytes(reader& r, bool flex, bool nullable, std::optional<byte_buffer>& out) {
    const int32_t n = r.read_bytes_length(flex);
    if (!r.ok()) return;
    if (n < 0) {
        if (!nullable) return r.fail(decode_errc::unexpected_null);
        out.reset();
        return;
    }
    const bytes_view b = r.read_raw(static_cast<size_t>(n));
    out.emplace(b.begin(), b.end());
}
inline size_t length_prefix_size(size_t n, bool flex) {
    return flex ? uvarint_size(n + 1) : 4;
}
inline size_t bytes_size(const byte_buffer& b, bool flex) {
    return length_prefix_size(b.size(), flex) + b.size();
}
inline size_t bytes_size(const std::optional<byte_buffer>& b, bool flex) {
    return b ? bytes_size(*b, flex) : (flex ? 1 : 4);
}
inline void write_length(writer& w, bool flex, int64_t n) {
    if (flex) {
        w.write_uvarint(static_cast<uint64_t>(n + 1));
    } else {
        w.write_int32(static_cast<int32_t>(n));
    }
}
inline void write_bytes(writer& w, bool flex, const byte_buffer& b) {
    write_length(w, flex, static_cast<int64_t>(b.size()));
    w.write_raw(b);
}
inline void write_bytes(writer& w, bool flex, const std::optional<byte_buffer>& b) {
    if (b) return write_bytes(w, flex, *b);
    write_length(w, flex, -1);
}

// ---- records: a view into the reader's buffer, kept alive by the reader's owner ----
inline void read_records(reader& r, bool flex, bool nullable, records& out) {
    const int32_t n = r.read_bytes_length(flex);
    if (!r.ok()) return;
    if (n < 0) {
        if (!nullable) return r.fail(decode_errc::unexpected_null);
        out = records();
        return;
    }
    const bytes_view b = r.read_raw(static_cast<size_t>(n));
    out = records::of(b, r.owner());
}
inline size_t records_size(const records& rec, bool flex) {
    return rec.is_null() ? (flex ? 1 : 4) : length_prefix_size(rec.size(), flex) + rec.size();
}
inline void write_records(writer& w, bool flex, const records& rec) {
    if (rec.is_null()) return write_length(w, flex, -1);
    write_length(w, flex, static_cast<int64_t>(rec.size()));
    w.write_records(rec);
}

// ---- arrays ----
// Room for the n elements an array declares, but (past a few) for no more of them than the
// remaining bytes would hold in memory. n itself is bounded by the remaining bytes (a byte
// per element), yet an element can be a hundred times larger in memory than its smallest
// encoding, and a 100 MiB frame must not reserve gigabytes before anything is read.
// Elements past the reservation grow the vector as they are actually decoded.
template <typename T>
void reserve_elements(const reader& r, std::vector<T>& v, int32_t n) {
    const size_t fit = std::max<size_t>(r.remaining() / sizeof(T), 16);
    v.reserve(std::min(static_cast<size_t>(n), fit));
}

// read_element(reader&, T&) reads one element.
template <typename T, typename F>
void read_array(reader& r, bool flex, std::vector<T>& out, F&& read_element) {
    const int32_t n = r.read_array_length(flex);
    if (!r.ok()) return;
    if (n < 0) return r.fail(decode_errc::unexpected_null);
    out.clear();
    reserve_elements(r, out, n);
    for (int32_t i = 0; i < n && r.ok(); ++i)
        read_element(r, out.emplace_back());
}
template <typename T, typename F>
void read_array(reader& r, bool flex, bool nullable, std::optional<std::vector<T>>& out,
                F&& read_element) {
    const int32_t n = r.read_array_length(flex);
    if (!r.ok()) return;
    if (n < 0) {
        if (!nullable) return r.fail(decode_errc::unexpected_null);
        out.reset();
        return;
    }
    auto& v = out.emplace();
    reserve_elements(r, v, n);
    for (int32_t i = 0; i < n && r.ok(); ++i)
        read_element(r, v.emplace_back());
}
inline size_t array_prefix_size(size_t n, bool flex) {
    return flex ? uvarint_size(n + 1) : 4;
}
inline size_t null_array_size(bool flex) {
    return flex ? 1 : 4;
}

// ---- tagged fields ----
inline size_t raw_tag_size(const raw_tagged_field& t) {
    return uvarint_size(t.tag) + uvarint_size(t.data.size()) + t.data.size();
}
inline void write_raw_tag(writer& w, const raw_tagged_field& t) {
    w.write_uvarint(t.tag);
    w.write_uvarint(t.data.size());
    w.write_raw(t.data);
}
inline size_t tag_header_size(uint32_t tag, size_t value_size) {
    return uvarint_size(tag) + uvarint_size(value_size);
}

}  // namespace samsa::protocol::codec
