#include "storage/target_repository.hpp"

#include "storage/statement_cache.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

void TargetRepository::Upsert(const Target& t) {
    CachedStatement q(db_, R"sql(
        INSERT INTO targets (unit_id, indicator, period, value) VALUES (?1, ?2, ?3, ?4)
        ON CONFLICT(unit_id, indicator, period) DO UPDATE SET value = excluded.value)sql");
    q.bind(1, t.unit_id);
    q.bind(2, t.indicator);
    q.bind(3, t.period);
    q.bind(4, t.value);
    q.exec();
}

std::optional<std::int64_t> TargetRepository::Find(std::int64_t unit_id,
                                                   const std::string& indicator,
                                                   const std::string& period) {
    CachedStatement q(db_,
                      "SELECT value FROM targets WHERE unit_id = ?1 AND indicator = ?2 AND "
                      "period = ?3");
    q.bind(1, unit_id);
    q.bind(2, indicator);
    q.bind(3, period);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getInt64();
}

std::map<std::pair<std::string, std::string>, std::int64_t> TargetRepository::ForPeriods(
    std::int64_t unit_id, const std::string& period, const std::string& other_period) {
    CachedStatement q(db_,
                      "SELECT indicator, period, value FROM targets WHERE unit_id = ?1 AND "
                      "(period = ?2 OR period = ?3)");
    q.bind(1, unit_id);
    q.bind(2, period);
    q.bind(3, other_period);
    std::map<std::pair<std::string, std::string>, std::int64_t> out;
    while (q.executeStep()) {
        out[{q.getColumn(0).getString(), q.getColumn(1).getString()}] = q.getColumn(2).getInt64();
    }
    return out;
}

}  // namespace cnsbot::storage
