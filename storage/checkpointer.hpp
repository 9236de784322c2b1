#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "config/config.hpp"
#include "storage/database.hpp"

namespace cnsbot::storage {

struct CheckpointPolicy {
    // Often, so that each pass has little to sync: while a pass's fsync runs, the writer's own
    // writes to the WAL (and with `full`, its per-commit fsync) wait behind it, and the wait
    // grows with the pass. The intervals tried, their tails and their CPU: docs/performance.md
    // (item 16). Idle, a pass takes two fcntl calls and syncs nothing.
    std::chrono::milliseconds every{10};
    // Past this many pages (256 MiB with 4 KiB pages) the WAL is started over (see
    // Checkpointer), each time pausing the writer for two fsyncs; lower thresholds paused more
    // often for no gain (docs/performance.md, "Measured and not kept").
    int restart_pages = 65536;
    // Catch-up passes follow one another until one copies fewer pages than this.
    int handover_pages = 256;
};

// One PASSIVE checkpoint on `db`: it never waits for, nor blocks, the writer or readers.
// Failures other than another checkpoint running are logged, naming `who` ran it.
struct CheckpointResult {
    bool failed = false;
    bool complete = false;  // every frame in the WAL is in the database file now
    int wal_pages = -1;     // frames in the WAL when it began
};
CheckpointResult PassiveCheckpoint(Connection& db, const char* who);

// Copies the WAL back into the database file from a connection and thread of its own, every
// `policy.every`, with PASSIVE checkpoints (they never wait for, nor block, the writer or
// readers). Left to SQLite, the writer itself checkpoints whenever the WAL passes 1,000 pages,
// inside a commit, fsync included: every webhook queued behind that commit waited for the disk
// (docs/performance.md, item 2).
//
// SQLite starts the WAL file over only when a write transaction begins with *every* page in it
// copied back. Under steady writes no pass ever catches up with the commits made while it runs,
// and the WAL grew without end (docs/performance.md, item 13). So once
// the WAL passes `restart_pages`, passes follow one another (each copies what was committed
// during the one before, so they shrink), and then `hand_over_to_writer` has the writer copy
// the little that is left between two of its transactions; its next commit starts the WAL
// over. That costs the writer a pause of two fsyncs, hence the high threshold.
// `hand_over_to_writer` returns once that commit is done (or after a bound): a pass of this
// thread running as the commit begins would hold the lock that starting over needs, and on a
// busy machine that kept the WAL growing in a test meant to keep it small.
class Checkpointer {
  public:
    Checkpointer(const config::DatabaseConfig& config, CheckpointPolicy policy,
                 std::function<void()> hand_over_to_writer);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    void Stop();  // one last checkpoint, then the connection closes

  private:
    void Run();
    void CatchUpAndHandOver();
    // One PASSIVE checkpoint: the pages the WAL held when it began, or -1 if it failed.
    int Pass();

    DatabasePtr db_;
    const CheckpointPolicy policy_;
    const std::function<void()> hand_over_to_writer_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace cnsbot::storage
