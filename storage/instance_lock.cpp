#include "storage/instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "storage/database.hpp"

namespace cnsbot::storage {

InstanceLock::InstanceLock(const std::string& database_path) {
    if (database_path.empty() || IsInMemory(database_path)) return;
    const std::string path = database_path + ".lock";
    if (const auto parent = std::filesystem::path(database_path).parent_path(); !parent.empty()) {
        std::filesystem::create_directories(parent);
    }
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd_ < 0) {
        throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd_);
        fd_ = -1;
        if (error == EWOULDBLOCK) {
            throw std::runtime_error("database " + database_path +
                                     " is in use by another `cnsbot serve` (it holds " + path +
                                     "); stop it first");
        }
        throw std::runtime_error("cannot lock " + path + ": " + std::strerror(error));
    }
    // The holder's pid, for whoever investigates.
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) == 0) {
        [[maybe_unused]] const auto written = ::write(fd_, pid.data(), pid.size());
    }
}

InstanceLock::~InstanceLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace cnsbot::storage
