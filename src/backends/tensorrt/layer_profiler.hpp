#pragma once
// Per-layer times from TensorRT's profiler interface (IProfiler::reportLayerTime, once per layer per profiled
// inference) gathered into the result's LayerProfile, the section trtexec's --exportProfile also fills, so
// reports rank and draw both alike. Profiling makes TensorRT synchronise after each layer: its inferences are
// never the timed ones.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "backends/tensorrt/trt_adapter.hpp"
#include "inferbench/result.hpp"

namespace ib::backends::tensorrt {

class LayerProfiler final : public LayerTimeSink {
 public:
  void layer_time(std::string_view layer, float ms) override;
  /// Ends one profiled inference: the layers reported since the last call were one pass over the engine.
  void inference_done();
  [[nodiscard]] std::int64_t inferences() const noexcept { return inferences_; }

  /// Layers in execution order (TensorRT does not promise unique names: the second layer of a name within an
  /// inference is "name [2]", as for trtexec's profile): total, mean and median per inference, share of the
  /// total in percent. An empty profile when no inference ended.
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

}  // namespace ib::backends::tensorrt
