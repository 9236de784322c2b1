#include "storage/read_pool.hpp"

#include "storage/database.hpp"

namespace cnsbot::storage {
namespace {

class Reader final : public JobQueueThread {
  public:
    explicit Reader(DatabasePtr db) : JobQueueThread(std::move(db)) { Start("cnsbot-reader"); }
    ~Reader() override { Stop(); }

  private:
    void RunBatch(Connection& db, std::vector<QueuedJob>& batch) override {
        for (auto& queued : batch) {
            std::exception_ptr error;
            try {
                queued.job(db);
            } catch (...) {
                error = std::current_exception();
            }
            queued.done(error);
        }
    }
};

}  // namespace

ReadPool::ReadPool(const config::DatabaseConfig& config, int connections) {
    for (int i = 0; i < connections; ++i) {
        readers_.push_back(std::make_unique<Reader>(OpenDatabase(config, Access::kReadOnly)));
    }
}

ReadPool::~ReadPool() { Stop(); }

void ReadPool::Submit(DbJob job, Completion done) {
    Next().Submit(std::move(job), std::move(done));
}

void ReadPool::RunSync(DbJob job) { Next().RunSync(std::move(job)); }

void ReadPool::Stop() {
    for (auto& reader : readers_) reader->Stop();
}

JobQueueThread& ReadPool::Next() { return *readers_[next_.fetch_add(1) % readers_.size()]; }

}  // namespace cnsbot::storage
