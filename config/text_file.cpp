#include "config/text_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cnsbot::config {

std::string ReadTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace cnsbot::config
