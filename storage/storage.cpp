#include "storage/storage.hpp"

#include "storage/database.hpp"

namespace cnsbot::storage {
namespace {

// Jobs enough for a commit of their own, however soon after the last one.
constexpr std::size_t kEnoughJobs = 32;

}  // namespace

Storage::Storage(const config::DatabaseConfig& config) {
    const bool shared = !IsInMemory(config.path);
    DatabasePtr write_connection = OpenDatabase(config, Access::kReadWrite);
    // Checkpoints move to their own thread: the writer's commits never wait for them.
    if (shared) write_connection->exec("PRAGMA wal_autocheckpoint = 0");
    // At 6,500 reports a second, committing whenever anything waited meant 2 jobs a commit and
    // twice the CPU per report (every commit writes each page it touched to the WAL).
    const BatchPacing pacing{std::chrono::milliseconds(config.batch_window_ms), kEnoughJobs};
    writer_ = std::make_unique<Writer>(std::move(write_connection), pacing);
    // Readers open after the writer so that the schema exists before they look at it.
    if (shared) {
        readers_ = std::make_unique<ReadPool>(config, config.read_connections);
        // With `normal`, the checkpoints' syncs are the only ones: often, so that each has little
        // to sync (every 500 ms, p99 at 7,500 reports/s was 12-17 ms, the writer stalling
        // behind them; every 100 ms, 6-8 ms). With `full` every commit syncs the WAL already,
        // and 500 ms gave p99 7 ms at that rate; it stays.
        const auto every = config.synchronous == config::Synchronous::kFull
                               ? std::chrono::milliseconds(500)
                               : std::chrono::milliseconds(100);
        checkpointer_ = std::make_unique<Checkpointer>(config, every);
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
