// The settings a partition log runs with, from a topic's effective configuration (its own
// configs over dynamic and static broker configs over Kafka's defaults, as the controller's
// config resolver layers them), and the broker-wide log options from the broker config.
#pragma once

#include "controller/config_resolver.h"
#include "log/log_config.h"
#include "server/broker_config.h"

namespace samsa::server {

log::log_config topic_log_config(const controller::config_resolver& resolver,
                                 const controller::topic_info& topic);

log::log_options broker_log_options(const broker_config& config);

}  // namespace samsa::server
