#include "handlers/group_matching.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>

#include "handlers/language/text_normalizer.hpp"

namespace cnsbot::handlers {
namespace {

// Words joined by single spaces, with a space at each end: " nhom to cnscd thon dong son ".
std::string Padded(std::string_view folded) {
    std::string out = " ";
    for (const char c : folded) {
        if (c == ' ' || c == '\n') {
            if (out.back() != ' ') out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    if (out.back() != ' ') out.push_back(' ');
    return out;
}

// The level words a unit's name may start with (folded), longest first.
constexpr std::array<std::string_view, 12> kLevelWords = {
    "thanh pho ", "to dan pho ", "khu pho ", "thi tran ", "phuong ", "tinh ",
    "thon ",      "xom ",        "ban ",     "xa ",       "ap ",     "khu "};

// The name without its level word, when something with a letter is left.
std::string WithoutLevelWord(const std::string& padded) {
    for (const std::string_view word : kLevelWords) {
        if (padded.compare(1, word.size(), word) != 0) continue;
        std::string rest = " " + padded.substr(1 + word.size());
        const bool has_letter =
            std::any_of(rest.begin(), rest.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        return has_letter ? rest : std::string();
    }
    return {};
}

struct Names {
    std::string full;      // padded folded name
    std::string stripped;  // without the level word, or empty
};

bool Named(const std::string& group, const Names& unit) {
    return group.find(unit.full) != std::string::npos ||
           (!unit.stripped.empty() && group.find(unit.stripped) != std::string::npos);
}

bool IsAncestor(const storage::Unit& a, const storage::Unit& b) {
    return a.id != b.id && b.path.starts_with(a.path);
}

}  // namespace

std::vector<GroupMatch> MatchGroupsToUnits(const std::vector<NamedGroup>& groups,
                                           const std::vector<storage::Unit>& units) {
    std::vector<Names> names;
    names.reserve(units.size());
    for (const auto& unit : units) {
        const std::string full = Padded(unit.name_folded);
        names.push_back({full, WithoutLevelWord(full)});
    }
    std::vector<GroupMatch> out;
    for (const auto& group : groups) {
        GroupMatch match;
        match.group = group;
        const std::string folded = Padded(Fold(group.name));
        std::vector<std::size_t> found;
        for (std::size_t i = 0; i < units.size(); ++i) {
            if (Named(folded, names[i])) found.push_back(i);
        }
        // The most specific: a unit gives way to a named descendant.
        std::vector<std::size_t> specific;
        for (const std::size_t i : found) {
            const bool has_named_descendant =
                std::any_of(found.begin(), found.end(),
                            [&](std::size_t j) { return IsAncestor(units[i], units[j]); });
            if (!has_named_descendant) specific.push_back(i);
        }
        // Then those with the most ancestors named too.
        const auto named_ancestors = [&](std::size_t i) {
            int n = 0;
            for (const std::size_t j : found) n += IsAncestor(units[j], units[i]) ? 1 : 0;
            return n;
        };
        int best = -1;
        for (const std::size_t i : specific) best = std::max(best, named_ancestors(i));
        for (const std::size_t i : specific) {
            if (named_ancestors(i) == best) match.candidates.push_back(units[i]);
        }
        std::sort(match.candidates.begin(), match.candidates.end(),
                  [](const auto& a, const auto& b) { return a.path < b.path; });
        if (match.candidates.empty()) {
            match.why_not = "no unit's name appears in the group's name";
        } else if (match.candidates.size() > 1) {
            match.why_not = "several units fit";
        } else if (!match.candidates.front().zalo_group_id.empty()) {
            match.why_not =
                "the unit is already bound to group " + match.candidates.front().zalo_group_id;
        } else {
            match.certain = true;
        }
        out.push_back(std::move(match));
    }
    // Two groups proposed for the same unit: neither is certain.
    std::unordered_map<std::int64_t, int> proposals;
    for (const auto& m : out) {
        if (m.certain) ++proposals[m.candidates.front().id];
    }
    for (auto& m : out) {
        if (m.certain && proposals[m.candidates.front().id] > 1) {
            m.certain = false;
            m.why_not = "another group also names this unit";
        }
    }
    return out;
}

}  // namespace cnsbot::handlers
