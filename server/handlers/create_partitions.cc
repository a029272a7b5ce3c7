// CreatePartitions v0-3: grows topics to a new partition count, with optional manual
// assignments for the new partitions; validate_only checks without changing anything.
#include <map>

#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/controller_errors.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::create_partitions_response> handle(request_context& ctx,
                                                    proto::create_partitions_request& req) {
    std::map<std::string, int> counts;
    for (const auto& t : req.topics)
        ++counts[t.name];
    proto::create_partitions_response resp;
    std::vector<controller::partition_growth> growths;
    std::vector<size_t> index;
    for (const auto& t : req.topics) {
        auto& out = resp.results.emplace_back();
        out.name = t.name;
        if (counts[t.name] > 1) {
            out.error_code = static_cast<int16_t>(proto::error_code::invalid_request);
            out.error_message = "Duplicate topic in request.";
            continue;
        }
        controller::partition_growth g{.topic = t.name, .count = t.count};
        if (t.assignments) {
            g.assignments.emplace();
            for (const auto& a : *t.assignments)
                g.assignments->push_back(a.broker_ids);
        }
        growths.push_back(std::move(g));
        index.push_back(resp.results.size() - 1);
    }
    const auto results =
        co_await ctx.services->controller->create_partitions(std::move(growths), req.validate_only);
    for (size_t k = 0; k < results.size(); ++k) {
        if (results[k].ok()) continue;
        resp.results[index[k]].error_code = kafka_code(results[k].code);
        resp.results[index[k]].error_message = results[k].message;
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
