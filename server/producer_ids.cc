#include "server/producer_ids.h"

#include "controller/controller.h"

namespace samsa::server {

boost::asio::awaitable<std::variant<int64_t, controller::result>> producer_id_allocator::next() {
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (next_ < end_) co_return next_++;
        }
        // Two threads may both reserve a block here; the spare one is simply never used.
        auto block = co_await controller_.allocate_producer_ids(block_size);
        if (auto* failed = std::get_if<controller::result>(&block)) co_return *failed;
        std::lock_guard lock(mutex_);
        if (next_ >= end_) {
            next_ = std::get<int64_t>(block);
            end_ = next_ + block_size;
        }
    }
}

}  // namespace samsa::server
