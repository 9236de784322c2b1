#include "handlers/language/report_parser.hpp"

#include <algorithm>
#include <array>

#include "handlers/language/period.hpp"

namespace cnsbot::handlers {
namespace {

using std::chrono::sys_days;

constexpr std::string_view kBullet = "\xE2\x80\xA2";  // •

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\n'; }
bool IsAsciiLetter(char c) { return c >= 'a' && c <= 'z'; }
bool IsWordByte(char c) {
    return IsDigit(c) || IsAsciiLetter(c) || static_cast<unsigned char>(c) >= 0x80;
}

// Courtesy words that may surround a report ("Dạ em gửi báo cáo ạ", "cảm ơn").
bool IsCourtesyWord(std::string_view w) {
    static constexpr std::array<std::string_view, 34> kWords = {
        "a",    "da", "em",    "anh", "chi", "xin", "gui", "cam", "on",    "nhe", "nha", "chao",
        "ak",   "ah", "admin", "bac", "co",  "chu", "ban", "moi", "nguoi", "ok",  "oke", "ad",
        "vang", "ve", "sau",   "day", "la",  "ket", "qua", "cua", "nhu",   "nay"};
    return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

bool IsClosingParticle(std::string_view w) {
    static constexpr std::array<std::string_view, 9> kParticles = {
        "a", "ah", "ak", "nhe", "nha", "nhen", "ne", "nhe", "ha"};
    return std::find(kParticles.begin(), kParticles.end(), w) != kParticles.end();
}

struct Span {
    std::size_t begin;
    std::size_t end;
};

// Reads a date dd/mm[/yyyy] starting at i; returns its end or npos.
std::size_t ReadDate(std::string_view s, std::size_t i, int& d, int& m, std::optional<int>& y) {
    auto read_int = [&](std::size_t& p, std::size_t max_digits, int& out) {
        std::size_t n = 0;
        out = 0;
        while (p < s.size() && IsDigit(s[p]) && n < max_digits) {
            out = out * 10 + (s[p] - '0');
            ++p;
            ++n;
        }
        return n > 0 && (p >= s.size() || !IsDigit(s[p]));
    };
    std::size_t p = i;
    if (!read_int(p, 2, d) || p >= s.size() || s[p] != '/') return std::string_view::npos;
    ++p;
    if (!read_int(p, 2, m)) return std::string_view::npos;
    y.reset();
    if (p < s.size() && s[p] == '/') {
        std::size_t q = p + 1;
        int year = 0;
        const std::size_t start = q;
        if (read_int(q, 4, year) && (q - start == 2 || q - start == 4)) {
            y = year;
            p = q;
        } else {
            return std::string_view::npos;
        }
    }
    if (p < s.size() && IsWordByte(s[p])) return std::string_view::npos;
    return p;
}

// Blanks out one date in `work` (keeping byte offsets), returning it.
struct DateFound {
    bool found = false;
    bool valid = false;
    Span span{0, 0};
    std::optional<Date> date;
};

DateFound TakeDate(std::string& work, std::size_t begin, std::size_t end, const Date& today) {
    DateFound out;
    for (std::size_t i = begin; i < end; ++i) {
        if (!IsDigit(work[i]) || (i > begin && IsWordByte(work[i - 1]))) continue;
        int d = 0, m = 0;
        std::optional<int> y;
        const std::size_t stop = ReadDate(std::string_view(work).substr(0, end), i, d, m, y);
        if (stop == std::string_view::npos) continue;
        std::size_t start = i;
        // Include a preceding "ngày" / "ngay".
        std::size_t k = start;
        while (k > begin && work[k - 1] == ' ') --k;
        if (k >= begin + 4 && work.compare(k - 4, 4, "ngay") == 0 &&
            (k - 4 == begin || !IsWordByte(work[k - 5]))) {
            start = k - 4;
        }
        out.found = true;
        out.span = {start, stop};
        out.date = MakeDay(d, m, y, today);
        out.valid = out.date.has_value();
        std::fill(work.begin() + static_cast<long>(start), work.begin() + static_cast<long>(stop),
                  ' ');
        return out;
    }
    return out;
}

// Splits [begin, end) of `work` into item pieces at separators.
std::vector<Span> SplitPieces(const std::string& work, std::size_t begin, std::size_t end) {
    std::vector<Span> pieces;
    std::size_t start = begin;
    auto cut = [&](std::size_t at, std::size_t resume) {
        pieces.push_back({start, at});
        start = resume;
    };
    for (std::size_t i = begin; i < end;) {
        const char c = work[i];
        if (c == '\n' || c == ';' || c == '&' || c == '|') {
            cut(i, i + 1);
        } else if (c == ',') {
            // "3,5" is a fraction to point out, not two items.
            const bool between_digits =
                i > begin && IsDigit(work[i - 1]) && i + 1 < end && IsDigit(work[i + 1]);
            if (!between_digits) cut(i, i + 1);
        } else if (work.compare(i, kBullet.size(), kBullet) == 0) {
            cut(i, i + kBullet.size());
            i += kBullet.size();
            continue;
        } else if (c == '-' || c == '+' || c == '*') {
            // A bullet or list sign, unless it is a sign glued to a number ("-5") or inside a
            // word ("e-commerce").
            const bool glued_to_number = i + 1 < end && IsDigit(work[i + 1]);
            const bool inside_word = i > begin && IsWordByte(work[i - 1]);
            if (!inside_word && !(glued_to_number && c == '-')) cut(i, i + 1);
        } else if (c == 'v' && (i == begin || IsSpace(work[i - 1]))) {
            // The word "và" ("vaf" when a Telex keyboard left its tone key behind).
            for (std::string_view word : {"va", "vaf"}) {
                const std::size_t stop = i + word.size();
                if (stop <= end && work.compare(i, word.size(), word) == 0 &&
                    (stop == end || IsSpace(work[stop]))) {
                    cut(i, stop);
                    break;
                }
            }
        }
        ++i;
    }
    pieces.push_back({start, end});
    return pieces;
}

struct Token {
    Span span;
    enum class Kind { kWord, kNumber, kNegative, kFraction, kGlued } kind = Kind::kWord;
    std::int64_t value = 0;  // kNumber; saturates above the ceiling
    std::string_view text;
};

Token ClassifyToken(std::string_view s, Span span, const IndicatorCatalog& catalog) {
    Token t{span, Token::Kind::kWord, 0, s};
    const bool has_digit = std::any_of(s.begin(), s.end(), IsDigit);
    if (!has_digit) return t;
    std::string_view body = s;
    if (body.front() == '-' || body.front() == '+') {
        if (body.size() > 1 && IsDigit(body[1])) {
            t.kind = body.front() == '-' ? Token::Kind::kNegative : Token::Kind::kGlued;
            return t;
        }
    }
    // Digits with Vietnamese thousands dots: 1.125 or 12.500.000.
    bool all_digits_or_dots = true, has_comma = false;
    for (char c : body) {
        if (c == ',') has_comma = true;
        if (!IsDigit(c) && c != '.') all_digits_or_dots = false;
    }
    if (all_digits_or_dots && IsDigit(body.front()) && IsDigit(body.back())) {
        // Valid grouping: first group 1-3 digits, then groups of exactly 3.
        bool grouped = true;
        std::size_t group = 0, groups = 0, first = 0;
        for (char c : body) {
            if (c == '.') {
                if (groups == 0) first = group;
                if (group == 0 || (groups > 0 && group != 3)) grouped = false;
                ++groups;
                group = 0;
            } else {
                ++group;
            }
        }
        if (groups > 0 && (group != 3 || first > 3)) grouped = false;
        if (!grouped) {
            t.kind = Token::Kind::kFraction;  // "1.5" or "12.34": not a whole number
            return t;
        }
        std::int64_t v = 0;
        for (char c : body) {
            if (c == '.') continue;
            v = std::min<std::int64_t>(v * 10 + (c - '0'), 1'000'000'000'000);
        }
        t.kind = Token::Kind::kNumber;
        t.value = v;
        return t;
    }
    if (has_comma) {
        bool digits_comma =
            std::all_of(body.begin(), body.end(), [](char c) { return IsDigit(c) || c == ','; });
        if (digits_comma) {
            t.kind = Token::Kind::kFraction;
            return t;
        }
    }
    if (const auto spaced = catalog.SpacedName(s)) {
        t.text = *spaced;  // "sim4g" is the name "sim 4g", not a number glued to letters
        return t;
    }
    t.kind = Token::Kind::kGlued;  // "12abc", or an alias such as "4g" (matched before this)
    return t;
}

std::vector<Token> Tokenize(const std::string& work, Span piece, const IndicatorCatalog& catalog) {
    std::vector<Token> tokens;
    std::size_t i = piece.begin;
    auto is_break = [](char c) {
        return IsSpace(c) || c == ':' || c == '=' || c == '(' || c == ')' || c == '[' || c == ']' ||
               c == '"' || c == '\'' || c == '!' || c == '?' || c == '/';
    };
    while (i < piece.end) {
        while (i < piece.end && is_break(work[i])) ++i;
        std::size_t j = i;
        while (j < piece.end && !is_break(work[j])) ++j;
        std::size_t k = j;
        // Trailing sentence punctuation is not part of a token ("mới." / "12.").
        while (k > i && (work[k - 1] == '.' || work[k - 1] == ',')) --k;
        if (k > i) {
            const std::string_view text(work.data() + i, k - i);
            tokens.push_back(ClassifyToken(text, {i, k}, catalog));
        }
        i = j;
    }
    return tokens;
}

std::string JoinWords(const std::vector<Token>& tokens, bool include_glued) {
    std::string out;
    for (const auto& t : tokens) {
        if (t.kind != Token::Kind::kWord && !(include_glued && t.kind == Token::Kind::kGlued)) {
            continue;
        }
        if (!out.empty()) out.push_back(' ');
        out.append(t.text);
    }
    return out;
}

// "12 tktt 3 internet" or "tk thanh toán 12 internet 3": several items with no separator. Splits
// before each number when the piece starts with one, or after each number when it ends with one.
std::vector<std::vector<Token>> SplitAtNumbers(const std::vector<Token>& tokens) {
    auto is_number = [](const Token& t) { return t.kind == Token::Kind::kNumber; };
    std::vector<std::vector<Token>> segments;
    if (is_number(tokens.front())) {
        for (const auto& t : tokens) {
            if (is_number(t) || segments.empty()) segments.emplace_back();
            segments.back().push_back(t);
        }
    } else if (is_number(tokens.back())) {
        segments.emplace_back();
        for (const auto& t : tokens) {
            segments.back().push_back(t);
            if (is_number(t)) segments.emplace_back();
        }
        segments.pop_back();
    }
    return segments;
}

std::string Trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
    return std::string(s);
}

// A heading that names the period the report is about.
struct PeriodHeading {
    bool found = false;
    Span period{0, 0};                   // the period's words, in folded bytes
    std::optional<DateRange> range;      // none for "tuần 2"
    std::optional<Date> day;             // a heading of one day: "hôm qua"
    std::optional<InvalidReason> error;  // kBadPeriod, kFuturePeriod
};

Interpretation InvalidAt(const FoldedText& text, Span span, InvalidReason reason,
                         std::optional<std::string> suggestion = std::nullopt) {
    return Invalid{reason, Trimmed(text.OriginalOf(span.begin, span.end)), std::move(suggestion)};
}

// Polite particles around an item: "ạ: 5 vneid", "5 vneid ạ", "3 cks nhé".
void DropPoliteParticles(std::vector<Token>& tokens) {
    const auto particle = [](const Token& t) {
        return t.kind == Token::Kind::kWord && IsClosingParticle(t.text);
    };
    while (tokens.size() > 1 && particle(tokens.back())) tokens.pop_back();
    while (tokens.size() > 1 && particle(tokens.front())) tokens.erase(tokens.begin());
}

bool AnyGlued(const std::vector<Token>& tokens) {
    return std::any_of(tokens.begin(), tokens.end(),
                       [](const Token& t) { return t.kind == Token::Kind::kGlued; });
}

// What kinds of tokens one piece holds.
struct PieceShape {
    std::size_t numbers = 0;
    const Token* number = nullptr;  // the last number
    bool negative = false, fraction = false, has_digit_token = false;
};

PieceShape ShapeOf(const std::vector<Token>& tokens) {
    PieceShape shape;
    for (const auto& t : tokens) {
        if (t.kind == Token::Kind::kNumber) {
            ++shape.numbers;
            shape.number = &t;
        }
        shape.negative |= t.kind == Token::Kind::kNegative;
        shape.fraction |= t.kind == Token::Kind::kFraction;
        shape.has_digit_token |= t.kind != Token::Kind::kWord;
    }
    return shape;
}

// Reads the pieces of one report in turn: collects its items and keeps the first mistake.
class ItemReader {
  public:
    ItemReader(const FoldedText& text, const IndicatorCatalog& catalog, std::int64_t max_value,
               bool with_suggestions)
        : text_(text),
          catalog_(catalog),
          max_value_(max_value),
          with_suggestions_(with_suggestions) {}

    void Read(const std::vector<Token>& tokens) {
        const Span span{tokens.front().span.begin, tokens.back().span.end};
        const PieceShape shape = ShapeOf(tokens);
        const auto match = MatchName(tokens);
        const auto suggest = [&] { return SuggestFor(tokens, match); };
        if (!shape.has_digit_token && !match) {
            const bool courtesy = std::all_of(tokens.begin(), tokens.end(), [](const Token& t) {
                return IsCourtesyWord(t.text);
            });
            if (!courtesy) Fail(span, InvalidReason::kUnknownIndicator, suggest);
        } else if (shape.negative) {
            Fail(span, InvalidReason::kNegative, suggest);
        } else if (shape.fraction) {
            Fail(span, InvalidReason::kFraction, suggest);
        } else if (shape.numbers == 0) {
            Fail(span, match ? InvalidReason::kNoNumber : InvalidReason::kGluedNumber, suggest);
        } else if (shape.numbers > 1) {
            ReadSeveralItems(tokens, span, suggest);
        } else if (!match) {
            Fail(span,
                 AnyGlued(tokens) ? InvalidReason::kGluedNumber : InvalidReason::kUnknownIndicator,
                 suggest);
        } else if (shape.number->value > max_value_) {
            Fail(span, InvalidReason::kOverCeiling, suggest);
        } else {
            Add(span, catalog_.at(match->index).code, shape.number->value);
        }
    }

    // Without the report keyword, a message with no complete item is chat.
    Interpretation Finish(bool keyword, const std::optional<Date>& date, Span whole) {
        if (!keyword && complete_items_ == 0) return Chat{};
        if (first_error_) return *first_error_;
        if (report_.items.empty()) return InvalidAt(text_, whole, InvalidReason::kNoItems);
        report_.date = date;
        return std::move(report_);
    }

  private:
    // A glued token ("12tk") may be part of a name ("4g") only when the name matched exactly;
    // a typo match must not swallow it.
    std::optional<IndicatorMatch> MatchName(const std::vector<Token>& tokens) const {
        auto match = catalog_.Match(JoinWords(tokens, /*include_glued=*/true));
        if (match && !match->exact && AnyGlued(tokens)) match.reset();
        return match;
    }

    std::optional<std::string> SuggestFor(const std::vector<Token>& tokens,
                                          const std::optional<IndicatorMatch>& match) const {
        if (match) return catalog_.at(match->index).code;
        if (auto s = catalog_.Suggest(JoinWords(tokens, false))) return catalog_.at(*s).code;
        return std::nullopt;
    }

    // Several items written without separators ("5 cks 3 vneid"), or a real mistake.
    template <typename Suggest>
    void ReadSeveralItems(const std::vector<Token>& tokens, Span span, const Suggest& suggest) {
        std::vector<ParsedItem> found;
        std::optional<Span> unknown;
        std::vector<Token> unknown_segment;
        bool over = false;
        for (const auto& segment : SplitAtNumbers(tokens)) {
            if (segment.size() == 1) {  // a bare number: two numbers for one name
                found.clear();
                break;
            }
            const auto m = catalog_.Match(JoinWords(segment, true));
            if (!m) {
                if (!unknown) {
                    unknown = Span{segment.front().span.begin, segment.back().span.end};
                    unknown_segment = segment;
                }
                continue;
            }
            const auto value = std::find_if(segment.begin(), segment.end(), [](const Token& t) {
                return t.kind == Token::Kind::kNumber;
            });
            over |= value->value > max_value_;
            found.push_back({catalog_.at(m->index).code, value->value});
        }
        if (found.empty()) {
            Fail(span, InvalidReason::kTwoNumbers, suggest);
        } else if (unknown) {
            Fail(*unknown, InvalidReason::kUnknownIndicator,
                 [&] { return SuggestFor(unknown_segment, std::nullopt); });
        } else if (over) {
            Fail(span, InvalidReason::kOverCeiling, suggest);
        } else {
            for (const auto& item : found) Add(span, item.indicator, item.value);
        }
    }

    void Add(Span span, const std::string& code, std::int64_t value) {
        ++complete_items_;
        const bool repeated =
            std::any_of(report_.items.begin(), report_.items.end(),
                        [&](const ParsedItem& it) { return it.indicator == code; });
        if (repeated) {
            Fail(span, InvalidReason::kDuplicateIndicator,
                 [&] { return std::optional<std::string>(code); });
        } else {
            report_.items.push_back({code, value});
        }
    }

    // Only the first mistake is reported, so its suggestion (a search through every name) is
    // worked out only then.
    template <typename Suggest>
    void Fail(Span where, InvalidReason reason, const Suggest& suggest) {
        if (first_error_) return;
        first_error_ = std::get<Invalid>(
            InvalidAt(text_, where, reason, with_suggestions_ ? suggest() : std::nullopt));
    }

    const FoldedText& text_;
    const IndicatorCatalog& catalog_;
    std::int64_t max_value_;
    bool with_suggestions_;
    ParsedReport report_;
    std::optional<Invalid> first_error_;
    std::size_t complete_items_ = 0;
};

// Skips the words at `i` if `s` has them there as whole words.
std::size_t SkipWords(std::string_view s, std::size_t i, std::string_view words) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (s.compare(i, words.size(), words) != 0) return i;
    const std::size_t stop = i + words.size();
    return stop == s.size() || s[stop] == ' ' ? stop : i;
}

// "Báo cáo kết quả tháng 10: …", "BC tuần 2: …", "Tháng này\n- 3 cks": the words before the
// colon of the first line (or the whole first line when the items start on the next) are a
// period, optionally after "kết quả", with a day allowed beside it ("tháng 10 ngày 31/10", the
// day being the message's date). Blanks the period and its colon in `work` when found.
PeriodHeading TakePeriodHeading(std::string& work, std::size_t begin, std::size_t end,
                                const Date& today) {
    PeriodHeading out;
    std::size_t line_end = work.find('\n', begin);
    if (line_end == std::string::npos || line_end > end) line_end = end;
    std::size_t stop = work.find(':', begin);
    if (stop == std::string::npos || stop >= line_end) {
        if (line_end == end) return out;  // one line and no colon: no room for a heading
        stop = line_end;
    }
    const std::string_view line(work.data(), stop);
    std::size_t start = SkipWords(line, begin, "ket qua");
    start = SkipWords(line, start, "kq");
    while (start < stop && line[start] == ' ') ++start;
    // Only a period word can start one: most reports pay for this test alone. ("ngày 28/11:" is
    // the message's date, which TakeDate reads.)
    static constexpr std::array<std::string_view, 6> kPeriodWords = {"hom", "tuan", "thang",
                                                                     "quy", "nam",  "tu"};
    if (std::none_of(kPeriodWords.begin(), kPeriodWords.end(),
                     [&](std::string_view w) { return SkipWords(line, start, w) != start; })) {
        return out;
    }
    const std::string_view heading = line.substr(start);
    auto remainder_is_blank_or_a_day = [&](std::size_t from, std::size_t to) {
        const std::string rest =
            std::string(heading.substr(0, from)) + " " + std::string(heading.substr(to));
        if (rest.find_first_not_of(' ') == std::string::npos) return true;
        const PeriodResult day = ExtractPeriod(rest, today);
        return day.form == PeriodResult::Form::kDay && !day.invalid &&
               rest.find_first_not_of(' ', day.match_end) == std::string::npos &&
               rest.find_last_not_of(' ', day.match_begin) == std::string::npos;
    };
    PeriodResult p = ExtractPeriod(heading, today);
    // "tuần 2": a week of the reporting calendar, named with no certain days.
    if (p.form == PeriodResult::Form::kNone) {
        const std::size_t week = SkipWords(heading, 0, "tuan");
        std::size_t digits = week;
        while (digits < heading.size() && heading[digits] == ' ') ++digits;
        std::size_t number_end = digits;
        while (number_end < heading.size() && IsDigit(heading[number_end])) ++number_end;
        if (week == 0 || number_end == digits || number_end - digits > 2 ||
            (number_end < heading.size() && heading[number_end] != ' ')) {
            return out;
        }
        p.match_begin = 0;
        p.match_end = number_end;
    } else if (p.form == PeriodResult::Form::kDay) {
        return out;  // "ngày 28/11:" is the message's date, read as every date is
    }
    while (p.match_begin < p.match_end && heading[p.match_begin] == ' ') ++p.match_begin;
    if (!remainder_is_blank_or_a_day(p.match_begin, p.match_end)) return out;

    out.found = true;
    out.period = {start + p.match_begin, start + p.match_end};
    if (p.invalid) {
        out.error = InvalidReason::kBadPeriod;
        return out;
    }
    out.range = p.range;
    if (p.year_assumed_past || (p.range && sys_days{p.range->from} > sys_days{today})) {
        out.error = InvalidReason::kFuturePeriod;  // "tháng 12" in November: not guessed
        return out;
    }
    if (p.range && p.range->from == p.range->to) out.day = p.range->from;
    std::fill(work.begin() + static_cast<long>(out.period.begin),
              work.begin() + static_cast<long>(out.period.end), ' ');
    if (work[stop] == ':') work[stop] = ' ';
    std::fill(work.begin() + static_cast<long>(begin), work.begin() + static_cast<long>(start),
              ' ');  // "kết quả"
    return out;
}

}  // namespace

std::size_t MatchWords(std::string_view folded, std::size_t at, std::string_view words) {
    std::size_t i = at;
    for (const char w : words) {
        if (w == ' ') {
            if (i >= folded.size() || !IsSpace(folded[i])) return std::string_view::npos;
            while (i < folded.size() && IsSpace(folded[i])) ++i;
            continue;
        }
        if (i >= folded.size() || folded[i] != w) return std::string_view::npos;
        ++i;
    }
    if (i < folded.size() && IsWordByte(folded[i])) return std::string_view::npos;
    return i;
}

std::size_t ReportKeywordEndAt(std::string_view folded, std::size_t at) {
    for (std::string_view keyword : {"bao cao", "baocao", "bc"}) {
        if (const std::size_t end = MatchWords(folded, at, keyword);
            end != std::string_view::npos) {
            return end;
        }
    }
    return std::string_view::npos;
}

std::size_t FindReportKeywordEnd(std::string_view folded) {
    auto keyword_at = [&](std::size_t i) { return ReportKeywordEndAt(folded, i); };
    std::size_t i = 0;
    while (i < folded.size() && (IsSpace(folded[i]) || folded[i] == '/')) ++i;
    if (std::size_t end = keyword_at(i); end != std::string_view::npos) return end;
    // A short greeting before the keyword on the first line: "Dạ em xin báo cáo:".
    std::size_t words = 0;
    for (std::size_t p = i; p < folded.size() && folded[p] != '\n'; ++p) {
        if (IsDigit(folded[p])) return std::string_view::npos;
        const bool word_start = IsWordByte(folded[p]) && (p == 0 || !IsWordByte(folded[p - 1]));
        if (!word_start) continue;
        if (std::size_t end = keyword_at(p); end != std::string_view::npos && words > 0) {
            return end;
        }
        if (++words > 6) return std::string_view::npos;
    }
    return std::string_view::npos;
}

std::size_t ReportParser::DropHeading(std::string& work, std::size_t begin, std::size_t end) const {
    // "bc thôn Đồng Sơn: 12 tktt" or "Báo cáo kết quả tuần: …": words before the first colon of
    // the first line that hold no number and name no indicator are a heading, not an item.
    std::size_t line_end = work.find('\n', begin);
    if (line_end == std::string::npos || line_end > end) line_end = end;
    const std::size_t colon = work.find(':', begin);
    if (colon == std::string::npos || colon >= line_end) return std::string::npos;
    const std::vector<Token> heading = Tokenize(work, {begin, colon}, catalog_);
    if (heading.empty()) return std::string::npos;
    const bool words_only = std::all_of(heading.begin(), heading.end(), [](const Token& t) {
        return t.kind == Token::Kind::kWord;
    });
    if (!words_only || catalog_.Match(JoinWords(heading, false))) return std::string::npos;
    std::fill(work.begin() + static_cast<long>(begin), work.begin() + static_cast<long>(colon) + 1,
              ' ');
    return colon;
}

Interpretation ReportParser::Parse(const FoldedText& text, std::size_t begin, std::size_t end,
                                   bool keyword, const Date& today) const {
    // Most reports have no heading: look for one only when the first reading fails on a piece
    // it did not understand.
    // Suggestions (a search through every name) are worked out only for the answer given.
    std::string work = text.folded;  // blanked in place, so offsets still map to the original
    const PeriodHeading heading = TakePeriodHeading(work, begin, end, today);
    // What each reading starts from: a copy only when a heading was blanked.
    const std::string blanked = heading.found ? work : std::string();
    const std::string& base = heading.found ? blanked : text.folded;
    if (heading.error) {
        return Invalid{*heading.error,
                       Trimmed(text.OriginalOf(heading.period.begin, heading.period.end)),
                       std::nullopt};
    }
    auto with_heading = [&](Interpretation result) {
        auto* report = std::get_if<ParsedReport>(&result);
        if (report == nullptr || !heading.found) return result;
        report->period_heading = Trimmed(text.OriginalOf(heading.period.begin, heading.period.end));
        report->heading_period = heading.range;
        if (!report->date) report->date = heading.day;
        return result;
    };
    Interpretation first = ParseItems(text, work, begin, end, keyword, today, false);
    const auto* invalid = std::get_if<Invalid>(&first);
    if (invalid == nullptr) return with_heading(std::move(first));
    work = base;
    // A heading ("thôn Đồng Sơn:") read as items fails in many ways: try without it.
    if (const std::size_t colon = DropHeading(work, begin, end); colon != std::string::npos) {
        Interpretation second = ParseItems(text, work, begin, end, keyword, today, true);
        if (auto* report = std::get_if<ParsedReport>(&second)) {
            report->team_text = Trimmed(text.OriginalOf(begin, colon));
            return with_heading(std::move(second));
        }
        if (invalid->reason == InvalidReason::kUnknownIndicator) {
            return with_heading(std::move(second));
        }
    }
    work = base;
    return with_heading(ParseItems(text, work, begin, end, keyword, today, true));
}

Interpretation ReportParser::ParseItems(const FoldedText& text, std::string& work,
                                        std::size_t begin, std::size_t end, bool keyword,
                                        const Date& today, bool with_suggestions) const {
    const DateFound date = TakeDate(work, begin, end, today);
    if (date.found && !date.valid) return InvalidAt(text, date.span, InvalidReason::kBadDate);
    ItemReader reader(text, catalog_, max_value_, with_suggestions);
    for (const Span piece : SplitPieces(work, begin, end)) {
        std::vector<Token> tokens = Tokenize(work, piece, catalog_);
        DropPoliteParticles(tokens);
        if (!tokens.empty()) reader.Read(tokens);
    }
    return reader.Finish(keyword, date.date, Span{begin, end});
}

}  // namespace cnsbot::handlers
