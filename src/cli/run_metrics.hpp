#pragma once
// What `run` does for --metrics-port and --metrics-textfile: checks both before anything is measured, serves
// the live metrics while the runs go, and writes the text file once the result is whole.
#include <memory>
#include <optional>

#include "cli/run_worker.hpp"
#include "metrics/http_endpoint.hpp"
#include "metrics/live_metrics.hpp"
#include "plan/run_options.hpp"

namespace ib::cli {

class RunMetrics {
 public:
  /// Checks the flags (InputError: a port outside 1..65535, a text file in a folder that cannot be written)
  /// and, with --metrics-port, starts serving what `measurement` measures on `device`.
  RunMetrics(const plan::RunOptions& options, Measurement& measurement, const std::string& device);

  /// With --metrics-textfile: the result's metrics, written atomically.
  void write_textfile(const result::Result& result) const;

 private:
  std::optional<std::string> textfile_;
  std::unique_ptr<metrics::LiveMetrics> live_;
  std::unique_ptr<metrics::HttpEndpoint> endpoint_;
};

}  // namespace ib::cli
