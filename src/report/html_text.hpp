#pragma once
// The one escaping layer of report.html: untrusted text (run and model names, paths, warnings, anything read
// from a result) reaches the page only through these. Text goes into elements and attribute values through
// html_escape; data for the page's script goes into a <script type="application/json"> block through
// script_json, which no text can end early; images go in as data: URIs, and the page's own scripts are
// allowed by their hashes (Content-Security-Policy), so nothing outside the file is ever fetched or run.
#include <string>
#include <string_view>

namespace ib::report {

/// & < > " ' as character references: safe in element content and in quoted attribute values.
[[nodiscard]] std::string html_escape(std::string_view text);

/// JSON text made safe inside a <script> element: '<', '>' and '&' as \u003c, \u003e, \u0026 (so neither
/// "</script" nor "<!--" can appear), and U+2028/U+2029 as \u2028/\u2029 (line terminators in older
/// JavaScript parsers). Valid JSON in, the same JSON value out: those characters occur only inside strings.
[[nodiscard]] std::string script_json(std::string_view json);

/// RFC 4648 base64 with padding (data: URIs, CSP hashes).
[[nodiscard]] std::string base64(std::string_view bytes);

/// A Content-Security-Policy source for an inline script or style: 'sha256-<base64 of the digest>' of its
/// exact text.
[[nodiscard]] std::string csp_hash(std::string_view text);

}  // namespace ib::report
