#pragma once
// Static checks of a self-contained HTML page for tests: every URL the markup could make a browser load
// (src, href, srcset, poster, action, formaction, data, xlink:href attributes; url() and @import in <style>)
// must be a data: URI or a fragment (#id). Script text is not markup and is skipped here; what scripts do at
// run time is what the headless-browser test checks.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace ib::testing {

inline std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

inline bool stays_inside(std::string_view url) {
  while (!url.empty() && std::isspace(static_cast<unsigned char>(url.front()))) url.remove_prefix(1);
  const std::string start = lower(url.substr(0, 5));
  return url.empty() || url.front() == '#' || start == "data:";
}

// Attribute name/value pairs of one start tag's text (after the tag name, before '>').
inline std::vector<std::pair<std::string, std::string>> attributes(std::string_view tag) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i < tag.size()) {
    while (i < tag.size() && (std::isspace(static_cast<unsigned char>(tag[i])) || tag[i] == '/')) ++i;
    const std::size_t name_start = i;
    while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i])) && tag[i] != '=' &&
           tag[i] != '/')
      ++i;
    std::string name = lower(tag.substr(name_start, i - name_start));
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    std::string value;
    if (i < tag.size() && tag[i] == '=') {
      ++i;
      while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
      if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
        const char quote = tag[i++];
        const std::size_t end = std::min(tag.find(quote, i), tag.size());
        value = std::string(tag.substr(i, end - i));
        i = end + 1;
      } else {
        const std::size_t start = i;
        while (i < tag.size() && !std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
        value = std::string(tag.substr(start, i - start));
      }
    }
    if (!name.empty()) out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

inline void css_references(std::string_view css, std::vector<std::string>& found) {
  const std::string text = lower(css);
  for (const char* token : {"url(", "@import"}) {
    for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) {
      std::string_view rest = std::string_view(css).substr(at + std::string_view(token).size());
      while (!rest.empty() && (std::isspace(static_cast<unsigned char>(rest.front())) ||
                               rest.front() == '"' || rest.front() == '\'' || rest.front() == '('))
        rest.remove_prefix(1);
      if (std::string_view(token) == "@import" && lower(rest.substr(0, 4)) == "url(") rest.remove_prefix(4);
      if (!stays_inside(rest)) found.push_back(std::string(css.substr(at, 60)));
    }
  }
}

/// Every reference in `html` to something outside the file (empty: self-contained).
inline std::vector<std::string> external_references(std::string_view html) {
  static const std::vector<std::string> kUrlAttributes = {
      "src", "href", "srcset", "poster", "action", "data", "formaction", "xlink:href", "background"};
  std::vector<std::string> found;
  const std::string lowered = lower(html);
  std::size_t at = 0;
  while ((at = lowered.find('<', at)) != std::string::npos) {
    const std::size_t end = lowered.find('>', at);
    if (end == std::string::npos) break;
    std::size_t name_end = at + 1;
    while (name_end < end && !std::isspace(static_cast<unsigned char>(lowered[name_end])) &&
           lowered[name_end] != '>')
      ++name_end;
    const std::string name = lowered.substr(at + 1, name_end - at - 1);
    for (const auto& [attribute, value] : attributes(html.substr(name_end, end - name_end))) {
      const bool url =
          std::find(kUrlAttributes.begin(), kUrlAttributes.end(), attribute) != kUrlAttributes.end();
      if ((url && !stays_inside(value)) || (attribute == "style" && value.find("url(") != std::string::npos))
        found.push_back("<" + name + " " + attribute + "=" + value + ">");
    }
    at = end + 1;
    // Raw text elements: their content is not markup.
    if (name == "script" || name == "style") {
      const std::size_t close = lowered.find("</" + name, at);
      if (close == std::string::npos) break;
      if (name == "style") css_references(html.substr(at, close - at), found);
      at = close;
    }
  }
  return found;
}

}  // namespace ib::testing
