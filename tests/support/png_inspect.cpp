#include "tests/support/png_inspect.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <cairo.h>

namespace cnsbot::testing {
namespace {

struct Reader {
    const std::string& bytes;
    std::size_t at = 0;
};

cairo_status_t ReadChunk(void* closure, unsigned char* data, unsigned int length) {
    auto* r = static_cast<Reader*>(closure);
    if (r->bytes.size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, r->bytes.data() + r->at, length);
    r->at += length;
    return CAIRO_STATUS_SUCCESS;
}

}  // namespace

PngImage DecodePng(const std::string& bytes) {
    PngImage image;
    Reader reader{bytes};
    cairo_surface_t* surface = cairo_image_surface_create_from_png_stream(ReadChunk, &reader);
    if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS) {
        cairo_surface_flush(surface);
        image.valid = true;
        image.width = cairo_image_surface_get_width(surface);
        image.height = cairo_image_surface_get_height(surface);
        image.stride = cairo_image_surface_get_stride(surface);
        const auto* data = cairo_image_surface_get_data(surface);
        image.argb.assign(reinterpret_cast<const char*>(data),
                          static_cast<std::size_t>(image.stride) * image.height);
    }
    cairo_surface_destroy(surface);
    return image;
}

std::size_t PngImage::InkedPixels(int x, int y, int w, int h) const {
    std::size_t inked = 0;
    for (int row = std::max(y, 0); row < std::min(y + h, height); ++row) {
        for (int col = std::max(x, 0); col < std::min(x + w, width); ++col) {
            std::uint32_t pixel;
            std::memcpy(&pixel, argb.data() + static_cast<std::size_t>(row) * stride + col * 4, 4);
            const int r = (pixel >> 16) & 0xFF, g = (pixel >> 8) & 0xFF, b = pixel & 0xFF;
            if (r + g + b < 3 * 160) ++inked;
        }
    }
    return inked;
}

}  // namespace cnsbot::testing
