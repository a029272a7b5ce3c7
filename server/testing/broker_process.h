// Integration tests run the real samsa binary: broker_process starts it on a free loopback
// port with a throwaway data directory and stops it (SIGTERM, or kill -9 to test
// recovery). test_client speaks the Kafka protocol to it with samsa's generated codecs over
// a blocking socket. Test-only code; not linked into samsa.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "protocol/api_table.h"
#include "protocol/wire/bytes.h"

namespace samsa::testing {

class broker_process {
  public:
    // extra: further --override key=value pairs.
    explicit broker_process(std::vector<std::string> extra = {});
    ~broker_process();  // stops the broker and removes the data directory
    broker_process(const broker_process&) = delete;
    broker_process& operator=(const broker_process&) = delete;

    uint16_t port() const { return port_; }
    const std::string& data_dir() const { return data_dir_; }
    bool running() const;
    // What the broker wrote to stderr so far (its log).
    std::string log() const;

    // SIGTERM and wait; the exit status (0 after a clean shutdown).
    int stop();
    // SIGKILL: no shutdown at all.
    void kill9();
    // Starts it again on the same port and data directory.
    void restart();

  private:
    void start();
    void wait_until_listening();

    std::vector<std::string> extra_;
    std::string data_dir_;
    std::string log_path_;
    uint16_t port_ = 0;
    pid_t pid_ = -1;
};

// A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after).
uint16_t free_port();

}  // namespace samsa::testing
