#pragma once
// The quality pass: untimed, after the speed and breakdown passes, with the session still warm. It reads one
// output of the model for the run's input (the --image, or the deterministic fill), turns a dense output into
// an H x W map at the image's size, scores it against ground truth (one GT file, or a dataset of images run
// one by one through the same session), and hands the compared values back for the cross-engine comparison,
// which needs every run's map and so happens in the caller.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "quality/depth_map.hpp"
#include "io/image.hpp"
#include "quality/dataset.hpp"
#include "quality/depth_metrics.hpp"
#include "inferbench/result.hpp"
#include "runner/inference_session.hpp"

namespace ib::runner {

struct QualityRequest {
  std::optional<std::string> output_name;        ///< --output-name; else the model's first output
  std::shared_ptr<const io::Image> image;        ///< --image: dense maps are resized to its size (null: kept)
  io::Preprocess preprocess;                     ///< how dataset images become the first input
  std::optional<std::filesystem::path> gt_file;  ///< --gt (single image)
  std::optional<quality::Dataset> dataset;       ///< dataset mode; takes precedence over gt_file
  std::string dataset_source;                    ///< --metric-gt-dir, recorded as the GT's source
  quality::DepthOptions depth;
  quality::DepthFileOptions gt_files;  ///< --gt-scale and --max-image-pixels for GT files (and dataset images)
};

struct QualityOutcome {
  result::Quality quality;
  std::vector<double> values;  ///< the compared values: the map at the image's size, or the raw output
  std::vector<result::Warning> warnings;
};

/// Runs the pass on `session` (whose first input holds the run's input). Throws core::InputError for an
/// output name the model lacks, an output that is no dense map when ground truth is asked for, a GT file of
/// another aspect ratio, or a GT with no valid pixel; RunError when the session keeps no host copy of its
/// outputs (--no-transfers). An output with no usable value where the GT is valid is no error: the pass
/// records no GT metrics for it and says so in a warning.
[[nodiscard]] QualityOutcome run_quality_pass(InferenceSession& session, const QualityRequest& request);

/// One warning per output of the session's last round trip that holds NaN or Inf values (how many, of
/// which kind): checked once after the timed passes, with or without a quality pass. Outputs without a
/// host copy (--no-transfers on a device) are not read.
[[nodiscard]] std::vector<result::Warning> nonfinite_output_warnings(const InferenceSession& session);

}  // namespace ib::runner
