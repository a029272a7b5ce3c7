// DescribeLogDirs v1-5: each log directory with the size of every partition in it (all of
// them, or the ones asked for), and its total and usable bytes (v4+). samsa has no
// future (moving) replicas and no replication lag on one node: offset lag 0.
#include <filesystem>
#include <map>
#include <set>

#include "log/log_manager.h"
#include "server/broker_services.h"
#include "server/handlers/handlers.h"

namespace samsa::server::handlers {

awaitable<proto::describe_log_dirs_response> handle(request_context& ctx,
                                                    proto::describe_log_dirs_request& req) {
    std::optional<std::set<std::pair<std::string, int32_t>>> wanted;
    if (req.topics) {
        wanted.emplace();
        for (const auto& t : *req.topics) {
            for (int32_t p : t.partitions)
                wanted->insert({t.topic, p});
        }
    }
    const log::log_manager& logs = *ctx.services->logs;
    std::map<std::string,
             std::map<std::string,
                      std::vector<proto::describe_log_dirs_response::describe_log_dirs_result::
                                      describe_log_dirs_topic::describe_log_dirs_partition>>>
        by_dir;
    for (const auto& loc : logs.partitions()) {
        if (wanted && !wanted->contains({loc.topic, loc.partition})) continue;
        auto& p = by_dir[loc.dir][loc.topic].emplace_back();
        p.partition_index = loc.partition;
        p.partition_size = static_cast<int64_t>(log::log_manager::partition_size(loc.path));
    }
    proto::describe_log_dirs_response resp;
    for (const auto& usage : logs.usage()) {
        auto& r = resp.results.emplace_back();
        std::error_code ec;
        r.log_dir = std::filesystem::absolute(usage.dir, ec).lexically_normal().string();
        if (!r.log_dir.empty() && r.log_dir.back() == '/') r.log_dir.pop_back();
        r.total_bytes = static_cast<int64_t>(usage.total_bytes);
        r.usable_bytes = static_cast<int64_t>(usage.usable_bytes);
        for (auto& [topic, partitions] : by_dir[usage.dir]) {
            auto& t = r.topics.emplace_back();
            t.name = topic;
            t.partitions = std::move(partitions);
        }
    }
    co_return resp;
}

}  // namespace samsa::server::handlers
