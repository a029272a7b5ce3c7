#include "protocol/wire/records.h"

#include <algorithm>

namespace samsa::protocol {

bool operator==(const records& a, const records& b) {
    if (a.null_ != b.null_ || a.size_ != b.size_) return false;
    // Compare memory bytes across piece boundaries; external pieces must be the same object.
    auto flatten = [](const records& r, byte_buffer& out,
                      std::vector<const external_records*>& ext) {
        for (const auto& piece : r.pieces_) {
            if (const auto* m = std::get_if<records::memory_piece>(&piece)) {
                out.insert(out.end(), m->data.begin(), m->data.end());
            } else {
                ext.push_back(std::get<std::shared_ptr<const external_records>>(piece).get());
            }
        }
    };
    byte_buffer ab, bb;
    std::vector<const external_records*> ae, be;
    flatten(a, ab, ae);
    flatten(b, bb, be);
    return ab == bb && ae == be;
}

}  // namespace samsa::protocol
