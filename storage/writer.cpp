#include "storage/writer.hpp"

namespace cnsbot::storage {

Writer::Writer(DatabasePtr db) : JobQueueThread(std::move(db)) { Start(); }

void Writer::RunBatch(SQLite::Database& db, std::vector<QueuedJob>& batch) {
    std::vector<std::exception_ptr> errors(batch.size());
    try {
        db.exec("BEGIN IMMEDIATE");
        for (std::size_t i = 0; i < batch.size(); ++i) {
            db.exec("SAVEPOINT job");
            try {
                batch[i].job(db);
                db.exec("RELEASE job");
            } catch (...) {
                errors[i] = std::current_exception();
                db.exec("ROLLBACK TO job");
                db.exec("RELEASE job");
            }
        }
        db.exec("COMMIT");
    } catch (...) {
        // The commit itself failed: nothing of this batch is durable.
        const auto failure = std::current_exception();
        try {
            db.exec("ROLLBACK");
        } catch (...) {
        }
        for (auto& e : errors) e = failure;
    }
    batches_.fetch_add(1);
    jobs_.fetch_add(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(errors[i]);
}

}  // namespace cnsbot::storage
