#include "storage/report_repository.hpp"

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {

std::int64_t ReportRepository::Insert(const NewReport& r, std::int64_t now_ms) {
    SQLite::Statement q(db_, R"sql(
        INSERT INTO reports (unit_id, member_id, inbox_id, report_date, created_at)
        VALUES (?1, ?2, ?3, ?4, ?5))sql");
    q.bind(1, r.unit_id);
    q.bind(2, r.member_id);
    q.bind(3, r.inbox_id);
    q.bind(4, r.report_date);
    q.bind(5, now_ms);
    q.exec();
    const std::int64_t id = db_.getLastInsertRowid();
    SQLite::Statement item(
        db_, "INSERT INTO report_items (report_id, indicator, value) VALUES (?1, ?2, ?3)");
    for (const auto& it : r.items) {
        item.bind(1, id);
        item.bind(2, it.indicator);
        item.bind(3, it.value);
        item.exec();
        item.reset();
    }
    return id;
}

std::map<std::string, std::int64_t> ReportRepository::UnitTotals(std::int64_t unit_id,
                                                                 const std::string& from,
                                                                 const std::string& to) {
    SQLite::Statement q(db_, R"sql(
        SELECT i.indicator, SUM(i.value) FROM reports r JOIN report_items i ON i.report_id = r.id
        WHERE r.unit_id = ?1 AND r.report_date BETWEEN ?2 AND ?3 AND r.revoked_at IS NULL
        GROUP BY i.indicator)sql");
    q.bind(1, unit_id);
    q.bind(2, from);
    q.bind(3, to);
    std::map<std::string, std::int64_t> out;
    while (q.executeStep()) out[q.getColumn(0).getString()] = q.getColumn(1).getInt64();
    return out;
}

std::vector<UnitIndicatorTotal> ReportRepository::SubtreeTotalsByUnit(const std::string& root_path,
                                                                      const std::string& from,
                                                                      const std::string& to) {
    SQLite::Statement q(db_, R"sql(
        SELECT r.unit_id, i.indicator, SUM(i.value)
        FROM units u JOIN reports r ON r.unit_id = u.id JOIN report_items i ON i.report_id = r.id
        WHERE u.path >= ?1 AND u.path < ?2 AND r.report_date BETWEEN ?3 AND ?4
          AND r.revoked_at IS NULL
        GROUP BY r.unit_id, i.indicator)sql");
    q.bind(1, root_path);
    q.bind(2, root_path.substr(0, root_path.size() - 1) + "0");
    q.bind(3, from);
    q.bind(4, to);
    std::vector<UnitIndicatorTotal> out;
    while (q.executeStep()) {
        out.push_back(
            {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getInt64()});
    }
    return out;
}

std::int64_t ReportRepository::CountActive() {
    return db_.execAndGet("SELECT COUNT(*) FROM reports WHERE revoked_at IS NULL").getInt64();
}

}  // namespace cnsbot::storage
