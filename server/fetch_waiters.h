// Fetches that wait for data (long polling): each waiting fetch registers on the
// partitions it reads, and an append to any of them wakes it at once. Nothing polls on a
// timer; the only timer is the fetch's own max wait.
//
// Thread-safe: appends notify from whatever thread appended; a waiter is woken on its own
// executor (its timer is cancelled there).
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace samsa::server {

class fetch_waiters {
  public:
    struct waiter {
        explicit waiter(const boost::asio::any_io_executor& ex) : timer(ex) {}
        boost::asio::steady_timer timer;  // expires at the fetch's deadline; cancelled to wake
    };
    using key = std::pair<std::string, int32_t>;  // topic, partition

    // Registers w on the partitions until the returned guard is destroyed (on w's executor).
    class registration {
      public:
        registration(fetch_waiters& owner, std::vector<key> keys, std::shared_ptr<waiter> w);
        ~registration();
        registration(const registration&) = delete;
        registration& operator=(const registration&) = delete;

      private:
        fetch_waiters& owner_;
        std::vector<key> keys_;
        std::shared_ptr<waiter> waiter_;
    };

    // Wakes every fetch waiting on the partition.
    void notify(const std::string& topic, int32_t partition);
    // Wakes every waiting fetch (shutdown).
    void notify_all();

  private:
    struct key_hash {
        size_t operator()(const key& k) const {
            return std::hash<std::string>{}(k.first) * 31 + k.second;
        }
    };
    static void wake(const std::shared_ptr<waiter>& w);

    std::mutex mutex_;
    std::unordered_map<key, std::vector<std::shared_ptr<waiter>>, key_hash> waiting_;
};

}  // namespace samsa::server
