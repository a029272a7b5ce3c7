// ListPartitionReassignments v0: a single node never moves replicas, so there is never an
// ongoing reassignment to list.
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::list_partition_reassignments_response> handle(
    request_context&, proto::list_partition_reassignments_request&) {
    proto::list_partition_reassignments_response resp;
    resp.error_message.reset();
    co_return resp;
}

}  // namespace samsa::server::handlers
