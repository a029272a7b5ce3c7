#include "server/fetch_waiters.h"

#include <boost/asio/post.hpp>

namespace samsa::server {

fetch_waiters::registration::registration(fetch_waiters& owner, std::vector<key> keys,
                                          std::shared_ptr<waiter> w)
    : owner_(owner), keys_(std::move(keys)), waiter_(std::move(w)) {
    std::lock_guard lock(owner_.mutex_);
    for (const auto& k : keys_)
        owner_.waiting_[k].push_back(waiter_);
}

fetch_waiters::registration::~registration() {
    std::lock_guard lock(owner_.mutex_);
    for (const auto& k : keys_) {
        const auto it = owner_.waiting_.find(k);
        if (it == owner_.waiting_.end()) continue;
        std::erase(it->second, waiter_);
        if (it->second.empty()) owner_.waiting_.erase(it);
    }
}

void fetch_waiters::wake(const std::shared_ptr<waiter>& w) {
    // A timer belongs to its executor's thread: cancel it there.
    boost::asio::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
}

void fetch_waiters::notify(const std::string& topic, int32_t partition) {
    std::vector<std::shared_ptr<waiter>> woken;
    {
        std::lock_guard lock(mutex_);
        const auto it = waiting_.find({topic, partition});
        if (it == waiting_.end()) return;
        woken = it->second;
    }
    for (const auto& w : woken)
        wake(w);
}

void fetch_waiters::notify_all() {
    std::vector<std::shared_ptr<waiter>> woken;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [_, ws] : waiting_)
            woken.insert(woken.end(), ws.begin(), ws.end());
    }
    for (const auto& w : woken)
        wake(w);
}

}  // namespace samsa::server
