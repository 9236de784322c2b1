#pragma once

#include <cstddef>
#include <string>

namespace cnsbot::testing {

// A PNG decoded with cairo, for tests that check a chart was really drawn.
struct PngImage {
    bool valid = false;
    int width = 0;
    int height = 0;
    // Pixels in the rectangle that are clearly darker than white (text, bars).
    std::size_t InkedPixels(int x, int y, int w, int h) const;

    std::string argb;  // ARGB32 rows, `stride` bytes each
    int stride = 0;
};
PngImage DecodePng(const std::string& bytes);

}  // namespace cnsbot::testing
