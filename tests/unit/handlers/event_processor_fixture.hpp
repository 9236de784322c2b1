#pragma once

// The fixture shared by the handler tests: an in-memory database with a small unit tree, and
// helpers to send events through the real EventProcessor and read what it queued.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include "handlers/event_processor.hpp"
#include "handlers/io/unit_import.hpp"
#include "handlers/join_codes.hpp"
#include "storage/database.hpp"
#include "tests/unit/memory_database.hpp"

namespace cnsbot::handlers::test_support {

inline constexpr std::int64_t kNow = 1'763'800'000'000;  // 2025-11-22, Vietnam afternoon
inline constexpr std::int64_t kDay = 86'400'000;
inline constexpr std::int64_t kHour = 3'600'000;

struct Sent {
    std::string kind;
    std::string to;
    std::string text;
};

class EventProcessorTest : public ::testing::Test {
  protected:
    EventProcessorTest()
        : catalog_(config_.indicators),
          interpreter_(catalog_, config_.report.max_value),
          processor_(config_, interpreter_) {
        db_ = cnsbot::test_support::OpenMemoryDatabase();
        ImportUnitsCsv(*db_,
                       "code,parent_code,name,level,zalo_group_id\n"
                       "T,,Tỉnh Hà Nam,province,\n"
                       "T-X,T,Xã Thụy Lôi,commune,\n"
                       "T-X-1,T-X,Thôn Đồng Sơn,village,grp-ds\n"
                       "T-X-2,T-X,Thôn Bài Lễ,village,\n",
                       kNow);
    }

    std::string Code(const std::string& unit, const std::string& role, int uses = 5, int days = 7) {
        return CreateJoinCode(*db_, unit, role, uses, days, kNow).code;
    }

    // Registers `user` with a fresh join code for `unit` and `role`.
    void Register(const std::string& user, const std::string& unit, const std::string& role) {
        ASSERT_EQ(Text(user, "dk " + Code(unit, role)).outcome, "register:ok");
    }

    ProcessResult Text(const std::string& user, const std::string& text, std::int64_t at = kNow,
                       const std::string& msg_id = "") {
        InboundEvent e;
        e.kind = EventKind::kUserText;
        e.event_name = "user_send_text";
        e.sender_id = user;
        e.text = text;
        e.msg_id = msg_id.empty() ? "msg" + std::to_string(++counter_) : msg_id;
        e.timestamp = std::to_string(at);
        e.raw =
            nlohmann::json{{"event_name", "user_send_text"}, {"message", {{"text", text}}}}.dump();
        return processor_.Process(*db_, e, at);
    }

    ProcessResult Event(EventKind kind, const std::string& name, const std::string& user,
                        const std::string& group = "", const std::string& text = "",
                        std::int64_t at = kNow) {
        InboundEvent e;
        e.kind = kind;
        e.event_name = name;
        e.sender_id = user;
        e.group_id = group;
        e.text = text;
        e.timestamp = std::to_string(kNow + ++counter_);
        e.raw = "{}";
        if (!text.empty()) e.msg_id = "gmsg" + std::to_string(counter_);
        return processor_.Process(*db_, e, at);
    }

    std::vector<Sent> Outbox() {
        std::vector<Sent> out;
        // Broadcast rows send their broadcast's message.
        SQLite::Statement q(*db_, R"sql(
            SELECT o.recipient_kind, o.recipient,
                   CASE WHEN o.broadcast_id IS NULL THEN o.text ELSE b.message END
            FROM outbox o LEFT JOIN broadcasts b ON b.id = o.broadcast_id ORDER BY o.id)sql");
        while (q.executeStep()) {
            out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                           q.getColumn(2).getString()});
        }
        return out;
    }

    std::string LastTextTo(const std::string& who) {
        const auto all = Outbox();
        for (auto it = all.rbegin(); it != all.rend(); ++it) {
            if (it->to == who) return it->text;
        }
        return "";
    }

    std::int64_t Count(const char* sql) { return db_->execAndGet(sql).getInt64(); }

    config::Config config_;
    IndicatorCatalog catalog_;
    MessageInterpreter interpreter_;
    EventProcessor processor_;
    storage::DatabasePtr db_;
    int counter_ = 0;
};

}  // namespace cnsbot::handlers::test_support
