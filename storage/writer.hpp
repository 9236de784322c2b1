#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <vector>

#include "storage/job_queue_thread.hpp"

namespace cnsbot::storage {

// The single writer: owns the read-write connection and commits everything queued since the last
// commit in one transaction (group commit: one fsync serves many requests).
//
// The jobs of a batch first run one after another in that transaction. Should one throw, the
// transaction is rolled back and the batch run again with each job in its own savepoint, so that
// the failing job is rolled back alone and its completion gets the error. A savepoint per job
// every time would copy every page a job touches into the savepoint journal: a third of the
// writer's work. So a job may run twice (its database effects count once): it must only
// assign its results, never accumulate them.
class Writer final : public JobQueueThread {
  public:
    explicit Writer(DatabasePtr db, BatchPacing pacing = {});
    ~Writer() override { Stop(); }

    std::uint64_t CommittedBatches() const { return batches_.load(); }
    std::uint64_t CommittedJobs() const { return jobs_.load(); }
    // Batches run a second time, job by job, because a job threw.
    std::uint64_t RerunBatches() const { return rerun_batches_.load(); }

    // Asks for a checkpoint on the writer's own connection before its next transaction: with no
    // commit in flight it can copy the whole WAL back, so that the next commit starts the WAL
    // over (see Checkpointer). Then waits until that commit is done, or `timeout` (an idle
    // writer has no next commit): meanwhile the caller must not checkpoint, since a pass running
    // as that commit begins keeps the WAL from starting over. Callable from any thread.
    void HandOverCheckpoint(std::chrono::milliseconds timeout);
    // Checkpoints run that way that found the WAL wholly copied back.
    std::uint64_t WriterCheckpointsCompleted() const { return checkpoints_completed_.load(); }

  private:
    void RunBatch(Connection& db, std::vector<QueuedJob>& batch) override;
    // Runs the batch in one transaction and commits it; false (rolled back) if a job threw.
    static bool RunTogether(Connection& db, std::vector<QueuedJob>& batch);
    // Runs each job in a savepoint of one transaction and commits; the error of each job.
    static std::vector<std::exception_ptr> RunEachInSavepoint(Connection& db,
                                                              std::vector<QueuedJob>& batch);
    void Checkpoint(Connection& db);

    std::atomic<std::uint64_t> batches_{0};
    std::atomic<std::uint64_t> jobs_{0};
    std::atomic<std::uint64_t> rerun_batches_{0};
    std::atomic<bool> checkpoint_requested_{false};
    std::atomic<std::uint64_t> checkpoints_completed_{0};
    std::mutex handover_mutex_;
    std::condition_variable handover_done_;
    std::uint64_t handovers_ = 0;  // requested checkpoints followed by a commit; guarded
};

}  // namespace cnsbot::storage
