#include "protocol/records/crc32c.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <vector>

namespace samsa::protocol {
namespace {

// The definition, one bit at a time: slow, obviously right, shares no code with crc32c.cc.
uint32_t bitwise_crc32c(bytes_view data, uint32_t crc = 0) {
    uint32_t reg = ~crc;
    for (uint8_t byte : data) {
        reg ^= byte;
        for (int i = 0; i < 8; ++i)
            reg = (reg >> 1) ^ (0x82f63b78u & (0u - (reg & 1)));
    }
    return ~reg;
}

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
    std::mt19937 gen(seed);
    std::vector<uint8_t> v(n);
    for (auto& b : v)
        b = static_cast<uint8_t>(gen());
    return v;
}

// Lengths around every boundary of the hardware path (8-byte words, 3 x 256, 3 x 8192).
std::vector<size_t> interesting_lengths() {
    std::vector<size_t> lengths;
    for (size_t n = 0; n <= 64; ++n)
        lengths.push_back(n);
    for (size_t base : {3 * 256, 3 * 8192, 2 * 3 * 8192, 3 * 8192 + 3 * 256, 100000}) {
        for (size_t d = 0; d <= 9; ++d) {
            lengths.push_back(base + d);
            lengths.push_back(base - d);
        }
    }
    return lengths;
}

TEST(Crc32c, StandardCheckValue) {
    EXPECT_EQ(crc32c(as_bytes("123456789")), 0xE3069283u);
    EXPECT_EQ(crc32c_portable(as_bytes("123456789")), 0xE3069283u);
    EXPECT_EQ(bitwise_crc32c(as_bytes("123456789")), 0xE3069283u);
}

TEST(Crc32c, Rfc3720IscsiVectors) {
    std::vector<uint8_t> buf(32, 0x00);
    EXPECT_EQ(crc32c(buf), 0x8A9136AAu);
    std::fill(buf.begin(), buf.end(), 0xff);
    EXPECT_EQ(crc32c(buf), 0x62A8AB43u);
    std::iota(buf.begin(), buf.end(), 0);
    EXPECT_EQ(crc32c(buf), 0x46DD794Eu);
    for (size_t i = 0; i < 32; ++i)
        buf[i] = static_cast<uint8_t>(31 - i);
    EXPECT_EQ(crc32c(buf), 0x113FDB5Cu);
}

TEST(Crc32c, EmptyInputLeavesCrcUnchanged) {
    EXPECT_EQ(crc32c({}), 0u);
    EXPECT_EQ(crc32c({}, 0xdeadbeef), 0xdeadbeefu);
    EXPECT_EQ(crc32c_portable({}, 0x12345678), 0x12345678u);
}

TEST(Crc32c, ExtendingEqualsChecksumOfConcatenation) {
    const auto data = random_bytes(70000, 1);
    const bytes_view all(data);
    for (size_t split :
         {size_t{0}, size_t{1}, size_t{7}, size_t{769}, size_t{24577}, data.size()}) {
        EXPECT_EQ(crc32c(all.subspan(split), crc32c(all.first(split))), crc32c(all))
            << "split at " << split;
    }
}

TEST(Crc32c, PortableMatchesBitwiseDefinition) {
    const auto data = random_bytes(100000 + 64, 2);
    for (size_t n : interesting_lengths()) {
        const bytes_view v = bytes_view(data).subspan(3, n);
        ASSERT_EQ(crc32c_portable(v, 0x1234), bitwise_crc32c(v, 0x1234)) << "length " << n;
    }
}

TEST(Crc32c, HardwareMatchesPortableAtEveryLengthAndAlignment) {
    if (!crc32c_hardware_available()) GTEST_SKIP() << "no SSE4.2 on this CPU";
    const auto data = random_bytes(100000 + 64, 3);
    for (size_t n : interesting_lengths()) {
        for (size_t align = 0; align < 8; ++align) {
            const bytes_view v = bytes_view(data).subspan(align, n);
            ASSERT_EQ(crc32c_hardware(v), crc32c_portable(v))
                << "length " << n << " align " << align;
            ASSERT_EQ(crc32c_hardware(v, 0xfeedface), crc32c_portable(v, 0xfeedface));
        }
    }
}

TEST(Crc32c, HardwareMatchesPortableOnRandomBuffers) {
    if (!crc32c_hardware_available()) GTEST_SKIP() << "no SSE4.2 on this CPU";
    std::mt19937 gen(4);
    for (int i = 0; i < 200; ++i) {
        const size_t n = gen() % 200000;
        const auto data = random_bytes(n + 8, static_cast<uint32_t>(i));
        const bytes_view v = bytes_view(data).subspan(gen() % 8, n);
        ASSERT_EQ(crc32c_hardware(v), bitwise_crc32c(v)) << "length " << n;
    }
}

TEST(Crc32c, DispatchedResultMatchesBothPaths) {
    const auto data = random_bytes(1 << 20, 5);
    const uint32_t expected = bitwise_crc32c(data);
    EXPECT_EQ(crc32c(data), expected);
    EXPECT_EQ(crc32c_portable(data), expected);
    if (crc32c_hardware_available()) {
        EXPECT_EQ(crc32c_hardware(data), expected);
    }
}

TEST(Crc32c, SingleBitFlipChangesChecksum) {
    auto data = random_bytes(4096, 6);
    const uint32_t before = crc32c(data);
    data[2048] ^= 0x10;
    EXPECT_NE(crc32c(data), before);
}

}  // namespace
}  // namespace samsa::protocol
