// Replies about invitations, names and team membership (declared in replies.hpp).

#include "handlers/language/period.hpp"
#include "handlers/replies.hpp"

namespace cnsbot::handlers::replies {
namespace {

std::string Day(std::int64_t epoch_ms) { return VietnameseDate(VietnamDay(epoch_ms)); }

std::string NameOrPlaceholder(const std::string& name) {
    return name.empty() ? "(chưa có tên)" : name;
}

}  // namespace

std::string InviteNotAllowed() { return "Chỉ tổ trưởng hoặc cán bộ xã, tỉnh mới tạo được mã mời."; }

std::string InviteRoleTooHigh(storage::Role sender, storage::Role asked) {
    if (sender == storage::Role::kLeader) {
        return "Tổ trưởng chỉ tạo được mã mời thành viên cho tổ của mình, không tạo mã cho " +
               RoleName(asked) + ".";
    }
    return "Bạn không tạo được mã mời cho " + RoleName(asked) +
           ". Cán bộ tạo mã cho cán bộ, tổ trưởng và thành viên; quản trị viên tạo mọi loại mã.";
}

std::string InviteOutsideScope(const std::string& typed) {
    return "\"" + typed +
           "\" không thuộc đơn vị bạn phụ trách, nên bạn không tạo mã mời cho "
           "đơn vị đó được.";
}

std::string InviteBadUses(int max_uses) {
    return "Số lượt dùng của mã phải từ 1 đến " + FormatNumber(max_uses) +
           ", ví dụ: mã mời thôn Đồng Sơn thành viên 30";
}

std::string InviteCreated(storage::Role role, const std::string& unit_name, const std::string& code,
                          int uses, std::int64_t expires_at) {
    return "Gửi cho " + RoleName(role) + " " + unit_name + ": đăng ký " + code + " (còn " +
           FormatNumber(uses) + " lượt, hết hạn " + Day(expires_at) + ")";
}

std::string InviteList(const std::vector<InviteLine>& codes) {
    if (codes.empty()) {
        return "Bạn chưa có mã mời nào còn dùng được. Gửi \"mã mời thành viên\" để tạo mã cho "
               "đơn vị của bạn, hoặc \"mã mời thôn Đồng Sơn tổ trưởng 5\".";
    }
    std::string text = "Mã mời bạn đã tạo còn dùng được:";
    for (const auto& c : codes) {
        text += "\n- " + c.code + ": " + RoleName(c.role) + " " + c.unit_name + ", còn " +
                FormatNumber(c.uses_left) + " lượt, hết hạn " + Day(c.expires_at);
    }
    return text + "\nGửi \"hủy mã MÃ\" để hủy một mã.";
}

std::string CodeRevoked(const std::string& code) {
    return "Đã hủy mã " + code +
           ". Người chưa đăng ký không dùng mã này được nữa; ai đã đăng "
           "ký vẫn ở trong tổ.";
}

std::string CodeNotYours(const std::string& code) {
    return "Không có mã " + code +
           " trong các mã bạn đã tạo còn dùng được. Gửi \"mã mời\" để xem các mã của bạn.";
}

std::string RevokedCode(const std::string& code) {
    return "Mã " + code + " đã bị hủy. Bạn xin tổ trưởng hoặc cán bộ xã mã mới nhé.";
}

std::string AskForName() {
    return "Bạn gửi tên của mình để tổ trưởng và cán bộ biết bạn là ai nhé, ví dụ: tên Nguyễn "
           "Văn An";
}

std::string NameNeeded() { return "Bạn gửi tên kèm theo, ví dụ: tên Nguyễn Văn An"; }

std::string NameRefused(const std::string& typed) {
    return "Tên \"" + typed +
           "\" chưa dùng được: tên dài 2 đến 60 chữ, không có chữ số hay ký hiệu @ [ ]. Ví dụ: "
           "tên Nguyễn Văn An";
}

std::string NameSaved(const std::string& name) { return "Đã lưu tên của bạn: " + name + "."; }

std::string MemberList(const std::string& unit_name, const std::vector<MemberLine>& members) {
    if (members.empty()) return unit_name + " chưa có thành viên nào đăng ký.";
    std::string text = "Thành viên " + unit_name + " (" +
                       FormatNumber(static_cast<std::int64_t>(members.size())) + "):";
    for (std::size_t i = 0; i < members.size(); ++i) {
        const MemberLine& m = members[i];
        text += '\n';
        text += std::to_string(i + 1);
        text += ". " + NameOrPlaceholder(m.name) + " – " + RoleName(m.role) + " – ";
        text += m.last_report_date.empty() ? std::string("chưa báo cáo")
                                           : "báo cáo gần nhất " + m.last_report_date;
        text += " – " + m.window;
    }
    return text + "\nGửi \"xóa thành viên SỐ\" để xóa một người khỏi danh sách.";
}

std::string RemoveWhom() {
    return "Bạn gửi \"xóa thành viên SỐ\" theo số thứ tự trong danh sách \"thành viên\", hoặc "
           "\"xóa thành viên\" kèm tên người đó.";
}

std::string MemberNotFound(const std::string& typed) {
    return "Không tìm thấy \"" + typed +
           "\" trong danh sách thành viên. Gửi \"thành viên\" để xem danh sách và số thứ tự.";
}

std::string MemberAmbiguous(const std::string& typed) {
    return "Có nhiều thành viên tên \"" + typed +
           "\". Bạn gửi \"xóa thành viên SỐ\" theo số thứ tự trong danh sách \"thành viên\".";
}

std::string CannotRemove(const std::string& name) {
    return "Bạn không xóa được " + NameOrPlaceholder(name) +
           ": tổ trưởng xóa thành viên của tổ; cán bộ xóa tổ trưởng và thành viên; muốn tự rời "
           "tổ thì gửi \"rời tổ\".";
}

std::string MemberRemoved(const std::string& name, const std::string& unit_name) {
    return "Đã xóa " + NameOrPlaceholder(name) + " khỏi " + unit_name +
           ". Các báo cáo trước đây của họ vẫn được tính.";
}

std::string YouWereRemoved(const std::string& unit_name) {
    return "Bạn đã được xóa khỏi " + unit_name +
           ". Báo cáo trước đây của bạn vẫn được tính. Nếu đây là nhầm lẫn, bạn xin mã mời mới "
           "và gửi \"đăng ký MÃ\".";
}

std::string ConfirmLeave(const std::string& unit_name) {
    return "Bạn muốn rời " + unit_name +
           "? Gửi \"rời tổ xác nhận\" để rời. Báo cáo trước đây của bạn vẫn được tính.";
}

std::string LeftTeam(const std::string& unit_name) {
    return "Bạn đã rời " + unit_name +
           ". Muốn tham gia lại hoặc vào tổ khác, bạn xin mã mời và gửi \"đăng ký MÃ\".";
}

}  // namespace cnsbot::handlers::replies
