// Kafka's checkpoint text files.
#include "log/checkpoints.h"

#include <gtest/gtest.h>

#include "log/test_util.h"

namespace samsa::log {
namespace {

TEST(Checkpoints, FormatIsVersionCountAndOneLinePerPartition) {
    const offset_map m{{{"orders", 0}, 42}, {{"orders", 1}, 7}, {{"a.b_c", 12}, 0}};
    EXPECT_EQ(format_offset_checkpoint(m), "0\n3\na.b_c 12 0\norders 0 42\norders 1 7\n");
}

TEST(Checkpoints, EmptyMapIsVersionAndZero) {
    EXPECT_EQ(format_offset_checkpoint({}), "0\n0\n");
}

TEST(Checkpoints, FileRoundTrips) {
    test::temp_dir d;
    const offset_map m{{{"t", 3}, 1234567890123}, {{"u", 0}, 0}};
    ASSERT_FALSE(write_offset_checkpoint(d.sub("recovery-point-offset-checkpoint"), m));
    auto r = read_offset_checkpoint(d.sub("recovery-point-offset-checkpoint"));
    ASSERT_EQ(r.index(), 0u);
    EXPECT_EQ(std::get<0>(r), m);
    EXPECT_FALSE(std::filesystem::exists(d.sub("recovery-point-offset-checkpoint.tmp")));
}

TEST(Checkpoints, MissingFileReadsAsEmpty) {
    test::temp_dir d;
    auto r = read_offset_checkpoint(d.sub("nope"));
    ASSERT_EQ(r.index(), 0u);
    EXPECT_TRUE(std::get<0>(r).empty());
}

TEST(Checkpoints, ParsesWhatKafkaWrites) {
    auto r = parse_offset_checkpoint("0\n2\n__consumer_offsets 13 99\nt 0 5\n");
    ASSERT_EQ(r.index(), 0u);
    EXPECT_EQ(std::get<0>(r).at({"__consumer_offsets", 13}), 99);
}

TEST(Checkpoints, UnknownVersionIsAnError) {
    EXPECT_EQ(parse_offset_checkpoint("1\n0\n").index(), 1u);
}

TEST(Checkpoints, CountDisagreeingWithEntriesIsAnError) {
    EXPECT_EQ(parse_offset_checkpoint("0\n2\nt 0 5\n").index(), 1u);
}

TEST(Checkpoints, MalformedLineIsAnError) {
    EXPECT_EQ(parse_offset_checkpoint("0\n1\nt 0\n").index(), 1u);
    EXPECT_EQ(parse_offset_checkpoint("0\n1\nt x 5\n").index(), 1u);
    EXPECT_EQ(parse_offset_checkpoint("zero\n").index(), 1u);
}

}  // namespace
}  // namespace samsa::log
