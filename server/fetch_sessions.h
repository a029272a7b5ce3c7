// Incremental fetch sessions (KIP-227). A consumer's first full fetch (session id 0, epoch
// 0) opens a session that remembers its partitions and what the last response said of
// each; later fetches name only the partitions whose fetch position changed, and the
// response leaves out partitions with nothing new. Epoch -1 asks for no session; a full
// fetch naming a session closes it.
//
// Sessions live in a bounded cache (max.incremental.fetch.session.cache.slots); when it is
// full, the least recently used session is evicted once it has been idle for
// min.incremental.fetch.session.eviction.ms, else the new fetch gets no session.
//
// Thread-safe: one mutex guards the cache; each call holds it briefly.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "protocol/wire/uuid.h"

namespace samsa::server {

struct fetch_partition {
    std::string topic;        // the topic's name; empty when only an unknown topic id is known
    protocol::uuid topic_id;  // zero before Fetch v13
    int32_t partition = 0;
    int64_t fetch_offset = 0;
    int64_t log_start_offset = -1;
    int32_t max_bytes = 0;
    int32_t current_leader_epoch = -1;
    int32_t last_fetched_epoch = -1;
};

struct fetch_plan {
    int16_t error = 0;       // a session error (FETCH_SESSION_ID_NOT_FOUND, ...): fetch nothing
    int32_t session_id = 0;  // for the response
    bool incremental = false;
    std::vector<fetch_partition> partitions;  // what to read, in response order
};

// What a read found for a partition, compared with what the session last told the client.
struct partition_outcome {
    int64_t high_watermark = -1;
    int64_t last_stable_offset = -1;
    int64_t log_start_offset = -1;
    int16_t error = 0;
    bool has_records = false;
};

class fetch_session_cache {
  public:
    fetch_session_cache(size_t max_sessions, int64_t eviction_ms)
        : max_sessions_(max_sessions), eviction_ms_(eviction_ms) {}

    // Starts a fetch. `forgotten` partitions leave an incremental session.
    fetch_plan begin(int32_t session_id, int32_t epoch, std::vector<fetch_partition> requested,
                     const std::vector<fetch_partition>& forgotten, int64_t now_ms);

    // Records what the reads found and says, per partition of plan, whether it goes into the
    // response: always for full fetches; for incremental ones, when it has records, an error,
    // or a changed high watermark, last stable offset or log start offset.
    std::vector<bool> finish(const fetch_plan& plan,
                             const std::vector<partition_outcome>& outcomes);

    size_t size() const;

  private:
    struct cached_partition {
        fetch_partition request;
        partition_outcome last;
    };
    struct session {
        int32_t id = 0;
        int32_t next_epoch = 1;
        int64_t last_used_ms = 0;
        std::vector<cached_partition> partitions;
    };

    int32_t new_session_id();
    bool make_room(int64_t now_ms);
    static void apply_request(session& s, const fetch_partition& p);

    const size_t max_sessions_;
    const int64_t eviction_ms_;
    mutable std::mutex mutex_;
    std::unordered_map<int32_t, session> sessions_;
    std::mt19937 rng_{std::random_device{}()};
};

}  // namespace samsa::server
