#include "protocol/wire/uuid.h"

#include <gtest/gtest.h>

namespace samsa::protocol {
namespace {

TEST(Uuid, PrintsAsUrlSafeBase64WithoutPadding) {
    uuid u;
    for (size_t i = 0; i < 16; ++i)
        u.bytes[i] = static_cast<uint8_t>(0xf0 + i);
    const std::string text = u.to_string();
    EXPECT_EQ(text.size(), 22u);
    EXPECT_EQ(text, "8PHy8_T19vf4-fr7_P3-_w");
    EXPECT_EQ(uuid::from_string(text), u);
}

TEST(Uuid, ZeroUuidIsAllA) {
    EXPECT_EQ(uuid{}.to_string(), "AAAAAAAAAAAAAAAAAAAAAA");
    EXPECT_TRUE(uuid{}.is_zero());
}

TEST(Uuid, RejectsMalformedText) {
    EXPECT_FALSE(uuid::from_string("short"));
    EXPECT_FALSE(uuid::from_string("AAAAAAAAAAAAAAAAAAAAA*"));
    EXPECT_FALSE(uuid::from_string("AAAAAAAAAAAAAAAAAAAAAB"));  // nonzero padding bits
}

}  // namespace
}  // namespace samsa::protocol
