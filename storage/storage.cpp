#include "storage/storage.hpp"

#include "storage/database.hpp"

namespace cnsbot::storage {

Storage::Storage(const config::DatabaseConfig& config)
    : writer_(std::make_unique<Writer>(OpenDatabase(config, Access::kReadWrite))) {
    // Readers open after the writer so that the schema exists before they look at it.
    if (!IsInMemory(config.path)) {
        readers_ = std::make_unique<ReadPool>(config, config.read_connections);
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
}

}  // namespace cnsbot::storage
