#include "controller/controller.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <random>

#include "controller/features.h"
#include "controller/metadata_log.h"

namespace samsa::controller {
namespace {

namespace asio = boost::asio;

bool same_registration(const broker_info& b, const controller_options& o) {
    if (b.fenced || b.rack != o.rack || b.endpoints.size() != o.endpoints.size()) return false;
    for (size_t i = 0; i < b.endpoints.size(); ++i) {
        const auto& x = b.endpoints[i];
        const auto& y = o.endpoints[i];
        if (x.listener != y.listener || x.host != y.host || x.port != y.port
            || x.security_protocol != y.security_protocol) {
            return false;
        }
    }
    return true;
}

}  // namespace

// Coroutines run on the controller thread by co_spawn; the awaiting coroutine resumes on its
// own executor. Plain functions with by-value parameters: no lambda coroutines.
asio::awaitable<std::vector<topic_creation>> run_create_topics(controller* c,
                                                               std::vector<new_topic> topics,
                                                               bool validate_only) {
    co_return c->create_topics_now(topics, validate_only);
}
asio::awaitable<std::vector<topic_deletion>> run_delete_topics(controller* c,
                                                               std::vector<topic_ref> topics) {
    co_return c->delete_topics_now(topics);
}
asio::awaitable<std::vector<result>> run_create_partitions(controller* c,
                                                           std::vector<partition_growth> growths,
                                                           bool validate_only) {
    co_return c->create_partitions_now(growths, validate_only);
}
asio::awaitable<std::variant<int64_t, result>> run_allocate_producer_ids(controller* c,
                                                                         int64_t block_size) {
    co_return c->allocate_producer_ids_now(block_size);
}
asio::awaitable<std::vector<result>> run_alter_configs(controller* c,
                                                       std::vector<config_alteration> alterations,
                                                       bool validate_only) {
    co_return c->alter_configs_now(alterations, validate_only);
}

controller::controller(controller_options options)
    : options_(std::move(options)),
      image_(std::make_shared<const metadata_image>()),
      id_state_(std::random_device{}() ^ (uint64_t{std::random_device{}()} << 32)) {}

controller::~controller() {
    stop();
}

std::optional<std::string> controller::start() {
    image_builder builder(metadata_image{});
    auto opened = metadata_log::open(
        options_.metadata_dir,
        [&](const metadata_record& r, int64_t offset) { builder.apply(r, offset); });
    if (auto* e = std::get_if<std::string>(&opened)) return *e;
    log_ = std::move(std::get<0>(opened));
    image_.store(builder.build());
    const auto current = image();
    spdlog::info("metadata log {}: replayed up to offset {}, {} topics", log_->path(),
                 current->last_offset, current->topics.size());

    std::vector<metadata_record> records;
    if (current->last_offset < 0) {
        records = bootstrap_feature_records();
        for (const auto& [name, value] : options_.bootstrap_cluster_configs) {
            protocol::config_record c;
            c.resource_type = config_resource_broker;
            c.resource_name = "";
            c.name = name;
            c.value = value;
            records.emplace_back(std::move(c));
        }
    }
    const auto me = current->brokers.find(options_.node_id);
    if (me == current->brokers.end() || !same_registration(me->second, options_)) {
        protocol::register_broker_record r;
        r.broker_id = options_.node_id;
        r.incarnation_id = new_topic_id(*current);
        r.broker_epoch = log_->next_offset() + static_cast<int64_t>(records.size());
        for (const auto& e : options_.endpoints) {
            auto& ep = r.end_points.emplace_back();
            ep.name = e.listener;
            ep.host = e.host;
            ep.port = e.port;
            ep.security_protocol = e.security_protocol;
        }
        r.rack = options_.rack;
        r.fenced = false;
        records.emplace_back(std::move(r));
    }
    if (!records.empty()) {
        const result r = commit(records);
        if (!r.ok()) return r.message;
    }
    work_.emplace(io_.get_executor());
    thread_ = std::thread([this] { io_.run(); });
    return std::nullopt;
}

void controller::stop() {
    if (!thread_.joinable()) return;
    work_.reset();
    thread_.join();
}

result controller::commit(const std::vector<metadata_record>& records) {
    const int64_t first = log_->next_offset();
    const auto appended = log_->append(records);
    if (const auto* e = std::get_if<std::string>(&appended)) {
        spdlog::error("metadata change not made: {}", *e);
        return result::fail(errc::storage_error, "The metadata log could not be written");
    }
    const auto before = image();
    image_builder builder(*before);
    for (size_t i = 0; i < records.size(); ++i)
        builder.apply(records[i], first + static_cast<int64_t>(i));
    auto after = builder.build();
    image_.store(after);
    for (const auto& l : listeners_)
        l(*before, *after);
    return {};
}

asio::awaitable<std::vector<topic_creation>> controller::create_topics(
    std::vector<new_topic> topics, bool validate_only) {
    co_return co_await asio::co_spawn(
        io_, run_create_topics(this, std::move(topics), validate_only), asio::use_awaitable);
}

asio::awaitable<std::vector<topic_deletion>> controller::delete_topics(
    std::vector<topic_ref> topics) {
    co_return co_await asio::co_spawn(io_, run_delete_topics(this, std::move(topics)),
                                      asio::use_awaitable);
}

asio::awaitable<std::vector<result>> controller::create_partitions(
    std::vector<partition_growth> growths, bool validate_only) {
    co_return co_await asio::co_spawn(
        io_, run_create_partitions(this, std::move(growths), validate_only), asio::use_awaitable);
}

asio::awaitable<std::vector<result>> controller::alter_configs(
    std::vector<config_alteration> alterations, bool validate_only) {
    co_return co_await asio::co_spawn(
        io_, run_alter_configs(this, std::move(alterations), validate_only), asio::use_awaitable);
}

asio::awaitable<std::variant<int64_t, result>> controller::allocate_producer_ids(
    int64_t block_size) {
    co_return co_await asio::co_spawn(io_, run_allocate_producer_ids(this, block_size),
                                      asio::use_awaitable);
}

std::variant<int64_t, result> controller::allocate_producer_ids_now(int64_t block_size) {
    const auto image = this->image();
    const int64_t first = image->next_producer_id;
    protocol::producer_ids_record r;
    r.broker_id = options_.node_id;
    const auto me = image->brokers.find(options_.node_id);
    r.broker_epoch = me == image->brokers.end() ? 0 : me->second.epoch;
    r.next_producer_id = first + block_size;
    const result committed = commit({metadata_record(std::move(r))});
    if (!committed.ok()) return committed;
    return first;
}

protocol::uuid controller::new_topic_id(const metadata_image& image) {
    // Like Kafka: never the zero uuid, never one whose text starts with '-' (command lines
    // would read it as an option), never one in use.
    for (;;) {
        protocol::uuid id;
        for (size_t i = 0; i < 16; i += 8) {
            id_state_ += 0x9e3779b97f4a7c15ull;  // splitmix64
            uint64_t z = id_state_;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            z ^= z >> 31;
            for (size_t b = 0; b < 8; ++b)
                id.bytes[i + b] = static_cast<uint8_t>(z >> (8 * b));
        }
        if (!id.is_zero() && id.to_string()[0] != '-' && image.find_topic(id) == nullptr) return id;
    }
}

}  // namespace samsa::controller
