#pragma once

#include <string>

namespace cnsbot::storage {

// Held by `cnsbot serve` for as long as it runs: a second server on the same database would
// send every queued message twice. An advisory lock (flock) on "<database>.lock", released by
// the kernel when the process ends, however it ends. CLI commands do not take it: they share
// the database with the running server through SQLite's own locking.
class InstanceLock {
  public:
    // Throws std::runtime_error naming the database when another process holds the lock.
    explicit InstanceLock(const std::string& database_path);
    ~InstanceLock();
    InstanceLock(const InstanceLock&) = delete;
    InstanceLock& operator=(const InstanceLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace cnsbot::storage
