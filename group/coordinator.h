// The group coordinator of a single node: every classic group and every committed offset,
// for all partitions of __consumer_offsets (this node leads them all).
//
// Durable changes (offsets committed or deleted, a group's generation and assignment, a
// group deleted) become records in Kafka's formats (records.h), handed to the record
// writer for the group's partition of __consumer_offsets; offsets are applied only after
// the write succeeded, by the same replay() that loads the topic at start. A group's
// rebalance in progress (members waiting in JoinGroup or SyncGroup) lives in memory only,
// as in Kafka: after a restart the group is back at its last stable generation.
//
// Answers that wait for a rebalance arrive through callbacks, run on the calling thread
// after the coordinator's lock is released, or later from tick() or another request.
// Time comes from the injected clock; tick() fires deadlines (session and rebalance
// timeouts, the initial rebalance delay, offset retention), so tests need no sleeping.
//
// Threads: every member function may be called from any thread; one mutex guards all.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "group/classic_group.h"
#include "group/errors.h"
#include "group/offset_store.h"
#include "group/records.h"

namespace samsa::group {

struct coordinator_options {
    group_config group;
    int32_t partitions = 50;                       // offsets.topic.num.partitions
    int64_t retention_check_interval_ms = 600000;  // offsets.retention.check.interval.ms
};

// Appends records to one partition of __consumer_offsets; false when it could not (the
// topic does not exist yet, the log is closed).
using record_writer = std::function<bool(int32_t partition, const std::vector<record>&)>;
using clock_fn = std::function<int64_t()>;

struct commit_partition {
    std::string topic;
    int32_t partition = 0;
    int64_t offset = 0;
    int32_t leader_epoch = -1;
    std::optional<std::string> metadata;
};

struct commit_request {
    std::string member_id;
    std::optional<std::string> instance_id;
    int32_t generation = -1;
    int64_t retention_ms = -1;  // v2-4: an explicit retention (-1: the broker's)
    std::vector<commit_partition> partitions;
};

struct commit_result {
    std::vector<errc> partitions;  // one per requested partition, in order
};

struct fetched_offset {
    topic_partition tp;
    committed_offset offset;  // offset -1 when none is committed
};

struct fetch_result {
    errc error = errc::none;
    std::vector<fetched_offset> offsets;
};

struct leave_result {
    errc error = errc::none;
    std::vector<errc> members;
};

struct delete_offsets_result {
    errc error = errc::none;
    std::vector<errc> partitions;
};

struct group_listing {
    std::string group_id;
    std::string protocol_type;
    group_state state = group_state::empty;
};

struct group_description {
    errc error = errc::none;
    bool found = false;
    group_state state = group_state::dead;
    std::string protocol_type;
    std::string protocol;
    std::vector<member_view> members;
};

class coordinator {
  public:
    coordinator(coordinator_options options, clock_fn clock);

    void set_writer(record_writer w);
    // Loading __consumer_offsets: every request answers COORDINATOR_LOAD_IN_PROGRESS from
    // begin_loading() until finish_loading(); replay() applies one record in log order.
    void begin_loading();
    void replay(const record& r);
    void finish_loading();
    bool loading() const;
    int32_t partitions() const { return options_.partitions; }

    void join(const std::string& group_id, join_request req, join_callback cb);
    void sync(const std::string& group_id, sync_request req, sync_callback cb);
    errc heartbeat(const std::string& group_id, const std::string& member_id,
                   const std::optional<std::string>& instance_id, int32_t generation);
    leave_result leave(const std::string& group_id, const std::vector<leave_member>& members);

    commit_result commit_offsets(const std::string& group_id, const commit_request& req);
    // partitions nullopt: every committed offset of the group.
    fetch_result fetch_offsets(const std::string& group_id,
                               const std::optional<std::vector<topic_partition>>& partitions);
    delete_offsets_result delete_offsets(const std::string& group_id,
                                         const std::vector<topic_partition>& partitions);
    std::vector<errc> delete_groups(const std::vector<std::string>& group_ids);
    std::vector<group_listing> list_groups() const;
    group_description describe(const std::string& group_id) const;

    void tick();
    // Removes (with tombstones) the offsets of topics that no longer exist, as Kafka does when
    // a topic is deleted. Returns how many were removed.
    size_t delete_offsets_of_missing_topics(const std::function<bool(const std::string&)>& exists);
    // Answers every waiting request with NOT_COORDINATOR-like errors (broker shutdown).
    void shutdown();

  private:
    errc precheck(const std::string& group_id) const;
    classic_group* find(const std::string& group_id);
    const classic_group* find(const std::string& group_id) const;
    classic_group& get_or_create(const std::string& group_id, int64_t now);
    bool write(const std::string& group_id, const std::vector<record>& records);
    // Writes the group's metadata record if the operation produced one.
    void persist(const std::string& group_id, effects& fx);
    void expire_offsets(int64_t now);
    static void run(effects& fx);

    coordinator_options options_;
    clock_fn clock_;
    record_writer writer_;
    mutable std::mutex mutex_;
    bool loading_ = false;
    bool stopped_ = false;
    int64_t next_expiry_check_ = 0;
    std::map<std::string, std::unique_ptr<classic_group>> groups_;
    offset_store offsets_;
};

}  // namespace samsa::group
