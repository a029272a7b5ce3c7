#include "controller/metadata_records.h"

#include "protocol/wire/message_impl.h"

namespace samsa::controller {
namespace {

constexpr uint32_t frame_version = 1;

template <typename M>
std::optional<metadata_record> decode_as(protocol::reader& r, int16_t version) {
    if (version < M::info.min_version || version > M::info.max_version) return std::nullopt;
    M m;
    m.decode(r, version);
    if (!r.ok()) return std::nullopt;
    return metadata_record(std::move(m));
}

}  // namespace

protocol::byte_buffer encode_metadata_record(const metadata_record& record) {
    return std::visit(
        [](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            const int16_t version = M::info.max_version;
            const size_t body = m.encoded_size(version);
            const auto key = static_cast<uint32_t>(M::info.api_key);
            protocol::byte_buffer out(
                protocol::uvarint_size(frame_version) + protocol::uvarint_size(key)
                + protocol::uvarint_size(static_cast<uint32_t>(version)) + body);
            protocol::writer w(out.data(), out.data() + out.size());
            w.write_uvarint(frame_version);
            w.write_uvarint(key);
            w.write_uvarint(static_cast<uint32_t>(version));
            m.encode(w, version);
            return out;
        },
        record);
}

std::optional<metadata_record> decode_metadata_record(protocol::bytes_view framed) {
    protocol::reader r(framed);
    const uint32_t frame = r.read_uvarint();
    const uint32_t key = r.read_uvarint();
    const auto version = static_cast<int16_t>(r.read_uvarint());
    if (!r.ok() || frame != frame_version) return std::nullopt;
    switch (key) {
        case 0:
            return decode_as<protocol::register_broker_record>(r, version);
        case 2:
            return decode_as<protocol::topic_record>(r, version);
        case 3:
            return decode_as<protocol::partition_record>(r, version);
        case 4:
            return decode_as<protocol::config_record>(r, version);
        case 5:
            return decode_as<protocol::partition_change_record>(r, version);
        case 9:
            return decode_as<protocol::remove_topic_record>(r, version);
        case 12:
            return decode_as<protocol::feature_level_record>(r, version);
        case 15:
            return decode_as<protocol::producer_ids_record>(r, version);
        default:
            return std::nullopt;
    }
}

}  // namespace samsa::controller
