// Replies about corrections, reports made for another team, messages not understood and
// acknowledgements of announcements (declared in replies.hpp).

#include "handlers/language/period.hpp"
#include "handlers/replies.hpp"

namespace cnsbot::handlers::replies {
namespace {

// At most `max` characters of `text` on one line, "…" when cut.
std::string OneLine(const std::string& text, std::size_t max) {
    std::string out;
    std::size_t characters = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) != 0x80 && ++characters > max) {
            out += "…";
            break;
        }
        out.push_back(text[i] == '\n' ? ' ' : text[i]);
    }
    return out;
}

}  // namespace

std::string CorrectionForm() {
    return "Sửa số liệu đã báo cáo: gõ \"sửa: 10 tài khoản thanh toán\" (số đúng của cả ngày hôm "
           "nay), hoặc \"sửa ngày 28/11: 10 tài khoản thanh toán\" cho ngày khác.";
}

std::string CorrectionNotReported(const std::vector<std::string>& labels, const std::string& date) {
    std::string names;
    for (const auto& label : labels) names += (names.empty() ? "" : ", ") + label;
    return "Không sửa được: ngày " + date + " tổ chưa báo cáo " + names +
           ", nên không có số nào để sửa. Nếu là số mới, gửi báo cáo: \"báo cáo: …\".";
}

std::string StaffReportNeedsTeam() {
    return "Cán bộ báo cáo thay cho một tổ trong phạm vi phụ trách, ví dụ: báo cáo thay thôn "
           "Đồng Sơn: 5 sim 4g";
}

std::string ReportOnlyForOwnTeam(const std::string& typed, const std::string& own_team) {
    return "Bạn chỉ báo cáo được cho tổ của mình (" + own_team + "), không báo cáo thay cho \"" +
           typed +
           "\". Báo cáo thay chỉ dành cho cán bộ phụ trách và tổ trưởng tổ cấp xã với các thôn "
           "trong xã.";
}

std::string ReportTeamNotATeam(const std::string& unit_name) {
    return unit_name +
           " không phải là một tổ báo cáo. Ghi tên tổ cụ thể, ví dụ: báo cáo thay thôn Đồng Sơn: "
           "5 sim 4g";
}

std::string ProxyReportNotice(const std::string& reporter, const std::string& date,
                              const std::vector<std::pair<std::string, std::int64_t>>& items) {
    std::string figures;
    for (const auto& [label, value] : items) {
        figures += (figures.empty() ? "" : ", ") + FormatNumber(value) + " " + label;
    }
    return reporter + " đã báo cáo thay cho tổ ngày " + date + ": " + figures + ".";
}

std::string UnreadCount(std::int64_t count) {
    return FormatNumber(count) + " tin chưa hiểu (gõ \"tin chưa hiểu\" để xem)";
}

std::string UnreadList(const std::string& unit_name, const std::string& period_text,
                       std::int64_t total, const std::vector<UnreadLine>& lines) {
    if (total == 0) {
        return "Không có tin nào chưa hiểu ở " + unit_name + " " + period_text + ".";
    }
    std::string text = "Tin chưa hiểu ở " + unit_name + " " + period_text + ": " +
                       FormatNumber(total) + " tin (mới nhất trước)\n";
    std::size_t n = 0;
    for (const auto& line : lines) {
        text += std::to_string(++n) + ". " + line.time + " - " + line.unit_name + " - " +
                (line.member_name.empty() ? "(chưa có tên)" : line.member_name) + ":\n   \"" +
                OneLine(line.text, 160) +
                "\"\n   Bot đã trả lời: " + OneLine(line.explanation, 160) + "\n";
    }
    if (static_cast<std::int64_t>(lines.size()) < total) {
        text += "… và " + FormatNumber(total - static_cast<std::int64_t>(lines.size())) +
                " tin khác (cnsbot export --invalid có đủ).\n";
    }
    text += "Gọi cho người gửi để giúp họ báo cáo lại.";
    return text;
}

std::string AckRequestLine() { return "Tổ nhận được thông báo này, vui lòng trả lời \"đã nhận\"."; }

std::string AckRequested(std::int64_t teams, int reminder_hours) {
    return "Cần " + std::to_string(teams) + " tổ trả lời \"đã nhận\". Sau " +
           std::to_string(reminder_hours) +
           " giờ, tổ chưa xác nhận sẽ được nhắc một lần và bạn nhận danh sách. Gõ \"tình trạng "
           "thông báo\" để xem tổ nào đã xác nhận.";
}

std::string AckRecorded(const std::string& unit_name, std::size_t broadcasts) {
    if (broadcasts == 1) return "Đã ghi nhận: " + unit_name + " đã nhận thông báo. Cảm ơn bạn!";
    return "Đã ghi nhận: " + unit_name + " đã nhận " + std::to_string(broadcasts) +
           " thông báo. Cảm ơn bạn!";
}

std::string AckAlready(const std::string& unit_name, std::int64_t at, const std::string& by) {
    return unit_name + " đã xác nhận thông báo lúc " + VietnameseTime(at) +
           (by.empty() ? "" : " (" + by + ")") + ". Không cần xác nhận lại.";
}

std::string NothingToAcknowledge() { return "Hiện không có thông báo nào cần tổ bạn xác nhận."; }

std::string AckStatus(const std::vector<AckTeamLine>& teams) {
    std::size_t acked = 0;
    for (const auto& t : teams) acked += t.acked_at ? 1 : 0;
    std::string text =
        "Xác nhận đã nhận: " + std::to_string(acked) + "/" + std::to_string(teams.size()) + " tổ\n";
    constexpr std::size_t kMaxNames = 30;
    std::string done, waiting;
    std::size_t listed_done = 0, listed_waiting = 0;
    for (const auto& t : teams) {
        if (t.acked_at && listed_done++ < kMaxNames) {
            done += "- " + t.unit_name + ": " + VietnameseTime(*t.acked_at) +
                    (t.acked_by.empty() ? "" : " (" + t.acked_by + ")") + "\n";
        } else if (!t.acked_at && listed_waiting++ < kMaxNames) {
            waiting += "- " + t.unit_name + "\n";
        }
    }
    if (!done.empty()) text += "Đã xác nhận:\n" + done;
    if (acked < teams.size()) text += "Chưa xác nhận:\n" + waiting;
    if (listed_done > kMaxNames || listed_waiting > kMaxNames) {
        text += "(danh sách dài chỉ ghi " + std::to_string(kMaxNames) + " tổ đầu)\n";
    }
    text.pop_back();
    return text;
}

std::string AckReminderToTeam(const std::string& team_name, const std::string& excerpt) {
    return "Nhắc " + team_name + ": tổ chưa xác nhận thông báo \"" + excerpt +
           "\". Vui lòng trả lời \"đã nhận\".";
}

std::string AckReminderSummary(const std::string& excerpt, std::size_t teams,
                               const std::vector<std::string>& silent) {
    std::string text = "Thông báo \"" + excerpt + "\": " + std::to_string(teams - silent.size()) +
                       "/" + std::to_string(teams) + " tổ đã xác nhận.";
    if (silent.empty()) return text;
    text += " Đã nhắc các tổ chưa xác nhận:\n";
    for (const auto& name : silent) text += "- " + name + "\n";
    text.pop_back();
    return text;
}

}  // namespace cnsbot::handlers::replies
