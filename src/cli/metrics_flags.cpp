// `inferbench run`'s metrics flags (docs/reports.md, "Metrics").
#include "cli/flags.hpp"

namespace ib::cli {

void add_metrics_options(CLI::App& run, RunOptions& options) {
  run.add_option(
         "--metrics-textfile", options.metrics_textfile,
         "Write the runs' metrics in Prometheus' text format to FILE at the end (node-exporter's textfile "
         "collector reads *.prom)")
      ->type_name("FILE");
  run.add_option(
         "--metrics-port", options.metrics_port,
         "Serve the metrics (Prometheus / OpenMetrics) at http://0.0.0.0:N/metrics while the run lasts")
      ->type_name("N");
}

}  // namespace ib::cli
