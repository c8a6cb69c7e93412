#pragma once
// benchmark.json from a recorded RangeTree, in the layout of CV-CUDA's range profiler (v0.4-0.7; users'
// scripts read it, ../../docs/pipelines.md lists the keys) plus our own key "inferbench":
//   data       the range hierarchy under the profiler's name; every node cpu_time and gpu_time (ms); batch
//              nodes total_items and *_per_item; nodes above the batches total_items and *_per_item over the
//              items below them; a batch level's parent also *_minus_warmup, *_minus_warmup_per_item and
//              total_items_minus_warmup.
//   mean_data  per batch level ("name/run/pipeline"), the mean of its non-warm-up batches' nodes.
//   meta       obj_name, measurement_unit, total_batches per level, warmup_batches, device.
// Warm-up: the first W and the last W batches of each level, by the order they were first pushed, among the
// batches with items (a batch of 0 items is neither warm-up nor counted). *_minus_warmup = the level parent's
// time minus its warm-up batches' times; per item, divided by the items of the other batches.
// Differences from the original, on purpose: full precision (no rounding to 3 decimals); a range repeated at
// one path adds up (the original kept the last); items are summed over the tree, not by path-prefix string
// matching; the root's time is the sum of the top-level ranges (the original had none, and failed when
// batches sat directly under it); warm-up is by position, not by the batch index's value.
#include <cstdint>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "annotate/range_tree.hpp"

namespace ib::annotate {

/// The whole benchmark.json object. `percentiles` (0..100) are those of the "inferbench" statistics.
[[nodiscard]] nlohmann::ordered_json benchmark_json(const RangeTree& tree, std::int64_t warmup_batches,
                                                    std::span<const double> percentiles);

/// The mean of each number over the objects that have its key, recursively into objects (a range absent from
/// some batches or processes is averaged over those that ran it). `objects` must not be empty.
[[nodiscard]] nlohmann::ordered_json mean_of(const std::vector<const nlohmann::ordered_json*>& objects);

/// {count, mean, std, min, max, median, percentiles {p50: ..}, ci95 {p50: {lower, upper} or null}} of `values`
/// (src/stats definitions); null when `values` is empty.
[[nodiscard]] nlohmann::ordered_json summary_json(std::vector<double> values, std::span<const double> percentiles);

}  // namespace ib::annotate
