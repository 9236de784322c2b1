#include "handlers/replies.hpp"

namespace cnsbot::handlers::replies {

std::string FormatNumber(std::int64_t value) {
    std::string digits = std::to_string(value < 0 ? -value : value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
        out.push_back(digits[i]);
    }
    return value < 0 ? "-" + out : out;
}

std::string FigureWithProgress(std::int64_t total, std::optional<std::int64_t> target) {
    if (!target) return FormatNumber(total);
    std::string text = FormatNumber(total) + "/" + FormatNumber(*target);
    if (*target > 0) text += ", đạt " + std::to_string(total * 100 / *target) + "%";
    return text;
}

std::string RoleName(const std::string& role) {
    if (role == "leader") return "tổ trưởng";
    if (role == "staff") return "cán bộ";
    if (role == "admin") return "quản trị viên";
    return "thành viên";
}

std::string Welcome() {
    return "Chào mừng bạn đến với kênh báo cáo của Tổ công nghệ số cộng đồng!\n"
           "Để bắt đầu, hãy gửi: đăng ký MÃ (mã do cán bộ xã, huyện cấp cho tổ của bạn), "
           "ví dụ: đăng ký K7M2Q9XP";
}

std::string NotRegistered() {
    return "Bạn chưa đăng ký vào tổ nào nên chưa gửi báo cáo được.\n"
           "Hãy gửi: đăng ký MÃ (mã do cán bộ xã, huyện cấp), ví dụ: đăng ký K7M2Q9XP";
}

std::string RegisterNeedsCode() { return "Bạn hãy gửi kèm mã đăng ký, ví dụ: đăng ký K7M2Q9XP"; }

std::string UnknownCode(const std::string& code) {
    return "Mã đăng ký \"" + code +
           "\" không đúng. Bạn kiểm tra lại mã (không phân biệt chữ hoa, chữ thường) "
           "hoặc hỏi cán bộ đã cấp mã.";
}

std::string ExpiredCode(const std::string& code) {
    return "Mã đăng ký \"" + code + "\" đã hết hạn. Bạn xin cán bộ cấp mã mới nhé.";
}

std::string UsedUpCode(const std::string& code) {
    return "Mã đăng ký \"" + code + "\" đã dùng hết số lượt. Bạn xin cán bộ cấp mã mới nhé.";
}

std::string Registered(const std::string& role, const std::string& unit_path, bool moved) {
    std::string text = moved ? "Đã chuyển bạn sang " : "Đăng ký thành công! Bạn là ";
    text += RoleName(role) + " của " + unit_path + ".\n";
    if (role == "member" || role == "leader") {
        text += std::string("Gửi báo cáo như sau: ") + kReportExample + "\n";
    }
    text += "Gửi \"trợ giúp\" để xem các lệnh.";
    return text;
}

std::string ChatHint() {
    return "Mình là trợ lý báo cáo của Tổ công nghệ số cộng đồng. Gửi \"trợ giúp\" để xem cách "
           "báo cáo và các lệnh.";
}

std::string Help(const std::string& role) {
    std::string text = "Các lệnh bạn dùng được:\n";
    if (role.empty()) {
        return text + "- đăng ký MÃ: vào tổ của bạn bằng mã cán bộ cấp\n- trợ giúp: xem hướng dẫn";
    }
    if (role == "member" || role == "leader") {
        text += std::string("- ") + kReportExample + "\n- hủy: hủy báo cáo vừa gửi trong ngày\n";
    }
    if (role == "leader") text += "- tổng [kỳ]: tổng của tổ, ví dụ: tổng tháng này\n";
    if (role == "staff" || role == "admin") {
        text +=
            "- tổng [đơn vị] [kỳ]: ví dụ: tổng xã An Phú tuần này\n"
            "- xếp hạng [chỉ tiêu] [kỳ]: xếp hạng các đơn vị trực thuộc\n"
            "- chưa báo cáo [kỳ]: các tổ chưa gửi báo cáo\n"
            "- thông báo: nội dung (gửi tới mọi tổ trực thuộc)\n"
            "- tình trạng thông báo\n";
    }
    text += "- đăng ký MÃ: chuyển sang tổ khác\n";
    text += "Kỳ: hôm nay, tuần này, tháng này, tháng 10, năm nay, từ 01/11 đến 15/11.";
    return text;
}

std::string NotAllowed() { return "Bạn không có quyền dùng lệnh này."; }

std::string ComingSoon() {
    return "Lệnh này chưa được mở trên hệ thống. Hiện bạn có thể gửi báo cáo, đăng ký và "
           "\"trợ giúp\".";
}

std::string InvalidMessage(const Invalid& e, const IndicatorCatalog& catalog,
                           std::int64_t max_value) {
    const std::string fragment = "\"" + e.fragment + "\"";
    std::string text;
    switch (e.reason) {
        case InvalidReason::kUnknownIndicator:
            text = "Chưa hiểu " + fragment + ".";
            break;
        case InvalidReason::kNoNumber:
            text = "Thiếu số lượng ở " + fragment + ".";
            break;
        case InvalidReason::kTwoNumbers:
            text = "Có nhiều hơn một con số ở " + fragment + ". Mỗi chỉ tiêu ghi một số.";
            break;
        case InvalidReason::kFraction:
            text = "Số lượng phải là số nguyên, không có phần lẻ: " + fragment + ".";
            break;
        case InvalidReason::kNegative:
            text = "Số lượng không được là số âm: " + fragment + ".";
            break;
        case InvalidReason::kGluedNumber:
            text = "Số đang dính liền với chữ ở " + fragment +
                   ". Hãy để một dấu cách giữa số và tên chỉ tiêu.";
            break;
        case InvalidReason::kOverCeiling:
            text = "Số lượng ở " + fragment + " lớn hơn mức tối đa " + FormatNumber(max_value) +
                   " cho một chỉ tiêu. Bạn kiểm tra lại nhé.";
            break;
        case InvalidReason::kDuplicateIndicator:
            text = "Chỉ tiêu ở " + fragment +
                   " được ghi hai lần. Mỗi chỉ tiêu chỉ ghi một lần trong một báo cáo.";
            break;
        case InvalidReason::kNoItems:
            text = "Báo cáo chưa có chỉ tiêu nào.";
            break;
        case InvalidReason::kBadDate:
            text = "Ngày " + fragment + " không có thật.";
            break;
        case InvalidReason::kBadPeriod:
            return "Kỳ " + fragment +
                   " không hợp lệ. Ví dụ: hôm nay, tuần này, tháng 10, từ 01/11 đến 15/11.";
        case InvalidReason::kMissingArgument:
            text = "Lệnh còn thiếu nội dung.";
            break;
    }
    if (e.suggestion) {
        if (auto index = catalog.FindByCode(*e.suggestion)) {
            text += " Bạn muốn báo \"" + catalog.at(*index).label + "\"?";
        }
    }
    text += "\nBáo cáo chưa được ghi. Ví dụ báo cáo đúng: ";
    text += kReportExample;
    return text;
}

namespace {

std::string TotalLineText(const TotalLine& line) {
    std::string text = "- " + line.label + ": " + FigureWithProgress(line.total, line.target);
    if (!line.target_note.empty()) text += " (" + line.target_note + ")";
    return text + "\n";
}

// "<heading> của <unit> ngày <date>:", the items, then the month's running totals.
std::string ReportLines(const std::string& heading, const ReportConfirmation& c) {
    std::string text = heading + " của " + c.unit_name + " ngày " + c.report_date + ":\n";
    for (const auto& [label, value] : c.items) {
        text += "- " + label + ": " + FormatNumber(value) + "\n";
    }
    text += "Lũy kế tháng " + c.month + " của tổ:\n";
    for (const auto& line : c.month_totals) text += TotalLineText(line);
    return text;
}

}  // namespace

std::string ReportStored(const ReportConfirmation& c) {
    return ReportLines("Đã ghi báo cáo", c) + "Gửi \"hủy\" nếu cần hủy báo cáo này.";
}

std::string ReportRevoked(const ReportConfirmation& c) {
    std::string text = ReportLines("Đã hủy báo cáo", c);
    text.pop_back();  // no closing line after the totals
    return text;
}

std::string NothingToUndo() {
    return "Hôm nay bạn chưa gửi báo cáo nào nên không có gì để hủy. Chỉ hủy được báo cáo gửi "
           "trong ngày.";
}

std::string UnitNotFound(const std::string& typed) {
    return "Không tìm thấy đơn vị \"" + typed +
           "\" trong phạm vi của bạn. Bạn kiểm tra lại tên nhé.";
}

std::string UnitOutsideScope(const std::string& typed) {
    return "Đơn vị \"" + typed + "\" không thuộc phạm vi bạn phụ trách nên không xem được số liệu.";
}

std::string UnitAmbiguous(const std::string& typed, const std::vector<std::string>& candidates) {
    std::string text = "Có nhiều đơn vị tên \"" + typed + "\":\n";
    for (const auto& c : candidates) text += "- " + c + "\n";
    text += "Bạn ghi rõ hơn, ví dụ thêm \"xã\" hoặc \"thôn\" trước tên.";
    return text;
}

std::string LeaderOwnTeamOnly() {
    return "Tổ trưởng chỉ xem được số liệu của tổ mình. Gửi \"tổng\" để xem.";
}

std::string ReminderToTeam(const std::string& team_name, const std::string& period_text) {
    return "Nhắc báo cáo: " + team_name + " chưa gửi báo cáo " + period_text +
           ". Gửi báo cáo như sau: " + kReportExample;
}

std::string ReminderSummary(const std::string& unit_name, const std::string& period_text,
                            std::int64_t reported, std::int64_t teams,
                            const std::vector<std::string>& missing_names) {
    std::string text = "Tình hình báo cáo của " + unit_name + ", " + period_text + ": " +
                       FormatNumber(reported) + "/" + FormatNumber(teams) + " tổ đã báo cáo.";
    if (missing_names.empty()) return text;
    text += "\nChưa báo cáo:";
    for (const auto& name : missing_names) text += "\n- " + name;
    return text;
}

std::string NothingBelow(const std::string& unit_name) {
    return unit_name + " không có đơn vị trực thuộc để xếp hạng.";
}

std::string Ranking(const std::string& what, const std::string& unit_name,
                    const std::string& period_text,
                    const std::vector<std::pair<std::string, std::int64_t>>& rows) {
    std::string text =
        "Xếp hạng theo " + what + " của các đơn vị thuộc " + unit_name + ", " + period_text + ":\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        text += std::to_string(i + 1) + ". " + rows[i].first + ": " + FormatNumber(rows[i].second) +
                "\n";
    }
    text.pop_back();
    return text;
}

std::string Missing(const std::string& unit_name, const std::string& period_text,
                    std::int64_t missing, std::int64_t teams,
                    const std::vector<std::pair<std::string, std::vector<std::string>>>& groups) {
    if (missing == 0) {
        return "Tất cả " + FormatNumber(teams) + " tổ thuộc " + unit_name + " đã báo cáo, " +
               period_text + ".";
    }
    std::string text = "Các tổ thuộc " + unit_name + " chưa báo cáo, " + period_text + " (" +
                       FormatNumber(missing) + "/" + FormatNumber(teams) + " tổ):";
    for (const auto& [parent, names] : groups) {
        text += "\n" + parent + ":";
        for (const auto& name : names) text += "\n- " + name;
    }
    return text;
}

std::string Totals(const std::string& unit_path, const std::string& period_text,
                   const std::vector<TotalLine>& lines, std::int64_t teams_reported,
                   std::int64_t teams) {
    std::string text = "Tổng của " + unit_path + ", " + period_text + ":\n";
    if (lines.empty()) text += "Chưa có báo cáo nào trong kỳ này.\n";
    for (const auto& line : lines) text += TotalLineText(line);
    text += "Số tổ đã báo cáo: " + FormatNumber(teams_reported) + "/" + FormatNumber(teams) + ".";
    return text;
}

std::string ReportDateRejected(const std::string& date, bool future, int max_age_days) {
    if (future) return "Ngày " + date + " chưa tới nên chưa thể báo cáo. Báo cáo chưa được ghi.";
    return "Ngày " + date + " đã quá " + std::to_string(max_age_days) +
           " ngày nên không báo cáo bổ sung được nữa. Báo cáo chưa được ghi.";
}

}  // namespace cnsbot::handlers::replies
