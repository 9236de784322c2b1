#include "handlers/reminders.hpp"

#include "storage/statement_cache.hpp"

#include <chrono>

#include "handlers/language/message_splitter.hpp"
#include "handlers/language/period.hpp"
#include "handlers/query_support.hpp"
#include "handlers/replies.hpp"
#include "handlers/team_messages.hpp"
#include "storage/member_repository.hpp"
#include "storage/outbox_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {
namespace {

using namespace std::chrono;

DateRange WeekContaining(const Date& d) {
    const sys_days day{d};
    const auto monday = day - days{(weekday{day}.c_encoding() + 6) % 7};
    return {Date{monday}, Date{monday + days{6}}};
}

}  // namespace

ReminderSlot LatestReminderSlot(const config::RemindersConfig& config, std::int64_t now_ms) {
    const auto local = sys_time<milliseconds>{milliseconds{now_ms}} + kVietnamOffset;
    const sys_days today = floor<days>(local);
    const auto minutes_now = duration_cast<minutes>(local - today).count();
    const int minutes_due =
        std::stoi(config.time.substr(0, 2)) * 60 + std::stoi(config.time.substr(3, 2));
    const bool before_time = minutes_now < minutes_due;
    ReminderSlot slot;
    sys_days when = today;
    if (config.schedule == "monthly") {
        const year_month_day ymd{today};
        year_month this_month{ymd.year(), ymd.month()};
        const unsigned due_day = static_cast<unsigned>(config.day);
        if (static_cast<unsigned>(ymd.day()) < due_day ||
            (static_cast<unsigned>(ymd.day()) == due_day && before_time)) {
            this_month -= months{1};
        }
        when = sys_days{this_month / day{due_day}};
        slot.period = MonthOf(Date{when});
    } else {
        const unsigned wd = weekday{today}.iso_encoding();
        auto back = static_cast<int>((wd + 7 - static_cast<unsigned>(config.weekday)) % 7);
        if (back == 0 && before_time) back = 7;
        when = today - days{back};
        slot.period = WeekContaining(Date{when});
    }
    slot.key = config.schedule + ":" + IsoDate(Date{when});
    slot.period_current = today <= sys_days{slot.period.to};
    return slot;
}

ReminderRun RunReminders(storage::Connection& db, const config::Config& config,
                         const ReminderSlot& slot, std::int64_t now_ms, std::int64_t queue_at_ms) {
    const bool billed_allowed = config.zalo.BilledMessagesAllowed();
    const std::vector<std::string>& team_levels = config.units.team_levels;
    ReminderRun run;
    storage::CachedStatement claim(
        db,
        "INSERT INTO reminder_runs (run_key, ran_at, sent) VALUES (?1, ?2, 0) "
        "ON CONFLICT(run_key) DO NOTHING");
    claim.bind(1, slot.key);
    claim.bind(2, now_ms);
    if (claim.exec() == 0) return run;
    run.ran = true;
    if (!slot.period_current) return run;  // the period is over: nothing left to remind about

    storage::UnitRepository units(db);
    storage::MemberRepository members(db);
    storage::OutboxRepository outbox(db);
    const std::string period = PeriodText(slot.period);
    const std::string from = IsoDate(slot.period.from), to = IsoDate(slot.period.to);

    std::vector<storage::Unit> missing;
    for (const auto& root : units.Roots()) {
        for (auto& team : units.WithoutReports(root, team_levels, from, to)) {
            missing.push_back(std::move(team));
        }
    }
    TeamReach reach;
    for (const auto& team : missing) {
        MessageTeam(db, team, "reminder", replies::ReminderToTeam(team.name, period), now_ms,
                    billed_allowed, queue_at_ms, reach);
    }
    run.group_messages = reach.group_messages;
    run.member_messages = reach.member_messages;
    run.billed = reach.billed;
    run.unreachable = reach.unreachable;
    for (const storage::Role role : {storage::Role::kStaff, storage::Role::kAdmin}) {
        for (const auto& m : members.ActiveWithRole(role)) {
            const auto unit = units.FindById(m.unit_id);
            if (!unit) continue;
            if (!MayWriteTo(m, now_ms, billed_allowed)) {
                ++run.unreachable;
                continue;
            }
            if (CostOfWriting(m, now_ms) == SendCost::kBilled) ++run.billed;
            std::vector<std::string> names;
            for (const auto& team : missing) {
                if (team.path.starts_with(unit->path)) names.push_back(team.name);
            }
            const std::int64_t teams = units.CountInSubtreeWithLevel(*unit, team_levels);
            QueueBulk(outbox, "reminder", storage::RecipientKind::kUser, m.zalo_user_id,
                      replies::ReminderSummary(unit->name, period,
                                               teams - static_cast<std::int64_t>(names.size()),
                                               teams, names),
                      queue_at_ms);
            ++run.staff_summaries;
        }
    }
    storage::CachedStatement done(db, "UPDATE reminder_runs SET sent = ?2 WHERE run_key = ?1");
    done.bind(1, slot.key);
    done.bind(2, static_cast<std::int64_t>(run.group_messages + run.member_messages +
                                           run.staff_summaries));
    done.exec();
    return run;
}

}  // namespace cnsbot::handlers
