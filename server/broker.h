// The broker process: event loops, listeners, subsystems, and orderly shutdown.
//
// Threads: one event loop (io_context) per core, each run by one thread; connections are
// spread over them round robin and stay on one loop for life. The controller runs its
// writes on an executor of its own. Shutdown (SIGTERM/SIGINT or stop()) stops accepting,
// lets in-flight requests finish, closes connections, then flushes and checkpoints the
// subsystems and writes the clean-shutdown marker.
#pragma once

#include <memory>

#include "server/broker_config.h"

namespace samsa::server {

class broker {
  public:
    explicit broker(broker_config config);
    ~broker();

    // Opens the data directories and binds the listeners; false (logged) when it cannot.
    bool start();
    // Serves until a signal or stop(); returns the process exit code.
    int run();
    void stop();

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace samsa::server
