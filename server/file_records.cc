#include "server/file_records.h"

#include <sys/sendfile.h>

#include <boost/asio/use_awaitable.hpp>
#include <cerrno>

namespace samsa::server {

boost::asio::awaitable<void> file_records::send(boost::asio::ip::tcp::socket& socket) const {
    socket.native_non_blocking(true);
    off_t offset = static_cast<off_t>(position_);
    size_t left = size_;
    while (left > 0) {
        const ssize_t n = ::sendfile(socket.native_handle(), fd_, &offset, left);
        if (n > 0) {
            left -= static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            co_await socket.async_wait(boost::asio::ip::tcp::socket::wait_write,
                                       boost::asio::use_awaitable);
            continue;
        }
        // n == 0: the file is shorter than the range the log promised. The response is cut
        // short and cannot be finished: end the connection (the client retries).
        throw boost::system::system_error(
            n == 0 ? boost::asio::error::eof
                   : boost::system::error_code(errno, boost::system::system_category()));
    }
}

}  // namespace samsa::server
