// The one place log errors become Kafka error codes.
#pragma once

#include "log/errors.h"
#include "protocol/error_code.h"

namespace samsa::server {

inline protocol::error_code to_kafka(log::errc e) {
    using log::errc;
    using protocol::error_code;
    switch (e) {
        case errc::none:
            return error_code::none;
        case errc::corrupt_message:
            return error_code::corrupt_message;
        case errc::unsupported_message_format:
            return error_code::unsupported_for_message_format;
        case errc::invalid_record:
            return error_code::invalid_record;
        case errc::message_too_large:
            return error_code::message_too_large;
        case errc::record_list_too_large:
            return error_code::record_list_too_large;
        case errc::invalid_timestamp:
            return error_code::invalid_timestamp;
        case errc::offset_out_of_range:
            return error_code::offset_out_of_range;
        case errc::out_of_order_sequence:
            return error_code::out_of_order_sequence_number;
        case errc::invalid_producer_epoch:
            return error_code::invalid_producer_epoch;
        case errc::unknown_producer_id:
            return error_code::unknown_producer_id;
        case errc::duplicate_sequence:
            return error_code::duplicate_sequence_number;
        case errc::invalid_producer_id_mapping:
            return error_code::invalid_producer_id_mapping;
        case errc::not_enough_replicas:
            return error_code::not_enough_replicas;
        case errc::storage_error:
            return error_code::kafka_storage_error;
        // A partition deleted or a broker stopping under the request: the client refreshes
        // its metadata and retries elsewhere.
        case errc::log_closed:
            return error_code::not_leader_or_follower;
        case errc::unsupported_compression_type:
            return error_code::unsupported_compression_type;
        case errc::policy_violation:
            return error_code::policy_violation;
        case errc::invalid_txn_state:
            return error_code::invalid_txn_state;
        case errc::transaction_coordinator_fenced:
            return error_code::transaction_coordinator_fenced;
    }
    return error_code::unknown_server_error;  // not reached: the switch covers every errc
}

inline int16_t kafka_code(log::errc e) {
    return static_cast<int16_t>(to_kafka(e));
}

}  // namespace samsa::server
