#include "handlers/broadcast_listing.hpp"

#include <stdexcept>

#include "handlers/language/message_splitter.hpp"
#include "handlers/language/period.hpp"
#include "storage/broadcast_repository.hpp"
#include "storage/unit_repository.hpp"

namespace cnsbot::handlers {

void ListBroadcasts(storage::Connection& db, const std::string& unit_code, std::size_t limit,
                    std::ostream& out) {
    std::optional<std::string> scope_path;
    if (!unit_code.empty()) {
        const auto unit = storage::UnitRepository(db).FindByCode(unit_code);
        if (!unit) throw std::invalid_argument("unknown unit code \"" + unit_code + "\"");
        scope_path = unit->path;
    }
    storage::BroadcastRepository broadcasts(db);
    out << "id\tcreated\tsender\tscope\tgroups\tmembers\tunreachable\tsent\tdelivered\tseen\t"
           "failed\tpending\tfailures\tfinished\ttext\n";
    for (const auto& b : broadcasts.List(scope_path, limit)) {
        const auto p = broadcasts.Progress(b.id, 0);
        std::string failures;
        for (const auto& f : p.failures) {
            if (!failures.empty()) failures += ' ';
            failures += (f.recipient_kind == storage::RecipientKind::kGroup ? "group" : "user");
            failures += ':' + std::to_string(f.error_code) + '=' + std::to_string(f.count);
        }
        out << b.id << '\t' << VietnamTime(b.created_at) << '\t' << b.sender_zalo_user_id << '\t'
            << b.scope_unit_code << '\t' << b.group_count << '\t' << b.member_count << '\t'
            << b.unreachable_count << '\t' << p.sent << '\t' << p.delivered << '\t' << p.seen
            << '\t' << p.failed << '\t' << p.pending << '\t' << (failures.empty() ? "-" : failures)
            << '\t' << (b.finished_at ? VietnamTime(*b.finished_at) : "-") << '\t'
            << Excerpt(b.text, 80) << '\n';
    }
}

}  // namespace cnsbot::handlers
