#pragma once
// The per-layer profile trtexec writes with --exportProfile, read from text:
//   [ {"count": N}, {"name": ..., "timeMs": total, "averageMs": per iteration, "medianMs": ..., "percentage":
//   share of the total time}, ... ]
// medianMs exists from TensorRT 8.4 on. The per-iteration time of a layer is averageMs, never timeMs (a total
// over N iterations). The list may be wrapped like the times file (an array holding the list, an object whose
// only array member is the list). Repeated entries are removed: the whole profile written twice (a file
// appended to) is read once, and an entry equal to an earlier one of the same name is dropped; distinct
// layers that share a name (TensorRT does not promise unique names) are kept, the later ones renamed
// "name [2]", "name [3]".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inferbench/result.hpp"

namespace ib::trtexec {

/// A layer's times: the result model's LayerTime, filled straight from the file.
using LayerTime = result::LayerTime;

struct Profile {
  std::optional<std::int64_t> iterations;  ///< the leading {"count": N}, when present
  std::vector<LayerTime> layers;           ///< in the file's (execution) order
  std::vector<std::string> notes;          ///< duplicates removed, values derived, ...
  bool operator==(const Profile&) const = default;
};

/// Parses the text of a profile file. Throws ParseError naming the element and key at fault.
[[nodiscard]] Profile parse_profile(std::string_view text);

/// The profile as the result model's section (report/layer_profile.hpp ranks and draws it).
[[nodiscard]] result::LayerProfile to_layer_profile(const Profile& profile);

}  // namespace ib::trtexec
