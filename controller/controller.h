// The controller: the only writer of cluster metadata.
//
// It owns the metadata log and the current metadata image. Every change (topics created
// or deleted, partitions added, configs altered, broker registration) is validated
// against the current image, turned into metadata records, appended to the log as one
// batch, and only then applied to a new image, which is published atomically. Readers on
// any thread take the current image with image() and keep it as long as they need a
// consistent view.
//
// Threads: changes run on the controller's own thread. The *_now functions must only be
// called there (or, in tests, from the one thread that uses the controller); the awaitable
// functions hop onto that thread and resume the caller on its own executor.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "controller/errors.h"
#include "controller/metadata_image.h"

namespace samsa::controller {

class metadata_log;

struct controller_options {
    std::string metadata_dir;
    std::string cluster_id;
    int32_t node_id = 1;
    std::vector<endpoint_info> endpoints;  // this broker's advertised listeners
    std::optional<std::string> rack;
    int32_t default_partitions = 1;  // num.partitions
    int16_t default_replication_factor = 1;
    bool delete_topic_enable = true;
    // Cluster-wide dynamic configs written when a new cluster starts, as Kafka's storage
    // formatter writes them (Kafka 4 sets min.insync.replicas there).
    config_map bootstrap_cluster_configs;
};

struct new_topic {
    std::string name;
    int32_t num_partitions = -1;                          // -1: the default
    int16_t replication_factor = -1;                      // -1: the default
    std::map<int32_t, std::vector<int32_t>> assignments;  // partition -> replicas
    config_map configs;
};

struct topic_creation {
    result status;
    protocol::uuid id;
    int32_t num_partitions = -1;
    int16_t replication_factor = -1;
};

// A topic named by name or, when the name is empty, by id.
struct topic_ref {
    std::string name;
    protocol::uuid id;
};

struct topic_deletion {
    result status;
    std::string name;
    protocol::uuid id;
};

struct partition_growth {
    std::string topic;
    int32_t count = 0;                                             // the new total
    std::optional<std::vector<std::vector<int32_t>>> assignments;  // for the new partitions
};

enum class config_op : int8_t { set = 0, remove = 1, append = 2, subtract = 3 };
enum class config_target : uint8_t { topic, broker };

struct config_change {
    std::string name;
    config_op op = config_op::set;
    std::optional<std::string> value;
};

struct config_alteration {
    config_target target = config_target::topic;
    std::string resource;     // topic name; for brokers "" (every broker) or the node id
    bool incremental = true;  // false: the changes replace every dynamic config (AlterConfigs)
    std::vector<config_change> changes;
};

class controller {
  public:
    explicit controller(controller_options options);
    ~controller();

    // Replays the metadata log and registers this broker. Must precede everything else.
    std::optional<std::string> start();
    // Stops the controller thread after the change in progress.
    void stop();

    std::shared_ptr<const metadata_image> image() const { return image_.load(); }
    const controller_options& options() const { return options_; }

    using listener = std::function<void(const metadata_image& before, const metadata_image& after)>;
    // Called on the controller thread after each published change. Register before start().
    void subscribe(listener l) { listeners_.push_back(std::move(l)); }

    boost::asio::awaitable<std::vector<topic_creation>> create_topics(std::vector<new_topic> topics,
                                                                      bool validate_only);
    boost::asio::awaitable<std::vector<topic_deletion>> delete_topics(
        std::vector<topic_ref> topics);
    boost::asio::awaitable<std::vector<result>> create_partitions(
        std::vector<partition_growth> growths, bool validate_only);
    boost::asio::awaitable<std::vector<result>> alter_configs(
        std::vector<config_alteration> alterations, bool validate_only);

    // Reserves the next block of producer ids in the metadata log, so that no id is ever
    // handed out twice, even across restarts. Returns the first id of the block.
    boost::asio::awaitable<std::variant<int64_t, result>> allocate_producer_ids(int64_t block_size);
    std::variant<int64_t, result> allocate_producer_ids_now(int64_t block_size);

    std::vector<topic_creation> create_topics_now(const std::vector<new_topic>& topics,
                                                  bool validate_only);
    std::vector<topic_deletion> delete_topics_now(const std::vector<topic_ref>& topics);
    std::vector<result> create_partitions_now(const std::vector<partition_growth>& growths,
                                              bool validate_only);
    std::vector<result> alter_configs_now(const std::vector<config_alteration>& alterations,
                                          bool validate_only);

  private:
    // Appends the records as one batch and publishes the image they make.
    result commit(const std::vector<metadata_record>& records);
    protocol::uuid new_topic_id(const metadata_image& image);
    std::variant<std::vector<std::vector<int32_t>>, result> assign_replicas(
        const metadata_image& image, int32_t first_partition, int32_t count,
        int16_t replication_factor, const std::map<int32_t, std::vector<int32_t>>& manual);
    result validate_topic_configs(const config_map& configs) const;
    result alter_one(const metadata_image& image, const config_alteration& a,
                     std::vector<metadata_record>& records) const;

    controller_options options_;
    std::unique_ptr<metadata_log> log_;
    std::atomic<std::shared_ptr<const metadata_image>> image_;
    std::vector<listener> listeners_;
    boost::asio::io_context io_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::thread thread_;
    uint64_t id_state_;
};

}  // namespace samsa::controller
