// Replies about the web dashboard and charts sent as images (declared in replies.hpp).

#include "handlers/replies.hpp"

namespace cnsbot::handlers::replies {

std::string DashboardLink(const std::string& url, int minutes) {
    return "Bảng điều khiển của bạn (mở bằng trình duyệt trên điện thoại hoặc máy tính):\n" + url +
           "\nĐường dẫn chỉ dùng được một lần, trong " + std::to_string(minutes) +
           " phút, và chỉ cho bạn: đừng chuyển cho người khác. Xong việc gõ \"đăng xuất\".";
}

std::string DashboardInGroup() {
    return "Đường dẫn bảng điều khiển chỉ gửi riêng: hãy nhắn \"bảng điều khiển\" cho OA trong "
           "cuộc trò chuyện riêng.";
}

std::string DashboardNotForMembers() {
    return "Bảng điều khiển dành cho tổ trưởng và cán bộ. Gõ \"tổng\" để xem số liệu của tổ.";
}

std::string DashboardNotSetUp() {
    return "Bảng điều khiển trên web chưa được bật cho hệ thống này. Hãy báo quản trị viên "
           "(cấu hình dashboard.public_url).";
}

std::string DashboardTooManyLinks(int per_hour) {
    return "Bạn đã xin " + std::to_string(per_hour) +
           " đường dẫn trong một giờ qua. Hãy dùng đường dẫn đã nhận, hoặc thử lại sau.";
}

std::string LoggedOut(int sessions) {
    if (sessions == 0) return "Bạn không có phiên đăng nhập bảng điều khiển nào đang mở.";
    return "Đã đăng xuất bảng điều khiển trên " + std::to_string(sessions) +
           " trình duyệt. Gõ \"bảng điều khiển\" để nhận đường dẫn mới.";
}

std::string ChartNoData(const std::string& unit_name, const std::string& period_text) {
    return "Chưa có số liệu của " + unit_name + " " + period_text + " để vẽ biểu đồ.";
}

std::string ChartCaption(const std::string& title, const std::string& subtitle, std::int64_t total,
                         const std::vector<std::pair<std::string, std::int64_t>>& largest) {
    std::string text = title;
    text += '\n';
    text += subtitle;
    text += "\nTổng: ";
    text += FormatNumber(total);
    if (!largest.empty()) {
        text += ". Cao nhất: ";
        for (std::size_t i = 0; i < largest.size(); ++i) {
            if (i > 0) text += "; ";
            text += largest[i].first;
            text += ' ';
            text += FormatNumber(largest[i].second);
        }
    }
    text += '.';
    return text;
}

std::string ChartFailed() {
    return "Không vẽ được biểu đồ lúc này. Hãy thử lại sau, hoặc gõ \"tổng\" để xem số liệu.";
}

}  // namespace cnsbot::handlers::replies
