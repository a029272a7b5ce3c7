// OffsetFetch v1-10: one group (v1-7) or several (v8+); named partitions or, with null
// topics (v2+), every offset the group committed. Partitions without a committed offset
// answer offset -1. Topics by id from v10. require_stable (v7+) needs no waiting: samsa
// has no pending transactional offset commits. A group-level error (the coordinator
// loading) goes to the top level from v2, to each partition in v1.
#include "controller/controller.h"
#include "protocol/error_code.h"
#include "server/broker_services.h"
#include "server/group_errors.h"
#include "server/group_service.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {
namespace {

struct topic_query {
    std::string name;
    protocol::uuid id;
    bool known = true;
    std::vector<int32_t> partitions;
};

struct partition_answer {
    int32_t index = 0;
    group::committed_offset offset;
    int16_t error = 0;
};

struct topic_answer {
    std::string name;
    protocol::uuid id;
    std::vector<partition_answer> partitions;
};

struct group_answer {
    int16_t error = 0;
    std::vector<topic_answer> topics;
};

// topics nullopt: every committed offset.
group_answer fetch_group(request_context& ctx, const controller::metadata_image& image,
                         const std::string& group_id,
                         const std::optional<std::vector<topic_query>>& topics, bool by_id) {
    group_answer out;
    auto& coord = ctx.services->groups->coordinator();
    if (!topics) {
        const auto res = coord.fetch_offsets(group_id, std::nullopt);
        out.error = kafka_code(res.error);
        std::map<std::string, topic_answer> by_topic;
        for (const auto& f : res.offsets) {
            auto& t = by_topic[f.tp.first];
            t.name = f.tp.first;
            if (by_id) {
                const auto* info = image.find_topic(t.name);
                if (!info) continue;
                t.id = info->id;
            }
            t.partitions.push_back({f.tp.second, f.offset, 0});
        }
        for (auto& [name, t] : by_topic) {
            if (!t.partitions.empty()) out.topics.push_back(std::move(t));
        }
        return out;
    }
    std::vector<group::topic_partition> wanted;
    for (const auto& t : *topics) {
        if (!t.known) continue;
        for (int32_t p : t.partitions)
            wanted.emplace_back(t.name, p);
    }
    const auto res = coord.fetch_offsets(group_id, wanted);
    out.error = kafka_code(res.error);
    size_t next = 0;
    for (const auto& t : *topics) {
        auto& ta = out.topics.emplace_back();
        ta.name = t.name;
        ta.id = t.id;
        for (int32_t p : t.partitions) {
            partition_answer pa{p, {}, 0};
            if (!t.known) {
                pa.error = static_cast<int16_t>(proto::error_code::unknown_topic_id);
            } else if (res.error != group::errc::none) {
                pa.error = out.error;
            } else {
                pa.offset = res.offsets.at(next).offset;
            }
            if (t.known && res.error == group::errc::none) ++next;
            ta.partitions.push_back(pa);
        }
    }
    return out;
}

}  // namespace

awaitable<proto::offset_fetch_response> handle(request_context& ctx,
                                               proto::offset_fetch_request& req) {
    const auto image = ctx.services->controller->image();
    proto::offset_fetch_response resp;
    if (ctx.api_version < 8) {
        std::optional<std::vector<topic_query>> topics;
        if (req.topics) {
            topics.emplace();
            for (const auto& t : *req.topics)
                topics->push_back({t.name, {}, true, t.partition_indexes});
        }
        group_answer a = fetch_group(ctx, *image, req.group_id, topics, false);
        if (ctx.api_version >= 2 && a.error != 0) {
            resp.error_code = a.error;
            co_return resp;
        }
        for (auto& t : a.topics) {
            auto& rt = resp.topics.emplace_back();
            rt.name = t.name;
            for (auto& p : t.partitions) {
                auto& rp = rt.partitions.emplace_back();
                rp.partition_index = p.index;
                rp.committed_offset = p.offset.offset;
                rp.committed_leader_epoch = p.offset.leader_epoch;
                rp.metadata = p.offset.metadata;
                rp.error_code = p.error;
            }
        }
        co_return resp;
    }
    const bool by_id = ctx.api_version >= 10;
    for (const auto& g : req.groups) {
        std::optional<std::vector<topic_query>> topics;
        if (g.topics) {
            topics.emplace();
            for (const auto& t : *g.topics) {
                topic_query q{t.name, t.topic_id, true, t.partition_indexes};
                if (by_id) {
                    const auto* info = image->find_topic(t.topic_id);
                    q.known = info != nullptr;
                    if (info) q.name = info->name;
                }
                topics->push_back(std::move(q));
            }
        }
        group_answer a = fetch_group(ctx, *image, g.group_id, topics, by_id);
        auto& rg = resp.groups.emplace_back();
        rg.group_id = g.group_id;
        rg.error_code = a.error;
        if (a.error != 0) continue;
        for (auto& t : a.topics) {
            auto& rt = rg.topics.emplace_back();
            rt.name = by_id ? std::string() : t.name;
            rt.topic_id = t.id;
            for (auto& p : t.partitions) {
                auto& rp = rt.partitions.emplace_back();
                rp.partition_index = p.index;
                rp.committed_offset = p.offset.offset;
                rp.committed_leader_epoch = p.offset.leader_epoch;
                rp.metadata = p.offset.metadata;
                rp.error_code = p.error;
            }
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
