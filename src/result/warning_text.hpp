#pragma once
// The one place a warning becomes text: what users read on the terminal, in summary.md and in result.json's
// "message", and the only library file that names CLI flags (the flag that helps is part of the sentence).
// Library code records a result::Warning (kind + values) and never formats a warning itself.
#include <optional>
#include <string>
#include <string_view>

#include "inferbench/result.hpp"

namespace ib::result {

/// The sentence for a warning, from its kind and values (a value it lacks reads as 0 or "").
[[nodiscard]] std::string warning_text(const Warning& warning);

/// The kind's stable snake_case name, as in result.json ("high_cv").
[[nodiscard]] std::string_view warning_kind_name(WarningKind kind);

/// The kind of a name; nullopt for a name this version does not know (a newer file's).
[[nodiscard]] std::optional<WarningKind> warning_kind_from_name(std::string_view name);

/// A warning of kind legacy carrying a sentence as it stands (files of schema 1.2 and older, unknown kinds).
[[nodiscard]] Warning legacy_warning(std::string text);

}  // namespace ib::result
