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

// One CSV field, quoted when it needs to be.
std::string CsvField(std::string_view value);
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace cnsbot::handlers
