#include "controller/metadata_image.h"

namespace samsa::controller {

const topic_info* metadata_image::find_topic(std::string_view name) const {
    const auto it = topics.find(name);
    return it == topics.end() ? nullptr : it->second.get();
}

const topic_info* metadata_image::find_topic(const protocol::uuid& id) const {
    const auto it = topics_by_id.find(id);
    return it == topics_by_id.end() ? nullptr : it->second.get();
}

void image_builder::apply(const metadata_record& record, int64_t offset) {
    std::visit([this](const auto& r) { apply_one(r); }, record);
    image_.last_offset = offset;
}

topic_info& image_builder::mutable_topic(const protocol::uuid& id) {
    auto& slot = image_.topics_by_id.at(id);
    if (owned_.contains(id)) return const_cast<topic_info&>(*slot);  // not shared yet
    owned_.insert(id);
    auto copy = std::make_shared<topic_info>(*slot);
    slot = copy;
    image_.topics[copy->name] = copy;
    return *copy;
}

void image_builder::apply_one(const protocol::register_broker_record& r) {
    broker_info b;
    b.id = r.broker_id;
    b.epoch = r.broker_epoch;
    b.incarnation = r.incarnation_id;
    for (const auto& e : r.end_points) {
        b.endpoints.push_back({e.name, e.host, e.port, e.security_protocol});
    }
    b.rack = r.rack;
    b.fenced = r.fenced;
    image_.brokers[b.id] = std::move(b);
}

void image_builder::apply_one(const protocol::topic_record& r) {
    auto t = std::make_shared<topic_info>();
    t->name = r.name;
    t->id = r.topic_id;
    image_.topics[t->name] = t;
    image_.topics_by_id[t->id] = t;
    owned_.insert(t->id);
}

void image_builder::apply_one(const protocol::partition_record& r) {
    if (!image_.topics_by_id.contains(r.topic_id) || r.partition_id < 0) return;
    topic_info& t = mutable_topic(r.topic_id);
    if (t.partitions.size() <= static_cast<size_t>(r.partition_id)) {
        t.partitions.resize(static_cast<size_t>(r.partition_id) + 1);
    }
    partition_info& p = t.partitions[static_cast<size_t>(r.partition_id)];
    p.leader = r.leader;
    p.leader_epoch = r.leader_epoch;
    p.partition_epoch = r.partition_epoch;
    p.replicas = r.replicas;
    p.isr = r.isr;
}

void image_builder::apply_one(const protocol::partition_change_record& r) {
    if (!image_.topics_by_id.contains(r.topic_id) || r.partition_id < 0) return;
    topic_info& t = mutable_topic(r.topic_id);
    if (static_cast<size_t>(r.partition_id) >= t.partitions.size()) return;
    partition_info& p = t.partitions[static_cast<size_t>(r.partition_id)];
    // Fields Kafka leaves at their "no change" defaults are not changed.
    if (r.leader != -2) {
        p.leader = r.leader;
        ++p.leader_epoch;
    }
    if (r.isr) p.isr = *r.isr;
    if (r.replicas) p.replicas = *r.replicas;
    ++p.partition_epoch;
}

void image_builder::apply_one(const protocol::config_record& r) {
    config_map* target = nullptr;
    if (r.resource_type == config_resource_topic) {
        const auto it = image_.topics.find(r.resource_name);
        if (it == image_.topics.end()) return;
        target = &mutable_topic(it->second->id).configs;
    } else if (r.resource_type == config_resource_broker) {
        target = &image_.broker_configs[r.resource_name];
    } else {
        return;
    }
    if (r.value) {
        (*target)[r.name] = *r.value;
    } else {
        target->erase(r.name);
    }
}

void image_builder::apply_one(const protocol::remove_topic_record& r) {
    const auto it = image_.topics_by_id.find(r.topic_id);
    if (it == image_.topics_by_id.end()) return;
    image_.topics.erase(it->second->name);
    owned_.erase(r.topic_id);
    image_.topics_by_id.erase(it);
}

void image_builder::apply_one(const protocol::feature_level_record& r) {
    if (r.feature_level == 0) {
        image_.features.erase(r.name);
    } else {
        image_.features[r.name] = r.feature_level;
    }
}

void image_builder::apply_one(const protocol::producer_ids_record& r) {
    image_.next_producer_id = r.next_producer_id;
}

}  // namespace samsa::controller
