// __consumer_offsets records in Kafka's formats, and the partition of a group.
#include "group/records.h"

#include <gtest/gtest.h>

namespace samsa::group {
namespace {

TEST(GroupRecords, OffsetCommitRoundTripsWithKafkaVersions) {
    const record r = offset_record{"g", "t", 3, committed_offset{42, 7, "meta", 1000, -1}};
    const encoded_record e = encode(r);
    ASSERT_GE(e.key.size(), 2u);
    EXPECT_EQ(e.key[1], 1);  // key version 1: an offset commit
    ASSERT_TRUE(e.value);
    EXPECT_EQ((*e.value)[1], 3);  // value version 3
    const auto back = decode(e.key, protocol::bytes_view(*e.value));
    ASSERT_TRUE(back);
    const auto& o = std::get<offset_record>(*back);
    EXPECT_EQ(o.group, "g");
    EXPECT_EQ(o.topic, "t");
    EXPECT_EQ(o.partition, 3);
    EXPECT_EQ(*o.value, (committed_offset{42, 7, "meta", 1000, -1}));
}

TEST(GroupRecords, ExplicitExpiryIsWrittenAsValueVersion1) {
    const encoded_record e = encode(offset_record{"g", "t", 0, committed_offset{1, -1, "", 5, 9}});
    EXPECT_EQ((*e.value)[1], 1);
    const auto back = decode(e.key, protocol::bytes_view(*e.value));
    EXPECT_EQ(std::get<offset_record>(*back).value->expire_timestamp, 9);
}

TEST(GroupRecords, TombstonesHaveNullValues) {
    const encoded_record e = encode(group_record{"g", std::nullopt});
    EXPECT_EQ(e.key[1], 2);
    EXPECT_FALSE(e.value);
    const auto back = decode(e.key, std::nullopt);
    ASSERT_TRUE(back);
    EXPECT_FALSE(std::get<group_record>(*back).value);
}

TEST(GroupRecords, GroupMetadataRoundTrips) {
    protocol::group_metadata_value v;
    v.protocol_type = "consumer";
    v.generation = 4;
    v.protocol = "range";
    v.leader = "m1";
    v.current_state_timestamp = 77;
    auto& m = v.members.emplace_back();
    m.member_id = "m1";
    m.group_instance_id = "i1";
    m.client_id = "c";
    m.client_host = "/1.2.3.4";
    m.rebalance_timeout = 300000;
    m.session_timeout = 45000;
    m.subscription = {0, 1};
    m.assignment = {2, 3};
    const encoded_record e = encode(group_record{"g", v});
    const auto back = decode(e.key, protocol::bytes_view(*e.value));
    ASSERT_TRUE(back);
    EXPECT_EQ(*std::get<group_record>(*back).value, v);
}

TEST(GroupRecords, OtherRecordTypesAndGarbageAreSkipped) {
    const protocol::byte_buffer consumer_group_key{0, 3, 0, 1, 'g'};
    EXPECT_FALSE(decode(consumer_group_key, std::nullopt));
    const protocol::byte_buffer short_key{0};
    EXPECT_FALSE(decode(short_key, std::nullopt));
    const protocol::byte_buffer truncated{0, 1, 0, 9, 'g'};
    EXPECT_FALSE(decode(truncated, std::nullopt));
}

TEST(GroupRecords, PartitionIsJavaHashCodeModuloPartitions) {
    EXPECT_EQ(partition_for("a", 50), 47);
    EXPECT_EQ(partition_for("console-consumer-43123", 50), 24);
    EXPECT_EQ(partition_for("my-group", 50), 12);  // a negative hash code
    EXPECT_EQ(partition_for("gr\xc3\xbc\xc3\x9f"
                            "e-\xf0\x9f\x98\x80",
                            50),
              27);  // surrogates
}

}  // namespace
}  // namespace samsa::group
