#include "trtexec/artefacts.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>

#include "fixtures.hpp"
#include "inferbench/errors.hpp"
#include "result/result_json.hpp"
#include "result/warning_text.hpp"

namespace ib::trtexec {
namespace {

namespace fs = std::filesystem;
using testing::fixture;
using testing::fixture_dir;
using Json = nlohmann::ordered_json;

class trtexecArtefacts : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("ib_trtexec_artefacts." + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  fs::path copy(const std::string& name, const std::string& as = "") {
    const fs::path to = dir_ / (as.empty() ? name : as);
    fs::copy_file(fixture_dir() / name, to, fs::copy_options::overwrite_existing);
    return to;
  }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  static std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  static std::string error_of(const std::function<void()>& call) {
    try {
      call();
    } catch (const core::InputError& error) {
      return error.what();
    }
    return "no error";
  }
  fs::path dir_;
};

constexpr const char* kRunConfig = R"({"tool": "inferbench trtexec run", "host": "gpu-box-7", "batch": 4,
  "warmup_ms": 200, "duration_s": 3, "cuda_graph": true, "shapes": ["input:1x3x224x224"],
  "timestamp_utc": "2024-11-20T09:14:02Z", "command_line": "trtexec --loadEngine=/m/resnet.plan"})";
constexpr const char* kEngine =
    R"({"path": "/m/resnet.plan", "filename": "resnet.plan", "size_bytes": 1048576,
  "size_megabytes": 1.048576, "modified_iso": "2024-11-19T08:00:00Z", "sha256": "abc123"})";

TEST_F(trtexecArtefacts, SideFilesGiveTheBatchAndAreEmbedded) {
  const fs::path times = copy("times_v10.json", "times.json");
  write("run_config.json", kRunConfig);
  write("engine_metadata.json", kEngine);
  const TimesAnalysis analysis = analyze_times({times, std::nullopt, std::nullopt, {"inferbench"}});
  EXPECT_EQ(analysis.report.summary.batch, 4);  // from run_config.json
  EXPECT_NEAR(*analysis.report.summary.throughput_ips, 4 * 4 / 0.0061, 1e-6);
  EXPECT_EQ(analysis.report.warmup_records_dropped, 0u);  // an 8.5+ export holds no warm-up records
  ASSERT_TRUE(analysis.report.engine);
  EXPECT_EQ((*analysis.report.engine)["sha256"], "abc123");
  ASSERT_TRUE(analysis.report.run_config);
  EXPECT_EQ((*analysis.report.run_config)["host"], "gpu-box-7");
  for (const result::Warning& warning : analysis.report.warnings)
    EXPECT_EQ(result::warning_text(warning).find("batch"), std::string::npos);

  const result::Run& run = analysis.result.runs.at(0);
  EXPECT_EQ(run.name, "resnet.plan");
  EXPECT_EQ(run.model.path, "/m/resnet.plan");
  EXPECT_EQ(run.model.size_bytes, 1048576u);
  EXPECT_EQ(run.model.mtime, "2024-11-19T08:00:00Z");
  EXPECT_EQ(run.config.batch, 4);
  EXPECT_TRUE(run.config.cuda_graph);
  EXPECT_EQ(run.config.duration_s, 3);
  ASSERT_EQ(run.config.shapes.size(), 1u);
  EXPECT_EQ(run.config.shapes[0].name, "input");
  EXPECT_EQ(analysis.result.environment.timestamp_utc, "2024-11-20T09:14:02Z");
  bool host_warned = false;
  for (const result::Warning& warning : run.warnings)
    host_warned = host_warned || result::warning_text(warning).find("gpu-box-7") != std::string::npos;
  EXPECT_TRUE(host_warned);
}

TEST_F(trtexecArtefacts, ADifferentBatchFlagIsWarnedAbout) {
  const fs::path times = copy("times_v10.json", "times.json");
  write("run_config.json", kRunConfig);
  const TimesAnalysis analysis = analyze_times({times, 2, std::nullopt, {}});
  EXPECT_EQ(analysis.report.summary.batch, 2);
  ASSERT_FALSE(analysis.report.warnings.empty());
  EXPECT_EQ(result::warning_text(analysis.report.warnings.back()),
            "run_config.json records batch 4 but batch 2 is used (--batch)");
}

TEST_F(trtexecArtefacts, TheToolkitsRunConfigDropsTheWarmUpOfOldExports) {
  const fs::path times = copy("times_v8_2.json", "times.json");
  write("run_config.json", R"({"timestamp_iso": "2022-03-02T11:20:45", "batch": 8, "iterations": 200,
    "warmup": 200, "avg_runs": 100, "use_cuda_graph": false, "profile_enabled": true, "separate_profile_run": true,
    "trtexec_binary": "trtexec", "command": "trtexec --loadEngine=m.plan", "outdir": "out"})");
  const TimesAnalysis analysis = analyze_times({times, std::nullopt, std::nullopt, {}});
  EXPECT_EQ(analysis.report.summary.batch, 8);
  EXPECT_EQ(analysis.report.warmup_records_dropped, 2u);  // compute started at 150.25 and 199.4 ms
  EXPECT_EQ(analysis.report.summary.records, 3u);
  // --warmup-ms wins over the file's.
  const TimesAnalysis explicit_warmup = analyze_times({times, std::nullopt, 150.0, {}});
  EXPECT_EQ(explicit_warmup.report.warmup_records_dropped, 0u);
}

TEST_F(trtexecArtefacts, ErrorsNameTheFileAndTheReason) {
  const fs::path times = copy("times_nan.json", "times.json");
  EXPECT_EQ(error_of([&] {
              (void)analyze_times({times, {}, {}, {}});
            }),
            "times file '" + times.string() +
                "': record 1 (counting from 0): 'computeMs' is not a number (nan, inf or null)");
  EXPECT_EQ(error_of([&] {
              (void)analyze_times({dir_ / "missing.json", {}, {}, {}});
            }),
            "cannot read times file '" + (dir_ / "missing.json").string() + "': no such file");
  EXPECT_EQ(error_of([&] {
              (void)analyze_times({dir_, {}, {}, {}});
            }),
            "cannot read times file '" + dir_.string() + "': not a regular file");
  copy("times_v10.json", "times.json");
  write("run_config.json", "{\"batch\": 4,");
  EXPECT_NE(error_of([&] {
              (void)analyze_times({times, {}, {}, {}});
            })
                .find("run config '" + (dir_ / "run_config.json").string() +
                      "': not valid JSON: parse error at line 1"),
            std::string::npos);
  write("run_config.json", R"({"batch": "4"})");
  EXPECT_NE(error_of([&] {
              (void)analyze_times({times, {}, {}, {}});
            }).find("'batch' is \"4\", expected a whole number"),
            std::string::npos);
  write("run_config.json", R"([1])");
  EXPECT_NE(error_of([&] {
              (void)analyze_times({times, {}, {}, {}});
            }).find("is an array, expected an object"),
            std::string::npos);
}

TEST_F(trtexecArtefacts, ParseTimesWritesItsFilesAndLeavesRunConfigAlone) {
  const fs::path times = copy("times_v10.json", "times.json");
  write("run_config.json", kRunConfig);
  const auto before = fs::last_write_time(dir_ / "run_config.json");
  const fs::path out = dir_ / "out";
  fs::create_directories(out);
  write_times_outputs(analyze_times({times, {}, {}, {}}), out);
  for (const char* name :
       {"summary.json", "summary.csv", "latency_series.csv", "latency_percentiles.csv", "result.json"}) {
    EXPECT_TRUE(fs::exists(out / name)) << name;
  }
  EXPECT_EQ(slurp(dir_ / "run_config.json"), kRunConfig);
  EXPECT_EQ(fs::last_write_time(dir_ / "run_config.json"), before);
  const Json summary = Json::parse(slurp(out / "summary.json"));
  EXPECT_EQ(summary["records"], 4);
  EXPECT_EQ(summary["run_config"]["host"], "gpu-box-7");
  const result::Result result = result::parse_result(slurp(out / "result.json"));
  EXPECT_EQ(result.runs.at(0).backend, "trtexec");
  EXPECT_EQ(result.runs.at(0).samples.latency_ms.size(), 4u);
}

TEST_F(trtexecArtefacts, ProfileOutputs) {
  const Profile profile = parse_profile(fixture("profile_v10.json"));
  const std::vector<std::string> notes = write_profile_outputs(profile, 2, dir_);
  EXPECT_TRUE(fs::exists(dir_ / "per_layer_times.csv"));
  const Json summary = Json::parse(slurp(dir_ / "profile_summary.json"));
  EXPECT_EQ(summary["layers"], 4);
  EXPECT_NEAR(summary["total_average_ms"].get<double>(), 5.0, 1e-12);
  ASSERT_EQ(summary["top"].size(), 2u);
  EXPECT_EQ(summary["top"][0]["name"], "{ForeignNode[conv2...fc]}");
  EXPECT_EQ(summary["top"][1]["name"], "conv1");
  // The figure is drawn, or a note says why not; never an error.
  EXPECT_TRUE(fs::exists(dir_ / "per_layer_time.png") || !notes.empty());
}

TEST_F(trtexecArtefacts, ReportFromEverythingTheFolderHolds) {
  copy("times_v10.json", "times.json");
  copy("profile_v10.json", "profile.json");
  copy("trtexec_v10.log", "trtexec.log");
  copy("output_diff.json");
  copy("compare.csv");
  write("run_config.json", kRunConfig);
  write("engine_metadata.json", kEngine);
  ReportOutcome outcome = build_report(dir_, 3);
  write_report_files(outcome, dir_);
  const Json report = Json::parse(slurp(dir_ / "report.json"));
  // The times and the layers are the result's, for the common reporters; report.json keeps the rest.
  EXPECT_EQ(report["result"], "result.json");
  EXPECT_FALSE(report.contains("summary"));
  EXPECT_TRUE(report["profile"].is_null());
  EXPECT_EQ(report["log"]["tensorrt_version"], "10.3.0");
  EXPECT_DOUBLE_EQ(report["log"]["gpu_compute_ms"]["mean"].get<double>(), 2.0947);
  EXPECT_EQ(report["run_config"]["command_line"], "trtexec --loadEngine=/m/resnet.plan");
  EXPECT_DOUBLE_EQ(report["output_comparison"]["output_diff"]["cosine"].get<double>(), 0.999875);
  EXPECT_EQ(report["output_comparison"]["pt_vs_engine"][0]["metric"], "mean_ms");
  EXPECT_DOUBLE_EQ(report["output_comparison"]["pt_vs_engine"][0]["ratio"].get<double>(), 0.625);  // 2.5 / 4
  const std::string text = slurp(dir_ / "report.json");
  EXPECT_EQ(text.find("NaN"), std::string::npos);
  const std::string md = slurp(dir_ / "report.md");
  EXPECT_EQ(md, outcome.markdown);
  EXPECT_NE(md.find("[summary.md](summary.md)"), std::string::npos) << md;
  EXPECT_EQ(md.find("## Latency"), std::string::npos) << md;    // summary.md's
  EXPECT_EQ(md.find("## Top layers"), std::string::npos) << md;  // summary.md's per-layer profile
  EXPECT_NE(md.find("## trtexec's performance summary (trtexec.log)"), std::string::npos) << md;
  EXPECT_NE(md.find("| latency | p99_ms | 5 | 3 | -2 | 0.6 |"), std::string::npos) << md;
  EXPECT_NE(md.find("trtexec --loadEngine=/m/resnet.plan"), std::string::npos);
  // The result for the common reporters: the times (p99 of 4 records) and the per-layer profile.
  ASSERT_TRUE(outcome.result);
  ASSERT_EQ(outcome.result->runs.at(0).samples.latency_ms.size(), 4u);
  ASSERT_TRUE(outcome.result->runs.at(0).latency);
  EXPECT_NEAR(outcome.result->runs.at(0).latency->percentiles.back().value, 1.694, 1e-12);
  ASSERT_TRUE(outcome.result->runs.at(0).layer_profile);
  EXPECT_EQ(outcome.result->runs.at(0).layer_profile->layers.size(), 4u);
  EXPECT_EQ(outcome.result->runs.at(0).layer_profile->layers.at(1).name, "conv1");  // execution order
}

TEST_F(trtexecArtefacts, ReportNeedsSomeArtefact) {
  EXPECT_NE(error_of([&] { (void)build_report(dir_, 3); }).find("holds none of trtexec's artefacts"),
            std::string::npos);
  EXPECT_NE(error_of([&] { (void)build_report(dir_ / "nope", 3); }).find("is not a directory"),
            std::string::npos);
  copy("trtexec_v7.log", "trtexec.log");
  const ReportOutcome outcome = build_report(dir_, 3);
  EXPECT_FALSE(outcome.result);
  EXPECT_TRUE(outcome.report["result"].is_null());
  EXPECT_EQ(outcome.report["log"]["format"], "TensorRT 7 performance summary");
  // Without times.json there is no result: a profile's top layers stay in report.json and report.md.
  copy("profile_v10.json", "profile.json");
  const ReportOutcome layers = build_report(dir_, 3);
  EXPECT_FALSE(layers.result);
  EXPECT_EQ(layers.report["profile"]["top"].size(), 3u);
  const std::string md = report_markdown(layers.report);
  EXPECT_NE(md.find("| 1 | {ForeignNode\\[conv2...fc\\]} | 2.5 | 50 |"), std::string::npos) << md;
  EXPECT_EQ(md.find("summary.md"), std::string::npos) << md;
  write("compare.csv", "category,metric\n");
  EXPECT_NE(error_of([&] { (void)build_report(dir_, 3); }).find("comparison '"),
            std::string::npos);
}

}  // namespace
}  // namespace ib::trtexec
