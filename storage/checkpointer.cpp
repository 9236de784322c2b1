#include "storage/checkpointer.hpp"

#include <spdlog/spdlog.h>

#include "storage/thread_name.hpp"

namespace cnsbot::storage {

Checkpointer::Checkpointer(const config::DatabaseConfig& config, std::chrono::milliseconds every)
    : db_(OpenDatabase(config, Access::kReadWrite)), every_(every), thread_([this] {
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
        const bool stop = wake_.wait_for(lock, every_, [this] { return stopping_; });
        lock.unlock();
        try {
            db_->execAndGet("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (const std::exception& e) {
            spdlog::warn("WAL checkpoint failed (tried again): {}", e.what());
        }
        lock.lock();
        if (stop) return;
    }
}

}  // namespace cnsbot::storage
