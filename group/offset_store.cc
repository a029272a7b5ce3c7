#include "group/offset_store.h"

#include <algorithm>

namespace samsa::group {

void offset_store::apply(const offset_record& r) {
    const topic_partition tp{r.topic, r.partition};
    if (r.value) {
        offsets_[r.group][tp] = *r.value;
        return;
    }
    auto it = offsets_.find(r.group);
    if (it == offsets_.end()) return;
    it->second.erase(tp);
    if (it->second.empty()) offsets_.erase(it);
}

const committed_offset* offset_store::find(const std::string& group, const std::string& topic,
                                           int32_t partition) const {
    auto g = offsets_.find(group);
    if (g == offsets_.end()) return nullptr;
    auto it = g->second.find({topic, partition});
    return it == g->second.end() ? nullptr : &it->second;
}

const std::map<topic_partition, committed_offset>& offset_store::of(
    const std::string& group) const {
    static const std::map<topic_partition, committed_offset> none;
    auto g = offsets_.find(group);
    return g == offsets_.end() ? none : g->second;
}

bool offset_store::has_offsets(const std::string& group) const {
    return offsets_.count(group) != 0;
}

std::vector<std::string> offset_store::groups() const {
    std::vector<std::string> out;
    for (const auto& [g, o] : offsets_)
        out.push_back(g);
    return out;
}

std::vector<record> offset_store::tombstones(
    const std::string& group, const std::optional<std::vector<topic_partition>>& partitions) const {
    std::vector<record> out;
    const auto& offsets = of(group);
    if (!partitions) {
        for (const auto& [tp, o] : offsets)
            out.push_back(offset_record{group, tp.first, tp.second, std::nullopt});
        return out;
    }
    for (const auto& tp : *partitions) {
        if (offsets.count(tp))
            out.push_back(offset_record{group, tp.first, tp.second, std::nullopt});
    }
    return out;
}

std::vector<record> offset_store::expired(
    const std::string& group, int64_t now, int64_t retention_ms, std::optional<int64_t> empty_since,
    const std::optional<std::vector<std::string>>& subscribed) const {
    std::vector<record> out;
    for (const auto& [tp, o] : of(group)) {
        bool expire = false;
        if (o.expire_timestamp >= 0) {
            expire = o.expire_timestamp <= now;
        } else if (empty_since) {
            expire = std::max(o.commit_timestamp, *empty_since) + retention_ms <= now;
        } else if (subscribed) {
            const bool in_use =
                std::find(subscribed->begin(), subscribed->end(), tp.first) != subscribed->end();
            expire = !in_use && o.commit_timestamp + retention_ms <= now;
        }
        if (expire) out.push_back(offset_record{group, tp.first, tp.second, std::nullopt});
    }
    return out;
}

}  // namespace samsa::group
