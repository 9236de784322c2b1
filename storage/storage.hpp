#pragma once

#include <memory>
#include <optional>

#include "config/config.hpp"
#include "storage/checkpointer.hpp"
#include "storage/read_pool.hpp"
#include "storage/writer.hpp"

namespace cnsbot::storage {

// The database as the rest of the program sees it: one writer, and read connections beside it.
// An in-memory database (tests) cannot be shared, so there reads go through the writer too.
class Storage {
  public:
    // `checkpoints`: tests only; CheckpointPolicy's defaults otherwise.
    explicit Storage(const config::DatabaseConfig& config,
                     std::optional<CheckpointPolicy> checkpoints = std::nullopt);
    ~Storage();

    Writer& writer() { return *writer_; }

    void SubmitRead(DbJob job, Completion done);
    void ReadSync(DbJob job);
    // Runs `job` in a write transaction and waits for its commit (the CLI, tests, start-up).
    void WriteSync(DbJob job) { writer_->RunSync(std::move(job)); }

    // Finishes queued work and closes every connection.
    void Stop();

  private:
    std::unique_ptr<Writer> writer_;
    std::unique_ptr<ReadPool> readers_;           // null for in-memory databases
    std::unique_ptr<Checkpointer> checkpointer_;  // null for in-memory databases
};

}  // namespace cnsbot::storage
