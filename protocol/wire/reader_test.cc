#include "protocol/wire/reader.h"

#include <gtest/gtest.h>

#include <array>

#include "protocol/wire/writer.h"

namespace samsa::protocol {
namespace {

TEST(Reader, ReadsBigEndianIntegers) {
    const std::array<uint8_t, 14> buf{0x01, 0x02, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 0, 0, 0, 0, 7};
    reader r(buf);
    EXPECT_EQ(r.read_int16(), 0x0102);
    EXPECT_EQ(r.read_int32(), -2);
    EXPECT_EQ(r.read_int64(), 7);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.remaining(), 0u);
}

TEST(Reader, TruncatedReadFailsAndStaysFailed) {
    const std::array<uint8_t, 3> buf{0, 0, 1};
    reader r(buf);
    EXPECT_EQ(r.read_int32(), 0);
    EXPECT_EQ(r.error(), decode_errc::truncated);
    EXPECT_EQ(r.read_int8(), 0);  // later reads return zero
    EXPECT_EQ(r.error(), decode_errc::truncated);
}

TEST(Reader, NegativeLengthOtherThanNullIsBadLength) {
    const std::array<uint8_t, 2> buf{0xff, 0xfe};  // int16 -2
    reader r(buf);
    r.read_string_length(false);
    EXPECT_EQ(r.error(), decode_errc::bad_length);
}

TEST(Reader, NullLengthIsMinusOne) {
    const std::array<uint8_t, 2> buf{0xff, 0xff};
    reader r(buf);
    EXPECT_EQ(r.read_string_length(false), -1);
    EXPECT_TRUE(r.ok());
    const std::array<uint8_t, 1> compact{0x00};
    reader c(compact);
    EXPECT_EQ(c.read_bytes_length(true), -1);
    EXPECT_TRUE(c.ok());
}

TEST(Reader, LengthBeyondRemainingBytesIsTruncatedBeforeAnyAllocation) {
    const std::array<uint8_t, 4> buf{0x7f, 0xff, 0xff, 0xff};  // 2 GiB array
    reader r(buf);
    r.read_array_length(false);
    EXPECT_EQ(r.error(), decode_errc::truncated);
}

TEST(Reader, CompactLengthAboveInt32IsBadLength) {
    const std::array<uint8_t, 5> buf{0xff, 0xff, 0xff, 0xff, 0x0f};  // uvarint 0xffffffff
    reader r(buf);
    r.read_array_length(true);
    EXPECT_EQ(r.error(), decode_errc::bad_length);
}

TEST(Writer, WritesWhatReaderReads) {
    std::array<uint8_t, 64> buf{};
    writer w(buf.data(), buf.data() + buf.size());
    w.write_int8(-3);
    w.write_uint16(65535);
    w.write_int32(-123456);
    w.write_int64(1ll << 40);
    w.write_float64(2.5);
    w.write_bool(true);
    w.write_uvarint(300);
    w.write_varlong(-5);
    reader r(bytes_view(buf.data(), w.written()));
    EXPECT_EQ(r.read_int8(), -3);
    EXPECT_EQ(r.read_uint16(), 65535);
    EXPECT_EQ(r.read_int32(), -123456);
    EXPECT_EQ(r.read_int64(), 1ll << 40);
    EXPECT_EQ(r.read_float64(), 2.5);
    EXPECT_TRUE(r.read_bool());
    EXPECT_EQ(r.read_uvarint(), 300u);
    EXPECT_EQ(r.read_varlong(), -5);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.remaining(), 0u);
}

TEST(Writer, OverflowIsABugThatAborts) {
    std::array<uint8_t, 2> buf{};
    writer w(buf.data(), buf.data() + buf.size());
    EXPECT_DEATH(w.write_int32(1), "");
}

}  // namespace
}  // namespace samsa::protocol
