// Strong types for the numbers Kafka gives meaning to, so that an offset cannot be passed
// where a partition id is expected. They carry no behaviour beyond comparison.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace samsa::protocol {

template <typename Tag, typename T>
struct strong {
    T value{};

    constexpr strong() = default;
    constexpr explicit strong(T v) : value(v) {}
    friend constexpr auto operator<=>(const strong&, const strong&) = default;
};

using node_id = strong<struct node_id_tag, int32_t>;
using partition_id = strong<struct partition_id_tag, int32_t>;
using offset = strong<struct offset_tag, int64_t>;
using leader_epoch = strong<struct leader_epoch_tag, int32_t>;
using producer_id = strong<struct producer_id_tag, int64_t>;
using producer_epoch = strong<struct producer_epoch_tag, int16_t>;

}  // namespace samsa::protocol

template <typename Tag, typename T>
struct std::hash<samsa::protocol::strong<Tag, T>> {
    size_t operator()(const samsa::protocol::strong<Tag, T>& s) const noexcept {
        return std::hash<T>{}(s.value);
    }
};
