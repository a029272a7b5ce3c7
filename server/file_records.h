// Record bytes sent straight from a segment file to the socket with sendfile(2): the
// external pieces of Fetch responses. The protocol layer sees only their size.
#pragma once

#include <memory>

#include "server/response_writer.h"

namespace samsa::server {

class file_records final : public sendable_records {
  public:
    // `owner` keeps the file descriptor open (a segment deleted meanwhile stays readable).
    file_records(std::shared_ptr<const void> owner, int fd, uint64_t position, uint32_t size)
        : owner_(std::move(owner)), fd_(fd), position_(position), size_(size) {}

    size_t size() const override { return size_; }
    boost::asio::awaitable<void> send(boost::asio::ip::tcp::socket& socket) const override;

  private:
    std::shared_ptr<const void> owner_;
    int fd_;
    uint64_t position_;
    uint32_t size_;
};

}  // namespace samsa::server
