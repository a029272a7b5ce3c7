// Carries metadata changes to the broker's local state, like Kafka's broker metadata
// publisher: partitions assigned to this node get their directories, partitions of deleted
// topics lose theirs. Runs on the controller thread for each published image, and once at
// start to reconcile the disk with the replayed image.
#pragma once

#include "controller/metadata_image.h"

namespace samsa::log {
class log_manager;
}

namespace samsa::server {

class metadata_publisher {
  public:
    metadata_publisher(int32_t node_id, log::log_manager& logs) : node_id_(node_id), logs_(logs) {}

    void publish(const controller::metadata_image& before, const controller::metadata_image& after);
    // Makes the disk match the image: creates missing partition directories, deletes those
    // of topics that no longer exist.
    void reconcile(const controller::metadata_image& image);

  private:
    int32_t node_id_;
    log::log_manager& logs_;
};

}  // namespace samsa::server
