#pragma once
// A parser of the Prometheus text exposition format (0.0.4) and of OpenMetrics 1.0 text, for tests: the
// grammar (metric and label names, quoted label values with their three escapes, float values including NaN
// and +-Inf, optional timestamps, HELP/TYPE/UNIT comments) and the rules a scraper enforces (one TYPE per
// family, before its samples; a family's samples together; unique label names and label sets; summary
// quantiles in 0..1; counters not negative and, in OpenMetrics, named <family>_total; OpenMetrics' UNIT a
// suffix of the family name and its "# EOF" last). Throws std::runtime_error("line N: ...") on the first
// violation.
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ib::testing {

struct ParsedSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct ParsedFamily {
  std::string name;
  std::string type = "untyped";
  std::string help;
  std::string unit;
  std::vector<ParsedSample> samples;
};

struct ParsedExposition {
  std::vector<ParsedFamily> families;

  [[nodiscard]] const ParsedFamily* family(const std::string& name) const {
    for (const auto& f : families) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
  /// The value of the sample `name` whose labels include `labels`; throws when there is none.
  [[nodiscard]] double value(const std::string& name,
                             const std::map<std::string, std::string>& labels = {}) const {
    for (const auto& f : families) {
      for (const auto& s : f.samples) {
        if (s.name != name) continue;
        bool match = true;
        for (const auto& [k, v] : labels) match = match && s.labels.count(k) && s.labels.at(k) == v;
        if (match) return s.value;
      }
    }
    throw std::runtime_error("no sample " + name);
  }
};

class ExpositionParser {
 public:
  ExpositionParser(std::string_view text, bool openmetrics) : text_(text), openmetrics_(openmetrics) {}

  ParsedExposition parse() {
    bool eof = false;
    std::size_t start = 0;
    while (start < text_.size()) {
      const std::size_t end = text_.find('\n', start);
      if (end == std::string_view::npos) fail("the last line has no line feed");
      ++line_;
      if (eof) fail("text after # EOF");
      const std::string_view line = text_.substr(start, end - start);
      start = end + 1;
      if (line == "# EOF" && openmetrics_) {
        eof = true;
      } else if (!line.empty() && line.front() == '#') {
        comment(line);
      } else if (line.empty()) {
        if (openmetrics_) fail("OpenMetrics allows no empty line");
      } else {
        sample(line);
      }
    }
    if (openmetrics_ && !eof) fail("no # EOF at the end");
    return std::move(out_);
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error("line " + std::to_string(line_) + ": " + why);
  }

  static bool name_start(char c, bool colon) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  }
  static bool name_char(char c, bool colon) { return name_start(c, colon) || (c >= '0' && c <= '9'); }

  std::string name(std::string_view& rest, bool colon) {
    if (rest.empty() || !name_start(rest.front(), colon))
      fail("expected a name at '" + std::string(rest) + "'");
    std::size_t n = 1;
    while (n < rest.size() && name_char(rest[n], colon)) ++n;
    std::string out(rest.substr(0, n));
    rest.remove_prefix(n);
    return out;
  }

  void expect(std::string_view& rest, char c) {
    if (rest.empty() || rest.front() != c)
      fail(std::string("expected '") + c + "' at '" + std::string(rest) + "'");
    rest.remove_prefix(1);
  }

  std::string quoted(std::string_view& rest) {
    expect(rest, '"');
    std::string out;
    while (true) {
      if (rest.empty()) fail("unterminated label value");
      const char c = rest.front();
      rest.remove_prefix(1);
      if (c == '"') return out;
      if (c == '\n') fail("raw line feed in a label value");
      if (c != '\\') {
        out += c;
        continue;
      }
      if (rest.empty()) fail("dangling backslash");
      const char e = rest.front();
      rest.remove_prefix(1);
      if (e == '\\' || e == '"') {
        out += e;
      } else if (e == 'n') {
        out += '\n';
      } else {
        fail(std::string("bad escape \\") + e);
      }
    }
  }

  double number(std::string_view text) {
    const std::string s(text);
    if (s == "NaN") return NAN;
    if (s == "+Inf" || s == "Inf") return INFINITY;
    if (s == "-Inf") return -INFINITY;
    if (s.empty() || s.find_first_not_of("0123456789.eE+-") != std::string::npos)
      fail("bad number '" + s + "'");
    char* end = nullptr;
    const double value = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) fail("bad number '" + s + "'");
    return value;
  }

  ParsedFamily& family_named(const std::string& family) {
    for (auto& f : out_.families) {
      if (f.name == family) {
        if (&f != &out_.families.back()) fail("family " + family + " is split (its lines must be together)");
        return f;
      }
    }
    ParsedFamily added;
    added.name = family;
    out_.families.push_back(std::move(added));
    return out_.families.back();
  }

  void comment(std::string_view line) {
    std::string_view rest = line.substr(1);
    if (rest.empty() || rest.front() != ' ') {
      if (openmetrics_) fail("bad comment");
      return;
    }
    rest.remove_prefix(1);
    const std::size_t space = rest.find(' ');
    const std::string_view keyword = rest.substr(0, space);
    if (keyword != "HELP" && keyword != "TYPE" && keyword != "UNIT") {
      if (openmetrics_) fail("unknown comment " + std::string(keyword));
      return;  // a plain comment in the classic format
    }
    if (space == std::string_view::npos) fail("no metric name after " + std::string(keyword));
    rest.remove_prefix(space + 1);
    const std::string metric = name(rest, true);
    expect(rest, ' ');
    ParsedFamily& f = family_named(metric);
    if (!f.samples.empty()) fail(std::string(keyword) + " of " + metric + " after its samples");
    if (keyword == "TYPE") {
      static const std::set<std::string> kTypes = {"counter", "gauge", "summary",  "histogram",     "untyped",
                                                   "unknown", "info",  "stateset", "gaugehistogram"};
      if (f.type != "untyped" || seen_type_.count(metric)) fail("second TYPE for " + metric);
      if (!kTypes.count(std::string(rest))) fail("unknown type " + std::string(rest));
      f.type = std::string(rest);
      seen_type_.insert(metric);
    } else if (keyword == "HELP") {
      f.help = std::string(rest);
    } else {
      if (!openmetrics_) fail("UNIT is OpenMetrics only");
      f.unit = std::string(rest);
      if (metric.size() <= f.unit.size() ||
          metric.compare(metric.size() - f.unit.size(), f.unit.size(), f.unit) != 0 ||
          metric[metric.size() - f.unit.size() - 1] != '_')
        fail("UNIT " + f.unit + " is not the suffix of " + metric);
    }
  }

  // The family a sample name belongs to: the last family declared, when the name is it or it plus a suffix
  // its type allows.
  ParsedFamily& owner(const std::string& sample_name) {
    if (!out_.families.empty()) {
      ParsedFamily& last = out_.families.back();
      const std::string& f = last.name;
      auto is = [&](const char* suffix) { return sample_name == f + suffix; };
      if (last.type == "summary" && (is("") || is("_sum") || is("_count"))) return last;
      if (last.type == "counter") {
        if (openmetrics_ && is("_total")) return last;
        if (!openmetrics_ && is("")) return last;
        if (is("") || is("_total")) fail("counter sample " + sample_name + " misnamed for family " + f);
      }
      if ((last.type == "gauge" || last.type == "untyped" || last.type == "unknown") && is("")) return last;
    }
    return family_named(sample_name);
  }

  void sample(std::string_view rest) {
    ParsedSample s;
    s.name = name(rest, true);
    if (!rest.empty() && rest.front() == '{') {
      rest.remove_prefix(1);
      while (!rest.empty() && rest.front() != '}') {
        const std::string label = name(rest, false);
        expect(rest, '=');
        const std::string value = quoted(rest);
        if (!s.labels.emplace(label, value).second) fail("label " + label + " twice");
        if (!rest.empty() && rest.front() == ',') rest.remove_prefix(1);
      }
      expect(rest, '}');
    }
    expect(rest, ' ');
    const std::size_t space = rest.find(' ');
    s.value = number(rest.substr(0, space));
    if (space != std::string_view::npos) number(rest.substr(space + 1));  // timestamp
    ParsedFamily& f = owner(s.name);
    check(f, s);
    f.samples.push_back(std::move(s));
  }

  void check(const ParsedFamily& f, const ParsedSample& s) {
    for (const auto& other : f.samples) {
      if (other.name == s.name && other.labels == s.labels) fail("duplicate sample " + s.name);
    }
    if (f.type == "counter" && !(s.value >= 0)) fail("counter " + s.name + " is negative or NaN");
    if (f.type == "summary" && s.name == f.name) {
      const auto q = s.labels.find("quantile");
      if (q == s.labels.end()) fail("summary sample without quantile");
      const double quantile = number(q->second);
      if (!(quantile >= 0 && quantile <= 1)) fail("quantile " + q->second + " outside 0..1");
    }
  }

  std::string_view text_;
  bool openmetrics_;
  std::size_t line_ = 0;
  ParsedExposition out_;
  std::set<std::string> seen_type_;
};

/// Parses `text` as the classic format (openmetrics false) or as OpenMetrics.
inline ParsedExposition parse_exposition(std::string_view text, bool openmetrics) {
  return ExpositionParser(text, openmetrics).parse();
}

}  // namespace ib::testing
