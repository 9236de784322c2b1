#include "storage/writer.hpp"

#include "storage/checkpointer.hpp"
#include "storage/statement_cache.hpp"

namespace cnsbot::storage {

Writer::Writer(DatabasePtr db, BatchPacing pacing) : JobQueueThread(std::move(db), pacing) {
    Start("cnsbot-writer");
}

namespace {

// Transaction control through the statement cache: db.exec would compile each one every time.
void Run(Connection& db, const char* sql) { CachedStatement(db, sql).exec(); }

void RollBackQuietly(Connection& db) {
    try {
        db.exec("ROLLBACK");
    } catch (...) {
    }
}

}  // namespace

bool Writer::RunTogether(Connection& db, std::vector<QueuedJob>& batch) {
    Run(db, "BEGIN IMMEDIATE");
    try {
        for (auto& queued : batch) queued.job(db);
    } catch (...) {
        RollBackQuietly(db);
        return false;
    }
    Run(db, "COMMIT");
    return true;
}

std::vector<std::exception_ptr> Writer::RunEachInSavepoint(Connection& db,
                                                           std::vector<QueuedJob>& batch) {
    std::vector<std::exception_ptr> errors(batch.size());
    Run(db, "BEGIN IMMEDIATE");
    for (std::size_t i = 0; i < batch.size(); ++i) {
        Run(db, "SAVEPOINT job");
        try {
            batch[i].job(db);
            Run(db, "RELEASE job");
        } catch (...) {
            errors[i] = std::current_exception();
            Run(db, "ROLLBACK TO job");
            Run(db, "RELEASE job");
        }
    }
    Run(db, "COMMIT");
    return errors;
}

void Writer::Checkpoint(Connection& db) {
    if (PassiveCheckpoint(db, "writer").complete) checkpoints_completed_.fetch_add(1);
}

void Writer::HandOverCheckpoint(std::chrono::milliseconds timeout) {
    std::unique_lock lock(handover_mutex_);
    const std::uint64_t before = handovers_;
    checkpoint_requested_.store(true);
    handover_done_.wait_for(lock, timeout, [&] { return handovers_ != before; });
}

void Writer::RunBatch(Connection& db, std::vector<QueuedJob>& batch) {
    const bool handover = checkpoint_requested_.exchange(false);
    if (handover) Checkpoint(db);
    std::vector<std::exception_ptr> errors(batch.size());
    try {
        if (!RunTogether(db, batch)) {
            rerun_batches_.fetch_add(1);
            errors = RunEachInSavepoint(db, batch);
        }
    } catch (...) {
        // BEGIN or COMMIT failed: nothing of this batch is durable.
        const auto failure = std::current_exception();
        RollBackQuietly(db);
        for (auto& e : errors) e = failure;
    }
    batches_.fetch_add(1);
    jobs_.fetch_add(batch.size());
    if (handover) {
        std::lock_guard lock(handover_mutex_);
        ++handovers_;
        handover_done_.notify_all();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(errors[i]);
}

}  // namespace cnsbot::storage
