#include "bot/web/page_renderer.hpp"

#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "bot/web/web_assets.hpp"
#include "handlers/charts/bar_chart.hpp"
#include "handlers/language/period.hpp"
#include "handlers/replies.hpp"
#include "storage/role.hpp"

namespace cnsbot::bot::web {
namespace {

namespace mu = kainjow::mustache;
namespace dash = handlers::dashboard;
using handlers::replies::FormatNumber;

std::string Render(std::string_view template_name, mu::data& data) {
    static const auto partial_of = [](const char* name) {
        return mu::partial([name] { return std::string(Asset(name)); });
    };
    data.set("top", partial_of("layout_top.mustache"));
    data.set("bottom", partial_of("layout_bottom.mustache"));
    data.set("period_form", partial_of("period_form.mustache"));
    mu::mustache page{std::string(Asset(template_name))};
    if (!page.is_valid()) {
        throw std::logic_error("template " + std::string(template_name) + ": " +
                               page.error_message());
    }
    return page.render(data);
}

// Charts on a page are drawn for a phone's width; wider screens scale them up to a limit.
constexpr int kPageChartWidth = 440;

// Colour band of a share of the target: red under half, amber under all, green when reached.
const char* Band(std::int64_t percent) {
    if (percent >= 100) return "done";
    return percent >= 50 ? "mid" : "low";
}

mu::data Frame(const std::string& title, const dash::Viewer* viewer, std::int64_t now_ms) {
    mu::data d;
    d.set("title", title);
    d.set("generated_at", handlers::VietnameseTime(now_ms));
    if (viewer != nullptr) {
        const std::string name = viewer->member.display_name.empty()
                                     ? std::string(storage::RoleText(viewer->member.role))
                                     : viewer->member.display_name;
        d.set("viewer", mu::object{{"name", name}, {"unit", viewer->unit.name}});
    } else {
        d.set("viewer", false);
    }
    d.set("trail_shown", false);
    d.set("tabs_shown", false);
    return d;
}

// The trail and the tabs of the pages about one unit; `current` is the tab shown.
void UnitFrame(mu::data& d, const std::vector<storage::Unit>& trail, const storage::Unit& unit,
               const std::string& period_query, const char* current) {
    mu::data steps{mu::data::type::list};
    for (std::size_t i = 0; i < trail.size(); ++i) {
        steps.push_back(mu::object{{"code", trail[i].code},
                                   {"name", trail[i].name},
                                   {"period_query", period_query},
                                   {"last", i + 1 == trail.size()}});
    }
    d.set("trail", steps);
    d.set("trail_shown", true);
    const std::string base = "/dashboard/u/" + unit.code;
    const std::pair<const char*, std::string> tabs[] = {
        {"Tổng quan", base + "?" + period_query},
        {"Chưa báo cáo", base + "/chua-bao-cao?" + period_query},
        {"Thông báo", base + "/thong-bao"},
        {"Tải CSV", base + "/bao-cao.csv?" + period_query},
    };
    mu::data list{mu::data::type::list};
    for (const auto& [label, href] : tabs) {
        list.push_back(mu::object{{"label", std::string(label)},
                                  {"href", href},
                                  {"current", std::string(label) == current}});
    }
    d.set("tabs", list);
    d.set("tabs_shown", true);
    d.set("unit_name", unit.name);
}

void PeriodForm(mu::data& d, const dash::PeriodChoice& period, const std::string& period_text) {
    const std::pair<const char*, const char*> options[] = {
        {dash::kThisMonth, "Tháng này"},
        {dash::kLastMonth, "Tháng trước"},
        {dash::kThisYear, "Năm nay"},
        {dash::kRange, "Khoảng ngày"},
    };
    mu::data list{mu::data::type::list};
    for (const auto& [key, label] : options) {
        list.push_back(mu::object{{"key", std::string(key)},
                                  {"label", std::string(label)},
                                  {"selected", period.key == key}});
    }
    d.set("period_options", list);
    d.set("period_from", period.from_text);
    d.set("period_to", period.to_text);
    d.set("period_text", period_text);
    d.set("indicator_shown", false);
}

std::string Query(const dash::PeriodChoice& period, const std::string& indicator,
                  const dash::TableSort& sort) {
    std::string q = dash::PeriodQuery(period);
    if (!indicator.empty()) q += "&chi_tieu=" + indicator;
    if (!sort.column.empty() || sort.descending) {
        q += "&sap_xep=" + (sort.column.empty() ? std::string("ten") : sort.column);
        q += sort.descending ? "&chieu=giam" : "&chieu=tang";
    }
    return q;
}

}  // namespace

std::string PageRenderer::Unit(const dash::Viewer& viewer, const dash::UnitPage& page,
                               std::int64_t now_ms) const {
    mu::data d = Frame(page.unit.name, &viewer, now_ms);
    const std::string period_query = dash::PeriodQuery(page.period);
    UnitFrame(d, page.trail, page.unit, period_query, "Tổng quan");
    PeriodForm(d, page.period, page.period_text);
    d.set("reported", std::to_string(page.reported));
    d.set("teams", std::to_string(page.teams));
    d.set("unread", page.unread > 0 ? mu::data(std::to_string(page.unread)) : mu::data(false));

    mu::data cards{mu::data::type::list};
    for (const auto& card : page.cards) {
        mu::data c{mu::object{{"code", card.code},
                              {"label", card.label},
                              {"total", std::to_string(card.total)},
                              {"total_text", FormatNumber(card.total)}}};
        const auto percent = handlers::PercentOf(card.total, card.target);
        c.set("has_target", percent.has_value());
        c.set("has_figure", card.total != 0 || percent.has_value());
        if (percent) {
            c.set("target_text", FormatNumber(*card.target));
            c.set("percent", std::to_string(*percent));
            c.set("bar", std::to_string(std::min<std::int64_t>(*percent, 100)));
            c.set("band", Band(*percent));
        }
        cards.push_back(c);
    }
    d.set("cards", cards);

    const std::string base = "/dashboard/u/" + page.unit.code + "?";
    mu::data options{mu::data::type::list};
    options.push_back(mu::object{{"code", std::string()},
                                 {"label", std::string("Mọi chỉ tiêu")},
                                 {"selected", page.chart_indicator.empty()}});
    for (const auto& def : catalog_.definitions()) {
        options.push_back(mu::object{{"code", def.code},
                                     {"label", def.label},
                                     {"selected", page.chart_indicator == def.code}});
    }
    d.set("indicator_shown", true);
    d.set("indicator_options", options);
    d.set("weekly_svg", handlers::charts::BarChartSvg(page.weekly, kPageChartWidth));
    d.set("children_svg", page.children_chart ? mu::data(handlers::charts::BarChartSvg(
                                                    *page.children_chart, kPageChartWidth))
                                              : mu::data(false));

    d.set("has_children", !page.children.empty());
    d.set("is_leaf", page.children.empty());
    if (!page.children.empty()) {
        // Each header sorts by its column; a second click turns the order round.
        mu::data columns{mu::data::type::list};
        const auto column = [&](const std::string& key, const std::string& label, bool numeric) {
            const bool current = page.sort.column == key;
            dash::TableSort next{key, numeric};
            if (current) next.descending = !page.sort.descending;
            std::string arrow;
            if (current) arrow = page.sort.descending ? "▼" : "▲";
            columns.push_back(
                mu::object{{"label", label},
                           {"numeric", numeric},
                           {"arrow", arrow.empty() ? mu::data(false) : mu::data(arrow)},
                           {"href", base + Query(page.period, page.chart_indicator, next)}});
        };
        column("", "Đơn vị", false);
        columns.push_back(
            mu::object{{"label", std::string("Tổ đã báo cáo")},
                       {"numeric", true},
                       {"arrow", false},
                       {"href", base + Query(page.period, page.chart_indicator, page.sort)}});
        for (const auto& def : catalog_.definitions()) column(def.code, def.label, true);
        d.set("columns", columns);
        mu::data rows{mu::data::type::list};
        for (const auto& child : page.children) {
            mu::data cells{mu::data::type::list};
            for (const auto& t : child.totals) {
                const auto percent = handlers::PercentOf(t.total, t.target);
                cells.push_back(mu::object{
                    {"code", t.code},
                    {"total", std::to_string(t.total)},
                    {"total_text", FormatNumber(t.total)},
                    {"percent", percent ? mu::data(std::to_string(*percent)) : mu::data(false)},
                    {"band", percent ? std::string(Band(*percent)) : std::string()}});
            }
            rows.push_back(mu::object{{"code", child.unit.code},
                                      {"name", child.unit.name},
                                      {"period_query", period_query},
                                      {"reported", std::to_string(child.reported)},
                                      {"teams", std::to_string(child.teams)},
                                      {"cells", cells}});
        }
        d.set("rows", rows);
    } else {
        mu::data reports{mu::data::type::list};
        for (const auto& r : page.reports) {
            std::string note;
            if (r.correction) note = "sửa số liệu";
            if (r.proxy) note += note.empty() ? "báo cáo thay" : ", báo cáo thay";
            if (r.replaced) note += note.empty() ? "đã được sửa" : ", đã được sửa";
            const auto day = handlers::ParseIsoDate(r.report_date);
            reports.push_back(
                mu::object{{"day", day ? handlers::VietnameseDate(*day) : r.report_date},
                           {"reporter", r.reporter_name.empty() ? std::string("(chưa có tên)")
                                                                : r.reporter_name},
                           {"indicator", catalog_.LabelOf(r.indicator)},
                           {"value", FormatNumber(r.value)},
                           {"note", note},
                           {"counted", !r.replaced}});
        }
        d.set("reports_shown", !page.reports.empty());
        d.set("reports", reports);
    }
    return Render("unit.mustache", d);
}

std::string PageRenderer::Missing(const dash::Viewer& viewer, const dash::MissingPage& page,
                                  std::int64_t now_ms) const {
    mu::data d = Frame("Chưa báo cáo: " + page.unit.name, &viewer, now_ms);
    const std::string period_query = dash::PeriodQuery(page.period);
    UnitFrame(d, page.trail, page.unit, period_query, "Chưa báo cáo");
    PeriodForm(d, page.period, page.period_text);
    d.set("missing_count", std::to_string(page.teams.size()));
    d.set("teams", std::to_string(page.all_teams));
    d.set("has_missing", !page.teams.empty());
    mu::data list{mu::data::type::list};
    for (const auto& t : page.teams) {
        std::string last = "chưa từng báo cáo";
        if (t.last_report_day) {
            const auto day = handlers::ParseIsoDate(*t.last_report_day);
            last = day ? handlers::VietnameseDate(*day) : *t.last_report_day;
        }
        list.push_back(mu::object{{"code", t.unit.code},
                                  {"name", t.unit.name},
                                  {"parent", t.parent_name},
                                  {"last_report", last},
                                  {"period_query", period_query}});
    }
    d.set("missing", list);
    return Render("missing.mustache", d);
}

std::string PageRenderer::Broadcasts(const dash::Viewer& viewer, const dash::BroadcastsPage& page,
                                     std::int64_t now_ms) const {
    mu::data d = Frame("Thông báo: " + page.unit.name, &viewer, now_ms);
    UnitFrame(d, page.trail, page.unit, "ky=thang-nay", "Thông báo");
    mu::data list{mu::data::type::list};
    for (const auto& line : page.broadcasts) {
        const auto& b = line.broadcast;
        const auto& p = line.progress;
        mu::data failures{mu::data::type::list};
        for (const auto& f : line.failures) {
            failures.push_back(
                mu::object{{"reason", f.reason}, {"count", std::to_string(f.count)}});
        }
        mu::data acks{mu::data::type::list};
        for (const auto& a : line.acks) {
            acks.push_back(mu::object{
                {"team", a.team},
                {"done", a.acked_at.has_value()},
                {"by", a.acked_by.empty() ? std::string("(chưa có tên)") : a.acked_by},
                {"at", a.acked_at ? handlers::VietnameseTime(*a.acked_at) : std::string()}});
        }
        list.push_back(mu::object{{"id", std::to_string(b.id)},
                                  {"created_at", handlers::VietnameseTime(b.created_at)},
                                  {"scope", line.scope_name},
                                  {"text", b.text},
                                  {"sent", std::to_string(p.sent)},
                                  {"delivered", std::to_string(p.delivered)},
                                  {"seen", std::to_string(p.seen)},
                                  {"pending", std::to_string(p.pending)},
                                  {"failed", std::to_string(p.failed)},
                                  {"has_failures", !line.failures.empty()},
                                  {"failures", failures},
                                  {"needs_ack", b.needs_ack},
                                  {"acked", std::to_string(line.acked)},
                                  {"ack_teams", std::to_string(line.acks.size())},
                                  {"acks", acks}});
    }
    d.set("broadcasts", list);
    return Render("broadcasts.mustache", d);
}

std::string PageRenderer::Login(const std::string& token, std::int64_t now_ms) const {
    mu::data d = Frame("Đăng nhập", nullptr, now_ms);
    d.set("token", token);
    return Render("login.mustache", d);
}

std::string PageRenderer::Message(const std::string& heading, const std::string& message,
                                  std::int64_t now_ms) const {
    mu::data d = Frame(heading, nullptr, now_ms);
    d.set("heading", heading);
    d.set("message", message);
    return Render("message.mustache", d);
}

}  // namespace cnsbot::bot::web
