#pragma once
// Case names become folder names (DIR/cases/<case>/) whatever a suite file says: only letters, digits, '.',
// '_' and '-' survive, a name never starts with '.' or '-' (no "..", no hidden folder, no option), and it is
// at most 100 characters. A name taken twice gets "-2", "-3".
#include <map>
#include <string>
#include <string_view>

namespace ib::suite {

[[nodiscard]] std::string safe_case_name(std::string_view text);

/// safe_case_name(text), made unique among the names `seen` has counted.
[[nodiscard]] std::string unique_case_name(std::string_view text, std::map<std::string, int>& seen);

/// A model file's name without its folder and model extension: "models/vgg16_traced.jit.pt" -> "vgg16_traced".
[[nodiscard]] std::string model_stem(std::string_view path);

}  // namespace ib::suite
