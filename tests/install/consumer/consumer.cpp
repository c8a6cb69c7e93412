// Runs a two-model plan through the public API alone (include/inferbench/), writes the result and its
// reports into argv[1], and prints one line per run: name, status, sample count, median latency.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>

#include "inferbench/report.hpp"
#include "inferbench/result_io.hpp"
#include "inferbench/run.hpp"

namespace {

ib::RunSpec fake_run(const char* name, const char* model) {
  ib::RunSpec spec;
  spec.name = name;
  spec.backend = "fake";
  spec.model.builtin = model;
  spec.shapes = {{std::nullopt, {1, 4}}};
  spec.device = ib::core::DeviceSpec{ib::core::DeviceKind::cpu, 0};
  spec.warmup.iterations = 3;
  spec.stop.iterations = 40;
  spec.telemetry = ib::TelemetryMode::off;
  return spec;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  try {
    ib::Plan plan;
    plan.output_dir = argv[1];
    plan.runs = {fake_run("quick", "fake:0.05"), fake_run("slow", "fake:0.5")};
    const ib::result::Result result = ib::run_plan(plan, ib::default_registry(), {});
    std::filesystem::create_directories(plan.output_dir);
    std::ofstream(plan.output_dir / "result.json") << ib::result::serialize_result(result);
    const ib::report::ReportFiles files = ib::report::write_reports(result, plan.output_dir);
    if (!files.errors.empty()) return 1;
    for (const auto& run : result.runs) {
      std::printf("%s %s %zu %.3f\n", run.name.c_str(), run.status == ib::result::RunStatus::ok ? "ok" : "not-ok",
                  run.samples.latency_ms.size(), run.latency ? run.latency->median : -1.0);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "consumer: %s\n", e.what());
    return 1;
  }
  return 0;
}
