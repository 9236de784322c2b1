#pragma once

#include <stdexcept>
#include <string>

namespace cnsbot::config {

// The whole file as bytes; throws FileReadError naming the file when it cannot be read.
// Thrown when a file cannot be read; `reason` is the system's ("No such file or directory").
class FileReadError : public std::runtime_error {
  public:
    FileReadError(const std::string& path, std::string reason)
        : std::runtime_error("cannot read " + path + ": " + reason), reason_(std::move(reason)) {}
    const std::string& reason() const { return reason_; }

  private:
    std::string reason_;
};

std::string ReadTextFile(const std::string& path);

}  // namespace cnsbot::config
