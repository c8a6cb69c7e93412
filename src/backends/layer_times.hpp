#pragma once
// Per-layer times of profiled inferences, as a backend reports them (one time per layer per inference),
// gathered into the result's LayerProfile: the section trtexec's --exportProfile also fills, so the reports
// rank and draw both alike. Every backend that can time layers keeps one (TensorRT through its IProfiler, the
// fake and synthetic backends from their own steps).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inferbench/result.hpp"

namespace ib::backends {

class LayerTimes {
 public:
  /// One layer of the inference in progress took `ms`.
  void add(std::string_view layer, double ms);
  /// Ends one profiled inference: the layers added since the last call were one pass over the model.
  void inference_done();
  [[nodiscard]] std::int64_t inferences() const noexcept { return inferences_; }

  /// Layers in execution order (names need not be unique: the second layer of a name within an inference is
  /// "name [2]", as for trtexec's profile): total, mean and median per inference, share of the total in
  /// percent. An empty profile when no inference ended.
  [[nodiscard]] result::LayerProfile profile() const;

 private:
  struct Layer {
    std::string name;
    std::vector<double> times_ms;  ///< one per inference that ran it
  };
  // (name, occurrence within the inference in progress) -> index into layers_
  [[nodiscard]] std::size_t slot(std::string_view name);

  std::vector<Layer> layers_;
  std::vector<std::pair<std::string, int>> seen_in_inference_;
  std::int64_t inferences_ = 0;
};

}  // namespace ib::backends
