// The controller's own error codes. server/ maps them to Kafka's at the boundary.
#pragma once

#include <cstdint>
#include <string>

namespace samsa::controller {

enum class errc : uint8_t {
    none,
    invalid_topic,  // a topic name Kafka refuses, or one colliding with another
    topic_exists,
    unknown_topic,               // no topic of that name
    unknown_topic_id,            // no topic of that id
    invalid_partitions,          // a partition count that is not positive, or not growing
    invalid_replication_factor,  // not positive, or more than the brokers there are
    invalid_replica_assignment,  // a manual assignment that names unknown brokers or is uneven
    invalid_config,              // an unknown config, or a value its definition refuses
    invalid_request,             // a request whose fields contradict each other
    deletion_disabled,           // delete.topic.enable=false
    unknown_resource,            // a config resource that is not this broker or a topic
    storage_error,               // the metadata log could not be written
    policy_violation,  // a request larger than one controller operation may be (Kafka's limits)
};

struct result {
    errc code = errc::none;
    std::string message;  // for the response's error message; empty when none

    bool ok() const { return code == errc::none; }
    static result fail(errc c, std::string m) { return {c, std::move(m)}; }
};

}  // namespace samsa::controller
