#include "engine/figure_inputs.hpp"

#include <fmt/format.h>

#include <cstring>

#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "io/image.hpp"
#include "io/npy.hpp"
#include "quality/depth_map.hpp"

namespace ib::engine {
namespace {

namespace fs = std::filesystem;

constexpr const char* kInputFile = "outputs/input_image.npy";
constexpr const char* kGroundTruthFile = "outputs/ground_truth.npy";

void save_input_image(const std::string& source, const fs::path& result_dir) {
  const io::Image image = io::read_image(source, io::kMaxImagePixels);
  io::NpyArray array;
  array.dtype = core::DType::uint8;
  array.shape = {image.height, image.width, 3};
  array.data.resize(image.rgb.size());
  std::memcpy(array.data.data(), image.rgb.data(), image.rgb.size());
  io::ensure_writable_directory(result_dir / "outputs");
  io::write_npy(result_dir / kInputFile, array);
}

void save_ground_truth(const result::GroundTruthQuality& gt, const fs::path& result_dir) {
  const quality::DepthMap map = quality::read_depth_map(gt.source, {gt.gt_scale, io::kMaxImagePixels});
  io::ensure_writable_directory(result_dir / "outputs");
  io::write_npy(result_dir / kGroundTruthFile, io::make_npy(core::DType::fp32, {map.height, map.width}, map.values));
}

// Runs `save` once for the first run that needs it and records `file` in every run that shares `key`.
template <typename Wants, typename Save>
void save_once(result::Result& result, Wants wants, Save save, std::optional<std::string> result::Quality::*field,
               const char* file, std::vector<std::string>& notes) {
  std::optional<std::string> saved_key;
  for (result::Run& run : result.runs) {
    const std::optional<std::string> key = run.quality ? wants(run) : std::nullopt;
    if (!key) continue;
    if (!saved_key) {
      try {
        save(run);
        saved_key = key;
      } catch (const std::exception& e) {
        notes.push_back(fmt::format("{} not saved for the figures: {}", file, e.what()));
        return;
      }
    }
    if (*key == *saved_key) (*run.quality).*field = file;
  }
}

}  // namespace

std::vector<std::string> save_figure_inputs(result::Result& result, const fs::path& result_dir) {
  std::vector<std::string> notes;
  save_once(
      result, [](const result::Run& run) { return run.config.input_image; },
      [&](const result::Run& run) { save_input_image(*run.config.input_image, result_dir); },
      &result::Quality::input_file, kInputFile, notes);
  save_once(
      result,
      [](const result::Run& run) -> std::optional<std::string> {
        const auto& gt = run.quality->ground_truth;
        if (!gt || gt->mode == "dataset") return std::nullopt;
        return gt->source;
      },
      [&](const result::Run& run) { save_ground_truth(*run.quality->ground_truth, result_dir); },
      &result::Quality::ground_truth_file, kGroundTruthFile, notes);
  return notes;
}

}  // namespace ib::engine
