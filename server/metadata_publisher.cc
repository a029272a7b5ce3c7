#include "server/metadata_publisher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "controller/config_resolver.h"
#include "log/log_manager.h"
#include "server/topic_log_config.h"

namespace samsa::server {
namespace {

bool hosts(const controller::partition_info& p, int32_t node) {
    return std::find(p.replicas.begin(), p.replicas.end(), node) != p.replicas.end();
}

}  // namespace

void metadata_publisher::apply_configs(const controller::metadata_image& before,
                                       const controller::metadata_image& after) {
    // A dynamic broker config (cluster-wide or this broker's) can change the effective value
    // of every topic that does not set its own.
    const bool broker_configs_changed = before.broker_configs != after.broker_configs;
    const controller::config_resolver resolver(
        after, node_id_, [this](std::string_view name) { return config_.value_of(name); });
    for (const auto& [id, t] : after.topics_by_id) {
        const auto old = before.topics_by_id.find(id);
        if (!broker_configs_changed && old != before.topics_by_id.end() && old->second == t)
            continue;
        logs_.set_config(t->name, topic_log_config(resolver, *t));
    }
}

void metadata_publisher::publish(const controller::metadata_image& before,
                                 const controller::metadata_image& after) {
    apply_configs(before, after);  // before creating partitions, so new logs start with them
    for (const auto& [id, t] : after.topics_by_id) {
        const auto old = before.topics_by_id.find(id);
        if (old != before.topics_by_id.end() && old->second == t) continue;  // unchanged
        for (size_t p = 0; p < t->partitions.size(); ++p) {
            if (!hosts(t->partitions[p], node_id_)) continue;
            if (auto e = logs_.create_partition(t->name, static_cast<int32_t>(p), t->id)) {
                spdlog::error("partition {}-{}: {}", t->name, p, *e);
            }
        }
    }
    for (const auto& [id, t] : before.topics_by_id) {
        if (after.topics_by_id.contains(id)) continue;
        for (size_t p = 0; p < t->partitions.size(); ++p)
            logs_.delete_partition(t->name, static_cast<int32_t>(p));
        if (after.find_topic(t->name) == nullptr) logs_.clear_config(t->name);
        spdlog::info("topic {} deleted", t->name);
    }
}

void metadata_publisher::reconcile(const controller::metadata_image& image) {
    publish(controller::metadata_image{}, image);
    for (const auto& loc : logs_.partitions()) {
        const controller::topic_info* t = image.find_topic(loc.topic);
        if (t == nullptr || static_cast<size_t>(loc.partition) >= t->partitions.size()
            || !hosts(t->partitions[static_cast<size_t>(loc.partition)], node_id_)) {
            spdlog::info("removing {}: not a partition of this broker in the metadata", loc.path);
            logs_.delete_partition(loc.topic, loc.partition);
        }
    }
}

}  // namespace samsa::server
