// The one place group coordinator errors become Kafka error codes.
#pragma once

#include "group/errors.h"
#include "protocol/error_code.h"

namespace samsa::server {

inline protocol::error_code to_kafka(group::errc e) {
    using group::errc;
    using protocol::error_code;
    switch (e) {
        case errc::none:
            return error_code::none;
        case errc::coordinator_not_available:
            return error_code::coordinator_not_available;
        case errc::coordinator_load_in_progress:
            return error_code::coordinator_load_in_progress;
        case errc::invalid_group_id:
            return error_code::invalid_group_id;
        case errc::invalid_session_timeout:
            return error_code::invalid_session_timeout;
        case errc::unknown_member_id:
            return error_code::unknown_member_id;
        case errc::illegal_generation:
            return error_code::illegal_generation;
        case errc::inconsistent_group_protocol:
            return error_code::inconsistent_group_protocol;
        case errc::rebalance_in_progress:
            return error_code::rebalance_in_progress;
        case errc::member_id_required:
            return error_code::member_id_required;
        case errc::fenced_instance_id:
            return error_code::fenced_instance_id;
        case errc::group_max_size_reached:
            return error_code::group_max_size_reached;
        case errc::group_id_not_found:
            return error_code::group_id_not_found;
        case errc::non_empty_group:
            return error_code::non_empty_group;
        case errc::group_subscribed_to_topic:
            return error_code::group_subscribed_to_topic;
        case errc::offset_metadata_too_large:
            return error_code::offset_metadata_too_large;
    }
    return error_code::unknown_server_error;  // not reached: the switch covers every errc
}

inline int16_t kafka_code(group::errc e) {
    return static_cast<int16_t>(to_kafka(e));
}

}  // namespace samsa::server
