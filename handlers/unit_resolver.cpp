#include "handlers/unit_resolver.hpp"

#include <algorithm>
#include <array>

#include "handlers/language/indicator_catalog.hpp"
#include "handlers/language/text_normalizer.hpp"

namespace cnsbot::handlers {
namespace {

std::string Canonical(const std::string& typed) {
    std::string out;
    for (const auto& word : SplitWords(Fold(typed))) {
        if (!out.empty()) out.push_back(' ');
        out += word;
    }
    return out;
}

// The name without a leading level word, or empty when it has none.
std::string WithoutLevelWord(const std::string& canonical) {
    static constexpr std::array<std::string_view, 12> kLevels = {
        "tinh ", "thanh pho ", "huyen ", "quan ", "thi xa ", "thi tran ",
        "xa ",   "phuong ",    "thon ",  "xom ",  "ap ",     "to dan pho "};
    for (std::string_view level : kLevels) {
        if (canonical.size() > level.size() && canonical.starts_with(level)) {
            return canonical.substr(level.size());
        }
    }
    return "";
}

// `folded` is `name` or ends with " " + `name`, as UnitRepository::FindByFoldedName matches.
bool FoldedNameMatches(const std::string& folded, const std::string& name) {
    return !name.empty() &&
           (folded == name || (folded.size() > name.size() && folded.ends_with(name) &&
                               folded[folded.size() - name.size() - 1] == ' '));
}

}  // namespace

bool StartsWithLevelWord(const std::string& typed) {
    return !WithoutLevelWord(Canonical(typed)).empty();
}

bool NamesUnit(const storage::Unit& unit, const std::string& typed) {
    const std::string name = Canonical(typed);
    return FoldedNameMatches(unit.name_folded, name) ||
           FoldedNameMatches(unit.name_folded, WithoutLevelWord(name));
}

UnitLookup ResolveUnitInScope(storage::Connection& db, const storage::Unit& scope,
                              const std::string& typed) {
    storage::UnitRepository units(db);
    const std::string name = Canonical(typed);
    std::vector<storage::Unit> found = units.FindByFoldedName(name);
    if (found.empty()) {
        if (const std::string bare = WithoutLevelWord(name); !bare.empty()) {
            found = units.FindByFoldedName(bare);
        }
    }
    UnitLookup lookup;
    std::vector<storage::Unit> inside;
    for (auto& unit : found) {
        if (unit.path.starts_with(scope.path)) inside.push_back(std::move(unit));
    }
    if (inside.empty()) {
        lookup.outcome =
            found.empty() ? UnitLookup::Outcome::kNotFound : UnitLookup::Outcome::kOutsideScope;
        return lookup;
    }
    // An exact name settles a tie with longer names ending the same way.
    const auto exact = std::count_if(inside.begin(), inside.end(),
                                     [&](const storage::Unit& u) { return u.name_folded == name; });
    if (exact == 1) {
        std::erase_if(inside, [&](const storage::Unit& u) { return u.name_folded != name; });
    }
    if (inside.size() == 1) {
        lookup.outcome = UnitLookup::Outcome::kFound;
        lookup.unit = std::move(inside.front());
        return lookup;
    }
    lookup.outcome = UnitLookup::Outcome::kAmbiguous;
    if (inside.size() > 10) inside.resize(10);
    lookup.candidates = std::move(inside);
    return lookup;
}

}  // namespace cnsbot::handlers
