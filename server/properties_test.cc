#include "server/properties.h"

#include <gtest/gtest.h>

namespace samsa::server {
namespace {

TEST(Properties, SeparatorsEqualsColonAndSpace) {
    const auto p = parse_properties("a=1\nb: 2\nc 3\nd=\ne\n");
    EXPECT_EQ(p.at("a"), "1");
    EXPECT_EQ(p.at("b"), "2");
    EXPECT_EQ(p.at("c"), "3");
    EXPECT_EQ(p.at("d"), "");
    EXPECT_EQ(p.at("e"), "");
}

TEST(Properties, CommentsAndBlankLinesAreSkipped) {
    const auto p = parse_properties("# comment\n  ! also\n\n\tlisteners = PLAINTEXT://:9092\n");
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p.at("listeners"), "PLAINTEXT://:9092");
}

TEST(Properties, ContinuationJoinsLinesWithoutLeadingSpace) {
    const auto p = parse_properties("log.dirs=/a,\\\n    /b\nx=y\\\\\nz=1\n");
    EXPECT_EQ(p.at("log.dirs"), "/a,/b");
    EXPECT_EQ(p.at("x"), "y\\");  // an even run of backslashes does not continue
    EXPECT_EQ(p.at("z"), "1");
}

TEST(Properties, EscapesInKeysAndValues) {
    const auto p = parse_properties("a\\=b=c\\td\nu=\\u0041\\u00e9\n");
    EXPECT_EQ(p.at("a=b"), "c\td");
    EXPECT_EQ(p.at("u"), "A\xc3\xa9");
}

TEST(Properties, LaterKeysWinAndCrlfLineEndingsWork) {
    const auto p = parse_properties("k=1\r\nk=2\r\n");
    EXPECT_EQ(p.at("k"), "2");
}

TEST(Properties, ValueKeepsInnerAndTrailingSpace) {
    const auto p = parse_properties("k =  a b  ");
    EXPECT_EQ(p.at("k"), "a b  ");
}

}  // namespace
}  // namespace samsa::server
