#include "storage/storage.hpp"

#include <cstdint>
#include <string>

#include "storage/database.hpp"

namespace cnsbot::storage {
namespace {

// Jobs enough for a commit of their own, however soon after the last one.
constexpr std::size_t kEnoughJobs = 32;

// How long the checkpointer holds off after handing the end of a catch-up to the writer. The
// handover only happens under steady writes, where the writer's next commit comes within a batch.
constexpr std::chrono::milliseconds kHandoverWait{250};

// A WAL grown past its usual size (by a burst the checkpoints could not follow) is cut back to
// this when it starts over; below it the file is reused, its blocks already allocated.
std::int64_t WalSizeLimitBytes(Connection& db, const CheckpointPolicy& policy) {
    const std::int64_t page_size = db.execAndGet("PRAGMA page_size").getInt64();
    constexpr std::int64_t kFrameHeaderBytes = 24;
    return static_cast<std::int64_t>(policy.restart_pages) * (page_size + kFrameHeaderBytes) * 5 /
           4;
}

}  // namespace

Storage::Storage(const config::DatabaseConfig& config,
                 std::optional<CheckpointPolicy> checkpoints) {
    const bool shared = !IsInMemory(config.path);
    const CheckpointPolicy policy = checkpoints.value_or(CheckpointPolicy{});
    DatabasePtr write_connection = OpenDatabase(config, Access::kReadWrite);
    // Checkpoints move to their own thread: the writer's commits never wait for them.
    if (shared) {
        write_connection->exec("PRAGMA wal_autocheckpoint = 0");
        write_connection->exec("PRAGMA journal_size_limit = " +
                               std::to_string(WalSizeLimitBytes(*write_connection, policy)));
    }
    // At 6,500 reports a second, committing whenever anything waited meant 2 jobs a commit and
    // twice the CPU per report (every commit writes each page it touched to the WAL).
    const BatchPacing pacing{std::chrono::milliseconds(config.batch_window_ms), kEnoughJobs};
    writer_ = std::make_unique<Writer>(std::move(write_connection), pacing);
    // Readers open after the writer so that the schema exists before they look at it.
    if (shared) {
        readers_ = std::make_unique<ReadPool>(config, config.read_connections);
        checkpointer_ = std::make_unique<Checkpointer>(config, policy, [writer = writer_.get()] {
            writer->HandOverCheckpoint(kHandoverWait);
        });
    }
}

Storage::~Storage() { Stop(); }

void Storage::SubmitRead(DbJob job, Completion done) {
    if (readers_) {
        readers_->Submit(std::move(job), std::move(done));
    } else {
        writer_->Submit(std::move(job), std::move(done));
    }
}

void Storage::ReadSync(DbJob job) {
    if (readers_) {
        readers_->RunSync(std::move(job));
    } else {
        writer_->RunSync(std::move(job));
    }
}

void Storage::Stop() {
    if (readers_) readers_->Stop();
    writer_->Stop();
    if (checkpointer_) checkpointer_->Stop();
}

}  // namespace cnsbot::storage
