#include "config/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace cnsbot::config {

std::string ReadTextFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileReadError(path, std::strerror(errno));
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace cnsbot::config
