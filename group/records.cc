#include "group/records.h"

#include "protocol/messages/group_metadata_key.h"
#include "protocol/messages/offset_commit_key.h"
#include "protocol/messages/offset_commit_value.h"
#include "protocol/wire/message_impl.h"

namespace samsa::group {
namespace {

constexpr int16_t offset_key_version = 1;
constexpr int16_t group_key_version = 2;
constexpr int16_t offset_value_version = 3;
constexpr int16_t offset_value_version_with_expiry = 1;
constexpr int16_t group_value_version = 3;

template <typename M>
protocol::byte_buffer versioned(const M& m, int16_t version) {
    const protocol::byte_buffer body = protocol::encode_message(m, version);
    protocol::byte_buffer out;
    out.reserve(body.size() + 2);
    out.push_back(static_cast<uint8_t>(static_cast<uint16_t>(version) >> 8));
    out.push_back(static_cast<uint8_t>(version & 0xff));
    out.insert(out.end(), body.begin(), body.end());
    return out;
}

std::optional<int16_t> version_of(protocol::bytes_view b) {
    if (b.size() < 2) return std::nullopt;
    return static_cast<int16_t>((b[0] << 8) | b[1]);
}

template <typename M>
std::optional<M> decode_versioned(protocol::bytes_view b, int16_t version) {
    M m;
    if (protocol::decode_message(m, b.subspan(2), version) != protocol::decode_errc::none)
        return std::nullopt;
    return m;
}

std::optional<committed_offset> decode_offset_value(protocol::bytes_view b) {
    const auto v = version_of(b);
    if (!v) return std::nullopt;
    const auto m = decode_versioned<protocol::offset_commit_value>(b, *v);
    if (!m) return std::nullopt;
    return committed_offset{m->offset, m->leader_epoch, m->metadata, m->commit_timestamp,
                            m->expire_timestamp};
}

}  // namespace

const std::string& group_of(const record& r) {
    return std::visit([](const auto& x) -> const std::string& { return x.group; }, r);
}

encoded_record encode(const record& r) {
    encoded_record out;
    if (const auto* o = std::get_if<offset_record>(&r)) {
        protocol::offset_commit_key key;
        key.group = o->group;
        key.topic = o->topic;
        key.partition = o->partition;
        out.key = versioned(key, offset_key_version);
        if (o->value) {
            protocol::offset_commit_value v;
            v.offset = o->value->offset;
            v.leader_epoch = o->value->leader_epoch;
            v.metadata = o->value->metadata;
            v.commit_timestamp = o->value->commit_timestamp;
            v.expire_timestamp = o->value->expire_timestamp;
            out.value = versioned(v, v.expire_timestamp >= 0 ? offset_value_version_with_expiry
                                                             : offset_value_version);
        }
        return out;
    }
    const auto& g = std::get<group_record>(r);
    protocol::group_metadata_key key;
    key.group = g.group;
    out.key = versioned(key, group_key_version);
    if (g.value) out.value = versioned(*g.value, group_value_version);
    return out;
}

std::optional<record> decode(protocol::bytes_view key, std::optional<protocol::bytes_view> value) {
    const auto kv = version_of(key);
    if (!kv) return std::nullopt;
    if (*kv == 0 || *kv == 1) {
        const auto k = decode_versioned<protocol::offset_commit_key>(key, 0);
        if (!k) return std::nullopt;
        offset_record r{k->group, k->topic, k->partition, std::nullopt};
        if (value) {
            r.value = decode_offset_value(*value);
            if (!r.value) return std::nullopt;
        }
        return r;
    }
    if (*kv == 2) {
        const auto k = decode_versioned<protocol::group_metadata_key>(key, 0);
        if (!k) return std::nullopt;
        group_record r{k->group, std::nullopt};
        if (value) {
            const auto vv = version_of(*value);
            if (!vv) return std::nullopt;
            r.value = decode_versioned<protocol::group_metadata_value>(*value, *vv);
            if (!r.value) return std::nullopt;
        }
        return r;
    }
    return std::nullopt;
}

int32_t partition_for(std::string_view group_id, int32_t partitions) {
    // String.hashCode over UTF-16 code units: decode UTF-8 (invalid bytes count as one unit).
    int32_t h = 0;
    auto add = [&h](uint32_t unit) {
        h = static_cast<int32_t>(31u * static_cast<uint32_t>(h) + unit);
    };
    for (size_t i = 0; i < group_id.size();) {
        const auto c = static_cast<uint8_t>(group_id[i]);
        uint32_t cp = c;
        size_t len = 1;
        if (c >= 0xf0) {
            len = 4;
            cp = c & 0x07u;
        } else if (c >= 0xe0) {
            len = 3;
            cp = c & 0x0fu;
        } else if (c >= 0xc0) {
            len = 2;
            cp = c & 0x1fu;
        }
        if (i + len > group_id.size()) len = 1, cp = c;
        for (size_t j = 1; j < len; ++j)
            cp = (cp << 6) | (static_cast<uint8_t>(group_id[i + j]) & 0x3fu);
        i += len;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            add(0xd800 + (cp >> 10));
            add(0xdc00 + (cp & 0x3ff));
        } else {
            add(cp);
        }
    }
    // Kafka: Utils.abs(hashCode) % n, where abs(Integer.MIN_VALUE) is 0.
    const int32_t abs = h == INT32_MIN ? 0 : (h < 0 ? -h : h);
    return abs % partitions;
}

}  // namespace samsa::group
