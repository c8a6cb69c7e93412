#pragma once
// TensorRT's profiler interface (IProfiler::reportLayerTime, once per layer per profiled inference, behind the
// adapter's LayerTimeSink) feeding the backend's LayerTimes. Profiling makes TensorRT synchronise after each
// layer: its inferences are never the timed ones.
#include <string_view>

#include "backends/layer_times.hpp"
#include "backends/tensorrt/trt_adapter.hpp"

namespace ib::backends::tensorrt {

class LayerProfiler final : public LayerTimeSink, public LayerTimes {
 public:
  void layer_time(std::string_view layer, float ms) override { add(layer, static_cast<double>(ms)); }
};

}  // namespace ib::backends::tensorrt
