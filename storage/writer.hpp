#pragma once

#include <atomic>
#include <cstdint>

#include "storage/job_queue_thread.hpp"

namespace cnsbot::storage {

// The single writer: owns the read-write connection and commits everything queued since the last
// commit in one transaction (group commit: one fsync serves many requests). Each job runs inside
// its own savepoint, so a job that throws is rolled back alone and its completion gets the error.
class Writer final : public JobQueueThread {
  public:
    explicit Writer(DatabasePtr db);
    ~Writer() override { Stop(); }

    std::uint64_t CommittedBatches() const { return batches_.load(); }
    std::uint64_t CommittedJobs() const { return jobs_.load(); }

  private:
    void RunBatch(SQLite::Database& db, std::vector<QueuedJob>& batch) override;

    std::atomic<std::uint64_t> batches_{0};
    std::atomic<std::uint64_t> jobs_{0};
};

}  // namespace cnsbot::storage
