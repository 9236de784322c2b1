#pragma once

#include <string>
#include <vector>

#include "storage/connection.hpp"

#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

// A unit named in a command ("xã An Phú", "an phu"), looked for inside the sender's scope.
struct UnitLookup {
    enum class Outcome { kFound, kAmbiguous, kOutsideScope, kNotFound };
    Outcome outcome = Outcome::kNotFound;
    storage::Unit unit;                     // kFound
    std::vector<storage::Unit> candidates;  // kAmbiguous (at most 10)
};

// Names match without diacritics and case, with or without a level word in front ("xã", "thôn",
// …). A name that only exists outside `scope` is reported as such, never resolved.
UnitLookup ResolveUnitInScope(storage::Connection& db, const storage::Unit& scope,
                              const std::string& typed);

// Whether `typed` starts with a level word and a name ("thôn Đồng Sơn", "xã An Phú"): the only
// headings of a report that may name a team.
bool StartsWithLevelWord(const std::string& typed);

// Whether `typed` names `unit` the way ResolveUnitInScope would find it (without a query).
bool NamesUnit(const storage::Unit& unit, const std::string& typed);

}  // namespace cnsbot::handlers
