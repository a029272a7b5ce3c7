// What a handler knows about the request it serves, beyond the decoded body.
//
// A request_context lives in its connection's coroutine frame for the whole of the
// request, on that connection's executor; handlers may keep references to it across
// suspension points but not beyond the request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/api_table.h"

namespace samsa::server {

struct broker_services;

struct request_context {
    const protocol::api_info* api = nullptr;
    int16_t api_version = 0;
    int32_t correlation_id = 0;
    std::optional<std::string> client_id;
    std::string_view listener;  // the listener name the connection arrived on
    std::string peer;           // host:port of the client, for logs
    broker_services* services = nullptr;

    // Set by a handler: send no response (acks=0 produce), or close the connection after
    // this request (Kafka's answer to some errors of acks=0 producers).
    bool suppress_response = false;
    bool close_connection = false;
    // Set by a handler whose response holds external record pieces (file ranges): their
    // total size, which the response buffer does not need room for.
    size_t external_bytes = 0;
};

}  // namespace samsa::server
