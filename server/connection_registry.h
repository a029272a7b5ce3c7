// The open connections of each event loop, so that shutdown can stop them reading.
//
// Each event loop thread has its own set, touched only from that thread: a connection
// registers on the thread it runs on, and stop_reading_all() must be called on each
// event loop thread (the broker posts it to each).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <unordered_set>

namespace samsa::server {

class connection_registry {
  public:
    class registration {
      public:
        explicit registration(boost::asio::ip::tcp::socket* s) : socket_(s) { sockets().insert(s); }
        ~registration() { sockets().erase(socket_); }
        registration(const registration&) = delete;
        registration& operator=(const registration&) = delete;

      private:
        boost::asio::ip::tcp::socket* socket_;
    };

    registration add(boost::asio::ip::tcp::socket& s) { return registration(&s); }

    // Shuts down the receiving side of every connection of the calling thread: a connection
    // waiting for a request sees end of stream; one serving a request finishes and answers.
    static void stop_reading_all() {
        for (auto* s : sockets()) {
            boost::system::error_code ignored;
            s->shutdown(boost::asio::ip::tcp::socket::shutdown_receive, ignored);
        }
    }

    static size_t count_on_this_thread() { return sockets().size(); }

  private:
    static std::unordered_set<boost::asio::ip::tcp::socket*>& sockets() {
        thread_local std::unordered_set<boost::asio::ip::tcp::socket*> set;
        return set;
    }
};

}  // namespace samsa::server
