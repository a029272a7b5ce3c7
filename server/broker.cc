#include "server/broker.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>
#include <thread>

#include "controller/controller.h"
#include "log/log_manager.h"
#include "server/broker_services.h"
#include "server/connection.h"
#include "server/fetch_sessions.h"
#include "server/fetch_waiters.h"
#include "server/group_service.h"
#include "server/metadata_publisher.h"
#include "server/producer_ids.h"
#include "server/topic_log_config.h"

namespace samsa::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

int16_t security_protocol_id(const std::string& p) {
    if (p == "SSL") return 1;
    if (p == "SASL_PLAINTEXT") return 2;
    if (p == "SASL_SSL") return 3;
    return 0;
}

std::string new_cluster_id() {
    std::random_device rd;
    protocol::uuid id;
    do {
        for (auto& b : id.bytes)
            b = static_cast<uint8_t>(rd());
    } while (id.to_string()[0] == '-');
    return id.to_string();
}

void log_exception(std::exception_ptr e, const char* what) {
    if (!e) return;
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& ex) {
        spdlog::error("{} failed: {}", what, ex.what());
    }
}

}  // namespace

struct broker::impl {
    broker_config config;
    std::unique_ptr<log::log_manager> logs;
    std::unique_ptr<controller::controller> controller;
    std::unique_ptr<metadata_publisher> publisher;
    std::unique_ptr<producer_id_allocator> producer_ids;
    std::unique_ptr<fetch_session_cache> fetch_sessions;
    std::unique_ptr<fetch_waiters> waiters;
    std::unique_ptr<group_service> groups;
    bool stopping_flag = false;  // read by the group timer on the first loop
    broker_services services;
    std::vector<std::unique_ptr<asio::io_context>> loops;
    std::vector<std::optional<asio::executor_work_guard<asio::io_context::executor_type>>> guards;
    std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
    std::vector<connection_options> listener_options;
    std::unique_ptr<asio::signal_set> signals;
    size_t next_loop = 0;

    asio::awaitable<void> accept_loop(size_t index);
    std::optional<std::string> bind_listeners();
    void stop();
};

broker::broker(broker_config config) : impl_(std::make_unique<impl>()) {
    impl_->config = std::move(config);
    impl_->services.config = &impl_->config;
}

broker::~broker() = default;

bool broker::start() {
    auto& m = *impl_;
    m.logs = std::make_unique<log::log_manager>(m.config.log_dirs, broker_log_options(m.config));
    if (auto e = m.logs->open()) {
        spdlog::critical("{}", *e);
        return false;
    }
    const std::string cluster_id = m.logs->recorded_cluster_id().value_or(new_cluster_id());
    if (auto e = m.logs->ensure_identity(cluster_id, m.config.node_id)) {
        spdlog::critical("{}", *e);
        return false;
    }
    m.services.cluster_id = cluster_id;
    m.services.logs = m.logs.get();

    controller::controller_options co;
    co.metadata_dir = m.config.metadata_log_dir;
    co.cluster_id = cluster_id;
    co.node_id = m.config.node_id;
    for (const auto& l : m.config.advertised_listeners) {
        co.endpoints.push_back({l.name, l.host, l.port, security_protocol_id(l.security_protocol)});
    }
    co.rack = m.config.rack;
    co.default_partitions = m.config.num_partitions;
    co.default_replication_factor = m.config.default_replication_factor;
    co.delete_topic_enable = m.config.delete_topic_enable;
    co.bootstrap_cluster_configs["min.insync.replicas"] =
        m.config.value_of("min.insync.replicas").value_or("1");
    m.controller = std::make_unique<controller::controller>(std::move(co));
    m.publisher = std::make_unique<metadata_publisher>(m.config, *m.logs);
    m.controller->subscribe([p = m.publisher.get()](const auto& before, const auto& after) {
        p->publish(before, after);
    });
    if (auto e = m.controller->start()) {
        spdlog::critical("{}", *e);
        return false;
    }
    m.publisher->reconcile(*m.controller->image());
    m.waiters = std::make_unique<fetch_waiters>();
    m.services.waiters = m.waiters.get();
    m.logs->set_append_listener([w = m.waiters.get()](const std::string& topic, int32_t partition,
                                                      int64_t) { w->notify(topic, partition); });
    m.logs->start_background();
    m.fetch_sessions = std::make_unique<fetch_session_cache>(
        std::stoul(m.config.value_of("max.incremental.fetch.session.cache.slots").value_or("1000")),
        std::stoll(
            m.config.value_of("min.incremental.fetch.session.eviction.ms").value_or("120000")));
    m.services.fetch_sessions = m.fetch_sessions.get();
    m.services.controller = m.controller.get();
    m.producer_ids = std::make_unique<producer_id_allocator>(*m.controller);
    m.services.producer_ids = m.producer_ids.get();
    m.groups = std::make_unique<group_service>(m.config, *m.controller, *m.logs);
    m.groups->start();
    m.services.groups = m.groups.get();

    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < threads; ++i) {
        m.loops.push_back(std::make_unique<asio::io_context>(1));
        m.guards.emplace_back(m.loops.back()->get_executor());
    }
    if (auto e = m.bind_listeners()) {
        spdlog::critical("{}", *e);
        return false;
    }
    spdlog::info("samsa started: node {} of cluster {}, {} event loops, data in {}",
                 m.config.node_id, cluster_id, threads, m.config.log_dirs.front());
    return true;
}

std::optional<std::string> broker::impl::bind_listeners() {
    for (const auto& l : config.listeners) {
        auto acceptor = std::make_unique<tcp::acceptor>(*loops.front());
        boost::system::error_code ec;
        tcp::endpoint ep;
        if (l.host.empty()) {
            ep = tcp::endpoint(tcp::v6(), l.port);
        } else {
            tcp::resolver resolver(*loops.front());
            auto results = resolver.resolve(l.host, std::to_string(l.port), ec);
            if (ec || results.empty())
                return "cannot resolve listener host " + l.host + ": " + ec.message();
            ep = *results.begin();
        }
        acceptor->open(ep.protocol(), ec);
        if (!ec && ep.address().is_v6()) acceptor->set_option(asio::ip::v6_only(false), ec);
        if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor->bind(ep, ec);
        const auto backlog =
            std::stoi(config.value_of("socket.listen.backlog.size").value_or("50"));
        if (!ec) acceptor->listen(std::max(backlog, 128), ec);
        if (ec)
            return "cannot listen on " + l.name + "://" + l.host + ":" + std::to_string(l.port)
                   + ": " + ec.message();
        spdlog::info("listening on {}://{}:{}", l.name, l.host, acceptor->local_endpoint().port());
        acceptors.push_back(std::move(acceptor));
        listener_options.push_back(
            {l.name, config.socket_request_max_bytes, config.connections_max_idle_ms});
    }
    return std::nullopt;
}

asio::awaitable<void> broker::impl::accept_loop(size_t index) {
    tcp::acceptor& acceptor = *acceptors[index];
    for (;;) {
        asio::io_context& loop = *loops[next_loop++ % loops.size()];
        auto [ec, socket] =
            co_await acceptor.async_accept(loop, asio::as_tuple(asio::use_awaitable));
        if (ec == asio::error::operation_aborted || services.stopping()) co_return;
        if (ec) {
            spdlog::warn("accept failed: {}", ec.message());
            continue;
        }
        asio::co_spawn(loop,
                       serve_connection(std::move(socket), listener_options[index], &services),
                       [](std::exception_ptr e) { log_exception(e, "connection"); });
    }
}

int broker::run() {
    auto& m = *impl_;
    for (size_t i = 0; i < m.acceptors.size(); ++i) {
        asio::co_spawn(*m.loops.front(), m.accept_loop(i),
                       [](std::exception_ptr e) { log_exception(e, "listener"); });
    }
    asio::co_spawn(*m.loops.front(), m.groups->run_timer(&m.stopping_flag),
                   [](std::exception_ptr e) { log_exception(e, "group timer"); });
    m.signals = std::make_unique<asio::signal_set>(*m.loops.front(), SIGINT, SIGTERM);
    m.signals->async_wait([this](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        spdlog::info("received signal {}: shutting down", signal);
        stop();
    });
    std::vector<std::thread> threads;
    for (size_t i = 1; i < m.loops.size(); ++i)
        threads.emplace_back([loop = m.loops[i].get()] { loop->run(); });
    m.loops.front()->run();
    for (auto& t : threads)
        t.join();
    m.controller->stop();
    m.logs->shutdown();
    spdlog::info("samsa stopped cleanly");
    return 0;
}

void broker::stop() {
    auto* m = impl_.get();
    asio::post(*m->loops.front(), [m] { m->stop(); });
}

void broker::impl::stop() {
    if (services.stopping()) return;
    services.set_stopping();
    stopping_flag = true;
    if (waiters) waiters->notify_all();
    if (groups) groups->stop();
    if (signals) signals->cancel();
    for (auto& a : acceptors) {
        boost::system::error_code ignored;
        a->close(ignored);
    }
    for (size_t i = 0; i < loops.size(); ++i) {
        asio::post(*loops[i], [this, i] {
            connection_registry::stop_reading_all();
            guards[i].reset();
        });
    }
}

}  // namespace samsa::server
