// Hands out producer ids for InitProducerId from blocks the controller reserves in the
// metadata log (1000 at a time, as Kafka's brokers take them), so an id is never reused,
// even across restarts. Safe to call from any event loop thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <mutex>
#include <variant>

#include "controller/errors.h"

namespace samsa::controller {
class controller;
}

namespace samsa::server {

class producer_id_allocator {
  public:
    static constexpr int64_t block_size = 1000;

    explicit producer_id_allocator(controller::controller& c) : controller_(c) {}

    boost::asio::awaitable<std::variant<int64_t, controller::result>> next();

  private:
    controller::controller& controller_;
    std::mutex mutex_;
    int64_t next_ = 0;
    int64_t end_ = 0;  // next_ == end_: the block is used up
};

}  // namespace samsa::server
