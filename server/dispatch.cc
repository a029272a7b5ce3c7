#include "server/dispatch.h"

#include <spdlog/spdlog.h>

#include <array>

#include "protocol/api_visit.h"
#include "protocol/error_code.h"
#include "protocol/headers.h"
#include "protocol/wire/message_impl.h"
#include "server/handlers/handlers.h"

namespace samsa::server {
namespace {

template <typename Request>
concept has_handler = requires(request_context& ctx, Request& req) {
    handlers::handle(ctx, req);
};

template <typename Response>
void fill_cross_cutting(Response& response) {
    if constexpr (requires { response.throttle_time_ms; }) response.throttle_time_ms = 0;
}

template <typename Response>
response_frame encode_response(const request_context& ctx, const Response& response) {
    const int16_t header_version = protocol::response_header_version(*ctx.api, ctx.api_version);
    const size_t total =
        protocol::response_header_size(header_version) + response.encoded_size(ctx.api_version);
    // External record pieces take no room in the buffer: they are sent from their files.
    response_frame out;
    out.bytes.resize(4 + total - ctx.external_bytes);
    protocol::writer w(out.bytes.data(), out.bytes.data() + out.bytes.size(), &out.externals);
    w.write_int32(static_cast<int32_t>(total));
    protocol::write_response_header(w, ctx.correlation_id, header_version);
    response.encode(w, ctx.api_version);
    if (w.written() != out.bytes.size()) std::abort();  // a size pass disagrees with its encoder
    return out;
}

// ApiVersions at a version this broker does not know: error UNSUPPORTED_VERSION in a v0
// body listing the ApiVersions versions served, so the client retries with one of them.
response_frame unsupported_api_versions(request_context& ctx) {
    protocol::api_versions_response response;
    response.error_code = static_cast<int16_t>(protocol::error_code::unsupported_version);
    auto& entry = response.api_keys.emplace_back();
    entry.api_key = static_cast<int16_t>(ctx.api->key);
    entry.min_version = ctx.api->advertised_min;
    entry.max_version = ctx.api->advertised_max;
    ctx.api_version = 0;
    return encode_response(ctx, response);
}

boost::asio::awaitable<dispatch_outcome> close_connection() {
    co_return dispatch_outcome{.close = true};
}

// Decodes the body, runs the handler, encodes the response. Parameters by value: this is a
// coroutine started from a lambda that returns immediately.
template <typename Request, typename Response>
boost::asio::awaitable<dispatch_outcome> run_handler(request_context& ctx,
                                                     std::shared_ptr<const void> owner,
                                                     protocol::bytes_view body) {
    Request request;
    const protocol::decode_errc e = protocol::decode_message(request, body, ctx.api_version, owner);
    if (e != protocol::decode_errc::none) {
        spdlog::info("closing connection from {}: malformed {} v{} request ({})", ctx.peer,
                     ctx.api->name, ctx.api_version, protocol::to_string(e));
        co_return dispatch_outcome{.close = true};
    }
    if (spdlog::should_log(spdlog::level::trace)) {
        spdlog::trace("{} request from {} v{}: {}", ctx.api->name, ctx.peer, ctx.api_version,
                      protocol::message_to_json(request, ctx.api_version));
    }
    Response response = co_await handlers::handle(ctx, request);
    fill_cross_cutting(response);
    if (spdlog::should_log(spdlog::level::trace)) {
        spdlog::trace("{} response to {} v{}: {}", ctx.api->name, ctx.peer, ctx.api_version,
                      protocol::message_to_json(response, ctx.api_version));
    }
    dispatch_outcome out;
    out.close = ctx.close_connection;
    if (!ctx.suppress_response) out.response = encode_response(ctx, response);
    co_return out;
}

std::array<bool, 256> served_table() {
    std::array<bool, 256> served{};
    for (const auto& api : protocol::all_apis()) {
        served[static_cast<size_t>(api.key)] = protocol::visit_api(
            api.key, []<typename Req, typename Resp>() { return has_handler<Req>; });
    }
    return served;
}

}  // namespace

bool is_served(protocol::api_key key) {
    static const std::array<bool, 256> served = served_table();
    const auto k = static_cast<size_t>(key);
    return k < served.size() && served[k];
}

boost::asio::awaitable<dispatch_outcome> dispatch(request_context& ctx,
                                                  std::shared_ptr<const void> owner,
                                                  protocol::bytes_view frame) {
    protocol::parsed_request_header h;
    const protocol::decode_errc e = protocol::parse_request_header(frame, h);
    ctx.correlation_id = h.header.correlation_id;
    ctx.api_version = h.header.request_api_version;
    ctx.client_id = h.header.client_id;
    if (e != protocol::decode_errc::none || !is_served(h.api->key)) {
        spdlog::info("closing connection from {}: request with api key {} v{} ({})", ctx.peer,
                     h.header.request_api_key, h.header.request_api_version,
                     e == protocol::decode_errc::none ? "not served" : protocol::to_string(e));
        co_return dispatch_outcome{.close = true};
    }
    ctx.api = h.api;
    // Versions below the parsed range or above the advertised one (an unstable latest
    // version is not enabled) are refused as Kafka refuses them: ApiVersions answers with
    // a v0 body so that any client can read it; everything else closes the connection.
    if (ctx.api_version < h.api->min_version || ctx.api_version > h.api->advertised_max) {
        if (h.api->key == protocol::api_key::api_versions) {
            co_return dispatch_outcome{.response = unsupported_api_versions(ctx)};
        }
        spdlog::info("closing connection from {}: {} v{} is not supported", ctx.peer, h.api->name,
                     ctx.api_version);
        co_return dispatch_outcome{.close = true};
    }
    co_return co_await protocol::visit_api(h.api->key, [&]<typename Req, typename Resp>() {
        if constexpr (has_handler<Req>) {
            return run_handler<Req, Resp>(ctx, owner, frame.subspan(h.body_offset));
        } else {
            return close_connection();  // not reached: is_served() checked it
        }
    });
}

}  // namespace samsa::server
