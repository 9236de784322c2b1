#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/connection.hpp"

#include "storage/database.hpp"
#include "storage/thread_name.hpp"

namespace cnsbot::storage {

using DbJob = std::function<void(Connection&)>;
using Completion = std::function<void(std::exception_ptr)>;

struct QueuedJob {
    DbJob job;
    Completion done;
};

// How a queue thread spaces its batches: a batch starts no sooner than `min_gap` after the
// previous one began, unless `enough_jobs` are already waiting.
struct BatchPacing {
    std::chrono::microseconds min_gap{0};
    std::size_t enough_jobs = 1;
};

// A thread that owns one SQLite connection (connections never cross threads) and runs the jobs
// queued to it. Subclasses decide how a batch of queued jobs is executed.
class JobQueueThread {
  public:
    JobQueueThread(const JobQueueThread&) = delete;
    JobQueueThread& operator=(const JobQueueThread&) = delete;
    virtual ~JobQueueThread();

    // Queues a job; `done` runs on this thread once the job's effects are durable (or failed).
    // The writer may run a job twice (see Writer): jobs assign their results.
    void Submit(DbJob job, Completion done);

    // Queues a job and blocks until it finished; rethrows its exception. Not for I/O threads.
    void RunSync(DbJob job);

    // Finishes what is queued, then joins the thread. Later submissions fail.
    void Stop();

  protected:
    explicit JobQueueThread(DatabasePtr db, BatchPacing pacing = {});
    // Starts the thread, named (as `top -H` shows it) `name`: at most 15 characters.
    void Start(const char* name);
    virtual void RunBatch(Connection& db, std::vector<QueuedJob>& batch) = 0;

  private:
    void Loop();

    DatabasePtr db_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<QueuedJob> queue_;
    bool stopping_ = false;
    const BatchPacing pacing_;
    std::thread thread_;
};

}  // namespace cnsbot::storage
