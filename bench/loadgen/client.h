// librdkafka plumbing shared by producers, consumers and the admin steps: configuration from
// the options, topic creation, partition discovery and the probe. Every function here is
// safe to call from any thread; each call uses its own client.
#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>

#include "bench/loadgen/options.h"

namespace samsa::loadgen {

struct rd_kafka_deleter {
    void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using client_ptr = std::unique_ptr<rd_kafka_t, rd_kafka_deleter>;

enum class client_kind { producer, consumer };

// A configuration with the options' settings for that kind of client; exits on a property
// librdkafka refuses.
rd_kafka_conf_t* make_conf(const options& o, client_kind kind);

// A client of that kind; exits when librdkafka cannot make one.
client_ptr make_client(const options& o, client_kind kind, rd_kafka_conf_t* conf);

// Creates the topic (an existing one is accepted) and waits until the metadata shows all
// its partitions with leaders. Returns false with a message on stderr when it cannot.
bool create_topic(const options& o);

// The partition count of the topic from the metadata, -1 when unknown.
int partition_count(rd_kafka_t* rk, const std::string& topic, int timeout_ms);

// Waits until every partition of the topic answers ListOffsets; the seconds it took, or -1
// after the options' probe timeout.
double probe(const options& o);

}  // namespace samsa::loadgen
