#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "config/config.hpp"
#include "storage/database.hpp"

namespace cnsbot::storage {

// Copies the WAL back into the database file from a connection and thread of its own, every
// `every`, with PASSIVE checkpoints (they never wait for, nor block, the writer or readers).
// Left to SQLite, the writer itself checkpoints whenever the WAL passes 1,000 pages, inside a
// commit, fsync included: every webhook queued behind that commit waited for the disk (p99 of
// report webhooks went from ~20 ms to ~2 ms when this took over; see docs/performance.md).
class Checkpointer {
  public:
    Checkpointer(const config::DatabaseConfig& config, std::chrono::milliseconds every);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    void Stop();  // one last checkpoint, then the connection closes

  private:
    void Run();

    DatabasePtr db_;
    std::chrono::milliseconds every_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace cnsbot::storage
