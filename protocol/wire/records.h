// The value of a `records` field: the record batches of a Produce request or a Fetch
// response, carried without copying.
//
// A records value is null, or a sequence of pieces. A piece is either a view of bytes in
// memory (kept alive by a shared owner, typically the request's frame buffer) or an
// external piece that the protocol layer knows only by size: the server uses those for
// segment file ranges sent with sendfile. Copying a records value copies references only.
#pragma once

#include <cstddef>
#include <memory>
#include <variant>
#include <vector>

#include "protocol/wire/bytes.h"

namespace samsa::protocol {

// Record bytes that live outside the encoded response buffer.
class external_records {
  public:
    virtual ~external_records() = default;
    virtual size_t size() const = 0;
};

class records {
  public:
    struct memory_piece {
        bytes_view data;
        std::shared_ptr<const void> owner;
    };
    using piece = std::variant<memory_piece, std::shared_ptr<const external_records>>;

    records() = default;  // null

    static records empty() {
        records r;
        r.null_ = false;
        return r;
    }
    // A view of bytes kept alive by owner (which may be null for static or test data that
    // outlives the records value).
    static records of(bytes_view data, std::shared_ptr<const void> owner) {
        records r;
        r.null_ = false;
        r.append(data, std::move(owner));
        return r;
    }

    void append(bytes_view data, std::shared_ptr<const void> owner) {
        null_ = false;
        size_ += data.size();
        pieces_.emplace_back(memory_piece{data, std::move(owner)});
    }
    void append(std::shared_ptr<const external_records> piece) {
        null_ = false;
        size_ += piece->size();
        pieces_.emplace_back(std::move(piece));
    }

    bool is_null() const { return null_; }
    size_t size() const { return size_; }
    const std::vector<piece>& pieces() const { return pieces_; }
    // The bytes of a records value made of exactly one memory piece (what a decoded request
    // holds); empty otherwise.
    bytes_view contiguous() const {
        if (pieces_.size() != 1) return {};
        const auto* m = std::get_if<memory_piece>(&pieces_.front());
        return m ? m->data : bytes_view{};
    }

    friend bool operator==(const records& a, const records& b);

  private:
    bool null_ = true;
    size_t size_ = 0;
    std::vector<piece> pieces_;
};

}  // namespace samsa::protocol
