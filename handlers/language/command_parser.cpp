#include "handlers/language/command_parser.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "handlers/language/join_code_form.hpp"
#include "handlers/language/period.hpp"
#include "handlers/language/report_parser.hpp"

namespace cnsbot::handlers {
namespace {

bool IsWordByte(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
           static_cast<unsigned char>(c) >= 0x80;
}

std::string TrimCopy(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return std::string(s);
}

// The cursor over a folded message: where the arguments of a command start and end.
struct Cursor {
    const FoldedText& text;
    std::size_t begin;
    std::size_t end;

    // Consumes one of `prefixes` at the cursor when it ends at a word boundary.
    template <std::size_t N>
    bool Take(const std::array<std::string_view, N>& prefixes) {
        for (std::string_view p : prefixes) {
            if (end - begin < p.size() || text.folded.compare(begin, p.size(), p) != 0) continue;
            const std::size_t after = begin + p.size();
            if (after < end && IsWordByte(text.folded[after]) && IsWordByte(p.back())) continue;
            begin = after;
            while (begin < end && text.folded[begin] == ' ') ++begin;
            return true;
        }
        return false;
    }

    std::string_view Folded() const {
        return std::string_view(text.folded).substr(begin, end - begin);
    }
    bool Rest(std::initializer_list<std::string_view> allowed) const {
        const std::string rest = TrimCopy(Folded());
        return std::find(allowed.begin(), allowed.end(), rest) != allowed.end();
    }
};

struct PeriodAndRest {
    std::optional<Invalid> error;
    DateRange period{};
    bool given = false;
    std::string rest_original;
    std::string rest_folded;
};

// Splits the arguments of a query into its period (default: this month) and the rest.
PeriodAndRest ReadPeriod(const Cursor& c, const Date& today) {
    PeriodAndRest out;
    const std::string_view args = c.Folded();
    const PeriodResult p = ExtractPeriod(args, today);
    if (p.invalid) {
        out.error =
            Invalid{InvalidReason::kBadPeriod,
                    TrimCopy(c.text.OriginalOf(c.begin + p.match_begin, c.begin + p.match_end)),
                    std::nullopt};
        return out;
    }
    out.period = p.range.value_or(MonthOf(today));
    out.given = p.range.has_value();
    const std::size_t mb = c.begin + p.match_begin, me = c.begin + p.match_end;
    out.rest_original = OneSpaced(std::string(c.text.OriginalOf(c.begin, mb)) + " " +
                                  std::string(c.text.OriginalOf(me, c.end)));
    out.rest_folded = TrimCopy(std::string(args.substr(0, p.match_begin)) + " " +
                               std::string(args.substr(p.match_end)));
    return out;
}

// The message with every run of spaces and line breaks in its folded form made one space (the
// original keeps them: broadcast text is quoted as typed), so that spacing never changes which
// command is read.
FoldedText CollapseSpaces(const FoldedText& in) {
    FoldedText out;
    out.original = in.original;
    out.folded.reserve(in.folded.size());
    out.origin.reserve(in.origin.size());
    for (std::size_t i = 0; i < in.folded.size(); ++i) {
        const bool space = in.folded[i] == ' ' || in.folded[i] == '\n';
        if (space && !out.folded.empty() && out.folded.back() == ' ') continue;
        out.folded.push_back(space ? ' ' : in.folded[i]);
        out.origin.push_back(in.origin[i]);
    }
    out.origin.push_back(in.origin.back());
    return out;
}

bool HasSpaceRuns(std::string_view folded) {
    for (std::size_t i = 0; i < folded.size(); ++i) {
        if (folded[i] == '\n') return true;
        if (folded[i] == ' ' && i + 1 < folded.size() && folded[i + 1] == ' ') return true;
    }
    return false;
}

Command Make(CommandKind kind) {
    Command c;
    c.kind = kind;
    return c;
}

std::string JoinCode(std::string_view original) {
    std::string code;
    for (char ch : original) {
        if (ch == ' ' || ch == '-' || ch == ':' || ch == '.' || ch == '\n') continue;
        code.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
    }
    return code;
}

// "biểu đồ [chỉ tiêu] [đơn vị] [kỳ]": the period, then the longest run of first words that names
// an indicator, and the rest as the unit typed ("biểu đồ tktt xã An Phú tháng 10").
Interpretation ReadChart(const Cursor& args, const Date& today, const IndicatorCatalog& catalog) {
    auto p = ReadPeriod(args, today);
    if (p.error) return *p.error;
    Command cmd = Make(CommandKind::kChart);
    cmd.period = p.period;
    cmd.period_given = p.given;
    const auto folded_words = SplitWords(p.rest_folded);
    // The unit is quoted as typed when the words line up (they do unless punctuation split one).
    auto original_words = SplitWords(p.rest_original);
    if (original_words.size() != folded_words.size()) original_words = folded_words;
    for (std::size_t n = folded_words.size(); n > 0; --n) {
        std::string phrase;
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0) phrase += ' ';
            phrase += folded_words[i];
        }
        const auto match = catalog.Match(phrase);
        if (!match || !match->exact) continue;
        cmd.indicator = catalog.at(match->index).code;
        for (std::size_t i = n; i < original_words.size(); ++i) {
            if (!cmd.unit_text.empty()) cmd.unit_text += ' ';
            cmd.unit_text += original_words[i];
        }
        return cmd;
    }
    cmd.unit_text = p.rest_original;
    return cmd;
}

// "<command> [đơn vị] [kỳ]": the period, and the rest as the unit typed.
Interpretation UnitAndPeriod(CommandKind kind, const Cursor& args, const Date& today) {
    auto p = ReadPeriod(args, today);
    if (p.error) return *p.error;
    Command cmd = Make(kind);
    cmd.period = p.period;
    cmd.period_given = p.given;
    cmd.unit_text = p.rest_original;
    return cmd;
}

// The role words of "mã mời", folded, longest first.
struct RoleWord {
    std::string_view folded;
    const char* role;
};
constexpr std::array<RoleWord, 14> kRoleWords = {{{"quan tri vien", "admin"},
                                                  {"thanh vien", "member"},
                                                  {"to truong", "leader"},
                                                  {"quan tri", "admin"},
                                                  {"can bo", "staff"},
                                                  {"member", "member"},
                                                  {"leader", "leader"},
                                                  {"staff", "staff"},
                                                  {"admin", "admin"},
                                                  {"tv", "member"},
                                                  {"tt", "leader"},
                                                  {"cb", "staff"},
                                                  {"qt", "admin"},
                                                  {"qtv", "admin"}}};

// "mã mời [đơn vị] [vai trò] [số lượt]": read from the end, the number, then the role; what is
// left names the unit.
Command ReadInvite(const Cursor& args) {
    Command cmd = Make(CommandKind::kInvite);
    const std::string& folded = args.text.folded;
    std::size_t end = args.end;
    const auto trim_end = [&] {
        while (end > args.begin && (folded[end - 1] == ' ' || folded[end - 1] == '\n')) --end;
    };
    trim_end();
    std::size_t word = end;
    while (word > args.begin && folded[word - 1] != ' ' && folded[word - 1] != '\n') --word;
    const std::string_view last = std::string_view(folded).substr(word, end - word);
    if (!last.empty() &&
        std::all_of(last.begin(), last.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        cmd.uses = last.size() <= 6 ? std::stoi(std::string(last)) : -1;
        if (cmd.uses == 0) cmd.uses = -1;  // 0 is given, and not usable
        end = word;
        trim_end();
    }
    for (const RoleWord& w : kRoleWords) {
        if (end - args.begin < w.folded.size()) continue;
        const std::size_t at = end - w.folded.size();
        if (folded.compare(at, w.folded.size(), w.folded) != 0) continue;
        if (at > args.begin && IsWordByte(folded[at - 1])) continue;
        cmd.role = w.role;
        end = at;
        trim_end();
        break;
    }
    cmd.unit_text = OneSpaced(args.text.OriginalOf(args.begin, end));
    return cmd;
}

// "thông báo [cần xác nhận] [đơn vị]: nội dung"; without content the handler explains the form.
Command ReadBroadcast(const Cursor& args, std::size_t end, bool needs_ack) {
    Command cmd = Make(CommandKind::kBroadcast);
    cmd.needs_ack = needs_ack;
    const FoldedText& text = args.text;
    const std::size_t colon = text.folded.find(':', args.begin);
    if (colon == std::string::npos || colon >= end) return cmd;
    cmd.unit_text = OneSpaced(text.OriginalOf(args.begin, colon));
    cmd.text = TrimCopy(text.OriginalOf(colon + 1, text.folded.size()));
    return cmd;
}

}  // namespace

std::optional<Interpretation> ParseCommand(const FoldedText& input, const IndicatorCatalog& catalog,
                                           const Date& today) {
    // A message that starts with the report keyword or a number is never a command: most
    // reports are ruled out here, before the copy that collapsing spaces costs.
    std::size_t first = 0;
    const std::string_view folded = input.folded;
    while (first < folded.size() &&
           (folded[first] == ' ' || folded[first] == '\n' || folded[first] == '/')) {
        ++first;
    }
    if (first < folded.size() && folded[first] >= '0' && folded[first] <= '9') return std::nullopt;
    if (ReportKeywordEndAt(folded, first) != std::string_view::npos) return std::nullopt;
    std::optional<FoldedText> collapsed;
    if (HasSpaceRuns(input.folded)) collapsed = CollapseSpaces(input);
    const FoldedText& text = collapsed ? *collapsed : input;
    Cursor c{text, 0, text.folded.size()};
    while (c.begin < c.end && (text.folded[c.begin] == ' ' || text.folded[c.begin] == '\n')) {
        ++c.begin;
    }
    while (c.end > c.begin &&
           std::string_view(" \n.!?").find(text.folded[c.end - 1]) != std::string_view::npos) {
        if (text.folded[c.end - 1] == '?' && c.end - c.begin == 1) break;  // "?" is help
        --c.end;
    }
    if (c.begin < c.end && text.folded[c.begin] == '/') ++c.begin;
    if (c.begin >= c.end) return std::nullopt;

    if (c.Rest({"tro giup", "help", "?", "huong dan", "giup", "giup do", "menu", "cu phap", "lenh",
                "h"})) {
        return Make(CommandKind::kHelp);
    }
    if (c.Rest({"huy", "huy bc", "huy bao cao", "xoa bc", "xoa bao cao", "huy bo", "undo",
                "hoan tac", "huy bao cao vua gui", "huy bc vua gui"})) {
        return Make(CommandKind::kUndo);
    }
    if (c.Rest({"da nhan", "da nhan roi", "nhan roi", "da nhan thong bao", "da nhan tb",
                "da nhan a", "da nhan nhe", "em da nhan", "da nhan duoc", "xac nhan da nhan",
                "da xac nhan"})) {
        Command cmd = Make(CommandKind::kAcknowledge);
        cmd.confirmed = true;
        return cmd;
    }
    if (c.Rest({"ok", "oke", "okay", "okie", "ok a", "ok nhe", "da ok", "vang", "da vang"})) {
        return Make(CommandKind::kAcknowledge);
    }
    if (c.Rest({"tinh trang thong bao", "tinh trang tb", "trang thai thong bao", "tt thong bao",
                "tinh hinh thong bao"})) {
        return Make(CommandKind::kBroadcastStatus);
    }
    if (c.Rest({"nhom", "nhom zalo", "nhom cua to", "link nhom", "lien ket moi nhom"})) {
        return Make(CommandKind::kGroupInvite);
    }
    if (c.Rest({"bang dieu khien", "dashboard", "web", "trang web", "xem web", "mo web",
                "mo bang dieu khien", "xem bang dieu khien", "link bang dieu khien"})) {
        return Make(CommandKind::kDashboard);
    }
    if (c.Rest({"dang xuat", "dang xuat web", "dang xuat bang dieu khien", "logout"})) {
        return Make(CommandKind::kLogout);
    }
    if (c.Rest({"roi to", "roi khoi to", "roi nhom to", "xin roi to"})) {
        return Make(CommandKind::kLeaveTeam);
    }
    if (c.Rest({"roi to xac nhan", "xac nhan roi to"})) {
        Command cmd = Make(CommandKind::kLeaveTeam);
        cmd.confirmed = true;
        return cmd;
    }

    Cursor args = c;
    if (args.Take(
            std::array<std::string_view, 5>{"dang ky", "dangky", "dang ki", "dk", "register"})) {
        // The code is the first word, or the first two when together they make a code
        // ("K7M2 Q9XP"); a name may follow ("đăng ký K7M2Q9XP Nguyễn Văn An").
        const auto words = SplitWords(args.Folded());
        Command cmd = Make(CommandKind::kRegister);
        if (words.empty()) return cmd;
        std::size_t code_words = 1;
        if (words.size() >= 2 && words[0].size() < kJoinCodeLength &&
            words[0].size() + words[1].size() == kJoinCodeLength) {
            code_words = 2;
        }
        // Find where the code's words end in the folded text, to quote the rest as typed.
        std::size_t at = args.begin;
        for (std::size_t w = 0; w < code_words; ++w) {
            at = text.folded.find(words[w], at) + words[w].size();
        }
        const std::string code = JoinCode(text.OriginalOf(args.begin, at));
        const bool looks_like_code =
            code.size() == kJoinCodeLength && std::all_of(code.begin(), code.end(), [](char ch) {
                return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z');
            });
        if (!looks_like_code) {
            // One or two short words are a mistyped code (answered as such); more is chat.
            if (words.size() > 2) return std::nullopt;
            cmd.code = JoinCode(text.OriginalOf(args.begin, args.end));
            return cmd;
        }
        cmd.code = code;
        cmd.name = OneSpaced(text.OriginalOf(at, args.end));
        // A long sentence after the code is chat, not a name.
        if (words.size() - code_words > 6) return std::nullopt;
        return cmd;
    }
    if (args.Take(std::array<std::string_view, 6>{"sua so lieu", "sua bao cao", "sua bc", "sua lai",
                                                  "sua so", "sua"})) {
        // The figures are read by the report parser (MessageInterpreter).
        Command cmd = Make(CommandKind::kCorrect);
        cmd.text = TrimCopy(text.OriginalOf(args.begin, args.end));
        return cmd;
    }
    if (args.Take(std::array<std::string_view, 3>{"tin chua hieu", "tin nhan chua hieu",
                                                  "cac tin chua hieu"})) {
        return UnitAndPeriod(CommandKind::kUnread, args, today);
    }
    if (args.Take(std::array<std::string_view, 3>{"tao ma moi", "ma moi", "ma gioi thieu"})) {
        return ReadInvite(args);
    }
    if (args.Take(std::array<std::string_view, 3>{"huy ma moi", "huy ma", "xoa ma moi"})) {
        Command cmd = Make(CommandKind::kRevokeCode);
        cmd.code = JoinCode(TrimCopy(text.OriginalOf(args.begin, args.end)));
        return cmd;
    }
    if (args.Take(std::array<std::string_view, 4>{"doi ten", "ten toi la", "ten cua toi", "ten"})) {
        Command cmd = Make(CommandKind::kSetName);
        cmd.name = OneSpaced(text.OriginalOf(args.begin, args.end));
        return cmd;
    }
    if (args.Take(std::array<std::string_view, 3>{"xoa thanh vien", "loai thanh vien", "xoa tv"})) {
        Command cmd = Make(CommandKind::kRemoveMember);
        cmd.text = OneSpaced(text.OriginalOf(args.begin, args.end));
        return cmd;
    }
    if (args.Take(std::array<std::string_view, 3>{"danh sach thanh vien", "ds thanh vien",
                                                  "thanh vien"})) {
        Command cmd = Make(CommandKind::kMembers);
        cmd.unit_text = OneSpaced(text.OriginalOf(args.begin, args.end));
        return cmd;
    }
    if (args.Take(std::array<std::string_view, 5>{"chua bao cao", "chua bc", "chua nop bao cao",
                                                  "ds chua bao cao", "danh sach chua bao cao"})) {
        auto p = ReadPeriod(args, today);
        if (p.error) return *p.error;
        Command cmd = Make(CommandKind::kMissing);
        cmd.period = p.period;
        cmd.period_given = p.given;
        return cmd;
    }
    if (args.Take(std::array<std::string_view, 4>{"bieu do", "do thi", "ve bieu do", "chart"})) {
        return ReadChart(args, today, catalog);
    }
    if (args.Take(std::array<std::string_view, 3>{"xep hang", "bang xep hang", "xh"})) {
        auto p = ReadPeriod(args, today);
        if (p.error) return *p.error;
        Command cmd = Make(CommandKind::kRanking);
        cmd.period = p.period;
        cmd.period_given = p.given;
        if (!p.rest_folded.empty()) {
            const auto match = catalog.Match(p.rest_folded);
            if (!match) {
                std::optional<std::string> suggestion;
                if (auto s = catalog.Suggest(p.rest_folded)) suggestion = catalog.at(*s).code;
                return Invalid{InvalidReason::kUnknownIndicator, p.rest_original, suggestion};
            }
            cmd.indicator = catalog.at(match->index).code;
        }
        return cmd;
    }
    if (args.Take(std::array<std::string_view, 3>{"tong hop", "tong ket", "tong"})) {
        return UnitAndPeriod(CommandKind::kTotals, args, today);
    }
    if (args.Take(std::array<std::string_view, 3>{"lien ket nhom", "gan nhom", "ket noi nhom"})) {
        Command cmd = Make(CommandKind::kBindGroup);
        cmd.unit_text = OneSpaced(text.OriginalOf(args.begin, args.end));
        return cmd;
    }
    if (args.Take(std::array<std::string_view, 4>{"thong bao can xac nhan", "tb can xac nhan",
                                                  "thong bao xac nhan", "tb xac nhan"})) {
        return ReadBroadcast(args, c.end, true);
    }
    if (args.Take(std::array<std::string_view, 2>{"thong bao", "tb"})) {
        return ReadBroadcast(args, c.end, false);
    }
    return std::nullopt;
}

}  // namespace cnsbot::handlers
