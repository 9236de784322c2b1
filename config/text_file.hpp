#pragma once

#include <string>

namespace cnsbot::config {

// The whole file as bytes; throws std::runtime_error naming the file when it cannot be read.
std::string ReadTextFile(const std::string& path);

}  // namespace cnsbot::config
