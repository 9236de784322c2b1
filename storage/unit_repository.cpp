#include "storage/unit_repository.hpp"

#include "storage/statement_cache.hpp"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <unordered_map>

#include <SQLiteCpp/Statement.h>

namespace cnsbot::storage {
namespace {

constexpr const char* kColumns =
    "id, code, parent_id, name, name_folded, level, path, depth, COALESCE(zalo_group_id, ''), "
    "group_broken_code, group_broken_at, retired_at, merged_into";

Unit ReadUnit(SQLite::Statement& q) {
    Unit u;
    u.id = q.getColumn(0).getInt64();
    u.code = q.getColumn(1).getString();
    if (!q.getColumn(2).isNull()) u.parent_id = q.getColumn(2).getInt64();
    u.name = q.getColumn(3).getString();
    u.name_folded = q.getColumn(4).getString();
    u.level = q.getColumn(5).getString();
    u.path = q.getColumn(6).getString();
    u.depth = q.getColumn(7).getInt();
    u.zalo_group_id = q.getColumn(8).getString();
    if (!q.getColumn(9).isNull()) u.group_broken_code = q.getColumn(9).getInt();
    if (!q.getColumn(10).isNull()) u.group_broken_at = q.getColumn(10).getInt64();
    if (!q.getColumn(11).isNull()) u.retired_at = q.getColumn(11).getInt64();
    if (!q.getColumn(12).isNull()) u.merged_into = q.getColumn(12).getInt64();
    return u;
}

std::optional<Unit> FindOne(Connection& db, const std::string& where, const auto& value) {
    CachedStatement q(db, std::string("SELECT ") + kColumns + " FROM units WHERE " + where);
    q.bind(1, value);
    if (!q.executeStep()) return std::nullopt;
    return ReadUnit(q);
}

}  // namespace

std::string PathUpperBound(const std::string& path) {
    return path.substr(0, path.size() - 1) + "0";
}

void UnitRepository::Import(const std::vector<UnitInput>& rows, std::int64_t now_ms) {
    CachedStatement upsert(db_, R"sql(
        INSERT INTO units (code, name, name_folded, level, path, depth, zalo_group_id, updated_at)
        VALUES (?1, ?2, ?3, ?4, '', 0, NULLIF(?5, ''), ?6)
        ON CONFLICT(code) DO UPDATE SET name = excluded.name, name_folded = excluded.name_folded,
            level = excluded.level,
            zalo_group_id = COALESCE(excluded.zalo_group_id, zalo_group_id),
            group_broken_code = CASE WHEN excluded.zalo_group_id IS NULL
                                       OR zalo_group_id IS excluded.zalo_group_id
                                     THEN group_broken_code END,
            group_broken_at = CASE WHEN excluded.zalo_group_id IS NULL
                                     OR zalo_group_id IS excluded.zalo_group_id
                                   THEN group_broken_at END,
            updated_at = excluded.updated_at)sql");
    for (const auto& row : rows) {
        upsert.bind(1, row.code);
        upsert.bind(2, row.name);
        upsert.bind(3, row.name_folded);
        upsert.bind(4, row.level);
        upsert.bind(5, row.zalo_group_id);
        upsert.bind(6, now_ms);
        upsert.exec();
        upsert.reset();
    }
    CachedStatement link(db_, R"sql(
        UPDATE units SET parent_id = (SELECT id FROM units WHERE code = ?2) WHERE code = ?1)sql");
    for (const auto& row : rows) {
        if (!row.parent_code.empty() && !FindByCode(row.parent_code)) {
            throw std::invalid_argument("unit " + row.code + " names unknown parent " +
                                        row.parent_code);
        }
        link.bind(1, row.code);
        link.bind(2, row.parent_code);
        link.exec();
        link.reset();
    }
    RecomputePaths();
}

void UnitRepository::RecomputePaths() {
    // The materialised paths of the whole tree: a moved unit moves its subtree.
    struct Node {
        std::string code;
        std::optional<std::int64_t> parent;
        std::string path;
        int depth = 0;
        int state = 0;  // 0 unvisited, 1 in progress, 2 done
    };
    std::unordered_map<std::int64_t, Node> nodes;
    CachedStatement all(db_, "SELECT id, code, parent_id FROM units");
    while (all.executeStep()) {
        Node n{all.getColumn(1).getString(), std::nullopt, "", 0, 0};
        if (!all.getColumn(2).isNull()) n.parent = all.getColumn(2).getInt64();
        nodes.emplace(all.getColumn(0).getInt64(), std::move(n));
    }
    std::function<void(Node&)> resolve = [&](Node& n) {
        if (n.state == 2) return;
        if (n.state == 1) throw std::invalid_argument("units form a cycle through " + n.code);
        n.state = 1;
        if (n.parent) {
            Node& parent = nodes.at(*n.parent);
            resolve(parent);
            n.path = parent.path + n.code + "/";
            n.depth = parent.depth + 1;
        } else {
            n.path = "/" + n.code + "/";
        }
        n.state = 2;
    };
    CachedStatement update(db_,
                           "UPDATE units SET path = ?2, depth = ?3 WHERE id = ?1 AND "
                           "(path <> ?2 OR depth <> ?3)");
    for (auto& [id, node] : nodes) {
        resolve(node);
        update.bind(1, id);
        update.bind(2, node.path);
        update.bind(3, node.depth);
        update.exec();
        update.reset();
    }
}

std::optional<Unit> UnitRepository::FindByCode(const std::string& code) {
    return FindOne(db_, "code = ?1", code);
}

std::optional<Unit> UnitRepository::FindById(std::int64_t id) {
    return FindOne(db_, "id = ?1", id);
}

std::optional<std::string> UnitRepository::NameOf(std::int64_t id) {
    CachedStatement q(db_, "SELECT name FROM units WHERE id = ?1");
    q.bind(1, id);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getString();
}

std::optional<Unit> UnitRepository::FindByGroupId(const std::string& group_id) {
    if (group_id.empty()) return std::nullopt;
    return FindOne(db_, "zalo_group_id = ?1", group_id);
}

std::vector<Unit> UnitRepository::Lineage(const Unit& unit) {
    std::vector<Unit> out{unit};
    while (out.back().parent_id) {
        auto parent = FindById(*out.back().parent_id);
        if (!parent) break;
        out.push_back(std::move(*parent));
    }
    return out;
}

std::vector<Unit> UnitRepository::Subtree(const Unit& root) {
    // Every path in the subtree starts with root.path.
    const std::string upper = PathUpperBound(root.path);
    CachedStatement q(db_, std::string("SELECT ") + kColumns +
                               " FROM units WHERE path >= ?1 AND path < ?2 ORDER BY path");
    q.bind(1, root.path);
    q.bind(2, upper);
    std::vector<Unit> out;
    while (q.executeStep()) out.push_back(ReadUnit(q));
    return out;
}

std::int64_t UnitRepository::CountInSubtreeWithLevel(const Unit& root,
                                                     const std::vector<std::string>& levels) {
    std::int64_t count = 0;
    const std::string upper = PathUpperBound(root.path);
    CachedStatement q(db_,
                      "SELECT COUNT(*) FROM units WHERE path >= ?1 AND path < ?2 AND "
                      "lower(level) = ?3 AND retired_at IS NULL");
    for (const auto& level : levels) {
        q.bind(1, root.path);
        q.bind(2, upper);
        q.bind(3, level);
        if (q.executeStep()) count += q.getColumn(0).getInt64();
        q.reset();
    }
    return count;
}

std::vector<Unit> UnitRepository::Children(const Unit& parent) {
    CachedStatement q(db_, std::string("SELECT ") + kColumns +
                               " FROM units WHERE parent_id = ?1 AND retired_at IS NULL "
                               "ORDER BY name_folded");
    q.bind(1, parent.id);
    std::vector<Unit> out;
    while (q.executeStep()) out.push_back(ReadUnit(q));
    return out;
}

std::vector<Unit> UnitRepository::Roots() {
    CachedStatement q(db_, std::string("SELECT ") + kColumns +
                               " FROM units WHERE parent_id IS NULL ORDER BY path");
    std::vector<Unit> out;
    while (q.executeStep()) out.push_back(ReadUnit(q));
    return out;
}

std::vector<Unit> UnitRepository::WithGroups() {
    CachedStatement q(db_, std::string("SELECT ") + kColumns +
                               " FROM units WHERE COALESCE(zalo_group_id, '') <> '' ORDER BY path");
    std::vector<Unit> out;
    while (q.executeStep()) out.push_back(ReadUnit(q));
    return out;
}

std::vector<Unit> UnitRepository::WithoutReports(const Unit& root,
                                                 const std::vector<std::string>& levels,
                                                 const std::string& from, const std::string& to) {
    const std::string upper = PathUpperBound(root.path);
    CachedStatement q(db_, std::string("SELECT ") + kColumns + R"sql(
        FROM units u WHERE u.path >= ?1 AND u.path < ?2 AND lower(u.level) = ?3
          AND u.retired_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM daily_reports d
                          WHERE d.unit_id = u.id AND d.day BETWEEN ?4 AND ?5 AND d.reports > 0)
          AND NOT EXISTS (SELECT 1 FROM units m JOIN daily_reports d ON d.unit_id = m.id
                          WHERE m.parent_id = u.id AND m.merged_into IS NOT NULL
                            AND d.day BETWEEN ?4 AND ?5 AND d.reports > 0)
        ORDER BY u.path)sql");
    std::vector<Unit> out;
    for (const auto& level : levels) {
        q.bind(1, root.path);
        q.bind(2, upper);
        q.bind(3, level);
        q.bind(4, from);
        q.bind(5, to);
        while (q.executeStep()) out.push_back(ReadUnit(q));
        q.reset();
    }
    std::sort(out.begin(), out.end(), [](const Unit& a, const Unit& b) { return a.path < b.path; });
    return out;
}

std::vector<Unit> UnitRepository::FindByFoldedName(const std::string& folded) {
    // LIKE's own wildcards in a typed name are matched literally.
    std::string pattern = "% ";
    for (char c : folded) {
        if (c == '%' || c == '_' || c == '!') pattern.push_back('!');
        pattern.push_back(c);
    }
    CachedStatement q(db_, std::string("SELECT ") + kColumns +
                               " FROM units WHERE (name_folded = ?1 OR name_folded LIKE ?2 "
                               "ESCAPE '!') AND retired_at IS NULL ORDER BY path");
    q.bind(1, folded);
    q.bind(2, pattern);
    std::vector<Unit> out;
    while (q.executeStep()) out.push_back(ReadUnit(q));
    return out;
}

std::int64_t UnitRepository::Count() {
    return db_.execAndGet("SELECT COUNT(*) FROM units").getInt64();
}

std::vector<std::string> UnitRepository::LevelsInUse() {
    CachedStatement q(db_, R"sql(
        SELECT DISTINCT lower(level) FROM units WHERE retired_at IS NULL ORDER BY 1)sql");
    std::vector<std::string> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
    return out;
}

}  // namespace cnsbot::storage
