#include "protocol/wire/varint.h"

#include <gtest/gtest.h>

#include <array>
#include <limits>

namespace samsa::protocol {
namespace {

TEST(Varint, UnsignedRoundTripsAtEveryLengthBoundary) {
    for (uint64_t v : std::initializer_list<uint64_t>{0, 1, 127, 128, 16383, 16384, 0xffffffff,
                                                      std::numeric_limits<uint64_t>::max()}) {
        std::array<uint8_t, 10> buf{};
        uint8_t* end = put_uvarint(buf.data(), v);
        ASSERT_EQ(static_cast<size_t>(end - buf.data()), uvarint_size(v));
        uint64_t out = 0;
        EXPECT_EQ(get_uvarint64(buf.data(), end, out), uvarint_size(v));
        EXPECT_EQ(out, v);
    }
}

TEST(Varint, ZigZagMatchesKafka) {
    // Values from Kafka's ByteUtils tests: -1 -> 1, 1 -> 2, -64 -> 127, 64 -> 128.
    EXPECT_EQ(zigzag_encode32(-1), 1u);
    EXPECT_EQ(zigzag_encode32(1), 2u);
    EXPECT_EQ(zigzag_encode32(-64), 127u);
    EXPECT_EQ(zigzag_encode32(64), 128u);
    EXPECT_EQ(zigzag_decode32(zigzag_encode32(std::numeric_limits<int32_t>::min())),
              std::numeric_limits<int32_t>::min());
    EXPECT_EQ(zigzag_decode(zigzag_encode(std::numeric_limits<int64_t>::max())),
              std::numeric_limits<int64_t>::max());
}

TEST(Varint, TruncatedInputIsAnError) {
    const std::array<uint8_t, 2> buf{0x80, 0x80};
    uint32_t out = 0;
    EXPECT_EQ(get_uvarint32(buf.data(), buf.data() + buf.size(), out), 0u);
    EXPECT_EQ(get_uvarint32(buf.data(), buf.data(), out), 0u);
}

TEST(Varint, OverlongInputIsAnError) {
    const std::array<uint8_t, 6> five_plus{0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    uint32_t out = 0;
    EXPECT_EQ(get_uvarint32(five_plus.data(), five_plus.data() + five_plus.size(), out), 0u);
    const std::array<uint8_t, 11> eleven{0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                         0xff, 0xff, 0xff, 0xff, 0x01};
    uint64_t out64 = 0;
    EXPECT_EQ(get_uvarint64(eleven.data(), eleven.data() + eleven.size(), out64), 0u);
}

}  // namespace
}  // namespace samsa::protocol
