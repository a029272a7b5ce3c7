// Client connections held open beside the load: each connects, sends one ApiVersions v0
// request, reads its answer and then stays idle until destroyed. They cost the broker what a
// connected but quiet client costs (a socket, buffers, a session), without the load
// generator paying for full clients.
#pragma once

#include <string>
#include <vector>

namespace samsa::loadgen {

class idle_connections {
  public:
    // Opens `count` connections to host:port; raises the open-file limit as needed.
    idle_connections(const std::string& bootstrap, int count);
    ~idle_connections();
    idle_connections(const idle_connections&) = delete;
    idle_connections& operator=(const idle_connections&) = delete;

    int opened() const { return static_cast<int>(fds_.size()); }
    int answered() const { return answered_; }

  private:
    std::vector<int> fds_;
    int answered_ = 0;
};

}  // namespace samsa::loadgen
