// A coordinator on a manual clock whose records go to a vector, for the group unit tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

#include "group/coordinator.h"

namespace samsa::group::testing {

struct harness {
    int64_t now = 1'000'000;
    std::vector<record> written;
    bool fail_writes = false;
    std::unique_ptr<coordinator> coord;

    explicit harness(group_config cfg = default_config()) {
        coordinator_options o;
        o.group = cfg;
        o.partitions = 50;
        coord = std::make_unique<coordinator>(o, [this] { return now; });
        coord->set_writer([this](int32_t, const std::vector<record>& rs) {
            if (fail_writes) return false;
            written.insert(written.end(), rs.begin(), rs.end());
            return true;
        });
    }

    static group_config default_config() {
        group_config c;
        c.initial_rebalance_delay_ms = 3000;
        return c;
    }

    void advance(int64_t ms) {
        now += ms;
        coord->tick();
    }

    // A JoinGroup whose answer lands in the returned slot (empty until answered).
    std::shared_ptr<std::optional<join_result>> join(
        const std::string& group, const std::string& member_id,
        std::optional<std::string> instance = {},
        std::vector<member_protocol> protocols = {{"range", {1, 2}}},
        std::string type = "consumer") {
        auto slot = std::make_shared<std::optional<join_result>>();
        join_request r;
        r.member_id = member_id;
        r.instance_id = std::move(instance);
        r.client_id = "client";
        r.client_host = "/127.0.0.1";
        r.session_timeout_ms = 10000;
        r.rebalance_timeout_ms = 30000;
        r.protocol_type = std::move(type);
        r.protocols = std::move(protocols);
        r.require_known_member_id = true;
        coord->join(group, r, [slot](join_result res) { *slot = std::move(res); });
        return slot;
    }

    // A new dynamic member: the KIP-394 round trip, returning its pending second join.
    std::shared_ptr<std::optional<join_result>> join_new(const std::string& group,
                                                         std::string* id_out) {
        auto first = join(group, "");
        EXPECT_TRUE(first->has_value());
        EXPECT_EQ((*first)->error, errc::member_id_required);
        *id_out = (*first)->member_id;
        return join(group, *id_out);
    }

    std::shared_ptr<std::optional<sync_result>> sync(
        const std::string& group, const std::string& member_id, int32_t generation,
        std::vector<std::pair<std::string, protocol::byte_buffer>> assignments = {},
        std::optional<std::string> instance = {}) {
        auto slot = std::make_shared<std::optional<sync_result>>();
        sync_request r;
        r.member_id = member_id;
        r.instance_id = std::move(instance);
        r.generation = generation;
        r.assignments = std::move(assignments);
        coord->sync(group, r, [slot](sync_result res) { *slot = std::move(res); });
        return slot;
    }
};

}  // namespace samsa::group::testing
