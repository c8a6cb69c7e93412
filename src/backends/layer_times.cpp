#include "backends/layer_times.hpp"

#include <algorithm>
#include <numeric>

#include "stats/summary.hpp"

namespace ib::backends {

std::size_t LayerTimes::slot(std::string_view name) {
  auto seen = std::find_if(seen_in_inference_.begin(), seen_in_inference_.end(),
                           [&](const auto& entry) { return entry.first == name; });
  if (seen == seen_in_inference_.end()) {
    seen_in_inference_.emplace_back(std::string(name), 0);
    seen = seen_in_inference_.end() - 1;
  }
  const int occurrence = ++seen->second;
  const std::string key =
      occurrence == 1 ? std::string(name) : std::string(name) + " [" + std::to_string(occurrence) + "]";
  const auto found = std::find_if(layers_.begin(), layers_.end(), [&](const Layer& layer) { return layer.name == key; });
  if (found != layers_.end()) return static_cast<std::size_t>(found - layers_.begin());
  layers_.push_back({key, {}});
  return layers_.size() - 1;
}

void LayerTimes::add(std::string_view layer, double ms) {
  layers_[slot(layer)].times_ms.push_back(ms);
}

void LayerTimes::inference_done() {
  seen_in_inference_.clear();
  ++inferences_;
}

result::LayerProfile LayerTimes::profile() const {
  result::LayerProfile profile;
  if (inferences_ == 0) return profile;
  profile.iterations = inferences_;
  double all_ms = 0;
  for (const Layer& layer : layers_) all_ms += std::accumulate(layer.times_ms.begin(), layer.times_ms.end(), 0.0);
  for (const Layer& layer : layers_) {
    std::vector<double> sorted = layer.times_ms;
    std::sort(sorted.begin(), sorted.end());
    result::LayerTime time;
    time.name = layer.name;
    time.time_ms = std::accumulate(sorted.begin(), sorted.end(), 0.0);
    time.average_ms = time.time_ms / static_cast<double>(inferences_);
    time.median_ms = stats::percentile_linear_sorted(sorted, 50);
    time.percentage = all_ms > 0 ? time.time_ms / all_ms * 100 : 0;
    profile.layers.push_back(std::move(time));
  }
  return profile;
}

}  // namespace ib::backends
