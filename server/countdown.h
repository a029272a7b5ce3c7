// Waits for a number of callbacks that may arrive on any thread, or a deadline, on the
// waiting coroutine's own executor. Produce uses it to wait until its appends are durable.
#pragma once

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <memory>

namespace samsa::server {

class countdown : public std::enable_shared_from_this<countdown> {
  public:
    countdown(const boost::asio::any_io_executor& ex, size_t n) : timer_(ex), remaining_(n) {}

    // One arrival; the last wakes the waiter. Any thread.
    void arrive() {
        if (remaining_.fetch_sub(1) == 1) {
            boost::asio::post(timer_.get_executor(),
                              [self = shared_from_this()] { self->timer_.cancel(); });
        }
    }

    // True when every arrival came before the timeout. Call on the executor given above.
    boost::asio::awaitable<bool> wait(std::chrono::milliseconds timeout) {
        if (remaining_.load() == 0) co_return true;
        // No suspension between the check and the wait: a cancel posted after the check
        // runs after the wait is registered.
        timer_.expires_after(timeout);
        co_await timer_.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        co_return remaining_.load() == 0;
    }

  private:
    boost::asio::steady_timer timer_;
    std::atomic<size_t> remaining_;
};

}  // namespace samsa::server
