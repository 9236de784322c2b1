#include "storage/job_queue_thread.hpp"

#include <future>
#include <stdexcept>

namespace cnsbot::storage {

JobQueueThread::JobQueueThread(DatabasePtr db, BatchPacing pacing)
    : db_(std::move(db)), pacing_(pacing) {}

JobQueueThread::~JobQueueThread() { Stop(); }

void JobQueueThread::Start(const char* name) {
    thread_ = std::thread([this, name] {
        NameThisThread(name);
        Loop();
    });
}

void JobQueueThread::Submit(DbJob job, Completion done) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back({std::move(job), std::move(done)});
            // While pacing, the thread only needs waking for the first job or for enough.
            if (queue_.size() == 1 || queue_.size() >= pacing_.enough_jobs) wake_.notify_one();
            return;
        }
    }
    done(std::make_exception_ptr(std::runtime_error("storage is shutting down")));
}

void JobQueueThread::RunSync(DbJob job) {
    std::promise<void> finished;
    auto result = finished.get_future();
    Submit(std::move(job), [&finished](std::exception_ptr error) {
        if (error) {
            finished.set_exception(error);
        } else {
            finished.set_value();
        }
    });
    result.get();
}

void JobQueueThread::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        wake_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
}

void JobQueueThread::Loop() {
    constexpr std::size_t kMaxBatch = 1024;
    std::vector<QueuedJob> batch;
    auto last_start = std::chrono::steady_clock::now() - pacing_.min_gap;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            // Too soon after the last batch: wait (briefly) for more jobs to share this one.
            wake_.wait_until(lock, last_start + pacing_.min_gap,
                             [this] { return stopping_ || queue_.size() >= pacing_.enough_jobs; });
            last_start = std::chrono::steady_clock::now();
            while (!queue_.empty() && batch.size() < kMaxBatch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        RunBatch(*db_, batch);
        batch.clear();
    }
}

}  // namespace cnsbot::storage
