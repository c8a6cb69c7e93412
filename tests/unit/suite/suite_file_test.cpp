// Suite files -> cases: both formats, expansion, skip reasons, and errors that name the key and the line.
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "backends/fake/fake_backend.hpp"
#include "cli/flags.hpp"
#include "inferbench/errors.hpp"
#include "suite/case_name.hpp"
#include "suite/case_plan.hpp"
#include "suite/suite_file.hpp"

namespace ib::suite {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A registry of this test's own: the fake backend and a LibTorch entry that claims TorchScript files (never
// loaded here: nothing runs).
backends::Registry test_registry() {
  backends::Registry registry;
  registry.add(backends::fake_backend_info());
  backends::BackendInfo libtorch;
  libtorch.name = "libtorch";
  libtorch.version = [] { return std::string("1.13"); };
  libtorch.extensions = {".jit.pt", ".pt", ".ts"};
  registry.add(libtorch);
  return registry;
}

class SuiteFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ib_suite_file_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    std::ofstream(dir_ / "net.ts") << "placeholder";
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path write(const std::string& text) {
    const fs::path file = dir_ / "suite.yml";
    std::ofstream(file) << text;
    return file;
  }
  Suite load(const std::string& text) { return load_suite(write(text), registry_, flags_); }
  std::string error_of(const std::string& text) {
    try {
      const Suite suite = load(text);
      for (const SuiteCase& c : suite.cases) {
        if (!c.skip_reason) (void)case_plan(c, suite.file, flags_, registry_, dir_ / "out", std::nullopt);
      }
    } catch (const core::InputError& e) {
      return e.what();
    }
    return "no error";
  }

  fs::path dir_;
  backends::Registry registry_ = test_registry();
  RunFlags flags_ = cli::run_flags_for_suites();
};

TEST_F(SuiteFile, ExpandsModelsBackendsPrecisionsAndBatchesInOrder) {
  const Suite suite = load(
      "name: small\n"
      "models: ['fake:0.1', {file: net.ts, name: tiny}]\n"
      "backends: [fake, libtorch]\n"
      "precisions: [fp32, half]\n"
      "batches: [1, 4]\n"
      "inputs: {input: 1x3x8x8}\n"
      "warmup: 3\n"
      "cuda-graph: false\n");
  EXPECT_EQ(suite.name, "small");
  ASSERT_EQ(suite.cases.size(), 16u);
  const SuiteCase& first = suite.cases[0];
  EXPECT_EQ(first.name, "fake_0.1-fake-fp32-b1");
  EXPECT_EQ(first.config, "fake:0.1 b1");
  EXPECT_FALSE(first.skip_reason);
  std::vector<std::string> args;
  for (const CaseArg& arg : first.args) {
    args.push_back(arg.flag);
    if (arg.value) args.push_back(*arg.value);
  }
  EXPECT_EQ(args, (std::vector<std::string>{"--model", "fake:0.1", "--backend", "fake", "--dtype", "fp32", "--shape",
                                            "input:1x3x8x8", "--warmup", "3"}));
  EXPECT_EQ(suite.cases[3].name, "fake_0.1-fake-fp16-b4");  // half is fp16
  EXPECT_EQ(suite.cases[4].skip_reason, "the built-in model 'fake:0.1' runs on the fake backend only");
  EXPECT_EQ(suite.cases[12].name, "tiny-libtorch-fp32-b1");
  EXPECT_FALSE(suite.cases[12].skip_reason);
  EXPECT_EQ(suite.cases[8].skip_reason, "backend fake runs built-in models only, not files");
}

TEST_F(SuiteFile, ACaseIsThePlanRunBuildsFromTheSameFlags) {
  const Suite suite = load("models: ['fake:0.1']\nbatches: [2]\nwarmup: 7\niterations: 30\npercentiles: [50, 99.9]\n");
  ASSERT_EQ(suite.cases.size(), 1u);
  const Plan plan = case_plan(suite.cases[0], suite.file, flags_, registry_, dir_ / "out" / "c", std::nullopt);
  ASSERT_EQ(plan.runs.size(), 1u);
  const RunSpec& spec = plan.runs[0];
  EXPECT_EQ(spec.name, "fake_0.1-fake-fp32-b2");
  EXPECT_EQ(spec.backend, "fake");
  EXPECT_EQ(spec.warmup.iterations, 7);
  EXPECT_EQ(spec.stop.iterations, 30);
  EXPECT_EQ(spec.percentiles, (std::vector<double>{50, 99.9}));
  ASSERT_EQ(spec.shapes.size(), 1u);
  EXPECT_EQ(spec.shapes[0].shape, (core::Shape{2, 3, 8, 8}));
  EXPECT_EQ(plan.output_dir, dir_ / "out" / "c");
}

TEST_F(SuiteFile, SkipsInt8AndBackendsThisBuildLacks) {
  const Suite suite = load("models: [net.ts]\nbackends: [libtorch, tensorrt]\nprecisions: [fp16, int8]\ninputs: 1x3x8x8\n");
  ASSERT_EQ(suite.cases.size(), 4u);
  EXPECT_FALSE(suite.cases[0].skip_reason);
  EXPECT_EQ(suite.cases[1].skip_reason, "int8 needs a calibrated TensorRT engine; libtorch runs fp32, fp16 and bf16");
  EXPECT_EQ(suite.cases[2].skip_reason, "backend 'tensorrt' is not in this build");
  EXPECT_EQ(suite.cases[3].skip_reason, "backend 'tensorrt' is not in this build");
}

TEST_F(SuiteFile, AnUnknownKeyIsNamedWithItsLine) {
  EXPECT_THAT(error_of("models: [net.ts]\ninputs: 1x3x8x8\nwarmpu: 10\n"),
              HasSubstr("suite.yml:3: key 'warmpu': unknown key"));
}

TEST_F(SuiteFile, AValueOfTheWrongTypeIsNamedWithItsLine) {
  EXPECT_THAT(error_of("models: [net.ts]\ninputs: 1x3x8x8\n\nwarmup: ten\n"), HasSubstr("suite.yml:4: key 'warmup':"));
  EXPECT_THAT(error_of("models: [net.ts]\nbatches: [1, two]\n"),
              HasSubstr("suite.yml:2: key 'batches': expected an integer (got 'two')"));
  EXPECT_THAT(error_of("models: [net.ts]\ninputs: 1x3x8x8\ncuda-graph: sometimes\n"),
              HasSubstr("suite.yml:3: key 'cuda-graph': expected true or false"));
  EXPECT_THAT(error_of("models:\n  file: {a: 1}\n"), HasSubstr("suite.yml:2: key 'models"));
}

TEST_F(SuiteFile, AMissingModelFileIsNamedWithItsLine) {
  EXPECT_THAT(error_of("name: x\nmodels:\n  - net.ts\n  - missing.ts\ninputs: 1x3x8x8\n"),
              HasSubstr("suite.yml:4: key 'models': model file 'missing.ts' not found"));
}

TEST_F(SuiteFile, ChecksOfRunReportTheKeyAndLineOfTheFlag) {
  EXPECT_THAT(error_of("models: ['fake:1']\nwarmup: 5\nwarmup-ms: 10\n"),
              HasSubstr("suite.yml:2: key 'warmup': --warmup and --warmup-ms both set the warm-up"));
  EXPECT_THAT(error_of("models: ['fake:1']\nsync: fast\n"), HasSubstr("suite.yml:2: key 'sync': bad --sync 'fast'"));
  EXPECT_THAT(error_of("models: ['fake:1']\ndtype: fp16\n"), HasSubstr("suite.yml:2: key 'dtype': set by the suite"));
  EXPECT_THAT(error_of("models: [net.ts]\n  bad: [\n"), HasSubstr("suite.yml:2: not valid YAML"));
}

TEST_F(SuiteFile, CaseNamesAreSafeFolderNames) {
  EXPECT_EQ(safe_case_name("../../etc/passwd"), "_._.._etc_passwd");  // one folder: no '/' survives
  EXPECT_EQ(safe_case_name(".hidden"), "_hidden");
  EXPECT_EQ(safe_case_name("-rf"), "_rf");
  EXPECT_EQ(safe_case_name("vit s/14 $(reboot)"), "vit_s_14___reboot_");
  EXPECT_EQ(safe_case_name(""), "case");
  EXPECT_EQ(safe_case_name(std::string(300, 'a')).size(), 100u);
  std::map<std::string, int> seen;
  EXPECT_EQ(unique_case_name("a/b", seen), "a_b");
  EXPECT_EQ(unique_case_name("a:b", seen), "a_b-2");
  const Suite suite = load("models: [{file: net.ts, name: '../up'}]\ninputs: 1x3x8x8\n");
  EXPECT_EQ(suite.cases.at(0).name, "_._up-libtorch-fp32");
}

// The runner's shipped layout: config/*.yml naming models/... relative to the folder it runs from.
class PerfRunLayout : public SuiteFile {
 protected:
  void SetUp() override {
    SuiteFile::SetUp();
    previous_ = fs::current_path();
    fs::current_path(fs::path(IB_TEST_FIXTURES) / "suite" / "perf_run");
  }
  void TearDown() override {
    fs::current_path(previous_);
    SuiteFile::TearDown();
  }
  fs::path previous_;
};

TEST_F(PerfRunLayout, LoadsTheShippedConfigAsItIs) {
  const Suite suite = load_suite("config/vgg16.yml", registry_, flags_);
  EXPECT_EQ(suite.format, "perf_run");
  EXPECT_EQ(suite.name, "vgg16");
  ASSERT_EQ(suite.cases.size(), 6u);  // all = torch, torch_tensorrt, tensorrt; x fp32, fp16
  EXPECT_EQ(suite.cases[0].name, "vgg16-libtorch-fp32");
  EXPECT_EQ(suite.cases[0].model, "models/vgg16_traced.jit.pt");
  EXPECT_FALSE(suite.cases[0].skip_reason);
  EXPECT_EQ(suite.cases[2].skip_reason, "inferbench has no torch_tensorrt backend");
  EXPECT_THAT(*suite.cases[4].skip_reason, HasSubstr("no TensorRT backend in this build"));
  const Plan plan = case_plan(suite.cases[1], suite.file, flags_, registry_, dir_, std::nullopt);
  EXPECT_EQ(plan.runs.at(0).dtype, core::DType::fp16);
  EXPECT_EQ(plan.runs.at(0).device, core::parse_device("cuda:0"));  // runtime.device: 0
  EXPECT_EQ(plan.runs.at(0).warmup.iterations, 50);                 // the runner's fixed warm-up
  EXPECT_EQ(plan.runs.at(0).shapes.at(0).shape, (core::Shape{1, 3, 224, 224}));
}

TEST_F(PerfRunLayout, AnEngineWithoutTensorRtIsSkippedWithTheReason) {
  const Suite suite = load_suite("config/vgg16_trt.yml", registry_, flags_);
  ASSERT_EQ(suite.cases.size(), 3u);
  for (const SuiteCase& c : suite.cases) EXPECT_THAT(c.skip_reason.value_or(""), HasSubstr("trtexec run --engine"));
}

// The shipped examples keep loading (the CPU one also runs: tests/cli/suite_cli_test.cpp).
TEST_F(PerfRunLayout, TheRunnerFormatExampleLoads) {
  const Suite suite = load_suite(fs::path(IB_TEST_FIXTURES) / "../../examples/suites/perf_run-vgg16.yml", registry_, flags_);
  ASSERT_EQ(suite.cases.size(), 9u);  // torch, torch_tensorrt, tensorrt x fp32, fp16, int8
  EXPECT_EQ(suite.cases[0].name, "vgg16-libtorch-fp32-b8");
  EXPECT_EQ(suite.cases[2].skip_reason, "int8 needs a calibrated TensorRT engine; libtorch runs fp32, fp16 and bf16");
  const Plan plan = case_plan(suite.cases[0], suite.file, flags_, registry_, dir_, std::nullopt);
  EXPECT_EQ(plan.runs.at(0).stop.iterations, 200);
  EXPECT_EQ(plan.runs.at(0).shapes.at(0).shape, (core::Shape{8, 3, 224, 224}));
}

TEST_F(SuiteFile, TheGpuExampleLoadsWithEachModelAtItsOwnPrecision) {
  backends::BackendInfo aoti;
  aoti.name = "aoti";
  aoti.version = [] { return std::string("2.11"); };
  aoti.extensions = {".pt2"};
  registry_.add(aoti);
  fs::create_directories(dir_ / "models");
  for (const char* file : {"vit_s14_fp16.ts", "vit_s14_fp32.ts", "vit_s14_fp16.pt2"}) std::ofstream(dir_ / "models" / file) << "x";
  const fs::path previous = fs::current_path();
  fs::current_path(dir_);
  const Suite suite = load_suite(fs::path(IB_TEST_FIXTURES) / "../../examples/suites/gpu-vit.yml", registry_, flags_);
  fs::current_path(previous);
  ASSERT_EQ(suite.cases.size(), 18u);  // 3 models x 2 backends x 3 batch sizes
  EXPECT_EQ(suite.cases[0].name, "vit_s14_ts_fp16-libtorch-fp16-b1");
  EXPECT_EQ(suite.cases[3].skip_reason, "backend aoti loads .pt2 files");
  EXPECT_EQ(suite.cases[6].precision, "fp32");
  EXPECT_EQ(suite.cases[12].skip_reason, "backend libtorch loads .jit.pt, .pt, .ts files");
  EXPECT_EQ(suite.cases[17].name, "vit_s14_aoti_fp16-aoti-fp16-b32");
  EXPECT_FALSE(suite.cases[17].skip_reason);
}

TEST_F(SuiteFile, TheRunnersKeysAreCheckedWithLines) {
  EXPECT_THAT(error_of("backend: [torch]\nmodel:\n  filename: net.ts\n  nmae: x\n"),
              HasSubstr("suite.yml:4: key 'model.nmae': unknown key"));
  EXPECT_THAT(error_of("backend: [torch, onnx]\nmodel: {filename: net.ts}\n"),
              HasSubstr("suite.yml:1: key 'backend': unknown backend 'onnx'"));
  EXPECT_THAT(error_of("backend: [torch]\nmodel: {filename: net.ts}\nruntime:\n  precision: [fp64]\n"),
              HasSubstr("suite.yml:4: key 'runtime.precision': unknown precision 'fp64'"));
  const Suite suite = load("backend: [torch]\nmodel: {filename: net.ts}\ninput: {input0: [1, 3, 8, 8], num_inputs: 1}\n"
                           "iterations: 20\nbatch: 4\n");
  ASSERT_EQ(suite.cases.size(), 1u);
  EXPECT_EQ(suite.cases[0].skip_reason, "torch runs TorchScript files (.jit.pt); this model is an engine");
}

}  // namespace
}  // namespace ib::suite
