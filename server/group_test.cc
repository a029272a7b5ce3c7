// Consumer groups against the real binary, at the protocol level: FindCoordinator (one key
// and batched) creating __consumer_offsets, the KIP-394 join, SyncGroup, Heartbeat,
// OffsetCommit/OffsetFetch (v7 and v8 shapes), ListGroups/DescribeGroups, LeaveGroup,
// OffsetDelete, DeleteGroups, Kafka's error codes for bad members and generations, and
// offsets and group metadata surviving a kill -9.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <thread>

#include "protocol/error_code.h"
#include "protocol/messages/delete_groups_request.h"
#include "protocol/messages/delete_groups_response.h"
#include "protocol/messages/delete_topics_request.h"
#include "protocol/messages/delete_topics_response.h"
#include "protocol/messages/describe_groups_request.h"
#include "protocol/messages/describe_groups_response.h"
#include "protocol/messages/find_coordinator_request.h"
#include "protocol/messages/find_coordinator_response.h"
#include "protocol/messages/heartbeat_request.h"
#include "protocol/messages/heartbeat_response.h"
#include "protocol/messages/join_group_request.h"
#include "protocol/messages/join_group_response.h"
#include "protocol/messages/leave_group_request.h"
#include "protocol/messages/leave_group_response.h"
#include "protocol/messages/list_groups_request.h"
#include "protocol/messages/list_groups_response.h"
#include "protocol/messages/list_offsets_request.h"
#include "protocol/messages/list_offsets_response.h"
#include "protocol/messages/offset_commit_request.h"
#include "protocol/messages/offset_commit_response.h"
#include "protocol/messages/offset_delete_request.h"
#include "protocol/messages/offset_delete_response.h"
#include "protocol/messages/offset_fetch_request.h"
#include "protocol/messages/offset_fetch_response.h"
#include "protocol/messages/sync_group_request.h"
#include "protocol/messages/sync_group_response.h"
#include "server/testing/broker_process.h"
#include "server/testing/test_client.h"

namespace samsa::testing {
namespace {

namespace proto = samsa::protocol;
using proto::error_code;

int16_t code(error_code e) {
    return static_cast<int16_t>(e);
}

proto::find_coordinator_response find_coordinator(test_client& c, const std::string& group) {
    proto::find_coordinator_request req;
    req.key = group;
    for (int i = 0; i < 50; ++i) {
        auto r = c.call<proto::find_coordinator_response>(req, 3);
        if (r.error_code != code(error_code::coordinator_not_available)) return r;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return {};
}

proto::join_group_response join(test_client& c, const std::string& group,
                                const std::string& member_id, int16_t version = 9) {
    proto::join_group_request req;
    req.group_id = group;
    req.session_timeout_ms = 10000;
    req.rebalance_timeout_ms = 10000;
    req.member_id = member_id;
    req.protocol_type = "consumer";
    auto& p = req.protocols.emplace_back();
    p.name = "range";
    // ConsumerProtocolSubscription v0: topics ["orders"], null user data.
    p.metadata = {0, 0, 0, 0, 0, 1, 0, 6, 'o', 'r', 'd', 'e', 'r', 's', 0xff, 0xff, 0xff, 0xff};
    return c.call<proto::join_group_response>(req, version);
}

proto::sync_group_response sync(test_client& c, const std::string& group,
                                const std::string& member_id, int32_t generation, bool leader) {
    proto::sync_group_request req;
    req.group_id = group;
    req.member_id = member_id;
    req.generation_id = generation;
    req.protocol_type = "consumer";
    req.protocol_name = "range";
    if (leader) {
        auto& a = req.assignments.emplace_back();
        a.member_id = member_id;
        a.assignment = {0, 0, 0, 0, 0, 0};
    }
    return c.call<proto::sync_group_response>(req, 5);
}

// Makes a new member the leader and only member of `group`, in generation 1 (FindCoordinator,
// JoinGroup for a member id, JoinGroup with it, SyncGroup with its assignment); its member id.
std::string lead_alone(test_client& c, const std::string& group) {
    find_coordinator(c, group);
    const std::string member = join(c, group, "").member_id;
    EXPECT_EQ(join(c, group, member).error_code, 0) << group;
    EXPECT_EQ(sync(c, group, member, 1, true).error_code, 0) << group;
    return member;
}

int16_t heartbeat(test_client& c, const std::string& group, const std::string& member_id,
                  int32_t generation) {
    proto::heartbeat_request req;
    req.group_id = group;
    req.member_id = member_id;
    req.generation_id = generation;
    return c.call<proto::heartbeat_response>(req, 4).error_code;
}

int16_t commit(test_client& c, const std::string& group, const std::string& member_id,
               int32_t generation, const std::string& topic, int32_t partition, int64_t offset,
               const std::string& metadata = "m") {
    proto::offset_commit_request req;
    req.group_id = group;
    req.member_id = member_id;
    req.generation_id_or_member_epoch = generation;
    auto& t = req.topics.emplace_back();
    t.name = topic;
    auto& p = t.partitions.emplace_back();
    p.partition_index = partition;
    p.committed_offset = offset;
    p.committed_metadata = metadata;
    const auto r = c.call<proto::offset_commit_response>(req, 9);
    return r.topics.at(0).partitions.at(0).error_code;
}

// The committed offset of one partition through OffsetFetch v8 (-1: none).
int64_t fetch(test_client& c, const std::string& group, const std::string& topic,
              int32_t partition) {
    proto::offset_fetch_request req;
    auto& g = req.groups.emplace_back();
    g.group_id = group;
    g.topics.emplace();
    auto& t = g.topics->emplace_back();
    t.name = topic;
    t.partition_indexes = {partition};
    for (int i = 0; i < 50; ++i) {
        const auto r = c.call<proto::offset_fetch_response>(req, 8);
        if (r.groups.at(0).error_code == code(error_code::coordinator_load_in_progress)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        EXPECT_EQ(r.groups.at(0).error_code, 0);
        return r.groups.at(0).topics.at(0).partitions.at(0).committed_offset;
    }
    return -2;
}

// GROUP_TEST_PORT=<port> runs these expectations against another broker instead (Apache
// Kafka from scripts/kafka-ref.sh, started with compat-tests/broker.properties): topic and
// group names then get a per-run suffix, and the kill -9 test is skipped.
std::optional<uint16_t> external_port() {
    const char* e = std::getenv("GROUP_TEST_PORT");
    if (!e) return std::nullopt;
    return static_cast<uint16_t>(std::atoi(e));
}

std::string n(const std::string& base) {
    static const std::string suffix = external_port() ? "-" + std::to_string(::getpid()) + "-"
                                                            + std::to_string(std::time(nullptr))
                                                      : "";
    return base + suffix;
}

class GroupTest : public ::testing::Test {
  protected:
    uint16_t port() const { return external_port().value_or(broker_.port()); }
    broker_process broker_{
        {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=5"}};
};

TEST_F(GroupTest, FindCoordinatorCreatesOffsetsTopicAndAnswersThisNode) {
    test_client c(port());
    const auto r = find_coordinator(c, n("g1"));
    EXPECT_EQ(r.error_code, 0);
    EXPECT_EQ(r.port, port());
    EXPECT_EQ(r.node_id, 1);
    EXPECT_EQ(r.error_message, "NONE");

    proto::find_coordinator_request batched;
    batched.coordinator_keys = {n("a"), n("b")};
    const auto rb = c.call<proto::find_coordinator_response>(batched, 4);
    ASSERT_EQ(rb.coordinators.size(), 2u);
    EXPECT_EQ(rb.coordinators[1].key, n("b"));
    EXPECT_EQ(rb.coordinators[1].error_code, 0);
    EXPECT_EQ(rb.coordinators[1].port, port());
    EXPECT_EQ(rb.coordinators[1].error_message, "");

    if (external_port()) return;  // Kafka has a transaction coordinator
    batched.key_type = 1;         // transactions: no coordinator in samsa yet
    const auto rt = c.call<proto::find_coordinator_response>(batched, 4);
    EXPECT_EQ(rt.coordinators.at(0).error_code, code(error_code::coordinator_not_available));
}

TEST_F(GroupTest, MemberJoinsSyncsHeartbeatsCommitsAndLeaves) {
    test_client c(port());
    ASSERT_EQ(c.create_topic(n("orders"), 2), 0);
    if (external_port()) std::this_thread::sleep_for(std::chrono::seconds(1));
    find_coordinator(c, n("g"));
    const auto first = join(c, n("g"), "");
    ASSERT_EQ(first.error_code, code(error_code::member_id_required));
    ASSERT_FALSE(first.member_id.empty());
    const auto joined = join(c, n("g"), first.member_id);
    ASSERT_EQ(joined.error_code, 0);
    EXPECT_EQ(joined.generation_id, 1);
    EXPECT_EQ(joined.leader, first.member_id);
    EXPECT_EQ(joined.protocol_type, "consumer");
    EXPECT_EQ(joined.protocol_name, "range");
    ASSERT_EQ(joined.members.size(), 1u);

    const auto synced = sync(c, n("g"), first.member_id, 1, true);
    EXPECT_EQ(synced.error_code, 0);
    EXPECT_EQ(synced.assignment, proto::byte_buffer({0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(heartbeat(c, n("g"), first.member_id, 1), 0);
    EXPECT_EQ(heartbeat(c, n("g"), first.member_id, 2), code(error_code::illegal_generation));
    EXPECT_EQ(heartbeat(c, n("g"), "stranger", 1), code(error_code::unknown_member_id));

    EXPECT_EQ(commit(c, n("g"), first.member_id, 1, n("orders"), 1, 42), 0);
    EXPECT_EQ(commit(c, n("g"), first.member_id, 0, n("orders"), 1, 43),
              code(error_code::illegal_generation));
    EXPECT_EQ(commit(c, n("g"), "", -1, n("orders"), 1, 44), code(error_code::unknown_member_id));
    EXPECT_EQ(commit(c, n("g"), first.member_id, 1, n("nope"), 0, 1),
              code(error_code::unknown_topic_or_partition));
    EXPECT_EQ(commit(c, n("g"), first.member_id, 1, n("orders"), 0, 1, std::string(5000, 'x')),
              code(error_code::offset_metadata_too_large));
    EXPECT_EQ(fetch(c, n("g"), n("orders"), 1), 42);
    EXPECT_EQ(fetch(c, n("g"), n("orders"), 0), -1);

    proto::describe_groups_request dreq;
    dreq.groups = {n("g"), n("missing")};
    auto d = c.call<proto::describe_groups_response>(dreq, 6);
    ASSERT_EQ(d.groups.size(), 2u);
    // Kafka answers groups in the order of their coordinator partitions, not the request's.
    if (d.groups[0].group_id != n("g")) std::swap(d.groups[0], d.groups[1]);
    EXPECT_EQ(d.groups[0].group_state, "Stable");
    EXPECT_EQ(d.groups[0].protocol_data, "range");
    ASSERT_EQ(d.groups[0].members.size(), 1u);
    EXPECT_EQ(d.groups[0].members[0].client_host, "/127.0.0.1");
    EXPECT_EQ(d.groups[1].error_code, code(error_code::group_id_not_found));
    EXPECT_EQ(d.groups[1].group_state, "Dead");

    proto::list_groups_request lreq;
    lreq.states_filter = {"stable"};
    const auto l = c.call<proto::list_groups_response>(lreq, 5);
    ASSERT_EQ(l.groups.size(), 1u);
    EXPECT_EQ(l.groups[0].group_id, n("g"));
    EXPECT_EQ(l.groups[0].group_type, "classic");

    proto::delete_groups_request del;
    del.groups_names = {n("g")};
    EXPECT_EQ(c.call<proto::delete_groups_response>(del, 2).results.at(0).error_code,
              code(error_code::non_empty_group));

    proto::leave_group_request leave;
    leave.group_id = n("g");
    auto& m = leave.members.emplace_back();
    m.member_id = first.member_id;
    const auto left = c.call<proto::leave_group_response>(leave, 5);
    EXPECT_EQ(left.error_code, 0);
    EXPECT_EQ(left.members.at(0).error_code, 0);

    proto::offset_delete_request od;
    od.group_id = n("g");
    auto& odt = od.topics.emplace_back();
    odt.name = n("orders");
    odt.partitions.emplace_back().partition_index = 1;
    const auto odr = c.call<proto::offset_delete_response>(od, 0);
    EXPECT_EQ(odr.error_code, 0);
    EXPECT_EQ(fetch(c, n("g"), n("orders"), 1), -1);

    EXPECT_EQ(c.call<proto::delete_groups_response>(del, 2).results.at(0).error_code, 0);
    EXPECT_EQ(c.call<proto::delete_groups_response>(del, 2).results.at(0).error_code,
              code(error_code::group_id_not_found));
}

TEST_F(GroupTest, OldJoinVersionNeedsNoMemberIdRoundTrip) {
    test_client c(port());
    find_coordinator(c, n("old"));
    const auto r = join(c, n("old"), "", 3);
    EXPECT_EQ(r.error_code, 0);
    EXPECT_EQ(r.generation_id, 1);
    EXPECT_FALSE(r.member_id.empty());
}

TEST_F(GroupTest, BadMembersGetKafkasErrorCodes) {
    test_client c(port());
    find_coordinator(c, n("strict"));
    // A static member (v5+) joins without the KIP-394 round trip.
    proto::join_group_request req;
    req.group_id = n("strict");
    req.session_timeout_ms = 10000;
    req.rebalance_timeout_ms = 10000;
    req.group_instance_id = "instance-1";
    req.protocol_type = "consumer";
    auto& p = req.protocols.emplace_back();
    p.name = "range";
    p.metadata = {0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
    const auto joined = c.call<proto::join_group_response>(req, 7);
    ASSERT_EQ(joined.error_code, 0);

    proto::join_group_request wrong_id = req;
    wrong_id.member_id = "not-the-holder";
    EXPECT_EQ(c.call<proto::join_group_response>(wrong_id, 7).error_code,
              code(error_code::fenced_instance_id));

    proto::join_group_request other_type = req;
    other_type.group_instance_id.reset();
    other_type.protocol_type = "connect";
    EXPECT_EQ(c.call<proto::join_group_response>(other_type, 7).error_code,
              code(error_code::inconsistent_group_protocol));

    proto::join_group_request short_session = req;
    short_session.session_timeout_ms = 1;
    EXPECT_EQ(c.call<proto::join_group_response>(short_session, 7).error_code,
              code(error_code::invalid_session_timeout));

    proto::sync_group_request stale;
    stale.group_id = n("strict");
    stale.member_id = joined.member_id;
    stale.group_instance_id = "instance-1";
    stale.generation_id = joined.generation_id + 1;
    // v5 without protocol type and name: refused before anything else.
    EXPECT_EQ(c.call<proto::sync_group_response>(stale, 5).error_code,
              code(error_code::inconsistent_group_protocol));
    stale.protocol_type = "consumer";
    stale.protocol_name = "range";
    EXPECT_EQ(c.call<proto::sync_group_response>(stale, 5).error_code,
              code(error_code::illegal_generation));
    proto::sync_group_request wrong_name = stale;
    wrong_name.generation_id = joined.generation_id;
    wrong_name.protocol_name = "roundrobin";
    EXPECT_EQ(c.call<proto::sync_group_response>(wrong_name, 5).error_code,
              code(error_code::inconsistent_group_protocol));

    proto::leave_group_request leave;
    leave.group_id = n("strict");
    auto& unknown = leave.members.emplace_back();
    unknown.member_id = "";
    unknown.group_instance_id = "instance-9";
    auto& fenced = leave.members.emplace_back();
    fenced.member_id = "someone";
    fenced.group_instance_id = "instance-1";
    const auto left = c.call<proto::leave_group_response>(leave, 5);
    EXPECT_EQ(left.error_code, 0);
    ASSERT_EQ(left.members.size(), 2u);
    EXPECT_EQ(left.members[0].error_code, code(error_code::unknown_member_id));
    EXPECT_EQ(left.members[1].error_code, code(error_code::fenced_instance_id));

    proto::join_group_request empty_group = req;
    empty_group.group_id = "";
    EXPECT_EQ(c.call<proto::join_group_response>(empty_group, 7).error_code,
              code(error_code::invalid_group_id));
}

TEST_F(GroupTest, RequestsForUnknownGroupsAndMembers) {
    test_client c(port());
    ASSERT_EQ(c.create_topic(n("ghost-orders"), 2), 0);
    if (external_port()) std::this_thread::sleep_for(std::chrono::seconds(1));
    find_coordinator(c, n("ghost"));
    EXPECT_EQ(heartbeat(c, n("ghost"), "m", 1), code(error_code::unknown_member_id));
    EXPECT_EQ(sync(c, n("ghost"), "m", 1, false).error_code, code(error_code::unknown_member_id));
    EXPECT_EQ(join(c, n("ghost"), "made-up").error_code, code(error_code::unknown_member_id));
    // A commit with a generation to a group that does not exist.
    EXPECT_EQ(commit(c, n("ghost"), "m", 3, n("ghost-orders"), 0, 1),
              code(error_code::group_id_not_found));
    EXPECT_EQ(fetch(c, n("ghost"), n("ghost-orders"), 0), -1);

    proto::leave_group_request old_leave;
    old_leave.group_id = n("ghost");
    old_leave.member_id = "m";
    EXPECT_EQ(c.call<proto::leave_group_response>(old_leave, 1).error_code,
              code(error_code::unknown_member_id));

    proto::offset_delete_request od;
    od.group_id = n("ghost");
    auto& odt = od.topics.emplace_back();
    odt.name = n("ghost-orders");
    odt.partitions.emplace_back().partition_index = 0;
    EXPECT_EQ(c.call<proto::offset_delete_response>(od, 0).error_code,
              code(error_code::group_id_not_found));

    proto::describe_groups_request dreq;
    dreq.groups = {n("ghost")};
    const auto d5 = c.call<proto::describe_groups_response>(dreq, 5);
    EXPECT_EQ(d5.groups.at(0).error_code, 0);
    EXPECT_EQ(d5.groups.at(0).group_state, "Dead");

    // Only KIP-848 groups are of type "consumer"; classic groups are "classic".
    ASSERT_EQ(commit(c, n("admin"), "", -1, n("ghost-orders"), 1, 5), 0);
    proto::list_groups_request lreq;
    lreq.types_filter = {"consumer"};
    for (const auto& g : c.call<proto::list_groups_response>(lreq, 5).groups)
        EXPECT_NE(g.group_id, n("admin"));
    lreq.types_filter = {"Classic"};
    lreq.states_filter = {"Empty"};
    bool listed = false;
    for (const auto& g : c.call<proto::list_groups_response>(lreq, 5).groups) {
        if (g.group_id != n("admin")) continue;
        listed = true;
        EXPECT_EQ(g.group_state, "Empty");
        EXPECT_EQ(g.protocol_type, "");
    }
    EXPECT_TRUE(listed);

    // OffsetFetch v7 with null topics: every committed offset of the group.
    proto::offset_fetch_request all;
    all.group_id = n("admin");
    all.topics.reset();
    const auto fa = c.call<proto::offset_fetch_response>(all, 7);
    EXPECT_EQ(fa.error_code, 0);
    ASSERT_EQ(fa.topics.size(), 1u);
    ASSERT_EQ(fa.topics[0].partitions.size(), 1u);
    EXPECT_EQ(fa.topics[0].partitions[0].partition_index, 1);
    EXPECT_EQ(fa.topics[0].partitions[0].committed_offset, 5);
}

proto::join_group_request join_request_for(const std::string& group, const std::string& member_id,
                                           std::optional<std::string> instance = std::nullopt) {
    proto::join_group_request req;
    req.group_id = group;
    req.session_timeout_ms = 10000;
    req.rebalance_timeout_ms = 10000;
    req.member_id = member_id;
    req.group_instance_id = std::move(instance);
    req.protocol_type = "consumer";
    auto& p = req.protocols.emplace_back();
    p.name = "range";
    p.metadata = {0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
    return req;
}

TEST_F(GroupTest, SecondMemberRebalancesTheGroup) {
    test_client a(port()), b(port());
    const std::string g = n("pair");
    ASSERT_EQ(a.create_topic(n("pair-orders"), 1), 0);
    if (external_port()) std::this_thread::sleep_for(std::chrono::seconds(1));
    find_coordinator(a, g);
    const std::string ida = join(a, g, "").member_id;
    ASSERT_EQ(join(a, g, ida).generation_id, 1);
    ASSERT_EQ(sync(a, g, ida, 1, true).error_code, 0);

    const std::string idb = join(b, g, "").member_id;
    b.send_request(join_request_for(g, idb), 9);  // waits until a rejoins
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(heartbeat(a, g, ida, 1), code(error_code::rebalance_in_progress));
    const auto ja = join(a, g, ida);
    const auto frame = b.read_frame();
    ASSERT_TRUE(frame);
    const auto jb = b.decode_response<proto::join_group_response>(*frame, 9);
    EXPECT_EQ(ja.error_code, 0);
    EXPECT_EQ(jb.error_code, 0);
    EXPECT_EQ(ja.generation_id, 2);
    EXPECT_EQ(jb.generation_id, 2);
    EXPECT_EQ(ja.leader, ida);
    EXPECT_EQ(jb.leader, ida);
    EXPECT_EQ(ja.members.size(), 2u);
    EXPECT_TRUE(jb.members.empty());

    proto::sync_group_request sb;
    sb.group_id = g;
    sb.member_id = idb;
    sb.generation_id = 2;
    sb.protocol_type = "consumer";
    sb.protocol_name = "range";
    b.send_request(sb, 5);  // waits for the leader
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    // Commits of the old generation are refused; during the sync phase all are.
    EXPECT_EQ(commit(a, g, ida, 1, n("pair-orders"), 0, 1), code(error_code::illegal_generation));
    EXPECT_EQ(commit(a, g, ida, 2, n("pair-orders"), 0, 1),
              code(error_code::rebalance_in_progress));
    proto::sync_group_request sa = sb;
    sa.member_id = ida;
    auto& x = sa.assignments.emplace_back();
    x.member_id = ida;
    x.assignment = {1};
    auto& y = sa.assignments.emplace_back();
    y.member_id = idb;
    y.assignment = {2};
    const auto ra = a.call<proto::sync_group_response>(sa, 5);
    const auto fb = b.read_frame();
    ASSERT_TRUE(fb);
    const auto rb = b.decode_response<proto::sync_group_response>(*fb, 5);
    EXPECT_EQ(ra.assignment, proto::byte_buffer({1}));
    EXPECT_EQ(rb.assignment, proto::byte_buffer({2}));
    EXPECT_EQ(heartbeat(b, g, idb, 2), 0);
}

TEST_F(GroupTest, RestartedStaticMemberTakesOverWithoutRebalance) {
    test_client c(port());
    const std::string g = n("static");
    find_coordinator(c, g);
    const auto first = c.call<proto::join_group_response>(join_request_for(g, "", "i-1"), 7);
    ASSERT_EQ(first.error_code, 0);
    ASSERT_EQ(first.generation_id, 1);
    proto::sync_group_request s;
    s.group_id = g;
    s.member_id = first.member_id;
    s.group_instance_id = "i-1";
    s.generation_id = 1;
    s.protocol_type = "consumer";
    s.protocol_name = "range";
    auto& a = s.assignments.emplace_back();
    a.member_id = first.member_id;
    a.assignment = {7};
    ASSERT_EQ(c.call<proto::sync_group_response>(s, 5).error_code, 0);

    // The same instance comes back without its member id (a restarted process).
    const auto again = c.call<proto::join_group_response>(join_request_for(g, "", "i-1"), 7);
    EXPECT_EQ(again.error_code, 0);
    EXPECT_EQ(again.generation_id, 1);
    EXPECT_NE(again.member_id, first.member_id);
    EXPECT_EQ(again.protocol_name, "range");

    proto::heartbeat_request old;
    old.group_id = g;
    old.member_id = first.member_id;
    old.group_instance_id = "i-1";
    old.generation_id = 1;
    EXPECT_EQ(c.call<proto::heartbeat_response>(old, 4).error_code,
              code(error_code::fenced_instance_id));
    proto::heartbeat_request now = old;
    now.member_id = again.member_id;
    EXPECT_EQ(c.call<proto::heartbeat_response>(now, 4).error_code, 0);
    s.member_id = again.member_id;
    s.assignments.clear();
    const auto kept = c.call<proto::sync_group_response>(s, 5);
    EXPECT_EQ(kept.error_code, 0);
    EXPECT_EQ(kept.assignment, proto::byte_buffer({7}));  // the assignment stayed
}

TEST_F(GroupTest, OffsetsOfADeletedTopicGo) {
    test_client c(port());
    ASSERT_EQ(c.create_topic(n("doomed"), 1), 0);
    if (external_port()) std::this_thread::sleep_for(std::chrono::seconds(1));
    find_coordinator(c, n("doomed-group"));
    ASSERT_EQ(commit(c, n("doomed-group"), "", -1, n("doomed"), 0, 9), 0);
    ASSERT_EQ(fetch(c, n("doomed-group"), n("doomed"), 0), 9);
    proto::delete_topics_request del;
    del.topic_names = {n("doomed")};
    del.timeout_ms = 10000;
    ASSERT_EQ(c.call<proto::delete_topics_response>(del, 5).responses.at(0).error_code, 0);
    int64_t committed = 9;
    for (int i = 0; i < 100 && committed != -1; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        committed = fetch(c, n("doomed-group"), n("doomed"), 0);
    }
    EXPECT_EQ(committed, -1);
}

TEST_F(GroupTest, ResponseDetailsMatchKafka) {
    test_client c(port());
    ASSERT_EQ(c.create_topic(n("detail-orders"), 1), 0);
    if (external_port()) std::this_thread::sleep_for(std::chrono::seconds(1));
    const std::string g = n("detail");
    find_coordinator(c, g);
    const auto required = join(c, g, "");
    EXPECT_EQ(required.error_code, code(error_code::member_id_required));
    EXPECT_EQ(required.generation_id, -1);
    EXPECT_EQ(required.leader, "");
    EXPECT_EQ(required.protocol_name, std::nullopt);
    EXPECT_TRUE(required.members.empty());

    // A group with only offsets (an admin commit): Empty, no protocol, no members.
    const std::string simple = n("detail-simple");
    find_coordinator(c, simple);
    ASSERT_EQ(commit(c, simple, "", -1, n("detail-orders"), 0, 3), 0);
    proto::describe_groups_request dreq;
    dreq.groups = {simple};
    const auto d = c.call<proto::describe_groups_response>(dreq, 5);
    EXPECT_EQ(d.groups.at(0).error_code, 0);
    EXPECT_EQ(d.groups.at(0).group_state, "Empty");
    EXPECT_EQ(d.groups.at(0).protocol_type, "");
    EXPECT_EQ(d.groups.at(0).protocol_data, "");
    EXPECT_TRUE(d.groups.at(0).members.empty());
    EXPECT_EQ(d.groups.at(0).authorized_operations, INT32_MIN);

    // A member in PreparingRebalance may still commit for its generation.
    const std::string ida = required.member_id;
    ASSERT_EQ(join(c, g, ida).generation_id, 1);
    ASSERT_EQ(sync(c, g, ida, 1, true).error_code, 0);
    test_client b(port());
    const std::string idb = join(b, g, "").member_id;
    b.send_request(join_request_for(g, idb), 9);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(commit(c, g, ida, 1, n("detail-orders"), 0, 4), 0);
    proto::describe_groups_request dprep;
    dprep.groups = {g};
    const auto dp = c.call<proto::describe_groups_response>(dprep, 5);
    EXPECT_EQ(dp.groups.at(0).group_state, "PreparingRebalance");
    EXPECT_EQ(dp.groups.at(0).protocol_data, "");
    EXPECT_EQ(dp.groups.at(0).members.size(), 2u);
    // Assignments show in every state, metadata only when Stable.
    for (const auto& m : dp.groups.at(0).members) {
        EXPECT_TRUE(m.member_metadata.empty());
        EXPECT_EQ(m.member_assignment.empty(), m.member_id == idb);
    }

    // OffsetFetch v8: several groups, one of them unknown.
    proto::offset_fetch_request f;
    for (const auto& id : {simple, n("detail-nobody")}) {
        auto& fg = f.groups.emplace_back();
        fg.group_id = id;
        fg.topics.emplace();
        auto& t = fg.topics->emplace_back();
        t.name = n("detail-orders");
        t.partition_indexes = {0};
    }
    const auto fr = c.call<proto::offset_fetch_response>(f, 8);
    ASSERT_EQ(fr.groups.size(), 2u);
    for (const auto& rg : fr.groups) {
        EXPECT_EQ(rg.error_code, 0);
        const auto& p = rg.topics.at(0).partitions.at(0);
        EXPECT_EQ(p.committed_offset, rg.group_id == simple ? 3 : -1);
        EXPECT_EQ(p.metadata, rg.group_id == simple ? std::optional<std::string>("m")
                                                    : std::optional<std::string>(""));
        EXPECT_EQ(p.committed_leader_epoch, -1);
    }

    proto::leave_group_request leave;
    leave.group_id = n("detail-nobody");
    leave.members.emplace_back().member_id = "x";
    const auto lr = c.call<proto::leave_group_response>(leave, 5);
    EXPECT_EQ(lr.error_code, 0);
    ASSERT_EQ(lr.members.size(), 1u);
    EXPECT_EQ(lr.members[0].error_code, code(error_code::unknown_member_id));
}

TEST_F(GroupTest, OffsetsAndGroupSurviveKill9) {
    if (external_port()) GTEST_SKIP() << "kills the broker";
    std::string member;
    {
        test_client c(port());
        ASSERT_EQ(c.create_topic(n("orders"), 2), 0);
        if (external_port()) std::this_thread::sleep_for(std::chrono::seconds(1));
        member = lead_alone(c, n("durable"));
        ASSERT_EQ(commit(c, n("durable"), member, 1, n("orders"), 0, 17), 0);
        ASSERT_EQ(commit(c, n("simple"), "", -1, n("orders"), 1, 99), 0);
    }
    broker_.kill9();
    broker_.restart();
    test_client c(port());
    EXPECT_EQ(fetch(c, n("durable"), n("orders"), 0), 17);
    EXPECT_EQ(fetch(c, n("simple"), n("orders"), 1), 99);
    // The member of the last generation is back, on a fresh session timer.
    EXPECT_EQ(heartbeat(c, n("durable"), member, 1), 0);
    proto::list_groups_request lreq;
    const auto l = c.call<proto::list_groups_response>(lreq, 4);
    EXPECT_EQ(l.groups.size(), 2u);
}

// samsa.log.fsync.before.ack: OffsetCommit answers once the commit is fsynced; commits of a
// member and of a simple consumer are answered (not timed out) and read back after kill -9.
TEST(GroupFsyncTest, CommitsAnswerOnceDurable) {
    if (external_port()) GTEST_SKIP() << "samsa's own mode";
    broker_process broker(
        {"group.initial.rebalance.delay.ms=0", "samsa.log.fsync.before.ack=true"});
    {
        test_client c(broker.port());
        ASSERT_EQ(c.create_topic("fsync-orders", 1), 0);
        const std::string member = lead_alone(c, "fsync-group");
        for (int64_t offset = 1; offset <= 20; ++offset)
            ASSERT_EQ(commit(c, "fsync-group", member, 1, "fsync-orders", 0, offset), 0);
        ASSERT_EQ(commit(c, "fsync-simple", "", -1, "fsync-orders", 0, 5), 0);
    }
    broker.kill9();
    broker.restart();
    test_client c(broker.port());
    EXPECT_EQ(fetch(c, "fsync-group", "fsync-orders", 0), 20);
    EXPECT_EQ(fetch(c, "fsync-simple", "fsync-orders", 0), 5);
}

// The high watermarks of all 50 __consumer_offsets partitions added up: in fsync-before-ack
// mode they only cover what is fsynced.
int64_t durable_group_records(test_client& c) {
    proto::list_offsets_request req;
    req.replica_id = -1;
    auto& t = req.topics.emplace_back();
    t.name = "__consumer_offsets";
    for (int32_t p = 0; p < 50; ++p) {
        auto& lp = t.partitions.emplace_back();
        lp.partition_index = p;
        lp.timestamp = -1;
    }
    const auto r = c.call<proto::list_offsets_response>(req, 7);
    int64_t sum = 0;
    for (const auto& p : r.topics.at(0).partitions) {
        EXPECT_EQ(p.error_code, 0) << "partition " << p.partition_index;
        sum += p.offset;
    }
    return sum;
}

// Runs call(), a step that writes group records, and expects it to have answered once they
// were fsynced: what the high watermarks cover grew by the answer, and does not grow after it
// while nothing else happens.
template <typename Call>
void expect_answered_durably(test_client& c, const std::string& step, Call&& call) {
    const int64_t before = durable_group_records(c);
    call();
    const int64_t answered = durable_group_records(c);
    EXPECT_GT(answered, before) << step << " wrote nothing";
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(durable_group_records(c), answered) << step;
}

// SyncGroup answers once the generation's record is fsynced.
TEST(GroupFsyncTest, SyncGroupAnswersOnceTheAssignmentIsDurable) {
    if (external_port()) GTEST_SKIP() << "samsa's own mode";
    broker_process broker(
        {"group.initial.rebalance.delay.ms=0", "samsa.log.fsync.before.ack=true"});
    test_client c(broker.port());
    find_coordinator(c, "fsync-sync-0");  // creates __consumer_offsets
    for (int i = 0; i < 5; ++i) {
        const std::string group = "fsync-sync-" + std::to_string(i);
        // JoinGroup writes nothing; the generation's record comes with SyncGroup.
        expect_answered_durably(c, group, [&] { lead_alone(c, group); });
    }
}

// LeaveGroup, OffsetDelete and DeleteGroups answer, like SyncGroup, once the records they
// wrote (the group left Empty, an offset's tombstone, the group's tombstones) are fsynced.
TEST(GroupFsyncTest, LeaveAndDeletesAnswerOnceDurable) {
    if (external_port()) GTEST_SKIP() << "samsa's own mode";
    broker_process broker(
        {"group.initial.rebalance.delay.ms=0", "samsa.log.fsync.before.ack=true"});
    test_client c(broker.port());
    ASSERT_EQ(c.create_topic("fsync-leave-orders", 1), 0);
    for (int i = 0; i < 3; ++i) {
        const std::string group = "fsync-leave-" + std::to_string(i);
        const std::string member = lead_alone(c, group);
        ASSERT_EQ(commit(c, group, member, 1, "fsync-leave-orders", 0, 7), 0);
        ASSERT_EQ(commit(c, group, member, 1, "fsync-leave-orders", 0, 8), 0);

        expect_answered_durably(c, "LeaveGroup", [&] {
            proto::leave_group_request leave;
            leave.group_id = group;
            leave.members.emplace_back().member_id = member;
            const auto r = c.call<proto::leave_group_response>(leave, 5);
            ASSERT_EQ(r.error_code, 0);
            ASSERT_EQ(r.members.at(0).error_code, 0);
        });
        expect_answered_durably(c, "OffsetDelete", [&] {
            proto::offset_delete_request del;
            del.group_id = group;
            auto& t = del.topics.emplace_back();
            t.name = "fsync-leave-orders";
            t.partitions.emplace_back().partition_index = 0;
            const auto r = c.call<proto::offset_delete_response>(del, 0);
            ASSERT_EQ(r.error_code, 0);
            ASSERT_EQ(r.topics.at(0).partitions.at(0).error_code, 0);
        });
        expect_answered_durably(c, "DeleteGroups", [&] {
            proto::delete_groups_request del;
            del.groups_names = {group};
            const auto r = c.call<proto::delete_groups_response>(del, 2);
            ASSERT_EQ(r.results.at(0).error_code, 0);
        });
    }
}

}  // namespace
}  // namespace samsa::testing
