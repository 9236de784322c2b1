#include "storage/checkpointer.hpp"

#include <sqlite3.h>

#include <spdlog/spdlog.h>

#include "storage/thread_name.hpp"

namespace cnsbot::storage {
namespace {

// Passes converge in two or three (see CatchUpAndHandOver); a bound all the same.
constexpr int kMaxCatchUpPasses = 20;

}  // namespace

Checkpointer::Checkpointer(const config::DatabaseConfig& config, CheckpointPolicy policy,
                           std::function<void()> hand_over_to_writer)
    : db_(OpenDatabase(config, Access::kReadWrite)),
      policy_(policy),
      hand_over_to_writer_(std::move(hand_over_to_writer)),
      thread_([this] {
          NameThisThread("cnsbot-ckpt");
          Run();
      }) {}

Checkpointer::~Checkpointer() { Stop(); }

void Checkpointer::Stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Checkpointer::Run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        const bool stop = wake_.wait_for(lock, policy_.every, [this] { return stopping_; });
        lock.unlock();
        if (Pass() > policy_.restart_pages && !stop) CatchUpAndHandOver();
        lock.lock();
        if (stop) return;
    }
}

void Checkpointer::CatchUpAndHandOver() {
    // Each pass copies what was committed during the one before. They shrink while copying is
    // faster than committing; once small, or no longer shrinking, the writer takes over.
    int wal_pages = Pass();
    int copied_last = wal_pages;
    for (int pass = 1; pass < kMaxCatchUpPasses && wal_pages >= 0; ++pass) {
        const int before = wal_pages;
        wal_pages = Pass();
        const int copied = wal_pages - before;
        if (copied < policy_.handover_pages || copied >= copied_last) break;
        copied_last = copied;
    }
    hand_over_to_writer_();
}

CheckpointResult PassiveCheckpoint(Connection& db, const char* who) {
    int wal_pages = -1;
    int copied_pages = -1;
    const int rc = sqlite3_wal_checkpoint_v2(db.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                             &wal_pages, &copied_pages);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
        spdlog::warn("WAL checkpoint by the {} failed (tried again): {}", who, sqlite3_errstr(rc));
        return {true, false, -1};
    }
    return {false, rc == SQLITE_OK && copied_pages == wal_pages, wal_pages};
}

int Checkpointer::Pass() {
    const CheckpointResult result = PassiveCheckpoint(*db_, "checkpointer");
    return result.failed ? -1 : result.wal_pages;
}

}  // namespace cnsbot::storage
