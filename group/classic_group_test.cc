// The classic group state machine (docs/groups.md) on a manual clock.
#include "group/classic_group.h"

#include <gtest/gtest.h>

#include "group/test_support.h"

namespace samsa::group {
namespace {

using testing::harness;

group_state state_of(harness& h, const std::string& g) {
    return h.coord->describe(g).state;
}

// One member through KIP-394, the initial delay and SyncGroup: generation 1, Stable.
std::string stable_single(harness& h, const std::string& g) {
    std::string id;
    auto joined = h.join_new(g, &id);
    EXPECT_FALSE(joined->has_value());
    h.advance(3000);
    EXPECT_TRUE(joined->has_value());
    EXPECT_EQ((*joined)->error, errc::none);
    auto synced = h.sync(g, id, 1, {{id, {9}}});
    EXPECT_TRUE(synced->has_value());
    return id;
}

TEST(ClassicGroup, FirstJoinOfDynamicMemberGetsMemberIdRequired) {
    harness h;
    auto r = h.join("g", "");
    ASSERT_TRUE(r->has_value());
    EXPECT_EQ((*r)->error, errc::member_id_required);
    EXPECT_TRUE((*r)->member_id.starts_with("client-"));
    EXPECT_EQ(state_of(h, "g"), group_state::empty);
}

TEST(ClassicGroup, SingleMemberWaitsForInitialRebalanceDelay) {
    harness h;
    std::string id;
    auto r = h.join_new("g", &id);
    EXPECT_FALSE(r->has_value());
    EXPECT_EQ(state_of(h, "g"), group_state::preparing_rebalance);
    h.advance(2999);
    EXPECT_FALSE(r->has_value());
    h.advance(1);
    ASSERT_TRUE(r->has_value());
    EXPECT_EQ((*r)->error, errc::none);
    EXPECT_EQ((*r)->generation, 1);
    EXPECT_EQ((*r)->leader, id);
    EXPECT_EQ((*r)->protocol_name, "range");
    ASSERT_EQ((*r)->members.size(), 1u);  // the leader sees every member
    EXPECT_EQ(state_of(h, "g"), group_state::completing_rebalance);
}

TEST(ClassicGroup, InitialDelayExtendsWhileMembersArriveUpToRebalanceTimeout) {
    harness h;
    std::string a, b;
    auto ra = h.join_new("g", &a);
    h.advance(2000);
    auto rb = h.join_new("g", &b);
    h.advance(1000);  // first delay over, a member arrived meanwhile: extended by 3000
    EXPECT_FALSE(ra->has_value());
    h.advance(3000);
    ASSERT_TRUE(ra->has_value());
    ASSERT_TRUE(rb->has_value());
    EXPECT_EQ((*ra)->generation, 1);
    EXPECT_EQ((*rb)->generation, 1);
    EXPECT_EQ((*ra)->leader, a);
    EXPECT_TRUE((*rb)->members.empty());  // followers get no member list
}

TEST(ClassicGroup, LeaderSyncReleasesFollowersAndStabilizes) {
    harness h;
    std::string a, b;
    auto ra = h.join_new("g", &a);
    auto rb = h.join_new("g", &b);
    h.advance(6000);  // a second member arrived: the initial delay ran twice
    auto sb = h.sync("g", b, 1);
    EXPECT_FALSE(sb->has_value());  // waits for the leader
    auto sa = h.sync("g", a, 1, {{a, {1}}, {b, {2}}});
    ASSERT_TRUE(sa->has_value());
    ASSERT_TRUE(sb->has_value());
    EXPECT_EQ((*sa)->assignment, protocol::byte_buffer({1}));
    EXPECT_EQ((*sb)->assignment, protocol::byte_buffer({2}));
    EXPECT_EQ(state_of(h, "g"), group_state::stable);
    // The generation's metadata was written with both assignments.
    ASSERT_FALSE(h.written.empty());
    const auto& rec = std::get<group_record>(h.written.back());
    ASSERT_TRUE(rec.value);
    EXPECT_EQ(rec.value->generation, 1);
    EXPECT_EQ(rec.value->members.size(), 2u);
}

TEST(ClassicGroup, NewMemberRebalancesStableGroupAndAllRejoin) {
    harness h;
    const std::string a = stable_single(h, "g");
    std::string b;
    auto rb = h.join_new("g", &b);
    EXPECT_EQ(state_of(h, "g"), group_state::preparing_rebalance);
    EXPECT_EQ(h.coord->heartbeat("g", a, std::nullopt, 1), errc::rebalance_in_progress);
    EXPECT_FALSE(rb->has_value());
    auto ra = h.join("g", a);  // the old member rejoins: everyone is in, no waiting
    ASSERT_TRUE(ra->has_value());
    ASSERT_TRUE(rb->has_value());
    EXPECT_EQ((*ra)->generation, 2);
    EXPECT_EQ((*ra)->members.size(), 2u);
}

TEST(ClassicGroup, MemberNotRejoiningIsDroppedAtRebalanceTimeout) {
    harness h;
    std::string a, b;
    auto ra = h.join_new("g", &a);
    auto rb = h.join_new("g", &b);
    h.advance(6000);  // a second member arrived: the initial delay ran twice
    h.sync("g", a, 1, {});
    h.sync("g", b, 1, {});
    std::string c;
    auto rc = h.join_new("g", &c);
    auto ra2 = h.join("g", a);
    // b keeps heartbeating but never rejoins.
    for (int i = 0; i < 9; ++i) {
        h.advance(3000);
        EXPECT_EQ(h.coord->heartbeat("g", b, std::nullopt, 1), errc::rebalance_in_progress);
    }
    EXPECT_FALSE(rc->has_value());
    h.advance(3000);  // 30 s rebalance timeout
    ASSERT_TRUE(rc->has_value());
    EXPECT_EQ((*rc)->generation, 2);
    EXPECT_EQ(h.coord->heartbeat("g", b, std::nullopt, 2), errc::unknown_member_id);
    EXPECT_EQ(h.coord->describe("g").members.size(), 2u);
}

TEST(ClassicGroup, SessionTimeoutEvictsSilentMemberAndRebalances) {
    harness h;
    std::string a, b;
    auto ra = h.join_new("g", &a);
    auto rb = h.join_new("g", &b);
    h.advance(6000);  // a second member arrived: the initial delay ran twice
    h.sync("g", b, 1);
    h.sync("g", a, 1, {{a, {1}}, {b, {2}}});
    for (int i = 0; i < 3; ++i) {
        h.advance(3000);
        EXPECT_EQ(h.coord->heartbeat("g", a, std::nullopt, 1), errc::none);
    }
    // b said nothing for 12 s > its 10 s session timeout.
    h.advance(3000);
    EXPECT_EQ(h.coord->heartbeat("g", a, std::nullopt, 1), errc::rebalance_in_progress);
    EXPECT_EQ(state_of(h, "g"), group_state::preparing_rebalance);
    auto ra2 = h.join("g", a);
    ASSERT_TRUE(ra2->has_value());
    EXPECT_EQ((*ra2)->generation, 2);
    EXPECT_EQ((*ra2)->members.size(), 1u);
}

TEST(ClassicGroup, HeartbeatChecksMemberAndGeneration) {
    harness h;
    const std::string a = stable_single(h, "g");
    EXPECT_EQ(h.coord->heartbeat("g", a, std::nullopt, 1), errc::none);
    EXPECT_EQ(h.coord->heartbeat("g", a, std::nullopt, 7), errc::illegal_generation);
    EXPECT_EQ(h.coord->heartbeat("g", "nobody", std::nullopt, 1), errc::unknown_member_id);
    EXPECT_EQ(h.coord->heartbeat("nogroup", a, std::nullopt, 1), errc::unknown_member_id);
    EXPECT_EQ(h.coord->heartbeat("", a, std::nullopt, 1), errc::invalid_group_id);
}

TEST(ClassicGroup, MismatchedProtocolTypeOrNoCommonProtocolIsInconsistent) {
    harness h;
    stable_single(h, "g");
    auto wrong_type = h.join("g", "", std::nullopt, {{"range", {}}}, "connect");
    EXPECT_EQ((*wrong_type)->error, errc::inconsistent_group_protocol);
    auto no_common = h.join("g", "", std::nullopt, {{"roundrobin", {}}});
    EXPECT_EQ((*no_common)->error, errc::inconsistent_group_protocol);
    auto empty = h.join("h", "", std::nullopt, {});
    EXPECT_EQ((*empty)->error, errc::inconsistent_group_protocol);
}

TEST(ClassicGroup, SelectsProtocolEveryMemberSupportsByVote) {
    harness h;
    std::string a;
    auto first = h.join("g", "", std::nullopt, {{"cooperative-sticky", {}}, {"range", {}}});
    a = (*first)->member_id;
    auto ra = h.join("g", a, std::nullopt, {{"cooperative-sticky", {}}, {"range", {}}});
    auto second = h.join("g", "", std::nullopt, {{"range", {}}});
    auto rb = h.join("g", (*second)->member_id, std::nullopt, {{"range", {}}});
    h.advance(6000);  // a second member arrived: the initial delay ran twice
    ASSERT_TRUE(ra->has_value());
    EXPECT_EQ((*ra)->protocol_name, "range");
}

TEST(ClassicGroup, SyncChecksGenerationStateAndProtocol) {
    harness h;
    std::string a;
    auto ra = h.join_new("g", &a);
    auto wrong = h.sync("g", a, 5);
    EXPECT_EQ((*wrong)->error, errc::illegal_generation);
    auto early = h.sync("g", a, 0);
    EXPECT_EQ((*early)->error, errc::rebalance_in_progress);
    h.advance(3000);
    auto unknown = h.sync("g", "nobody", 1);
    EXPECT_EQ((*unknown)->error, errc::unknown_member_id);
    auto slot = std::make_shared<std::optional<sync_result>>();
    sync_request r{a, std::nullopt, 1, "consumer", "roundrobin", {}};
    h.coord->sync("g", r, [slot](sync_result s) { *slot = s; });
    EXPECT_EQ((*slot)->error, errc::inconsistent_group_protocol);
    r.protocol_name = "range";
    h.coord->sync("g", r, [slot](sync_result s) { *slot = s; });
    EXPECT_EQ((*slot)->error, errc::none);
    EXPECT_EQ((*slot)->protocol_name, "range");
}

TEST(ClassicGroup, SyncDuringPreparingRebalanceIsRebalanceInProgress) {
    harness h;
    const std::string a = stable_single(h, "g");
    std::string b;
    h.join_new("g", &b);
    auto s = h.sync("g", a, 1);
    EXPECT_EQ((*s)->error, errc::rebalance_in_progress);
}

TEST(ClassicGroup, LeaderNeverSyncingRemovesUnsyncedMembers) {
    harness h;
    std::string a, b;
    auto ra = h.join_new("g", &a);
    auto rb = h.join_new("g", &b);
    h.advance(6000);  // a second member arrived: the initial delay ran twice
    auto sb = h.sync("g", b, 1);
    h.advance(9000);
    h.coord->heartbeat("g", a, std::nullopt, 1);
    h.advance(9000);
    h.coord->heartbeat("g", a, std::nullopt, 1);
    h.advance(9000);
    h.coord->heartbeat("g", a, std::nullopt, 1);
    h.advance(3000);  // the rebalance timeout after the join phase: a never synced
    ASSERT_TRUE(sb->has_value());
    EXPECT_EQ((*sb)->error, errc::rebalance_in_progress);
    EXPECT_EQ(h.coord->heartbeat("g", a, std::nullopt, 1), errc::unknown_member_id);
}

TEST(ClassicGroup, StaticMemberRejoinsWithoutRebalanceAndFencesOldId) {
    harness h;
    auto r = h.join("g", "", "instance-1");  // static members skip MEMBER_ID_REQUIRED
    h.advance(3000);
    ASSERT_TRUE(r->has_value());
    const std::string old_id = (*r)->member_id;
    h.sync("g", old_id, 1, {{old_id, {5}}}, "instance-1");
    auto again = h.join("g", "", "instance-1");
    ASSERT_TRUE(again->has_value());
    EXPECT_EQ((*again)->error, errc::none);
    EXPECT_EQ((*again)->generation, 1);
    EXPECT_NE((*again)->member_id, old_id);
    EXPECT_EQ(state_of(h, "g"), group_state::stable);
    EXPECT_EQ(h.coord->heartbeat("g", old_id, "instance-1", 1), errc::fenced_instance_id);
    EXPECT_EQ(h.coord->heartbeat("g", (*again)->member_id, "instance-1", 1), errc::none);
    EXPECT_EQ(h.coord->heartbeat("g", old_id, "instance-2", 1), errc::unknown_member_id);
}

TEST(ClassicGroup, StaticMemberKeepsItsPlaceWhenNotRejoining) {
    harness h;
    auto s = h.join("g", "", "i-1");
    std::string d;
    auto rd = h.join_new("g", &d);
    h.advance(6000);  // a second member arrived: the initial delay ran twice
    const std::string sid = (*s)->member_id;
    h.sync("g", d, 1);
    h.sync("g", sid, 1, {}, "i-1");
    std::string e;
    auto re = h.join_new("g", &e);  // a rebalance; d rejoins, the static member does not
    h.join("g", d);
    for (int i = 0; i < 6; ++i) {
        h.advance(5000);
        h.coord->heartbeat("g", sid, "i-1", 1);
    }
    ASSERT_TRUE(re->has_value());
    EXPECT_EQ((*re)->generation, 2);
    EXPECT_EQ(h.coord->describe("g").members.size(), 3u);
}

TEST(ClassicGroup, LeaveGroupBatchedWithStaticAndUnknownMembers) {
    harness h;
    auto s = h.join("g", "", "i-1");
    std::string d;
    auto rd = h.join_new("g", &d);
    h.advance(6000);  // a second member arrived: the initial delay ran twice
    const auto res = h.coord->leave(
        "g", {{"", "i-1"}, {"nobody", std::nullopt}, {d, std::nullopt}, {"x", "i-9"}});
    EXPECT_EQ(res.error, errc::none);
    ASSERT_EQ(res.members.size(), 4u);
    EXPECT_EQ(res.members[0], errc::none);
    EXPECT_EQ(res.members[1], errc::unknown_member_id);
    EXPECT_EQ(res.members[2], errc::none);
    EXPECT_EQ(res.members[3], errc::unknown_member_id);
    EXPECT_EQ(state_of(h, "g"), group_state::empty);
    const auto unknown_group = h.coord->leave("nogroup", {{"a", std::nullopt}});
    EXPECT_EQ(unknown_group.error, errc::none);
    EXPECT_EQ(unknown_group.members.at(0), errc::unknown_member_id);
}

TEST(ClassicGroup, LeaveWithWrongMemberIdForInstanceIsFenced) {
    harness h;
    h.join("g", "", "i-1");
    h.advance(3000);
    const auto res = h.coord->leave("g", {{"someone-else", "i-1"}});
    EXPECT_EQ(res.members.at(0), errc::fenced_instance_id);
}

TEST(ClassicGroup, GroupMaxSizeRefusesExtraMembers) {
    group_config c = harness::default_config();
    c.max_size = 1;
    harness h(c);
    std::string a;
    h.join_new("g", &a);
    auto second = h.join("g", "");
    EXPECT_EQ((*second)->error, errc::group_max_size_reached);
}

TEST(ClassicGroup, SessionTimeoutOutsideBrokerBoundsIsInvalid) {
    harness h;
    auto slot = std::make_shared<std::optional<join_result>>();
    join_request r;
    r.protocol_type = "consumer";
    r.protocols = {{"range", {}}};
    r.session_timeout_ms = 10;
    r.rebalance_timeout_ms = 10;
    h.coord->join("g", r, [slot](join_result j) { *slot = j; });
    EXPECT_EQ((*slot)->error, errc::invalid_session_timeout);
    h.coord->join("", r, [slot](join_result j) { *slot = j; });
    EXPECT_EQ((*slot)->error, errc::invalid_group_id);
}

TEST(ClassicGroup, UnknownMemberIdJoiningMissingGroup) {
    harness h;
    auto r = h.join("g", "made-up");
    EXPECT_EQ((*r)->error, errc::unknown_member_id);
}

TEST(ClassicGroup, PendingMemberIdExpiresAfterSessionTimeout) {
    harness h;
    auto first = h.join("g", "");
    const std::string id = (*first)->member_id;
    h.advance(10001);
    // The id was forgotten: the group has no such member.
    auto r = h.join("g", id);
    EXPECT_EQ((*r)->error, errc::unknown_member_id);
}

TEST(ClassicGroup, LastMemberLeavingEmptiesGroupAndWritesEmptyMetadata) {
    harness h;
    const std::string a = stable_single(h, "g");
    h.written.clear();
    EXPECT_EQ(h.coord->leave("g", {{a, std::nullopt}}).members.at(0), errc::none);
    EXPECT_EQ(state_of(h, "g"), group_state::empty);
    ASSERT_EQ(h.written.size(), 1u);
    const auto& rec = std::get<group_record>(h.written[0]);
    ASSERT_TRUE(rec.value);
    EXPECT_EQ(rec.value->generation, 2);
    EXPECT_TRUE(rec.value->members.empty());
}

TEST(ClassicGroup, ShutdownAnswersWaitingJoins) {
    harness h;
    std::string a;
    auto r = h.join_new("g", &a);
    h.coord->shutdown();
    ASSERT_TRUE(r->has_value());
    EXPECT_EQ((*r)->error, errc::coordinator_not_available);
}

}  // namespace
}  // namespace samsa::group
