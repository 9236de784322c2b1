#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cnsbot::handlers {

struct CsvRow {
    std::size_t line = 0;  // 1-based line where the row starts
    std::vector<std::string> fields;
};

class CsvError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// RFC 4180 records (quoted fields, "" escapes, CRLF or LF); a leading UTF-8 BOM is skipped;
// blank lines are skipped.
std::vector<CsvRow> ParseCsv(std::string_view text);

// A field without the spaces and tabs around it.
std::string TrimField(const std::string& field);

// A code or id as the imports accept them: 1 to `max_length` ASCII letters, digits, '-', '_' or
// '.' (no spaces, quotes or anything pasted by mistake).
bool IsPlainCode(const std::string& field, std::size_t max_length);

// A file whose first line must be exactly `header`: its data rows, each with as many fields as
// the header, every field trimmed. Throws CsvError naming the line ("line 1: the header must be
// unit_code,indicator,period,value", "line 7: expected 4 fields, found 3").
std::vector<CsvRow> ParseCsvTable(std::string_view text, const std::vector<std::string>& header);

// ParseCsvTable for an import whose errors are `Error` (UnitImportError, …): the same message.
template <typename Error>
std::vector<CsvRow> ReadCsvTable(std::string_view text, const std::vector<std::string>& header) {
    try {
        return ParseCsvTable(text, header);
    } catch (const CsvError& e) {
        throw Error(e.what());
    }
}

// A cell that a spreadsheet will show as the text it is. Excel and LibreOffice evaluate a cell
// that starts with = + - @ (or a tab or carriage return before one) as a formula, so such text
// gets a leading apostrophe (OWASP's cure for CSV injection); so does its full-width twin
// (＝ ＋ － ＠), which some spreadsheet locales also read as a formula. A cell that is wholly a
// number ("-5", "+3", "1.5") stays as it is: it is a number to the spreadsheet, not a formula.
std::string SpreadsheetSafe(std::string_view value);

// One CSV field: SpreadsheetSafe, then quoted when it needs to be (RFC 4180).
std::string CsvField(std::string_view value);
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace cnsbot::handlers
