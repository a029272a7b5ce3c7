#include "server/fetch_sessions.h"

#include <gtest/gtest.h>

#include "protocol/error_code.h"

namespace samsa::server {
namespace {

fetch_partition part(const std::string& topic, int32_t p, int64_t offset = 0) {
    return {.topic = topic, .partition = p, .fetch_offset = offset, .max_bytes = 1 << 20};
}

TEST(FetchSessions, InitialFullFetchOpensASession) {
    fetch_session_cache cache(10, 1000);
    const auto plan = cache.begin(0, 0, {part("a", 0), part("a", 1)}, {}, 0);
    EXPECT_EQ(plan.error, 0);
    EXPECT_NE(plan.session_id, 0);
    EXPECT_FALSE(plan.incremental);
    EXPECT_EQ(plan.partitions.size(), 2u);
    EXPECT_EQ(cache.size(), 1u);
}

TEST(FetchSessions, FinalEpochMeansNoSession) {
    fetch_session_cache cache(10, 1000);
    const auto plan = cache.begin(0, -1, {part("a", 0)}, {}, 0);
    EXPECT_EQ(plan.session_id, 0);
    EXPECT_EQ(cache.size(), 0u);
}

TEST(FetchSessions, IncrementalFetchUsesTheSessionsPartitionsAndOmitsUnchangedOnes) {
    fetch_session_cache cache(10, 1000);
    auto full = cache.begin(0, 0, {part("a", 0), part("a", 1)}, {}, 0);
    cache.finish(full, {{10, 10, 0, 0, true}, {5, 5, 0, 0, false}});
    // The client names only partition 0 (it consumed up to 10).
    auto inc = cache.begin(full.session_id, 1, {part("a", 0, 10)}, {}, 1);
    ASSERT_EQ(inc.error, 0);
    EXPECT_TRUE(inc.incremental);
    ASSERT_EQ(inc.partitions.size(), 2u);
    EXPECT_EQ(inc.partitions[0].fetch_offset, 10);
    // Nothing new on partition 0; partition 1's high watermark moved.
    const auto include = cache.finish(inc, {{10, 10, 0, 0, false}, {7, 7, 0, 0, false}});
    EXPECT_FALSE(include[0]);
    EXPECT_TRUE(include[1]);
}

TEST(FetchSessions, WrongEpochOrUnknownSessionIsAnError) {
    fetch_session_cache cache(10, 1000);
    auto full = cache.begin(0, 0, {part("a", 0)}, {}, 0);
    EXPECT_EQ(cache.begin(full.session_id, 2, {}, {}, 1).error,
              static_cast<int16_t>(protocol::error_code::invalid_fetch_session_epoch));
    EXPECT_EQ(cache.begin(full.session_id + 1, 1, {}, {}, 1).error,
              static_cast<int16_t>(protocol::error_code::fetch_session_id_not_found));
    EXPECT_EQ(cache.begin(full.session_id, 1, {}, {}, 1).error, 0);
    EXPECT_EQ(cache.begin(full.session_id, 2, {}, {}, 1).error, 0);
}

TEST(FetchSessions, ForgottenPartitionsLeaveTheSession) {
    fetch_session_cache cache(10, 1000);
    auto full = cache.begin(0, 0, {part("a", 0), part("b", 0)}, {}, 0);
    auto inc = cache.begin(full.session_id, 1, {}, {part("a", 0)}, 1);
    ASSERT_EQ(inc.partitions.size(), 1u);
    EXPECT_EQ(inc.partitions[0].topic, "b");
}

TEST(FetchSessions, FullFetchNamingASessionClosesIt) {
    fetch_session_cache cache(10, 1000);
    auto full = cache.begin(0, 0, {part("a", 0)}, {}, 0);
    cache.begin(full.session_id, -1, {part("a", 0)}, {}, 1);
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.begin(full.session_id, 1, {}, {}, 1).error,
              static_cast<int16_t>(protocol::error_code::fetch_session_id_not_found));
}

TEST(FetchSessions, FullCacheEvictsOnlyIdleSessions) {
    fetch_session_cache cache(1, 1000);
    auto first = cache.begin(0, 0, {part("a", 0)}, {}, 0);
    EXPECT_EQ(cache.begin(0, 0, {part("b", 0)}, {}, 500).session_id, 0);  // first is not idle yet
    auto third = cache.begin(0, 0, {part("c", 0)}, {}, 2000);             // now it is
    EXPECT_NE(third.session_id, 0);
    EXPECT_EQ(cache.begin(first.session_id, 1, {}, {}, 2000).error,
              static_cast<int16_t>(protocol::error_code::fetch_session_id_not_found));
}

}  // namespace
}  // namespace samsa::server
