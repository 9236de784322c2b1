#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cnsbot::handlers::charts {

struct Bar {
    std::string label;       // under a column, or before a row
    std::int64_t value = 0;  // drawn to scale; negative values are drawn as zero
    std::string value_text;  // written at the bar's end ("1.234")
};

// Columns for a series in time (weeks), rows for units (their names are long).
enum class BarLayout { kColumns, kRows };

struct BarChart {
    std::string title;
    std::string subtitle;  // the unit and the period
    std::vector<Bar> bars;
    BarLayout layout = BarLayout::kColumns;
};

// The chart as a standalone SVG document: every text escaped, fonts that carry Vietnamese
// (DejaVu Sans first: what the PNG renderer has), a viewBox so that a page can scale it to any
// width. `width` is in pixels; the height follows from the layout (rows: one per bar).
std::string BarChartSvg(const BarChart& chart, int width = 720);

// The SVG's own size, as BarChartSvg chose it.
struct SvgSize {
    int width = 0;
    int height = 0;
};
SvgSize BarChartSize(const BarChart& chart, int width = 720);

// &, <, >, " and ' as entities: text inside SVG or HTML.
std::string XmlEscape(const std::string& text);

}  // namespace cnsbot::handlers::charts
