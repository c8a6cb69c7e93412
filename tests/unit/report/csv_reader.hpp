#pragma once
// A small RFC 4180 reader for the tests: the exports are parsed back and checked against the result.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ib::report::testing {

using CsvRows = std::vector<std::vector<std::string>>;

inline CsvRows parse_csv(const std::string& text) {
  CsvRows rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool row_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      row_started = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      row_started = true;
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      row_started = false;
    } else {
      field += c;
      row_started = true;
    }
  }
  if (quoted) throw std::runtime_error("unterminated quote");
  if (row_started) {
    row.push_back(field);
    rows.push_back(row);
  }
  return rows;
}

/// Rows as maps from the header's names; throws when a row's width differs from the header's.
inline std::vector<std::map<std::string, std::string>> csv_records(const std::string& text) {
  const CsvRows rows = parse_csv(text);
  std::vector<std::map<std::string, std::string>> records;
  if (rows.empty()) return records;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != rows[0].size()) throw std::runtime_error("ragged row " + std::to_string(r));
    std::map<std::string, std::string> record;
    for (std::size_t c = 0; c < rows[0].size(); ++c) record[rows[0][c]] = rows[r][c];
    records.push_back(record);
  }
  return records;
}

}  // namespace ib::report::testing
