// Offsets, group deletion, expiry and loading through the coordinator, on a manual clock.
#include "group/coordinator.h"

#include <gtest/gtest.h>

#include "group/test_support.h"

namespace samsa::group {
namespace {

using testing::harness;

commit_request simple_commit(std::vector<commit_partition> ps) {
    commit_request r;
    r.generation = -1;
    r.partitions = std::move(ps);
    return r;
}

// A member through to Stable, generation 1.
std::string stable_member(harness& h, const std::string& g) {
    std::string id;
    h.join_new(g, &id);
    h.advance(3000);
    h.sync(g, id, 1, {{id, {}}});
    return id;
}

TEST(Offsets, SimpleConsumerCommitCreatesEmptyGroupAndFetchReadsIt) {
    harness h;
    const auto res = h.coord->commit_offsets(
        "g", simple_commit({{"t", 0, 42, 3, "m"}, {"t", 1, 7, -1, std::nullopt}}));
    EXPECT_EQ(res.partitions, (std::vector<errc>{errc::none, errc::none}));
    const auto f =
        h.coord->fetch_offsets("g", std::vector<topic_partition>{{"t", 0}, {"t", 1}, {"t", 2}});
    ASSERT_EQ(f.offsets.size(), 3u);
    EXPECT_EQ(f.offsets[0].offset.offset, 42);
    EXPECT_EQ(f.offsets[0].offset.leader_epoch, 3);
    EXPECT_EQ(f.offsets[0].offset.metadata, "m");
    EXPECT_EQ(f.offsets[1].offset.metadata, "");
    EXPECT_EQ(f.offsets[2].offset.offset, -1);
    EXPECT_EQ(h.coord->fetch_offsets("g", std::nullopt).offsets.size(), 2u);
    const auto listed = h.coord->list_groups();
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].state, group_state::empty);
    EXPECT_EQ(listed[0].protocol_type, "");
    EXPECT_EQ(h.written.size(), 2u);
}

TEST(Offsets, CommitWithGenerationToMissingGroupIsGroupIdNotFound) {
    harness h;
    commit_request r = simple_commit({{"t", 0, 1}});
    r.generation = 1;
    r.member_id = "m";
    EXPECT_EQ(h.coord->commit_offsets("g", r).partitions.at(0), errc::group_id_not_found);
    EXPECT_TRUE(h.coord->list_groups().empty());
}

TEST(Offsets, MemberCommitsAreCheckedAgainstGeneration) {
    harness h;
    const std::string a = stable_member(h, "g");
    commit_request r = simple_commit({{"t", 0, 5}});
    r.member_id = a;
    r.generation = 1;
    EXPECT_EQ(h.coord->commit_offsets("g", r).partitions.at(0), errc::none);
    r.generation = 2;
    EXPECT_EQ(h.coord->commit_offsets("g", r).partitions.at(0), errc::illegal_generation);
    r.member_id = "other";
    r.generation = 1;
    EXPECT_EQ(h.coord->commit_offsets("g", r).partitions.at(0), errc::unknown_member_id);
    // An admin commit (no generation) to a group with members is refused.
    EXPECT_EQ(h.coord->commit_offsets("g", simple_commit({{"t", 0, 1}})).partitions.at(0),
              errc::unknown_member_id);
}

TEST(Offsets, CommitDuringCompletingRebalanceIsRebalanceInProgress) {
    harness h;
    std::string id;
    h.join_new("g", &id);
    h.advance(3000);
    commit_request r = simple_commit({{"t", 0, 5}});
    r.member_id = id;
    r.generation = 1;
    EXPECT_EQ(h.coord->commit_offsets("g", r).partitions.at(0), errc::rebalance_in_progress);
}

TEST(Offsets, MetadataOverLimitIsRefusedPerPartition) {
    group_config c = harness::default_config();
    c.offset_metadata_max_bytes = 4;
    harness h(c);
    const auto res = h.coord->commit_offsets(
        "g", simple_commit({{"t", 0, 1, -1, "12345"}, {"t", 1, 1, -1, "1234"}}));
    EXPECT_EQ(res.partitions, (std::vector<errc>{errc::offset_metadata_too_large, errc::none}));
}

TEST(Offsets, FailedWriteCommitsNothing) {
    harness h;
    h.fail_writes = true;
    EXPECT_EQ(h.coord->commit_offsets("g", simple_commit({{"t", 0, 1}})).partitions.at(0),
              errc::coordinator_not_available);
    h.fail_writes = false;
    EXPECT_EQ(h.coord->fetch_offsets("g", std::nullopt).offsets.size(), 0u);
}

TEST(Offsets, ExpireAfterRetentionOnceGroupIsEmpty) {
    group_config c = harness::default_config();
    c.offsets_retention_ms = 60000;
    harness h(c);
    h.coord->commit_offsets("g", simple_commit({{"t", 0, 1}}));
    h.advance(59000);
    EXPECT_EQ(h.coord->fetch_offsets("g", std::nullopt).offsets.size(), 1u);
    h.advance(600000);  // past retention, at the next retention check
    EXPECT_EQ(h.coord->fetch_offsets("g", std::nullopt).offsets.size(), 0u);
    EXPECT_TRUE(h.coord->list_groups().empty());  // the empty group went with its offsets
    const auto& tomb = std::get<offset_record>(h.written.at(1));
    EXPECT_FALSE(tomb.value);
}

TEST(Offsets, OffsetsOfActiveGroupDoNotExpire) {
    group_config c = harness::default_config();
    c.offsets_retention_ms = 1000;
    c.max_session_timeout_ms = 10'000'000;
    harness h(c);
    const std::string a = stable_member(h, "g");
    commit_request r = simple_commit({{"t", 0, 5}});
    r.member_id = a;
    r.generation = 1;
    h.coord->commit_offsets("g", r);
    for (int i = 0; i < 200; ++i) {
        h.advance(5000);
        h.coord->heartbeat("g", a, std::nullopt, 1);
    }
    EXPECT_EQ(h.coord->fetch_offsets("g", std::nullopt).offsets.size(), 1u);
}

TEST(Offsets, ActiveConsumerGroupLosesOnlyOffsetsOfTopicsItNoLongerReads) {
    group_config c = harness::default_config();
    c.offsets_retention_ms = 60000;
    c.max_session_timeout_ms = 10'000'000;
    harness h(c);
    // Consumer protocol subscription v0: version 0, topics ["t"], user data null.
    const protocol::byte_buffer sub{0, 0, 0, 0, 0, 1, 0, 1, 't', 0xff, 0xff, 0xff, 0xff};
    auto first = h.join("g", "", std::nullopt, {{"range", sub}});
    const std::string id = (*first)->member_id;
    h.join("g", id, std::nullopt, {{"range", sub}});
    h.advance(3000);
    h.sync("g", id, 1, {{id, {}}});
    commit_request r = simple_commit({{"t", 0, 5}, {"old", 0, 6}});
    r.member_id = id;
    r.generation = 1;
    h.coord->commit_offsets("g", r);
    for (int i = 0; i < 140; ++i) {  // 700 s: past retention and one retention check
        h.advance(5000);
        h.coord->heartbeat("g", id, std::nullopt, 1);
    }
    const auto f = h.coord->fetch_offsets("g", std::nullopt);
    ASSERT_EQ(f.offsets.size(), 1u);
    EXPECT_EQ(f.offsets[0].tp.first, "t");
}

TEST(Offsets, DeleteOffsetsRefusesSubscribedTopics) {
    harness h;
    // Consumer protocol subscription v0: version 0, topics ["t"], user data null.
    const protocol::byte_buffer sub{0, 0, 0, 0, 0, 1, 0, 1, 't', 0xff, 0xff, 0xff, 0xff};
    auto first = h.join("g", "", std::nullopt, {{"range", sub}});
    const std::string id = (*first)->member_id;
    h.join("g", id, std::nullopt, {{"range", sub}});
    h.advance(3000);
    h.sync("g", id, 1, {{id, {}}});
    commit_request r = simple_commit({{"t", 0, 5}, {"u", 0, 6}});
    r.member_id = id;
    r.generation = 1;
    h.coord->commit_offsets("g", r);
    const auto res = h.coord->delete_offsets("g", {{"t", 0}, {"u", 0}});
    EXPECT_EQ(res.error, errc::none);
    EXPECT_EQ(res.partitions, (std::vector<errc>{errc::group_subscribed_to_topic, errc::none}));
    EXPECT_EQ(h.coord->fetch_offsets("g", std::nullopt).offsets.size(), 1u);
    EXPECT_EQ(h.coord->delete_offsets("nope", {{"t", 0}}).error, errc::group_id_not_found);
}

TEST(Offsets, OffsetsOfDeletedTopicsAreRemoved) {
    harness h;
    h.coord->commit_offsets("g", simple_commit({{"kept", 0, 1}, {"gone", 0, 2}, {"gone", 1, 3}}));
    const size_t removed = h.coord->delete_offsets_of_missing_topics(
        [](const std::string& topic) { return topic == "kept"; });
    EXPECT_EQ(removed, 2u);
    const auto f = h.coord->fetch_offsets("g", std::nullopt);
    ASSERT_EQ(f.offsets.size(), 1u);
    EXPECT_EQ(f.offsets[0].tp.first, "kept");
    EXPECT_FALSE(std::get<offset_record>(h.written.back()).value);
}

TEST(Groups, DeleteGroupsOnlyWhenEmpty) {
    harness h;
    stable_member(h, "busy");
    h.coord->commit_offsets("idle", simple_commit({{"t", 0, 1}}));
    const auto res = h.coord->delete_groups({"busy", "idle", "missing", ""});
    EXPECT_EQ(res, (std::vector<errc>{errc::non_empty_group, errc::none, errc::group_id_not_found,
                                      errc::invalid_group_id}));
    EXPECT_EQ(h.coord->fetch_offsets("idle", std::nullopt).offsets.size(), 0u);
    EXPECT_FALSE(h.coord->describe("idle").found);
    // An offset tombstone, then the group's.
    ASSERT_GE(h.written.size(), 2u);
    EXPECT_FALSE(std::get<group_record>(h.written.back()).value);
}

TEST(Groups, ReplayingWrittenRecordsRebuildsGroupsAndOffsets) {
    harness h;
    const std::string a = stable_member(h, "g");
    commit_request r = simple_commit({{"t", 0, 5, 2, "x"}});
    r.member_id = a;
    r.generation = 1;
    h.coord->commit_offsets("g", r);
    h.coord->commit_offsets("simple", simple_commit({{"t", 1, 9}}));
    h.coord->commit_offsets("gone", simple_commit({{"t", 1, 9}}));
    h.coord->delete_groups({"gone"});

    harness loaded;
    loaded.now = h.now;
    loaded.coord->begin_loading();
    EXPECT_EQ(loaded.coord->heartbeat("g", a, std::nullopt, 1), errc::coordinator_load_in_progress);
    EXPECT_EQ(loaded.coord->fetch_offsets("g", std::nullopt).error,
              errc::coordinator_load_in_progress);
    for (const auto& rec : h.written) {
        const encoded_record e = encode(rec);
        const auto back =
            decode(e.key, e.value ? std::optional<protocol::bytes_view>(*e.value) : std::nullopt);
        ASSERT_TRUE(back);
        loaded.coord->replay(*back);
    }
    loaded.coord->finish_loading();
    const auto d = loaded.coord->describe("g");
    EXPECT_EQ(d.state, group_state::stable);
    ASSERT_EQ(d.members.size(), 1u);
    EXPECT_EQ(d.members[0].member_id, a);
    EXPECT_EQ(loaded.coord->heartbeat("g", a, std::nullopt, 1), errc::none);
    const auto f = loaded.coord->fetch_offsets("g", std::nullopt);
    ASSERT_EQ(f.offsets.size(), 1u);
    EXPECT_EQ(f.offsets[0].offset.offset, 5);
    EXPECT_EQ(f.offsets[0].offset.metadata, "x");
    EXPECT_EQ(loaded.coord->list_groups().size(), 2u);  // g and simple; gone was deleted
    // The loaded member is on a fresh session clock: silent, it leaves and the group empties.
    loaded.advance(11000);
    EXPECT_EQ(loaded.coord->describe("g").state, group_state::empty);
}

}  // namespace
}  // namespace samsa::group
