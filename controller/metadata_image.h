// The cluster metadata as an immutable value: brokers, topics with their ids, partitions
// and configs, dynamic broker configs, feature levels, the producer id high-water mark.
//
// An image changes only by applying metadata records (image_builder), the same path for
// replay at start and for new changes. Published images are shared read-only across
// threads (see controller.h); topic entries are shared between successive images and
// copied only when changed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "controller/metadata_records.h"
#include "protocol/wire/uuid.h"

namespace samsa::controller {

using config_map = std::map<std::string, std::string, std::less<>>;

struct partition_info {
    int32_t leader = -1;
    int32_t leader_epoch = 0;
    int32_t partition_epoch = 0;
    std::vector<int32_t> replicas;
    std::vector<int32_t> isr;
};

struct topic_info {
    std::string name;
    protocol::uuid id;
    std::vector<partition_info> partitions;  // indexed by partition id
    config_map configs;                      // explicitly set topic configs
};

struct endpoint_info {
    std::string listener;
    std::string host;
    uint16_t port = 0;
    int16_t security_protocol = 0;
};

struct broker_info {
    int32_t id = -1;
    int64_t epoch = 0;
    protocol::uuid incarnation;
    std::vector<endpoint_info> endpoints;
    std::optional<std::string> rack;
    bool fenced = true;
};

struct metadata_image {
    int64_t last_offset = -1;  // offset of the last record applied
    std::map<int32_t, broker_info> brokers;
    std::map<std::string, std::shared_ptr<const topic_info>, std::less<>> topics;  // by name
    std::map<protocol::uuid, std::shared_ptr<const topic_info>> topics_by_id;
    // Dynamic broker configs by resource name: "" is the cluster-wide default, "1" broker 1.
    std::map<std::string, config_map, std::less<>> broker_configs;
    std::map<std::string, int16_t, std::less<>> features;
    int64_t next_producer_id = 0;

    const topic_info* find_topic(std::string_view name) const;
    const topic_info* find_topic(const protocol::uuid& id) const;
};

// Applies records to a copy of an image.
class image_builder {
  public:
    explicit image_builder(const metadata_image& base) : image_(base) {}

    void apply(const metadata_record& record, int64_t offset);
    const metadata_image& current() const { return image_; }
    // The image so far. Later applies copy a topic before changing it again.
    std::shared_ptr<const metadata_image> build() const {
        owned_.clear();
        return std::make_shared<const metadata_image>(image_);
    }

  private:
    topic_info& mutable_topic(const protocol::uuid& id);
    void apply_one(const protocol::register_broker_record& r);
    void apply_one(const protocol::topic_record& r);
    void apply_one(const protocol::partition_record& r);
    void apply_one(const protocol::partition_change_record& r);
    void apply_one(const protocol::config_record& r);
    void apply_one(const protocol::remove_topic_record& r);
    void apply_one(const protocol::feature_level_record& r);
    void apply_one(const protocol::producer_ids_record& r);

    metadata_image image_;
    // Topics this builder created or copied since the last build: changed in place, so that
    // a topic's N partition records cost N, not N copies of a growing topic.
    mutable std::set<protocol::uuid> owned_;
};

}  // namespace samsa::controller
