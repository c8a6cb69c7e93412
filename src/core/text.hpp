#pragma once
// Plain-text helpers for the parsers of every folder (trtexec logs, /proc files, percentile lists, torch
// messages). std-only, so the backends that must keep fmt out of their translation units can use them too.
#include <string_view>

namespace ib::core {

/// `text` without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r); a view into `text`.
[[nodiscard]] std::string_view trim(std::string_view text);

}  // namespace ib::core
