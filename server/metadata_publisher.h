// Carries metadata changes to the broker's local state, like Kafka's broker metadata
// publisher: partitions assigned to this node get their logs (with their topic's effective
// configuration), partitions of deleted topics lose theirs. Runs on the controller thread for each
// published image, and once at start to reconcile the disk with the replayed image.
#pragma once

#include "controller/metadata_image.h"
#include "server/broker_config.h"

namespace samsa::log {
class log_manager;
}

namespace samsa::server {

class metadata_publisher {
  public:
    metadata_publisher(const broker_config& config, log::log_manager& logs)
        : config_(config), node_id_(config.node_id), logs_(logs) {}

    void publish(const controller::metadata_image& before, const controller::metadata_image& after);
    // Makes the disk match the image: creates missing partition directories, deletes those
    // of topics that no longer exist.
    void reconcile(const controller::metadata_image& image);

  private:
    // Gives the logs of changed topics (of every topic, when broker configs changed) the
    // settings of their effective configuration.
    void apply_configs(const controller::metadata_image& before,
                       const controller::metadata_image& after);

    const broker_config& config_;
    int32_t node_id_;
    log::log_manager& logs_;
};

}  // namespace samsa::server
