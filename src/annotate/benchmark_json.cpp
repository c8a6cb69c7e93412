#include "annotate/benchmark_json.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stats/quantile_ci.hpp"
#include "stats/summary.hpp"

namespace ib::annotate {
namespace {

using Json = nlohmann::ordered_json;

// One batch level: the node whose children are batches, and those batches.
struct Level {
  std::int32_t parent = 0;
  std::vector<std::int32_t> batches;  ///< every kept batch child, in first-push order
  std::vector<bool> counted;          ///< has items (CV-CUDA counts only those)
  std::vector<bool> warmup;
  std::int64_t counted_batches = 0;
};

class Layout {
 public:
  Layout(const RangeTree& tree, std::int64_t warmup) : tree_(tree), warmup_(warmup) { find_levels(0); }

  [[nodiscard]] const RangeNode& node(std::int32_t index) const { return tree_.nodes[static_cast<std::size_t>(index)]; }
  [[nodiscard]] const std::vector<Level>& levels() const { return levels_; }

  [[nodiscard]] std::vector<std::int32_t> kept_children(std::int32_t index) const {
    std::vector<std::int32_t> kept;
    for (const std::int32_t child : node(index).children)
      if (!node(child).discarded) kept.push_back(child);
    return kept;
  }

  [[nodiscard]] std::string path(std::int32_t index) const {
    const RangeNode& n = node(index);
    return n.parent < 0 ? n.name : path(n.parent) + "/" + n.name;
  }

  // The root is no range: its time is that of the ranges directly under it, which ran one after another.
  [[nodiscard]] double cpu_ms(std::int32_t index) const { return time_ms(index, &RangeNode::cpu_ms); }
  [[nodiscard]] double gpu_ms(std::int32_t index) const { return time_ms(index, &RangeNode::gpu_ms); }

  // Items of the batches below a node that is not inside a batch, nested batch levels left to their own.
  [[nodiscard]] std::int64_t items_below(std::int32_t index) const {
    std::int64_t items = 0;
    for (const std::int32_t child : kept_children(index))
      items += node(child).batch ? node(child).total_items : items_below(child);
    return items;
  }

  [[nodiscard]] const Level* level_of(std::int32_t parent) const {
    for (const Level& level : levels_)
      if (level.parent == parent) return &level;
    return nullptr;
  }

 private:
  [[nodiscard]] double time_ms(std::int32_t index, double RangeNode::*field) const {
    if (index != 0) return node(index).*field;
    double total = 0;
    for (const std::int32_t child : kept_children(0)) total += node(child).*field;
    return total;
  }

  void find_levels(std::int32_t index) {
    Level level;
    level.parent = index;
    for (const std::int32_t child : kept_children(index)) {
      if (node(child).batch) {
        level.batches.push_back(child);
        level.counted.push_back(node(child).total_items > 0);
        level.counted_batches += node(child).total_items > 0 ? 1 : 0;
      }
      find_levels(child);
    }
    if (level.batches.empty()) return;
    std::int64_t position = 0;
    for (const bool counted : level.counted) {
      level.warmup.push_back(counted && (position < warmup_ || position >= level.counted_batches - warmup_));
      position += counted ? 1 : 0;
    }
    levels_.push_back(std::move(level));
  }

  const RangeTree& tree_;
  std::int64_t warmup_;
  std::vector<Level> levels_;
};

[[nodiscard]] double per(double value, std::int64_t items) {
  return items > 0 ? value / static_cast<double>(items) : 0.0;
}

void add_minus_warmup(const Layout& layout, const Level& level, Json& out) {
  double warm_cpu = 0;
  double warm_gpu = 0;
  std::int64_t items = 0;
  for (std::size_t i = 0; i < level.batches.size(); ++i) {
    const RangeNode& batch = layout.node(level.batches[i]);
    if (level.warmup[i]) {
      warm_cpu += batch.cpu_ms;
      warm_gpu += batch.gpu_ms;
    } else if (level.counted[i]) {
      items += batch.total_items;
    }
  }
  const double cpu = layout.cpu_ms(level.parent) - warm_cpu;
  const double gpu = layout.gpu_ms(level.parent) - warm_gpu;
  out["cpu_time_minus_warmup"] = cpu;
  out["gpu_time_minus_warmup"] = gpu;
  out["cpu_time_minus_warmup_per_item"] = per(cpu, items);
  out["gpu_time_minus_warmup_per_item"] = per(gpu, items);
  out["total_items_minus_warmup"] = items;
}

[[nodiscard]] Json node_json(const Layout& layout, std::int32_t index, bool inside_batch) {
  const RangeNode& n = layout.node(index);
  Json out = Json::object();
  for (const std::int32_t child : layout.kept_children(index))
    out[layout.node(child).name] = node_json(layout, child, inside_batch || n.batch);
  const double cpu = layout.cpu_ms(index);
  const double gpu = layout.gpu_ms(index);
  out["cpu_time"] = cpu;
  out["gpu_time"] = gpu;
  if (n.batch) {
    out["total_items"] = n.total_items;
    if (n.total_items > 0) {
      out["cpu_time_per_item"] = per(cpu, n.total_items);
      out["gpu_time_per_item"] = per(gpu, n.total_items);
    }
  } else if (!inside_batch) {
    const std::int64_t items = layout.items_below(index);
    out["cpu_time_per_item"] = per(cpu, items);
    out["gpu_time_per_item"] = per(gpu, items);
    out["total_items"] = items;
    if (const Level* level = layout.level_of(index)) add_minus_warmup(layout, *level, out);
  }
  return out;
}

}  // namespace

Json mean_of(const std::vector<const Json*>& objects) {
  Json out = Json::object();
  std::vector<std::string> keys;
  for (const Json* object : objects)
    for (const auto& item : object->items())
      if (std::find(keys.begin(), keys.end(), item.key()) == keys.end()) keys.push_back(item.key());
  for (const std::string& key : keys) {
    std::vector<const Json*> values;
    for (const Json* object : objects)
      if (object->contains(key)) values.push_back(&(*object)[key]);
    if (values.front()->is_object()) {
      out[key] = mean_of(values);
      continue;
    }
    double sum = 0;
    for (const Json* value : values) sum += value->get<double>();
    out[key] = sum / static_cast<double>(values.size());
  }
  return out;
}

namespace {

[[nodiscard]] Json mean_data(const Layout& layout, const Json& data) {
  Json out = Json::object();
  for (const Level& level : layout.levels()) {
    const std::string parent_path = layout.path(level.parent);
    // The level's parent object inside `data`, found by walking its path from the root.
    std::vector<std::int32_t> chain;
    for (std::int32_t i = level.parent; i > 0; i = layout.node(i).parent) chain.insert(chain.begin(), i);
    const Json* parent = &data[layout.node(0).name];
    for (const std::int32_t i : chain) parent = &(*parent)[layout.node(i).name];
    std::vector<const Json*> kept;
    for (std::size_t i = 0; i < level.batches.size(); ++i)
      if (level.counted[i] && !level.warmup[i]) kept.push_back(&(*parent)[layout.node(level.batches[i]).name]);
    if (!kept.empty()) out[parent_path] = mean_of(kept);
  }
  return out;
}

}  // namespace

Json summary_json(std::vector<double> values, std::span<const double> percentiles) {
  if (values.empty()) return nullptr;
  const stats::Summary summary = stats::summarize(values, percentiles);
  std::sort(values.begin(), values.end());
  Json out{{"count", summary.count}, {"mean", summary.mean},     {"std", summary.std},
           {"min", summary.min},     {"max", summary.max},       {"median", summary.median}};
  Json points = Json::object();
  Json intervals = Json::object();
  for (const stats::Percentile& point : summary.percentiles) {
    const std::string key = stats::percentile_key(point.p);
    points[key] = point.value;
    if (point.p <= 0 || point.p >= 100) continue;
    const stats::QuantileInterval ci = stats::quantile_ci(values, point.p, 0.95);
    intervals[key] = ci.available ? Json{{"lower", ci.lower}, {"upper", ci.upper}} : Json(nullptr);
  }
  out["percentiles"] = std::move(points);
  out["ci95"] = std::move(intervals);
  return out;
}

namespace {

// Every range of one level, by its path relative to the level ("batch", "batch/infer"), one value per batch.
struct RangeSeries {
  std::vector<std::optional<double>> cpu_ms;
  std::vector<std::optional<double>> gpu_ms;
};

void collect_series(const Layout& layout, std::int32_t index, const std::string& relative, std::size_t batch,
                    std::size_t batch_count, std::vector<std::pair<std::string, RangeSeries>>& out) {
  auto found = std::find_if(out.begin(), out.end(), [&](const auto& item) { return item.first == relative; });
  if (found == out.end()) {
    out.push_back({relative, {std::vector<std::optional<double>>(batch_count), std::vector<std::optional<double>>(batch_count)}});
    found = out.end() - 1;
  }
  found->second.cpu_ms[batch] = layout.node(index).cpu_ms;
  found->second.gpu_ms[batch] = layout.node(index).gpu_ms;
  for (const std::int32_t child : layout.kept_children(index))
    collect_series(layout, child, relative + "/" + layout.node(child).name, batch, batch_count, out);
}

[[nodiscard]] Json series_json(const std::vector<std::optional<double>>& series, const Level& level,
                               std::span<const double> percentiles, Json& stats_out, const char* key) {
  Json values = Json::array();
  std::vector<double> kept;
  for (std::size_t i = 0; i < series.size(); ++i) {
    values.push_back(series[i] ? Json(*series[i]) : Json(nullptr));
    if (series[i] && level.counted[i] && !level.warmup[i]) kept.push_back(*series[i]);
  }
  stats_out[key] = summary_json(std::move(kept), percentiles);
  return values;
}

[[nodiscard]] Json level_json(const Layout& layout, const Level& level, bool gpu, std::span<const double> percentiles) {
  Json batches = Json::array();
  std::vector<std::pair<std::string, RangeSeries>> series;
  for (std::size_t i = 0; i < level.batches.size(); ++i) {
    const RangeNode& batch = layout.node(level.batches[i]);
    batches.push_back({{"name", batch.name},
                       {"batch_idx", batch.batch_idx},
                       {"total_items", batch.total_items},
                       {"warmup", static_cast<bool>(level.warmup[i])},
                       {"counted", static_cast<bool>(level.counted[i])},
                       {"start_unix_s", batch.start_unix_s},
                       {"end_unix_s", batch.end_unix_s}});
    collect_series(layout, level.batches[i], batch.label, i, level.batches.size(), series);
  }
  Json ranges = Json::object();
  for (const auto& [relative, values] : series) {
    Json range = Json::object();
    Json stats = Json::object();
    range["cpu_time_ms"] = series_json(values.cpu_ms, level, percentiles, stats, "cpu_time_ms");
    if (gpu) range["gpu_time_ms"] = series_json(values.gpu_ms, level, percentiles, stats, "gpu_time_ms");
    range["stats_minus_warmup"] = std::move(stats);
    ranges[relative] = std::move(range);
  }
  return {{"batches", std::move(batches)}, {"ranges", std::move(ranges)}};
}

[[nodiscard]] Json our_json(const Layout& layout, const RangeTree& tree, std::int64_t warmup,
                            std::span<const double> percentiles) {
  Json levels = Json::object();
  for (const Level& level : layout.levels())
    levels[layout.path(level.parent)] = level_json(layout, level, tree.gpu_timed, percentiles);
  return {{"format_version", "1.0.0"},
          {"cpu_time", "host wall time from push_range to pop_range (steady clock), ms"},
          {"gpu_time", tree.gpu_timed ? "CUDA events recorded on the profiler's stream at push and pop, ms"
                                      : "not measured (no CUDA stream given): 0"},
          {"warmup_batches", warmup},
          {"warmup_rule", "the first and the last warmup_batches batches of each level, by push order, among batches with items"},
          {"percentile_method", stats::kPercentileMethod},
          {"std_method", stats::kStdMethod},
          {"ci", "95% distribution-free order-statistic interval (docs/methodology.md)"},
          {"levels", std::move(levels)}};
}

}  // namespace

Json benchmark_json(const RangeTree& tree, std::int64_t warmup_batches, std::span<const double> percentiles) {
  const Layout layout(tree, warmup_batches);
  Json data = Json::object();
  data[tree.nodes.front().name] = node_json(layout, 0, false);
  Json totals = Json::object();
  for (const Level& level : layout.levels()) totals[layout.path(level.parent)] = level.counted_batches;
  Json meta{{"obj_name", tree.nodes.front().name},
            {"measurement_unit", "milliseconds"},
            {"total_batches", std::move(totals)},
            {"warmup_batches", warmup_batches},
            {"device", {{"id", tree.device_index}, {"name", tree.device_name}}}};
  Json means = mean_data(layout, data);
  return {{"data", std::move(data)},
          {"mean_data", std::move(means)},
          {"meta", std::move(meta)},
          {"inferbench", our_json(layout, tree, warmup_batches, percentiles)}};
}

}  // namespace ib::annotate
