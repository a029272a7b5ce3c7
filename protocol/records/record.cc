#include "protocol/records/record.h"

#include "protocol/records/big_endian.h"
#include "protocol/wire/varint.h"

namespace samsa::protocol {
namespace {

int64_t wrapping_add(int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

enum class nulls : uint8_t { allowed, refused };

// Reads the fields of one record's body. Every read stays inside the body: running past
// its end means the record's length disagrees with its fields (bad_batch).
class body_cursor {
  public:
    explicit body_cursor(bytes_view body) : p_(body.data()), end_(body.data() + body.size()) {}

    decode_errc error() const { return err_; }
    bool at_end() const { return p_ == end_; }
    const uint8_t* position() const { return p_; }

    bool int8(int8_t& out) {
        if (p_ == end_) return fail(decode_errc::bad_batch);
        out = static_cast<int8_t>(*p_++);
        return true;
    }
    bool varint(int32_t& out) { return advance(get_varint32(p_, end_, out), 5); }
    bool varlong(int64_t& out) { return advance(get_varint64(p_, end_, out), 10); }

    // A varint length then that many bytes; -1 is null where nulls are allowed.
    bool bytes(std::optional<bytes_view>& out, nulls n) {
        int32_t len = 0;
        if (!varint(len)) return false;
        if (len == -1 && n == nulls::allowed) {
            out.reset();
            return true;
        }
        if (len < 0) return fail(decode_errc::bad_batch);
        if (static_cast<size_t>(len) > static_cast<size_t>(end_ - p_)) {
            return fail(decode_errc::bad_batch);
        }
        out = bytes_view(p_, static_cast<size_t>(len));
        p_ += len;
        return true;
    }

  private:
    bool advance(size_t n, size_t max_len) {
        if (n == 0) {
            // Cut off by the body's end, or longer than the type allows.
            const bool overlong = static_cast<size_t>(end_ - p_) >= max_len;
            return fail(overlong ? decode_errc::bad_varint : decode_errc::bad_batch);
        }
        p_ += n;
        return true;
    }
    bool fail(decode_errc e) {
        err_ = e;
        return false;
    }

    const uint8_t* p_;
    const uint8_t* end_;
    decode_errc err_ = decode_errc::none;
};

// Parses one record body (everything after its length) into r.
decode_errc parse_body(bytes_view body, record_view& r) {
    body_cursor c(body);
    if (!c.int8(r.attributes) || !c.varlong(r.timestamp_delta) || !c.varint(r.offset_delta)
        || !c.bytes(r.key, nulls::allowed) || !c.bytes(r.value, nulls::allowed)
        || !c.varint(r.header_count)) {
        return c.error();
    }
    if (r.header_count < 0) return decode_errc::bad_batch;
    const uint8_t* headers_begin = c.position();
    std::optional<bytes_view> key;
    std::optional<bytes_view> value;
    for (int32_t i = 0; i < r.header_count; ++i) {
        if (!c.bytes(key, nulls::refused) || !c.bytes(value, nulls::allowed)) return c.error();
    }
    if (!c.at_end()) return decode_errc::bad_batch;  // bytes left over inside the record
    r.headers = bytes_view(headers_begin, static_cast<size_t>(c.position() - headers_begin));
    return decode_errc::none;
}

}  // namespace

int64_t record_offset(const record_batch_view& batch, const record_view& r) {
    return wrapping_add(batch.base_offset(), r.offset_delta);
}

int64_t record_timestamp(const record_batch_view& batch, const record_view& r) {
    if (batch.ts_type() == timestamp_type::log_append_time) return batch.max_timestamp();
    return wrapping_add(batch.base_timestamp(), r.timestamp_delta);
}

record_reader::record_reader(bytes_view records, int32_t count) : rest_(records), count_(count) {
    if (count < 0) err_ = decode_errc::bad_batch;
}

bool record_reader::fail(decode_errc e) {
    err_ = e;
    rest_ = {};
    return false;
}

bool record_reader::next(record_view& r) {
    if (err_ != decode_errc::none) return false;
    if (read_ == count_) {
        // Bytes after the last counted record: the count and the batch length disagree.
        if (!rest_.empty()) return fail(decode_errc::bad_batch);
        return false;
    }
    if (rest_.empty()) return fail(decode_errc::truncated);  // fewer records than counted
    const uint8_t* end = rest_.data() + rest_.size();
    int32_t length = 0;
    const size_t n = get_varint32(rest_.data(), end, length);
    if (n == 0) return fail(rest_.size() >= 5 ? decode_errc::bad_varint : decode_errc::truncated);
    if (length < 0) return fail(decode_errc::bad_batch);
    if (static_cast<size_t>(length) > rest_.size() - n) return fail(decode_errc::truncated);
    const decode_errc e = parse_body(rest_.subspan(n, static_cast<size_t>(length)), r);
    if (e != decode_errc::none) return fail(e);
    rest_ = rest_.subspan(n + static_cast<size_t>(length));
    ++read_;
    return true;
}

bool header_reader::next(record_header_view& h) {
    if (left_ <= 0) return false;
    const uint8_t* end = rest_.data() + rest_.size();
    int32_t key_len = 0;
    size_t n = get_varint32(rest_.data(), end, key_len);
    h.key = rest_.subspan(n, static_cast<size_t>(key_len));
    rest_ = rest_.subspan(n + static_cast<size_t>(key_len));
    int32_t value_len = 0;
    n = get_varint32(rest_.data(), end, value_len);
    if (value_len < 0) {
        h.value.reset();
        rest_ = rest_.subspan(n);
    } else {
        h.value = rest_.subspan(n, static_cast<size_t>(value_len));
        rest_ = rest_.subspan(n + static_cast<size_t>(value_len));
    }
    --left_;
    return true;
}

decode_errc batch_records(const record_batch_view& batch, byte_buffer& scratch,
                          size_t max_decompressed, bytes_view& records) {
    const compression_codec codec = batch.compression();
    if (codec == compression_codec::none) {
        records = batch.records_data();
        return decode_errc::none;
    }
    if (!is_known_codec(codec)) return decode_errc::bad_compression;
    scratch.clear();
    const decode_errc e = decompress(codec, batch.records_data(), scratch, max_decompressed);
    if (e != decode_errc::none) return e;
    records = scratch;
    return decode_errc::none;
}

decode_errc parse_control_record_key(const std::optional<bytes_view>& key,
                                     control_record_key& out) {
    if (!key || key->size() < 4) return decode_errc::bad_batch;
    out.version = static_cast<int16_t>(be::load16(key->data()));
    out.type = static_cast<int16_t>(be::load16(key->data() + 2));
    return out.version < 0 ? decode_errc::bad_batch : decode_errc::none;
}

decode_errc parse_end_txn_marker(const std::optional<bytes_view>& value, end_txn_marker& out) {
    if (!value || value->size() < 6) return decode_errc::bad_batch;
    out.version = static_cast<int16_t>(be::load16(value->data()));
    out.coordinator_epoch = static_cast<int32_t>(be::load32(value->data() + 2));
    return out.version < 0 ? decode_errc::bad_batch : decode_errc::none;
}

}  // namespace samsa::protocol
