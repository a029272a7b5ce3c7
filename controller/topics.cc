// Topic changes: creation, deletion and new partitions.
#include <algorithm>
#include <set>

#include "controller/config_registry.h"
#include "controller/controller.h"
#include "controller/topic_names.h"

namespace samsa::controller {
namespace {

// Kafka's controller limits on one request: partitions created by a CreateTopics or
// CreatePartitions request (MAX_PARTITIONS_PER_BATCH), and metadata records one operation may
// write (MAX_RECORDS_PER_USER_OP); each is answered with POLICY_VIOLATION for every topic.
constexpr int64_t max_partitions_per_request = 10000;
constexpr size_t max_records_per_operation = 10000;

result too_large_operation() {
    return result::fail(errc::policy_violation,
                        "Unable to perform excessively large batch operation.");
}

std::vector<int32_t> live_brokers(const metadata_image& image) {
    std::vector<int32_t> out;
    for (const auto& [id, b] : image.brokers) {
        if (!b.fenced) out.push_back(id);
    }
    return out;
}

protocol::partition_record partition_record_for(const protocol::uuid& topic, int32_t partition,
                                                const std::vector<int32_t>& replicas) {
    protocol::partition_record r;
    r.partition_id = partition;
    r.topic_id = topic;
    r.replicas = replicas;
    r.isr = replicas;
    r.leader = replicas.front();
    r.leader_epoch = 0;
    r.partition_epoch = 0;
    r.directories.assign(replicas.size(), protocol::uuid{});
    return r;
}

std::string replication_error(int32_t factor, size_t brokers) {
    return "Unable to replicate the partition " + std::to_string(factor)
           + " time(s): The target replication factor of " + std::to_string(factor)
           + " cannot be reached because only " + std::to_string(brokers)
           + " broker(s) are registered.";
}

result check_name(const metadata_image& image, const std::string& name,
                  const std::set<std::string>& taken) {
    if (auto e = topic_name_error(name)) return result::fail(errc::invalid_topic, *e);
    if (image.find_topic(name))
        return result::fail(errc::topic_exists, "Topic '" + name + "' already exists.");
    const std::string key = collision_key(name);
    for (const auto& [existing, _] : image.topics) {
        if (collision_key(existing) == key) {
            return result::fail(errc::invalid_topic,
                                "Topic '" + name + "' collides with existing topic: " + existing);
        }
    }
    if (taken.contains(key)) {
        return result::fail(errc::invalid_topic,
                            "Topic '" + name + "' collides with another topic in the request");
    }
    return {};
}

}  // namespace

std::variant<std::vector<std::vector<int32_t>>, result> controller::assign_replicas(
    const metadata_image& image, int32_t first_partition, int32_t count, int16_t replication_factor,
    const std::map<int32_t, std::vector<int32_t>>& manual) {
    const std::vector<int32_t> brokers = live_brokers(image);
    std::vector<std::vector<int32_t>> out;
    if (!manual.empty()) {
        for (int32_t p = first_partition; p < first_partition + count; ++p) {
            const auto it = manual.find(p);
            if (it == manual.end() || it->second.empty()) {
                return result::fail(errc::invalid_replica_assignment,
                                    "No replica assignment for partition " + std::to_string(p));
            }
            std::set<int32_t> seen;
            for (int32_t b : it->second) {
                if (!image.brokers.contains(b)) {
                    return result::fail(errc::invalid_replica_assignment,
                                        "The manual partition assignment includes broker "
                                            + std::to_string(b)
                                            + ", but no such broker is registered.");
                }
                if (!seen.insert(b).second) {
                    return result::fail(errc::invalid_replica_assignment,
                                        "The manual partition assignment includes the broker "
                                            + std::to_string(b) + " more than once.");
                }
            }
            if (!out.empty() && out.front().size() != it->second.size()) {
                return result::fail(errc::invalid_replica_assignment,
                                    "All partitions must have the same number of replicas.");
            }
            out.push_back(it->second);
        }
        return out;
    }
    if (static_cast<size_t>(replication_factor) > brokers.size()) {
        return result::fail(errc::invalid_replication_factor,
                            replication_error(replication_factor, brokers.size()));
    }
    for (int32_t p = first_partition; p < first_partition + count; ++p) {
        std::vector<int32_t> replicas;
        for (int16_t r = 0; r < replication_factor; ++r) {
            replicas.push_back(
                brokers[(static_cast<size_t>(p) + static_cast<size_t>(r)) % brokers.size()]);
        }
        out.push_back(std::move(replicas));
    }
    return out;
}

std::vector<topic_creation> controller::create_topics_now(const std::vector<new_topic>& topics,
                                                          bool validate_only) {
    const auto image = this->image();
    std::vector<topic_creation> out(topics.size());
    int64_t total_partitions = 0;
    for (const new_topic& t : topics) {
        total_partitions += !t.assignments.empty()   ? static_cast<int64_t>(t.assignments.size())
                            : t.num_partitions == -1 ? options_.default_partitions
                                                     : std::max(t.num_partitions, 0);
    }
    if (total_partitions > max_partitions_per_request) {
        for (topic_creation& c : out) {
            c.status = result::fail(errc::policy_violation,
                                    "Excessively large number of partitions per request.");
        }
        return out;
    }
    std::vector<metadata_record> records;
    std::set<std::string> taken;
    std::vector<size_t> created;
    for (size_t i = 0; i < topics.size(); ++i) {
        const new_topic& t = topics[i];
        topic_creation& c = out[i];
        c.status = check_name(*image, t.name, taken);
        if (!c.status.ok()) continue;
        if (!t.assignments.empty() && (t.num_partitions != -1 || t.replication_factor != -1)) {
            c.status = result::fail(
                errc::invalid_request,
                "Both numPartitions or replicationFactor and replicasAssignments were set. "
                "Both cannot be used at the same time.");
            continue;
        }
        const int32_t partitions = !t.assignments.empty()
                                       ? static_cast<int32_t>(t.assignments.size())
                                   : t.num_partitions == -1 ? options_.default_partitions
                                                            : t.num_partitions;
        if (partitions <= 0) {
            c.status =
                result::fail(errc::invalid_partitions,
                             "Number of partitions was set to an invalid non-positive value.");
            continue;
        }
        const int16_t factor =
            t.replication_factor == -1 ? options_.default_replication_factor : t.replication_factor;
        if (t.assignments.empty() && factor <= 0) {
            c.status = result::fail(
                errc::invalid_replication_factor,
                "Replication factor must be larger than 0, or -1 to use the default value.");
            continue;
        }
        auto assigned = assign_replicas(*image, 0, partitions, factor, t.assignments);
        if (auto* r = std::get_if<result>(&assigned)) {
            c.status = *r;
            continue;
        }
        if (c.status = validate_topic_configs(t.configs); !c.status.ok()) continue;
        const auto& replicas = std::get<0>(assigned);
        c.id = new_topic_id(*image);
        c.num_partitions = partitions;
        c.replication_factor = static_cast<int16_t>(replicas.front().size());
        taken.insert(collision_key(t.name));
        protocol::topic_record tr;
        tr.name = t.name;
        tr.topic_id = c.id;
        records.emplace_back(std::move(tr));
        for (const auto& [name, value] : t.configs) {
            protocol::config_record cr;
            cr.resource_type = config_resource_topic;
            cr.resource_name = t.name;
            cr.name = name;
            cr.value = value;
            records.emplace_back(std::move(cr));
        }
        for (int32_t p = 0; p < partitions; ++p) {
            records.emplace_back(partition_record_for(c.id, p, replicas[static_cast<size_t>(p)]));
        }
        created.push_back(i);
    }
    if (records.size() > max_records_per_operation) {
        for (topic_creation& c : out)
            c = topic_creation{.status = too_large_operation()};
        return out;
    }
    if (!validate_only && !records.empty()) {
        const result r = commit(records);
        if (!r.ok()) {
            for (size_t i : created)
                out[i].status = r;
        }
    }
    return out;
}

std::vector<topic_deletion> controller::delete_topics_now(const std::vector<topic_ref>& topics) {
    const auto image = this->image();
    std::vector<topic_deletion> out(topics.size());
    std::vector<metadata_record> records;
    std::vector<size_t> deleted;
    std::set<protocol::uuid> seen;
    for (size_t i = 0; i < topics.size(); ++i) {
        const topic_ref& ref = topics[i];
        topic_deletion& d = out[i];
        d.name = ref.name;
        d.id = ref.id;
        const topic_info* t =
            ref.name.empty() ? image->find_topic(ref.id) : image->find_topic(ref.name);
        if (t == nullptr) {
            d.status = ref.name.empty()
                           ? result::fail(errc::unknown_topic_id,
                                          "This server does not host this topic ID.")
                           : result::fail(errc::unknown_topic,
                                          "This server does not host this topic-partition.");
            continue;
        }
        d.name = t->name;
        d.id = t->id;
        if (!options_.delete_topic_enable) {
            d.status = result::fail(errc::deletion_disabled, "Topic deletion is disabled.");
            continue;
        }
        if (!seen.insert(t->id).second) continue;  // named twice: deleted once
        protocol::remove_topic_record r;
        r.topic_id = t->id;
        records.emplace_back(std::move(r));
        deleted.push_back(i);
    }
    if (!records.empty()) {
        const result r = commit(records);
        if (!r.ok()) {
            for (size_t i : deleted)
                out[i].status = r;
        }
    }
    return out;
}

std::vector<result> controller::create_partitions_now(const std::vector<partition_growth>& growths,
                                                      bool validate_only) {
    const auto image = this->image();
    std::vector<result> out(growths.size());
    int64_t additional = 0;
    for (const partition_growth& g : growths) {
        if (const topic_info* t = image->find_topic(g.topic)) {
            additional +=
                std::max<int64_t>(g.count - static_cast<int64_t>(t->partitions.size()), 0);
        }
    }
    if (additional > max_partitions_per_request) {
        for (result& r : out) {
            r = result::fail(errc::policy_violation,
                             "Excessively large number of additional partitions per request.");
        }
        return out;
    }
    std::vector<metadata_record> records;
    std::vector<size_t> grown;
    for (size_t i = 0; i < growths.size(); ++i) {
        const partition_growth& g = growths[i];
        const topic_info* t = image->find_topic(g.topic);
        if (t == nullptr) {
            out[i] =
                result::fail(errc::unknown_topic, "The topic '" + g.topic + "' does not exist.");
            continue;
        }
        const auto current = static_cast<int32_t>(t->partitions.size());
        if (g.count < current) {
            out[i] = result::fail(errc::invalid_partitions,
                                  "Topic currently has " + std::to_string(current)
                                      + " partitions, which is higher than the requested "
                                      + std::to_string(g.count) + ".");
            continue;
        }
        if (g.count == current) {
            out[i] = result::fail(errc::invalid_partitions,
                                  "Topic already has " + std::to_string(current) + " partitions.");
            continue;
        }
        std::map<int32_t, std::vector<int32_t>> manual;
        if (g.assignments) {
            if (static_cast<int32_t>(g.assignments->size()) != g.count - current) {
                out[i] = result::fail(errc::invalid_replica_assignment,
                                      "Attempted to add " + std::to_string(g.count - current)
                                          + " additional partition(s), but only "
                                          + std::to_string(g.assignments->size())
                                          + " assignment(s) were specified.");
                continue;
            }
            for (size_t k = 0; k < g.assignments->size(); ++k) {
                manual[current + static_cast<int32_t>(k)] = (*g.assignments)[k];
            }
        }
        const auto factor =
            static_cast<int16_t>(t->partitions.empty() ? 1 : t->partitions.front().replicas.size());
        auto assigned = assign_replicas(*image, current, g.count - current, factor, manual);
        if (auto* r = std::get_if<result>(&assigned)) {
            out[i] = *r;
            continue;
        }
        const auto& replicas = std::get<0>(assigned);
        for (int32_t k = 0; k < g.count - current; ++k) {
            records.emplace_back(
                partition_record_for(t->id, current + k, replicas[static_cast<size_t>(k)]));
        }
        grown.push_back(i);
    }
    if (!validate_only && !records.empty()) {
        const result r = commit(records);
        if (!r.ok()) {
            for (size_t i : grown)
                out[i] = r;
        }
    }
    return out;
}

}  // namespace samsa::controller
