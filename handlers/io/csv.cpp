#include "handlers/io/csv.hpp"

#include <algorithm>

namespace cnsbot::handlers {

std::vector<CsvRow> ParseCsv(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<CsvRow> rows;
    CsvRow row;
    std::string field;
    std::size_t line = 1;
    bool quoted = false, field_started = false;
    row.line = 1;
    auto end_field = [&] {
        row.fields.push_back(std::move(field));
        field.clear();
        field_started = false;
    };
    auto end_row = [&] {
        end_field();
        const bool blank = row.fields.size() == 1 && row.fields[0].empty();
        if (!blank) rows.push_back(std::move(row));
        row = CsvRow{};
        row.line = line;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field.push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                field.push_back(c);
            }
            continue;
        }
        if (c == '"' && !field_started) {
            quoted = true;
            field_started = true;
        } else if (c == ',') {
            end_field();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++line;
            end_row();
        } else {
            field.push_back(c);
            field_started = true;
        }
    }
    if (quoted) throw CsvError("line " + std::to_string(row.line) + ": unterminated quoted field");
    if (field_started || !row.fields.empty()) end_row();
    return rows;
}

std::string TrimField(const std::string& field) {
    const auto b = field.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return field.substr(b, field.find_last_not_of(" \t") - b + 1);
}

namespace {

bool IsPlainNumber(std::string_view value) {
    if (!value.empty() && (value[0] == '-' || value[0] == '+')) value.remove_prefix(1);
    bool digits = false, separator = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (c >= '0' && c <= '9') {
            digits = true;
        } else if ((c == '.' || c == ',') && digits && !separator && i + 1 < value.size()) {
            separator = true;
        } else {
            return false;
        }
    }
    return digits;
}

bool StartsLikeAFormula(std::string_view value) {
    constexpr std::string_view kAscii = "=+-@\t\r";
    // UTF-8 of U+FF1D, U+FF0B, U+FF0D, U+FF20: the full-width = + - @.
    constexpr std::string_view kFullWidth[] = {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D",
                                               "\xEF\xBC\xA0"};
    if (value.empty()) return false;
    if (kAscii.find(value[0]) != std::string_view::npos) return true;
    for (const auto prefix : kFullWidth) {
        if (value.starts_with(prefix)) return true;
    }
    return false;
}

}  // namespace

std::string SpreadsheetSafe(std::string_view value) {
    if (!StartsLikeAFormula(value) || IsPlainNumber(value)) return std::string(value);
    std::string text;
    text.reserve(value.size() + 1);
    text.push_back('\'');
    text.append(value);
    return text;
}

std::string CsvField(std::string_view raw) {
    const std::string safe = SpreadsheetSafe(raw);
    const std::string_view value = safe;
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

std::string CsvLine(const std::vector<std::string>& fields) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out.push_back(',');
        out += CsvField(fields[i]);
    }
    out += "\r\n";  // what spreadsheet programs expect
    return out;
}

bool IsPlainCode(const std::string& field, std::size_t max_length) {
    return !field.empty() && field.size() <= max_length &&
           std::all_of(field.begin(), field.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.';
           });
}

std::vector<CsvRow> ParseCsvTable(std::string_view text, const std::vector<std::string>& header) {
    std::vector<CsvRow> rows = ParseCsv(text);
    if (rows.empty()) throw CsvError("the file is empty");
    std::vector<std::string> found;
    for (const auto& f : rows[0].fields) found.push_back(TrimField(f));
    if (found != header) {
        std::string expected;
        for (const auto& name : header) expected += (expected.empty() ? "" : ",") + name;
        throw CsvError("line 1: the header must be " + expected);
    }
    rows.erase(rows.begin());
    for (auto& row : rows) {
        if (row.fields.size() != header.size()) {
            throw CsvError("line " + std::to_string(row.line) + ": expected " +
                           std::to_string(header.size()) + " fields, found " +
                           std::to_string(row.fields.size()));
        }
        for (auto& field : row.fields) field = TrimField(field);
    }
    return rows;
}

}  // namespace cnsbot::handlers
