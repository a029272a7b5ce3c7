// InitProducerId v0-5 for idempotent producers (no transactional id): a fresh producer id
// at epoch 0, from blocks reserved in the metadata log. Like Kafka, a producer that asks
// again (KIP-360, after an unknown-producer or sequence error) gets a new id. Transactional
// ids need the transaction coordinator, which samsa does not have yet.
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/controller_errors.h"
#include "server/handlers/handlers.h"
#include "server/producer_ids.h"

namespace samsa::server::handlers {

awaitable<proto::init_producer_id_response> handle(request_context& ctx,
                                                   proto::init_producer_id_request& req) {
    proto::init_producer_id_response resp;
    if (req.transactional_id) {
        resp.error_code = static_cast<int16_t>(proto::error_code::coordinator_not_available);
        co_return resp;
    }
    auto id = co_await ctx.services->producer_ids->next();
    if (auto* failed = std::get_if<controller::result>(&id)) {
        resp.error_code = kafka_code(failed->code);
        co_return resp;
    }
    resp.producer_id = std::get<int64_t>(id);
    resp.producer_epoch = 0;
    co_return resp;
}

}  // namespace samsa::server::handlers
