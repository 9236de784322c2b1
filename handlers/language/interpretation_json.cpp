#include "handlers/language/interpretation_json.hpp"

#include "handlers/language/period.hpp"

namespace cnsbot::handlers {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

nlohmann::json PeriodJson(const DateRange& r) {
    return {{"from", IsoDate(r.from)}, {"to", IsoDate(r.to)}};
}

nlohmann::json ItemsJson(const std::vector<ParsedItem>& items) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& it : items) out.push_back({{"indicator", it.indicator}, {"value", it.value}});
    return out;
}

}  // namespace

nlohmann::json ToJson(const Interpretation& interpretation) {
    return std::visit(
        Overloaded{
            [](const ParsedReport& r) {
                nlohmann::json out = {{"kind", "report"}, {"items", ItemsJson(r.items)}};
                if (r.date) out["date"] = IsoDate(*r.date);
                if (!r.team_text.empty()) out["team"] = r.team_text;
                if (r.proxy) out["proxy"] = true;
                if (!r.period_heading.empty()) {
                    out["heading"] = {{"period", r.period_heading},
                                      {"range", r.heading_period ? PeriodJson(*r.heading_period)
                                                                 : nlohmann::json(nullptr)}};
                }
                return out;
            },
            [](const Invalid& e) {
                return nlohmann::json{
                    {"kind", "invalid"},
                    {"error", InvalidReasonName(e.reason)},
                    {"fragment", e.fragment},
                    {"suggestion", e.suggestion ? nlohmann::json(*e.suggestion) : nullptr}};
            },
            [](const Command& c) {
                nlohmann::json out = {{"kind", "command"}, {"command", CommandName(c.kind)}};
                switch (c.kind) {
                    case CommandKind::kRegister:
                        out["code"] = c.code;
                        if (!c.name.empty()) out["name"] = c.name;
                        break;
                    case CommandKind::kInvite:
                        out["unit"] = c.unit_text;
                        out["role"] = c.role;
                        out["uses"] = c.uses;
                        break;
                    case CommandKind::kRevokeCode:
                        out["code"] = c.code;
                        break;
                    case CommandKind::kSetName:
                        out["name"] = c.name;
                        break;
                    case CommandKind::kMembers:
                        out["unit"] = c.unit_text;
                        break;
                    case CommandKind::kRemoveMember:
                        out["who"] = c.text;
                        break;
                    case CommandKind::kLeaveTeam:
                        out["confirmed"] = c.confirmed;
                        break;
                    case CommandKind::kTotals:
                        out["unit"] = c.unit_text;
                        out["period"] = PeriodJson(c.period);
                        break;
                    case CommandKind::kRanking:
                        out["indicator"] = c.indicator.empty() ? nlohmann::json(nullptr)
                                                               : nlohmann::json(c.indicator);
                        out["period"] = PeriodJson(c.period);
                        break;
                    case CommandKind::kMissing:
                        out["period"] = PeriodJson(c.period);
                        break;
                    case CommandKind::kBroadcast:
                        out["unit"] = c.unit_text;
                        out["text"] = c.text;
                        out["needs_ack"] = c.needs_ack;
                        break;
                    case CommandKind::kCorrect:
                        out["items"] = ItemsJson(c.report.items);
                        if (c.report.date) out["date"] = IsoDate(*c.report.date);
                        if (!c.report.team_text.empty()) out["team"] = c.report.team_text;
                        break;
                    case CommandKind::kUnread:
                        out["unit"] = c.unit_text;
                        out["period"] = PeriodJson(c.period);
                        break;
                    case CommandKind::kAcknowledge:
                        out["explicit"] = c.confirmed;
                        break;
                    case CommandKind::kBindGroup:
                        out["unit"] = c.unit_text;
                        break;
                    case CommandKind::kChart:
                        out["indicator"] = c.indicator.empty() ? nlohmann::json(nullptr)
                                                               : nlohmann::json(c.indicator);
                        out["unit"] = c.unit_text;
                        out["period"] = PeriodJson(c.period);
                        break;
                    default:
                        break;
                }
                return out;
            },
            [](const Chat&) {
                return nlohmann::json{{"kind", "chat"}};
            },
        },
        interpretation);
}

}  // namespace cnsbot::handlers
