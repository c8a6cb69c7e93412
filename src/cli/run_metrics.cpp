#include "cli/run_metrics.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "metrics/textfile.hpp"

namespace ib::cli {

RunMetrics::RunMetrics(const plan::RunOptions& options, Measurement& measurement, const std::string& device)
    : textfile_(options.metrics_textfile) {
  if (textfile_) {
    const std::filesystem::path parent = std::filesystem::path(*textfile_).parent_path();
    io::ensure_writable_directory(parent.empty() ? "." : parent);
  }
  if (!options.metrics_port) return;
  const int port = *options.metrics_port;
  if (port < 1 || port > 65535)
    throw core::InputError(fmt::format("--metrics-port must be 1..65535 (got {})", port));
  live_ = std::make_unique<metrics::LiveMetrics>(&measurement.live_samples(), device);
  measurement.set_metrics(live_.get());
  endpoint_ = std::make_unique<metrics::HttpEndpoint>(*live_, "0.0.0.0", port);
}

void RunMetrics::write_textfile(const result::Result& result) const {
  if (textfile_) metrics::write_textfile(*textfile_, result);
}

}  // namespace ib::cli
