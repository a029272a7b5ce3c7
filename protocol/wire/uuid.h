// Kafka's 128-bit UUID (topic ids, directory ids), 16 bytes on the wire.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace samsa::protocol {

struct uuid {
    std::array<uint8_t, 16> bytes{};

    bool is_zero() const { return *this == uuid{}; }
    // Kafka prints and parses uuids as URL-safe base64 without padding (22 characters).
    std::string to_string() const;
    static std::optional<uuid> from_string(std::string_view text);

    friend auto operator<=>(const uuid&, const uuid&) = default;
    friend bool operator==(const uuid&, const uuid&) = default;
};

}  // namespace samsa::protocol
