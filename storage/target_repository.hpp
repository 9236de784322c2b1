#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "storage/connection.hpp"

namespace cnsbot::storage {

struct Target {
    std::int64_t unit_id = 0;
    std::string indicator;
    std::string period;  // "YYYY" or "YYYY-MM"
    std::int64_t value = 0;
};

class TargetRepository {
  public:
    explicit TargetRepository(Connection& db) : db_(db) {}

    // Inserts or replaces the target of (unit, indicator, period).
    void Upsert(const Target& target);
    std::optional<std::int64_t> Find(std::int64_t unit_id, const std::string& indicator,
                                     const std::string& period);
    // Every target of the unit for either period, by (indicator, period): one query for all of a
    // report's indicators.
    std::map<std::pair<std::string, std::string>, std::int64_t> ForPeriods(
        std::int64_t unit_id, const std::string& period, const std::string& other_period);

  private:
    Connection& db_;
};

}  // namespace cnsbot::storage
