// The one place controller errors become Kafka error codes.
#pragma once

#include "controller/errors.h"
#include "protocol/error_code.h"

namespace samsa::server {

inline protocol::error_code to_kafka(controller::errc e) {
    using controller::errc;
    using protocol::error_code;
    switch (e) {
        case errc::none:
            return error_code::none;
        case errc::invalid_topic:
            return error_code::invalid_topic_exception;
        case errc::topic_exists:
            return error_code::topic_already_exists;
        case errc::unknown_topic:
            return error_code::unknown_topic_or_partition;
        case errc::unknown_topic_id:
            return error_code::unknown_topic_id;
        case errc::invalid_partitions:
            return error_code::invalid_partitions;
        case errc::invalid_replication_factor:
            return error_code::invalid_replication_factor;
        case errc::invalid_replica_assignment:
            return error_code::invalid_replica_assignment;
        case errc::invalid_config:
            return error_code::invalid_config;
        case errc::invalid_request:
            return error_code::invalid_request;
        case errc::deletion_disabled:
            return error_code::topic_deletion_disabled;
        case errc::unknown_resource:
            return error_code::invalid_request;
        case errc::storage_error:
            return error_code::kafka_storage_error;
        case errc::policy_violation:
            return error_code::policy_violation;
    }
    return error_code::unknown_server_error;  // not reached: the switch covers every errc
}

inline int16_t kafka_code(controller::errc e) {
    return static_cast<int16_t>(to_kafka(e));
}

}  // namespace samsa::server
