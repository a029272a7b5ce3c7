// DeleteTopics v1-6: by name (v0-5) or by name or id (v6); per-topic errors. Deleting
// marks the topic gone in the metadata at once; its partition directories are renamed and
// removed in the background.
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/controller_errors.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::delete_topics_response> handle(request_context& ctx,
                                                proto::delete_topics_request& req) {
    proto::delete_topics_response resp;
    std::vector<controller::topic_ref> refs;
    std::vector<size_t> index;
    auto add = [&](controller::topic_ref ref) {
        index.push_back(resp.responses.size());
        auto& out = resp.responses.emplace_back();
        if (!ref.name.empty()) out.name = ref.name;
        out.topic_id = ref.id;
        refs.push_back(std::move(ref));
    };
    if (ctx.api_version >= 6) {
        for (const auto& t : req.topics) {
            if (t.name && !t.topic_id.is_zero()) {
                auto& out = resp.responses.emplace_back();
                out.name = t.name;
                out.topic_id = t.topic_id;
                out.error_code = static_cast<int16_t>(proto::error_code::invalid_request);
                out.error_message = "Only one of the topic name and the topic ID may be given.";
                continue;
            }
            add({t.name.value_or(""), t.topic_id});
        }
    } else {
        for (const auto& name : req.topic_names)
            add({name, {}});
    }
    const auto deleted = co_await ctx.services->controller->delete_topics(std::move(refs));
    for (size_t k = 0; k < deleted.size(); ++k) {
        auto& out = resp.responses[index[k]];
        const auto& d = deleted[k];
        if (!d.name.empty()) out.name = d.name;
        out.topic_id = d.id;
        if (!d.status.ok()) {
            out.error_code = kafka_code(d.status.code);
            out.error_message = d.status.message;
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
