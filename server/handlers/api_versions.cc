// ApiVersions v0-5: the APIs samsa serves with the version ranges Kafka 4.4 advertises,
// the supported and finalized features (v3+), and the KIP-1242 check that a client reached
// the broker and cluster it meant (v5).
//
// An unknown (too new) version is answered in dispatch.cc with a v0 body.
#include <regex>

#include "controller/controller.h"
#include "controller/features.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/dispatch.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {
namespace {

// KIP-511: client software names and versions Kafka accepts.
bool valid_software_text(const std::string& s) {
    static const std::regex pattern("[a-zA-Z0-9](?:[a-zA-Z0-9\\-.]*[a-zA-Z0-9])?");
    return std::regex_match(s, pattern);
}

void fill_features(proto::api_versions_response& resp, const controller::metadata_image& image,
                   int16_t version) {
    for (const auto& f : controller::supported_features()) {
        // Before v4 a feature whose minimum is 0 could not be expressed and was left out.
        if (version < 4 && f.min_version == 0) continue;
        auto& s = resp.supported_features.emplace_back();
        s.name = std::string(f.name);
        s.min_version = f.min_version;
        s.max_version = f.max_version;
    }
    resp.finalized_features_epoch = image.last_offset;
    for (const auto& [name, level] : image.features) {
        auto& fin = resp.finalized_features.emplace_back();
        fin.name = name;
        fin.min_version_level = level;
        fin.max_version_level = level;
    }
}

}  // namespace

awaitable<proto::api_versions_response> handle(request_context& ctx,
                                               proto::api_versions_request& req) {
    proto::api_versions_response resp;
    if (ctx.api_version >= 3
        && (!valid_software_text(req.client_software_name)
            || !valid_software_text(req.client_software_version))) {
        resp.error_code = static_cast<int16_t>(proto::error_code::invalid_request);
        co_return resp;
    }
    if ((req.cluster_id && *req.cluster_id != ctx.services->cluster_id)
        || (req.node_id != -1 && req.node_id != ctx.services->config->node_id)) {
        resp.error_code = static_cast<int16_t>(proto::error_code::rebootstrap_required);
        co_return resp;
    }
    for (const auto& api : proto::all_apis()) {
        if (!is_served(api.key)) continue;
        auto& entry = resp.api_keys.emplace_back();
        entry.api_key = static_cast<int16_t>(api.key);
        entry.min_version = api.advertised_min;
        entry.max_version = api.advertised_max;
    }
    if (ctx.api_version >= 3)
        fill_features(resp, *ctx.services->controller->image(), ctx.api_version);
    co_return resp;
}

}  // namespace samsa::server::handlers
