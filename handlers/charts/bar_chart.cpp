#include "handlers/charts/bar_chart.hpp"

#include <algorithm>
#include <cstdio>

namespace cnsbot::handlers::charts {
namespace {

constexpr int kTitleHeight = 56;
constexpr int kColumnsPlotHeight = 240;
constexpr int kColumnsLabelHeight = 40;
constexpr int kRowHeight = 30;
constexpr int kRowLabelWidthShare = 38;  // percent of the width for the unit names
constexpr int kMargin = 12;
constexpr const char* kFont = "DejaVu Sans, Noto Sans, Arial, sans-serif";

std::string Number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", v);
    return buffer;
}

// The longest prefix of `text` of at most `max_chars` code points, with "…" when cut.
std::string Shorten(const std::string& text, std::size_t max_chars) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (chars == max_chars) return text.substr(0, i) + "…";
        ++chars;
    }
    return text;
}

std::int64_t Largest(const std::vector<Bar>& bars) {
    std::int64_t largest = 0;
    for (const auto& bar : bars) largest = std::max(largest, bar.value);
    return largest;
}

void Text(std::string& out, double x, double y, const std::string& text, int size,
          const char* anchor = "start", const char* weight = "normal",
          const char* fill = "#1f2933") {
    out += "<text x=\"" + Number(x) + "\" y=\"" + Number(y) + "\" font-size=\"" +
           std::to_string(size) + "\" text-anchor=\"" + anchor + "\" font-weight=\"" + weight +
           "\" fill=\"" + fill + "\">" + XmlEscape(text) + "</text>";
}

void Rect(std::string& out, double x, double y, double w, double h, const char* fill) {
    out += "<rect x=\"" + Number(x) + "\" y=\"" + Number(y) + "\" width=\"" + Number(w) +
           "\" height=\"" + Number(h) + "\" fill=\"" + fill + "\"/>";
}

void Columns(std::string& out, const BarChart& chart, int width) {
    const double plot_top = kTitleHeight;
    const double plot_bottom = plot_top + kColumnsPlotHeight;
    const double slot = static_cast<double>(width - 2 * kMargin) /
                        static_cast<double>(std::max<std::size_t>(chart.bars.size(), 1));
    const double largest = static_cast<double>(std::max<std::int64_t>(Largest(chart.bars), 1));
    const double value_room = 18;  // above the tallest bar, for its figure
    out += "<line x1=\"" + Number(kMargin) + "\" y1=\"" + Number(plot_bottom) + "\" x2=\"" +
           Number(width - kMargin) + "\" y2=\"" + Number(plot_bottom) +
           "\" stroke=\"#9aa5b1\" stroke-width=\"1\"/>";
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
        const Bar& bar = chart.bars[i];
        const double h = static_cast<double>(std::max<std::int64_t>(bar.value, 0)) / largest *
                         (kColumnsPlotHeight - value_room);
        const double x = kMargin + slot * static_cast<double>(i);
        const double center = x + slot / 2;
        Rect(out, x + slot * 0.15, plot_bottom - h, slot * 0.7, h, "#2b6cb0");
        Text(out, center, plot_bottom - h - 5, bar.value_text, 12, "middle");
        Text(out, center, plot_bottom + 16, bar.label, 11, "middle", "normal", "#52606d");
    }
}

void Rows(std::string& out, const BarChart& chart, int width) {
    const double label_width = (width - 2 * kMargin) * kRowLabelWidthShare / 100.0;
    const double bar_left = kMargin + label_width + 6;
    const double value_room = 64;  // right of the longest bar, for its figure
    const double bar_room = width - kMargin - bar_left - value_room;
    const double largest = static_cast<double>(std::max<std::int64_t>(Largest(chart.bars), 1));
    // Names longer than the label column are cut (12-pixel text is ~7 pixels a character).
    const auto max_chars = static_cast<std::size_t>(std::max(label_width / 7.0, 6.0));
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
        const Bar& bar = chart.bars[i];
        const double y = kTitleHeight + kRowHeight * static_cast<double>(i);
        const double w =
            static_cast<double>(std::max<std::int64_t>(bar.value, 0)) / largest * bar_room;
        Text(out, kMargin + label_width, y + 19, Shorten(bar.label, max_chars), 12, "end");
        Rect(out, bar_left, y + 6, std::max(w, 1.0), kRowHeight - 12, "#2b6cb0");
        Text(out, bar_left + w + 6, y + 19, bar.value_text, 12);
    }
}

}  // namespace

std::string XmlEscape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

SvgSize BarChartSize(const BarChart& chart, int width) {
    if (chart.layout == BarLayout::kColumns) {
        return {width, kTitleHeight + kColumnsPlotHeight + kColumnsLabelHeight};
    }
    const int rows = static_cast<int>(std::max<std::size_t>(chart.bars.size(), 1));
    return {width, kTitleHeight + rows * kRowHeight + kMargin};
}

std::string BarChartSvg(const BarChart& chart, int width) {
    const SvgSize size = BarChartSize(chart, width);
    const std::string w = std::to_string(size.width), h = std::to_string(size.height);
    std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + w + "\" height=\"" +
                      h + "\" viewBox=\"0 0 " + w + " " + h + "\" font-family=\"" + kFont +
                      "\" role=\"img\" aria-label=\"" + XmlEscape(chart.title) + "\">";
    Rect(out, 0, 0, size.width, size.height, "#ffffff");
    Text(out, kMargin, 22, chart.title, 16, "start", "bold");
    Text(out, kMargin, 42, chart.subtitle, 12, "start", "normal", "#52606d");
    if (chart.bars.empty()) {
        Text(out, size.width / 2.0, kTitleHeight + 40, "Chưa có số liệu", 14, "middle");
    } else if (chart.layout == BarLayout::kColumns) {
        Columns(out, chart, size.width);
    } else {
        Rows(out, chart, size.width);
    }
    out += "</svg>";
    return out;
}

}  // namespace cnsbot::handlers::charts
