// `inferbench suite`'s flags (docs/suites.md).
#include "cli/flags.hpp"

namespace ib::cli {

void add_suite_options(CLI::App& suite, SuiteOptions& options) {
  suite.add_option("file", options.file, "The suite: ours or the multi-backend runner's YAML (docs/suites.md)")
      ->required()
      ->type_name("FILE.yml");
  suite.add_option("--output-dir", options.output_dir,
                   "Where suite.json/.md/.csv and cases/<case>/ go (default suite_results)")
      ->type_name("DIR");
  suite.add_flag("--resume", options.resume, "Keep the cases a previous run of this suite into DIR finished");
  suite.add_flag("--dry-run", options.dry_run, "List the cases (and why any is skipped), run nothing");
  suite.add_option("--device", options.device, "Run every case on this device (cpu, cuda, cuda:N)")
      ->type_name("DEVICE");
}

}  // namespace ib::cli
