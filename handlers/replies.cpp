#include "handlers/replies.hpp"

#include <charconv>
#include <iterator>

#include "handlers/language/message_splitter.hpp"
#include "handlers/language/period.hpp"
#include "handlers/unit_totals.hpp"
#include "handlers/zalo_codes.hpp"
#include "storage/outbox_repository.hpp"

namespace cnsbot::handlers::replies {

namespace {

// Every confirmation prints a handful of figures: they are appended in place rather than built
// as separate strings and concatenated.
void AppendNumber(std::string& out, std::int64_t value) {
    char digits[24];
    const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), value);
    const char* first = digits;
    if (value < 0) out.push_back(*first++);
    const auto count = static_cast<std::size_t>(end - first);
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0 && (count - i) % 3 == 0) out.push_back('.');
        out.push_back(first[i]);
    }
}

void AppendFigureWithProgress(std::string& out, std::int64_t total,
                              std::optional<std::int64_t> target) {
    AppendNumber(out, total);
    if (!target) return;
    out.push_back('/');
    AppendNumber(out, *target);
    if (const auto percent = PercentOf(total, target)) {
        out += ", đạt ";
        AppendNumber(out, *percent);
        out.push_back('%');
    }
}

}  // namespace

std::string FormatNumber(std::int64_t value) {
    std::string out;
    AppendNumber(out, value);
    return out;
}

std::string FigureWithProgress(std::int64_t total, std::optional<std::int64_t> target) {
    std::string text;
    AppendFigureWithProgress(text, total, target);
    return text;
}

std::string RoleName(storage::Role role) {
    switch (role) {
        case storage::Role::kLeader:
            return "tổ trưởng";
        case storage::Role::kStaff:
            return "cán bộ";
        case storage::Role::kAdmin:
            return "quản trị viên";
        case storage::Role::kMember:
            break;
    }
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

std::string SendingTooFast() { return "Bạn gửi nhanh quá, mình sẽ trả lời sau ít phút."; }

std::string UnansweredReportsStored(std::int64_t reports) {
    return "Lúc bạn gửi nhanh, mình đã ghi " + FormatNumber(reports) +
           " báo cáo mà chưa trả lời từng tin. Gửi \"tổng\" để xem lũy kế của tổ.";
}

std::string TooManyFailedRegistrations(int failures, int minutes_left) {
    std::string text = "Bạn đã nhập sai mã đăng ký ";
    text += std::to_string(failures);
    text += " lần trong một giờ. Để bảo vệ mã của các đơn vị, bạn hãy thử lại sau ";
    text += std::to_string(minutes_left);
    text += " phút, hoặc hỏi cán bộ đã cấp mã để được hỗ trợ.";
    return text;
}

std::string ExpiredCode(const std::string& code) {
    return "Mã đăng ký \"" + code + "\" đã hết hạn. Bạn xin cán bộ cấp mã mới nhé.";
}

std::string UsedUpCode(const std::string& code) {
    return "Mã đăng ký \"" + code + "\" đã dùng hết số lượt. Bạn xin cán bộ cấp mã mới nhé.";
}

std::string Registered(storage::Role role, const std::string& unit_path, bool moved) {
    std::string text = moved ? "Đã chuyển bạn sang " : "Đăng ký thành công! Bạn là ";
    text += RoleName(role) + " của " + unit_path + ".\n";
    if (storage::CanReport(role)) {
        text += std::string("Gửi báo cáo như sau: ") + kReportExample + "\n";
    }
    text += "Gửi \"trợ giúp\" để xem các lệnh.";
    return text;
}

std::string ChatHint() {
    return "Mình là trợ lý báo cáo của Tổ công nghệ số cộng đồng. Gửi \"trợ giúp\" để xem cách "
           "báo cáo và các lệnh.";
}

constexpr const char* kHelpHeading = "Các lệnh bạn dùng được:\n";

std::string HelpForStranger() {
    return std::string(kHelpHeading) +
           "- đăng ký MÃ: vào tổ của bạn bằng mã cán bộ cấp\n- trợ giúp: xem hướng dẫn";
}

std::string Help(storage::Role role) {
    std::string text = kHelpHeading;
    if (storage::CanReport(role)) {
        text += std::string("- ") + kReportExample +
                "\n- sửa: 10 tài khoản thanh toán: sửa số của ngày (sửa ngày 28/11: … cho ngày "
                "khác)\n- hủy: hủy báo cáo vừa gửi trong ngày\n"
                "- tổng [kỳ]: tổng của tổ, ví dụ: tổng tháng này\n"
                "- đã nhận: xác nhận tổ đã nhận thông báo\n";
    }
    if (role == storage::Role::kLeader) {
        text += "- báo cáo thay thôn X: …: tổ trưởng tổ cấp xã báo cáo cho thôn trong xã\n";
    }
    if (storage::IsStaff(role)) {
        text +=
            "- tổng [đơn vị] [kỳ]: ví dụ: tổng xã An Phú tuần này\n"
            "- xếp hạng [chỉ tiêu] [kỳ]: xếp hạng các đơn vị trực thuộc\n"
            "- chưa báo cáo [kỳ]: các tổ chưa gửi báo cáo\n"
            "- báo cáo thay thôn X: 5 sim 4g: báo cáo cho một tổ (sửa thôn X: … để sửa)\n"
            "- tin chưa hiểu [đơn vị] [kỳ]: tin báo cáo bot không hiểu\n"
            "- thông báo: nội dung (gửi tới mọi tổ trực thuộc)\n"
            "- thông báo cần xác nhận: nội dung (các tổ trả lời \"đã nhận\")\n"
            "- tình trạng thông báo\n";
    }
    if (storage::IsStaff(role) || role == storage::Role::kLeader) {
        text +=
            "- mã mời [đơn vị] [vai trò] [số lượt]: tạo mã mời; \"mã mời\" xem mã đã tạo, "
            "\"hủy mã MÃ\" hủy mã\n"
            "- thành viên [đơn vị]: danh sách thành viên; xóa thành viên SỐ\n"
            "- liên kết nhóm [đơn vị]: gõ trong nhóm Zalo của tổ để gắn nhóm với đơn vị\n"
            "- bảng điều khiển: đường dẫn xem số liệu trên web (đăng xuất: \"đăng xuất\")\n"
            "- biểu đồ [chỉ tiêu] [đơn vị] [kỳ]: biểu đồ gửi dạng ảnh\n";
    }
    text += "- nhóm: đường dẫn vào nhóm Zalo của tổ\n- tên Nguyễn Văn An: lưu tên của bạn\n";
    if (role != storage::Role::kAdmin) text += "- rời tổ: rời khỏi tổ\n";
    text += "- đăng ký MÃ: chuyển sang tổ khác\n";
    text += "Kỳ: hôm nay, tuần này, tháng này, tháng 10, quý 4, năm nay, từ 01/11 đến 15/11.";
    return text;
}

std::string NotAllowed() { return "Bạn không có quyền dùng lệnh này."; }

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
        case InvalidReason::kFuturePeriod:
            return "Kỳ " + fragment +
                   " chưa đến, nên chưa thể báo cáo cho kỳ này. Nếu là số liệu của kỳ trước, ghi "
                   "rõ năm (ví dụ: báo cáo tháng 12/2025: …); nếu là số liệu hôm nay, bỏ tên kỳ "
                   "đi: báo cáo: …";
        case InvalidReason::kMissingArgument:
            text = "Lệnh còn thiếu nội dung.";
            break;
        case InvalidReason::kProxyWithoutTeam:
            text =
                "Báo cáo thay cho tổ khác: ghi tên tổ rồi dấu hai chấm trước số liệu, ví dụ: "
                "báo cáo thay thôn Đồng Sơn: 5 sim 4g";
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

void AppendTotalLine(std::string& text, const TotalLine& line) {
    text += "- ";
    text += line.label;
    text += ": ";
    AppendFigureWithProgress(text, line.total, line.target);
    if (!line.target_note.empty()) {
        text += " (";
        text += line.target_note;
        text += ")";
    }
    text += "\n";
}

// "<heading> của <unit> ngày <date>:", the items, then the month's running totals.
std::string ReportLines(const std::string& heading, const ReportConfirmation& c) {
    std::string text;
    text.reserve(512);
    text += heading;
    text += " của ";
    text += c.unit_name;
    text += " ngày ";
    text += c.report_date;
    text += ":\n";
    for (const auto& [label, value] : c.items) {
        text += "- ";
        text += label;
        text += ": ";
        AppendNumber(text, value);
        text += "\n";
    }
    text += "Lũy kế tháng ";
    text += c.month;
    text += " của tổ:\n";
    for (const auto& line : c.month_totals) AppendTotalLine(text, line);
    return text;
}

}  // namespace

std::string ReportStored(const ReportConfirmation& c) {
    std::string text = ReportLines("Đã ghi báo cáo", c);
    if (!c.heading_period.empty()) {
        text += "Tin ghi kỳ \"" + c.heading_period + "\": số liệu được tính vào ngày " +
                c.report_date +
                ". Muốn tính vào ngày khác, ghi rõ ngày, ví dụ: báo cáo ngày 31/10: …\n";
    }
    // A second full report adds to the first: say so, and how to correct instead.
    text += "Mỗi báo cáo được CỘNG THÊM vào số của ngày. Gửi nhầm số thì gõ \"sửa";
    if (c.proxy) {
        text += ' ';
        text += c.unit_name;
    }
    text += ": <số đúng> ";
    text += c.items.empty() ? std::string("tài khoản thanh toán") : c.items.front().first;
    text += "\"; gửi \"hủy\" để hủy báo cáo này.";
    return text;
}

std::string CorrectionStored(const ReportConfirmation& c,
                             const std::vector<CorrectionLine>& lines) {
    std::string text = "Đã sửa số liệu của " + c.unit_name + " ngày " + c.report_date + ":\n";
    for (const auto& line : lines) {
        text += "- " + line.label + ": " + FormatNumber(line.before) + " → " +
                FormatNumber(line.after) + "\n";
    }
    text += "Lũy kế tháng " + c.month + " của tổ:\n";
    for (const auto& total : c.month_totals) AppendTotalLine(text, total);
    text += "Gửi \"hủy\" nếu cần hủy lần sửa này.";
    return text;
}

std::string ReportRevoked(const ReportConfirmation& c, bool correction) {
    std::string text = ReportLines(correction ? "Đã hủy lần sửa số liệu" : "Đã hủy báo cáo", c);
    if (correction) {
        text += "Số liệu trước lần sửa được tính lại.";
    } else {
        text.pop_back();  // no closing line after the totals
    }
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
    return "Tổ trưởng và thành viên chỉ xem được số liệu của tổ mình. Gửi \"tổng\" để xem.";
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
    for (const auto& line : lines) AppendTotalLine(text, line);
    text += "Số tổ đã báo cáo: " + FormatNumber(teams_reported) + "/" + FormatNumber(teams) + ".";
    return text;
}

std::string ReportDateRejected(const std::string& date, bool future, int max_age_days) {
    if (future) return "Ngày " + date + " chưa tới nên chưa thể báo cáo. Báo cáo chưa được ghi.";
    return "Ngày " + date + " đã quá " + std::to_string(max_age_days) +
           " ngày nên không báo cáo bổ sung được nữa. Báo cáo chưa được ghi.";
}

std::string BroadcastNotAllowed() {
    return "Chỉ cán bộ xã, huyện, tỉnh mới gửi được thông báo tới các tổ.";
}

std::string BroadcastNeedsText() {
    return "Thông báo chưa có nội dung. Gửi như sau:\n"
           "thông báo: Thứ Hai họp giao ban lúc 8h\n"
           "hoặc gửi riêng một đơn vị: thông báo xã An Phú: Thứ Hai họp lúc 8h";
}

std::string BroadcastOutsideScope(const std::string& typed) {
    return "Đơn vị \"" + typed +
           "\" không thuộc phạm vi bạn phụ trách nên không gửi thông báo được.";
}

std::string BroadcastTooLong(std::size_t length, std::size_t max_length) {
    return "Thông báo dài " + FormatNumber(static_cast<std::int64_t>(length)) +
           " ký tự, Zalo chỉ nhận tối đa " + FormatNumber(static_cast<std::int64_t>(max_length)) +
           " ký tự. Bạn rút gọn hoặc chia thành nhiều thông báo nhé.";
}

std::string BroadcastHeader(const std::string& sender_unit_name) {
    return "[" + sender_unit_name + "] ";
}

std::string SendFailureReason(int code) {
    switch (code) {
        case zalo_code::kNotFollower:
            return "chưa quan tâm OA";
        case zalo_code::kNoRecentInteraction:
        case zalo_code::kInteractionExpired:
            return "quá 7 ngày chưa nhắn tin cho OA";
        case zalo_code::kUserBlocked:
        case zalo_code::kUserNotAllowed:
        case zalo_code::kUserRestricted:
            return "người nhận chặn hoặc không nhận tin từ OA";
        case zalo_code::kInvalidParameter:
            return "người nhận không hợp lệ";
        case zalo_code::kNotGroupOwner:
            return "OA không quản lý nhóm này";
        case zalo_code::kGroupDisabled:
            return "gói nhóm (GMF) của OA đã hết hạn";
        case zalo_code::kRateLimited:
            return "Zalo giới hạn số tin gửi";
        case zalo_code::kBillingNotConnected:
        case zalo_code::kBillingUnfunded:
            return "tin tính phí nhưng OA chưa có tài khoản Zalo Cloud đủ tiền";
        case 0:  // stored for a send that never reached Zalo
            return "không kết nối được tới Zalo";
        case storage::kSendInterruptedCode:
            return "không rõ đã tới chưa (máy chủ dừng giữa lúc gửi)";
        default:
            break;
    }
    const ZaloCodeMeaning meaning = MeaningOfZaloCode(code);
    if (meaning.send_class == SendClass::kTokenInvalid) return "mã truy cập của OA không hợp lệ";
    if (meaning.cause == RefusalCause::kOperatorProblem) {
        return "OA chưa đủ điều kiện dùng chức năng này (mã " + std::to_string(code) + ")";
    }
    if (code <= -500 && code >= -599) return "máy chủ Zalo đang lỗi";
    return "Zalo từ chối (mã " + std::to_string(code) + ")";
}

std::string OperatorProblem(int code) {
    std::string what;
    switch (code) {
        case zalo_code::kOaNotVerified:
            what = "OA chưa được xác thực. Cần xác thực OA trên trang quản trị OA (oa.zalo.me).";
            break;
        case zalo_code::kPlanForbids:
            what =
                "gói dịch vụ của OA không cho dùng chức năng này. Cần nâng cấp gói OA (gói Nâng "
                "cao hoặc Premium để nhắn vào nhóm Zalo).";
            break;
        case zalo_code::kAppsecretProofWrong:
            what =
                "ứng dụng Zalo đòi mã appsecret_proof. Người vận hành cần bật "
                "zalo.appsecret_proof trong cấu hình cnsbot (hoặc tắt yêu cầu này trong cài đặt "
                "ứng dụng).";
            break;
        case zalo_code::kBillingNotConnected:
        case zalo_code::kBillingUnfunded:
            what =
                "tin nhắn ngoài 48 giờ bị tính phí nhưng OA chưa có tài khoản Zalo Cloud Account "
                "đủ tiền. Cần liên kết và nạp tiền tài khoản Zalo Cloud Account cho ứng dụng.";
            break;
        default:
            what = "cần người vận hành kiểm tra cài đặt OA và ứng dụng Zalo.";
            break;
    }
    return "Cảnh báo cho quản trị viên: Zalo đang từ chối gửi tin (mã " + std::to_string(code) +
           "): " + what + "\nTin nhắn này gửi tối đa một lần mỗi ngày cho mỗi mã lỗi.";
}

std::string UnreachableReason(const std::string& reason) {
    if (reason == "no_recent_interaction") return "quá 7 ngày chưa nhắn tin cho OA";
    if (reason == "no_group") return "đơn vị không có nhóm Zalo";
    if (reason == "outside_free_window") {
        return "ngoài 48 giờ miễn phí (tin tính phí đang tắt) và tổ chưa có nhóm Zalo";
    }
    return reason;
}

std::string BindGroupOnlyInGroup() {
    return "Lệnh \"liên kết nhóm\" dùng trong nhóm Zalo của tổ: vào nhóm có OA rồi gõ "
           "\"liên kết nhóm\" (hoặc \"liên kết nhóm Thôn Đồng Sơn\" để chọn đơn vị).";
}

std::string BindGroupNotAllowed() {
    return "Chỉ tổ trưởng hoặc cán bộ xã, tỉnh mới liên kết được nhóm Zalo với đơn vị.";
}

std::string BindGroupOutsideScope(const std::string& typed) {
    return "\"" + typed +
           "\" không thuộc đơn vị bạn phụ trách, nên bạn không liên kết nhóm này với đơn vị đó "
           "được.";
}

std::string GroupAlreadyBound(const std::string& unit_path) {
    return "Nhóm này đã liên kết với " + unit_path +
           " rồi. Thông báo và lời nhắc báo cáo của đơn vị vẫn gửi vào đây.";
}

std::string GroupBoundElsewhere(const std::string& unit_path) {
    return "Nhóm này đang liên kết với " + unit_path +
           ", nên mình không liên kết nó với đơn vị khác. Nếu cần đổi, bạn nhờ quản trị viên "
           "hệ thống đổi giúp.";
}

std::string GroupBound(const std::string& unit_path, bool replaced, bool repaired) {
    std::string text = "Đã liên kết nhóm này với " + unit_path +
                       ". Từ nay thông báo và lời nhắc báo cáo của đơn vị gửi vào nhóm này; thành "
                       "viên đã đăng ký có thể báo cáo ngay trong nhóm.";
    if (replaced) text += "\nNhóm cũ của đơn vị không nhận tin từ OA nữa.";
    if (repaired) text += "\nLiên kết trước đây bị lỗi đã được nối lại.";
    return text;
}

std::string GroupInvite(const std::string& unit_name, const std::string& link) {
    return "Nhóm Zalo của tổ bạn: " + link + "\n(" + unit_name +
           "; bấm vào đường dẫn để tham gia nhóm.)";
}

std::string GroupInviteLinkUnknown(const std::string& unit_name) {
    return unit_name +
           " đã có nhóm Zalo nhưng mình chưa có đường dẫn mời vào nhóm. Bạn nhờ tổ trưởng hoặc "
           "cán bộ xã thêm bạn vào nhóm nhé.";
}

std::string NoTeamGroup(const std::string& unit_name) {
    return unit_name +
           " chưa có nhóm Zalo liên kết với OA. Cán bộ xã tạo nhóm cùng OA, rồi tổ trưởng gõ "
           "\"liên kết nhóm\" trong nhóm đó.";
}

namespace {

std::string UnreachableLines(const std::vector<std::pair<std::string, std::int64_t>>& unreachable) {
    std::string text;
    for (const auto& [reason, count] : unreachable) {
        text += "\nKhông gửi được tới " + FormatNumber(count) +
                " thành viên: " + UnreachableReason(reason) + ".";
    }
    return text;
}

// How many 1:1 messages Zalo bills, and the groups that carry it for members not written to.
std::string ChargeLines(std::int64_t billed, std::int64_t fallback_groups) {
    std::string text;
    if (billed > 0) {
        text += "\nTrong đó " + FormatNumber(billed) +
                " tin nhắn riêng tính phí (ngoài 48 giờ miễn phí).";
    }
    if (fallback_groups > 0) {
        text += "\n" + FormatNumber(fallback_groups) +
                " nhóm Zalo của tổ nhận thay cho thành viên mình không nhắn riêng được.";
    }
    return text;
}

std::string FailureLines(const storage::BroadcastProgress& p) {
    std::string text;
    for (const auto& f : p.failures) {
        const bool group = f.recipient_kind == storage::RecipientKind::kGroup;
        text += "\n- " + FormatNumber(f.count) + (group ? " nhóm: " : " thành viên: ") +
                SendFailureReason(f.error_code);
        if (!f.unit_names.empty()) {
            text += " (";
            for (std::size_t i = 0; i < f.unit_names.size(); ++i) {
                if (i > 0) text += ", ";
                text += f.unit_names[i];
            }
            const auto more = f.count - static_cast<std::int64_t>(f.unit_names.size());
            if (more > 0) text += " và " + FormatNumber(more) + " nhóm khác";
            text += ")";
        }
        if (group && MeaningOfZaloCode(f.error_code).cause == RefusalCause::kGroupNotUsable) {
            text +=
                "; liên kết nhóm đã đánh dấu lỗi, OA không gửi vào đó nữa cho tới khi ai đó gõ "
                "\"liên kết nhóm\" lại trong nhóm";
        }
    }
    return text;
}

std::string Quoted(const storage::Broadcast& b) {
    std::string quoted = "\"";
    quoted += Excerpt(b.text, 60);
    quoted += '"';
    return quoted;
}

}  // namespace

std::string BroadcastQueued(const std::string& scope_name, const storage::FanOutCounts& sent,
                            const std::vector<std::pair<std::string, std::int64_t>>& unreachable) {
    std::string text;
    if (sent.groups + sent.members == 0) {
        text = "Không có nhóm hay thành viên nào của " + scope_name + " nhận được thông báo này.";
    } else {
        text = "Đang gửi tới " + FormatNumber(sent.groups) + " nhóm và " +
               FormatNumber(sent.members) + " thành viên của " + scope_name +
               ". Gửi xong mình sẽ báo lại.";
    }
    return text + ChargeLines(sent.billed, sent.fallback_groups) + UnreachableLines(unreachable);
}

std::string BroadcastFinished(const storage::Broadcast& b, const storage::BroadcastProgress& p) {
    const std::int64_t total = p.sent + p.failed;
    std::string text = "Thông báo " + Quoted(b) + " đã gửi xong.\nĐã gửi " + FormatNumber(p.sent) +
                       "/" + FormatNumber(total);
    if (p.failed > 0) {
        text += "; không gửi được " + FormatNumber(p.failed) + ":" + FailureLines(p);
    } else {
        text += ".";
    }
    return text + ChargeLines(b.billed_count, b.fallback_groups) + UnreachableLines(p.unreachable);
}

std::string BroadcastStatus(const storage::Broadcast& b, const std::string& scope_name,
                            const storage::BroadcastProgress& p) {
    const std::int64_t total = p.pending + p.sent + p.failed;
    std::string text =
        "Thông báo lúc " + VietnameseTime(b.created_at) + " tới " + scope_name + ":\n" + Quoted(b) +
        "\nNgười nhận: " + FormatNumber(b.group_count) + " nhóm, " + FormatNumber(b.member_count) +
        " thành viên.\nĐã gửi: " + FormatNumber(p.sent) + "/" + FormatNumber(total) +
        " · Đã nhận: " + FormatNumber(p.delivered) + " · Đã xem: " + FormatNumber(p.seen);
    if (p.pending > 0) text += "\nĐang chờ gửi: " + FormatNumber(p.pending);
    if (p.failed > 0) text += "\nKhông gửi được " + FormatNumber(p.failed) + ":" + FailureLines(p);
    return text + ChargeLines(b.billed_count, b.fallback_groups) + UnreachableLines(p.unreachable);
}

std::string NoBroadcastYet() {
    return "Bạn chưa gửi thông báo nào. Gửi \"thông báo: nội dung\" để gửi tới các tổ trực thuộc.";
}

}  // namespace cnsbot::handlers::replies
