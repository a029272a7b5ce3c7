// The group coordinator (group/coordinator.h) wired to the broker: its records go to the
// partitions of __consumer_offsets in the log manager, the topic is created on the first
// FindCoordinator for a group (as Kafka creates it), loaded at start on a thread of its own
// (requests meanwhile answer COORDINATOR_LOAD_IN_PROGRESS), and its deadlines are fired
// by a timer on one event loop every tick_interval.
//
// Threads: all members may be used from any thread; the coordinator has its own lock.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "group/coordinator.h"

namespace samsa::controller {
class controller;
}
namespace samsa::log {
class log_manager;
}

namespace samsa::server {

struct broker_config;

inline constexpr const char* offsets_topic = "__consumer_offsets";

class group_service {
  public:
    group_service(const broker_config& config, controller::controller& controller,
                  log::log_manager& logs);
    ~group_service();

    group::coordinator& coordinator() { return coordinator_; }
    // Starts loading __consumer_offsets when it exists.
    void start();
    // Creates __consumer_offsets when it does not exist yet; true once its partitions
    // are open here, so the coordinator can write.
    boost::asio::awaitable<bool> ensure_offsets_topic();
    // In fsync-before-ack mode (samsa.log.fsync.before.ack), waits until everything written
    // so far to the group's __consumer_offsets partition is fsynced (false after timeout_ms
    // or on a storage error); otherwise true at once, as an append is acknowledged once
    // written. Every group request that wrote records answers after it (OffsetCommit,
    // SyncGroup, LeaveGroup, OffsetDelete, DeleteGroups), so what it acknowledged survives a
    // power loss; Kafka answers them once their records reach the in-sync replicas.
    boost::asio::awaitable<bool> durable(const std::string& group_id,
                                         std::chrono::milliseconds timeout = store_timeout);
    // Ticks the coordinator until the broker stops. Spawn once.
    boost::asio::awaitable<void> run_timer(const bool* stopping);
    // Answers waiting requests and joins the loading thread.
    void stop();

    static constexpr std::chrono::milliseconds tick_interval{100};
    // How long a group request waits for its records to become durable.
    static constexpr std::chrono::milliseconds store_timeout{30'000};

  private:
    bool write(int32_t partition, const std::vector<group::record>& records);
    void load();

    const broker_config& config_;
    controller::controller& controller_;
    log::log_manager& logs_;
    group::coordinator coordinator_;
    std::thread loader_;
};

// A request waiting for the coordinator's callback (JoinGroup, SyncGroup): the callback
// may run on any thread, before or after the request starts waiting.
template <typename T>
class reply_slot : public std::enable_shared_from_this<reply_slot<T>> {
  public:
    explicit reply_slot(const boost::asio::any_io_executor& ex) : timer_(ex) {}

    std::function<void(T)> callback() {
        return [self = this->shared_from_this()](T v) {
            {
                std::lock_guard lock(self->mutex_);
                self->value_ = std::move(v);
            }
            boost::asio::post(self->timer_.get_executor(), [self] { self->timer_.cancel(); });
        };
    }

    // Call on the executor given above.
    boost::asio::awaitable<T> wait() {
        {
            std::lock_guard lock(mutex_);
            if (value_) co_return std::move(*value_);
            // No suspension between the check and the wait: a cancel posted after the
            // check runs after the wait is registered.
            timer_.expires_at(std::chrono::steady_clock::time_point::max());
        }
        for (;;) {
            co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
            std::lock_guard lock(mutex_);
            if (value_) co_return std::move(*value_);
        }
    }

  private:
    boost::asio::steady_timer timer_;
    std::mutex mutex_;
    std::optional<T> value_;
};

}  // namespace samsa::server
