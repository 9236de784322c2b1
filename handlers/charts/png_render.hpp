#pragma once

#include <string>

namespace cnsbot::handlers::charts {

// Renders an SVG document to PNG bytes at the SVG's own size, with librsvg and cairo (the text
// in the system's fonts: DejaVu Sans carries Vietnamese). Throws std::runtime_error when the SVG
// cannot be read.
std::string SvgToPng(const std::string& svg);

}  // namespace cnsbot::handlers::charts
