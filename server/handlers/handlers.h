// Every API handler samsa has, one per file in this folder. Declaring a handler here is
// what makes an API served: dispatch routes to it and ApiVersions advertises it.
//
// A handler is a coroutine on the connection's executor taking the decoded request and
// returning the response body. It validates, authorizes, delegates to a subsystem, maps
// that subsystem's errors to Kafka error codes, and fills the response. It never touches
// files or sockets. throttle_time_ms is filled in by dispatch.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "protocol/messages/alter_configs_request.h"
#include "protocol/messages/alter_configs_response.h"
#include "protocol/messages/api_versions_request.h"
#include "protocol/messages/api_versions_response.h"
#include "protocol/messages/create_partitions_request.h"
#include "protocol/messages/create_partitions_response.h"
#include "protocol/messages/create_topics_request.h"
#include "protocol/messages/create_topics_response.h"
#include "protocol/messages/delete_groups_request.h"
#include "protocol/messages/delete_groups_response.h"
#include "protocol/messages/delete_records_request.h"
#include "protocol/messages/delete_records_response.h"
#include "protocol/messages/delete_topics_request.h"
#include "protocol/messages/delete_topics_response.h"
#include "protocol/messages/describe_cluster_request.h"
#include "protocol/messages/describe_cluster_response.h"
#include "protocol/messages/describe_configs_request.h"
#include "protocol/messages/describe_configs_response.h"
#include "protocol/messages/describe_groups_request.h"
#include "protocol/messages/describe_groups_response.h"
#include "protocol/messages/describe_log_dirs_request.h"
#include "protocol/messages/describe_log_dirs_response.h"
#include "protocol/messages/describe_producers_request.h"
#include "protocol/messages/describe_producers_response.h"
#include "protocol/messages/describe_topic_partitions_request.h"
#include "protocol/messages/describe_topic_partitions_response.h"
#include "protocol/messages/elect_leaders_request.h"
#include "protocol/messages/elect_leaders_response.h"
#include "protocol/messages/fetch_request.h"
#include "protocol/messages/fetch_response.h"
#include "protocol/messages/find_coordinator_request.h"
#include "protocol/messages/find_coordinator_response.h"
#include "protocol/messages/heartbeat_request.h"
#include "protocol/messages/heartbeat_response.h"
#include "protocol/messages/incremental_alter_configs_request.h"
#include "protocol/messages/incremental_alter_configs_response.h"
#include "protocol/messages/init_producer_id_request.h"
#include "protocol/messages/init_producer_id_response.h"
#include "protocol/messages/join_group_request.h"
#include "protocol/messages/join_group_response.h"
#include "protocol/messages/leave_group_request.h"
#include "protocol/messages/leave_group_response.h"
#include "protocol/messages/list_groups_request.h"
#include "protocol/messages/list_groups_response.h"
#include "protocol/messages/list_offsets_request.h"
#include "protocol/messages/list_offsets_response.h"
#include "protocol/messages/list_partition_reassignments_request.h"
#include "protocol/messages/list_partition_reassignments_response.h"
#include "protocol/messages/metadata_request.h"
#include "protocol/messages/metadata_response.h"
#include "protocol/messages/offset_commit_request.h"
#include "protocol/messages/offset_commit_response.h"
#include "protocol/messages/offset_delete_request.h"
#include "protocol/messages/offset_delete_response.h"
#include "protocol/messages/offset_fetch_request.h"
#include "protocol/messages/offset_fetch_response.h"
#include "protocol/messages/offset_for_leader_epoch_request.h"
#include "protocol/messages/offset_for_leader_epoch_response.h"
#include "protocol/messages/produce_request.h"
#include "protocol/messages/produce_response.h"
#include "protocol/messages/sync_group_request.h"
#include "protocol/messages/sync_group_response.h"
#include "server/request_context.h"

namespace samsa::server::handlers {

template <typename T>
using awaitable = boost::asio::awaitable<T>;
namespace proto = samsa::protocol;

awaitable<proto::api_versions_response> handle(request_context&, proto::api_versions_request&);
awaitable<proto::metadata_response> handle(request_context&, proto::metadata_request&);
awaitable<proto::create_topics_response> handle(request_context&, proto::create_topics_request&);
awaitable<proto::delete_topics_response> handle(request_context&, proto::delete_topics_request&);
awaitable<proto::create_partitions_response> handle(request_context&,
                                                    proto::create_partitions_request&);
awaitable<proto::describe_cluster_response> handle(request_context&,
                                                   proto::describe_cluster_request&);
awaitable<proto::describe_topic_partitions_response> handle(
    request_context&, proto::describe_topic_partitions_request&);
awaitable<proto::describe_log_dirs_response> handle(request_context&,
                                                    proto::describe_log_dirs_request&);
awaitable<proto::list_partition_reassignments_response> handle(
    request_context&, proto::list_partition_reassignments_request&);
awaitable<proto::elect_leaders_response> handle(request_context&, proto::elect_leaders_request&);
awaitable<proto::describe_configs_response> handle(request_context&,
                                                   proto::describe_configs_request&);
awaitable<proto::alter_configs_response> handle(request_context&, proto::alter_configs_request&);
awaitable<proto::incremental_alter_configs_response> handle(
    request_context&, proto::incremental_alter_configs_request&);
awaitable<proto::init_producer_id_response> handle(request_context&,
                                                   proto::init_producer_id_request&);
awaitable<proto::produce_response> handle(request_context&, proto::produce_request&);
awaitable<proto::fetch_response> handle(request_context&, proto::fetch_request&);
awaitable<proto::list_offsets_response> handle(request_context&, proto::list_offsets_request&);
awaitable<proto::offset_for_leader_epoch_response> handle(request_context&,
                                                          proto::offset_for_leader_epoch_request&);
awaitable<proto::delete_records_response> handle(request_context&, proto::delete_records_request&);
awaitable<proto::describe_producers_response> handle(request_context&,
                                                     proto::describe_producers_request&);

// Consumer groups and offsets (group/).
awaitable<proto::delete_groups_response> handle(request_context&, proto::delete_groups_request&);
awaitable<proto::describe_groups_response> handle(request_context&,
                                                  proto::describe_groups_request&);
awaitable<proto::find_coordinator_response> handle(request_context&,
                                                   proto::find_coordinator_request&);
awaitable<proto::heartbeat_response> handle(request_context&, proto::heartbeat_request&);
awaitable<proto::join_group_response> handle(request_context&, proto::join_group_request&);
awaitable<proto::leave_group_response> handle(request_context&, proto::leave_group_request&);
awaitable<proto::list_groups_response> handle(request_context&, proto::list_groups_request&);
awaitable<proto::offset_commit_response> handle(request_context&, proto::offset_commit_request&);
awaitable<proto::offset_delete_response> handle(request_context&, proto::offset_delete_request&);
awaitable<proto::offset_fetch_response> handle(request_context&, proto::offset_fetch_request&);
awaitable<proto::sync_group_response> handle(request_context&, proto::sync_group_request&);

}  // namespace samsa::server::handlers
