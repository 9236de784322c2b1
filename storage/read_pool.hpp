#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "config/config.hpp"
#include "storage/job_queue_thread.hpp"

namespace cnsbot::storage {

// Read-only connections, each on its own thread, so that slow reads (totals over a province,
// exports) never stall the writer or an I/O thread. Jobs are spread round-robin.
class ReadPool {
  public:
    ReadPool(const config::DatabaseConfig& config, int connections);
    ~ReadPool();

    void Submit(DbJob job, Completion done);
    void RunSync(DbJob job);
    void Stop();

  private:
    JobQueueThread& Next();

    std::vector<std::unique_ptr<JobQueueThread>> readers_;
    std::atomic<std::size_t> next_{0};
};

}  // namespace cnsbot::storage
