#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/connection.hpp"

namespace cnsbot::storage {

class TreeChangeError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// What a merge moved, for the operator.
struct MergeSummary {
    std::int64_t members = 0;
    std::int64_t children = 0;
    std::int64_t join_codes = 0;
    std::int64_t groups_moved = 0;    // bound to the target, which had none
    std::int64_t groups_dropped = 0;  // unbound: the target kept its own
};

struct UnitEvent {
    std::int64_t at = 0;
    std::string what;
};

// The changes of a reorganisation (DOMAIN.md, "The tree changes"), each in the caller's
// transaction and written to the unit's history. Reports always keep the unit they were made
// for: a merged unit becomes a retired child of its target, so every total of the target, or of
// anything above it, includes its reports, before the merger and after.
class TreeChanges {
  public:
    explicit TreeChanges(Connection& db) : db_(db) {}

    // Merges each of `from_codes` into `into_code`: members, working join codes and children
    // move to the target, and its bound group too when the target has none; the unit stays as
    // a retired child of the target with `merged_into`. Throws TreeChangeError for an unknown or
    // retired unit, the target itself, or a unit the target sits inside.
    MergeSummary Merge(const std::string& into_code, const std::vector<std::string>& from_codes,
                       std::int64_t now_ms);
    // A new name under the same code (history keeps the old one); `name_folded` as the message
    // language folds it.
    void Rename(const std::string& code, const std::string& name, const std::string& name_folded,
                std::int64_t now_ms);
    // No longer a team expected to report; its reports keep counting above it.
    void Retire(const std::string& code, std::int64_t now_ms);
    // Adds to the unit's history (imports and group bindings record theirs too).
    void Record(std::int64_t unit_id, const std::string& what, std::int64_t now_ms);
    // What happened to the unit, oldest first.
    std::vector<UnitEvent> History(std::int64_t unit_id);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
