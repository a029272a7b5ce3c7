// The subsystems a handler may delegate to, and broker-wide state. One instance lives for
// the broker's lifetime; every member is safe to use from any event loop thread.
#pragma once

#include <atomic>

#include "server/broker_config.h"
#include "server/connection_registry.h"

namespace samsa::controller {
class controller;
}
namespace samsa::log {
class log_manager;
}

namespace samsa::server {

class producer_id_allocator;
class fetch_session_cache;
class fetch_waiters;
class group_service;

struct broker_services {
    const broker_config* config = nullptr;
    controller::controller* controller = nullptr;
    log::log_manager* logs = nullptr;
    producer_id_allocator* producer_ids = nullptr;
    fetch_session_cache* fetch_sessions = nullptr;
    fetch_waiters* waiters = nullptr;
    group_service* groups = nullptr;
    std::string cluster_id;

    bool stopping() const { return stopping_.load(std::memory_order_relaxed); }
    void set_stopping() { stopping_.store(true, std::memory_order_relaxed); }
    connection_registry& connections() { return connections_; }

  private:
    std::atomic<bool> stopping_{false};
    connection_registry connections_;
};

}  // namespace samsa::server
