// The TensorRT backend's logic through a fake adapter: what it finds in an engine, which profile and shapes it
// sets, what it binds and enqueues, how it fails, and what it times.
#include "backends/tensorrt/tensorrt_backend.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "backends/tensorrt/engine_io.hpp"
#include "fake_trt_adapter.hpp"
#include "inferbench/errors.hpp"
#include "quality/depth_map.hpp"

namespace ib::backends::tensorrt {
namespace {

namespace fs = std::filesystem;
using testing::FakeAdapter;
using testing::FakeState;

class TensorrtBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = "ib_trt_";
    name += ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() / name;
    fs::create_directories(dir_);
    engine_path_ = dir_ / "model.engine";
    std::ofstream(engine_path_, std::ios::binary) << "not really a plan, but 36 bytes long";
  }
  void TearDown() override { fs::remove_all(dir_); }

  [[nodiscard]] LoadOptions options(std::vector<core::ShapeArg> shapes = {}) const {
    LoadOptions load;
    load.model.path = engine_path_;
    load.shapes = std::move(shapes);
    return load;
  }
  [[nodiscard]] std::unique_ptr<TensorrtBackend> load(std::vector<core::ShapeArg> shapes = {}) {
    return std::make_unique<TensorrtBackend>(std::make_shared<FakeAdapter>(state_), options(std::move(shapes)),
                                             [this] { return state_.clock_ns; });
  }
  // The message of the E that loading throws; a test failure when it throws nothing (another type propagates).
  template <typename E>
  [[nodiscard]] std::string load_error(std::vector<core::ShapeArg> shapes = {}) {
    try {
      (void)load(std::move(shapes));
    } catch (const E& error) {
      return error.what();
    }
    ADD_FAILURE() << "loading threw nothing";
    return {};
  }
  [[nodiscard]] bool called(const std::string& call) const {
    return std::find(state_.calls.begin(), state_.calls.end(), call) != state_.calls.end();
  }

  fs::path dir_;
  fs::path engine_path_;
  FakeState state_;
};

TrtTensor tensor(std::string name, TensorMode mode, TrtDType dtype, std::vector<std::int64_t> shape) {
  return {std::move(name), mode, dtype, std::move(shape), {}};
}

// The depth benchmark's engine: an fp16 image in, an fp32 depth map out.
void depth_engine(FakeState& state) {
  state.engine.tensors = {tensor("images", TensorMode::input, TrtDType::fp16, {1, 3, 518, 518}),
                          tensor("depth", TensorMode::output, TrtDType::fp32, {1, 518, 518})};
}

// A dynamic batch and resolution in two profiles: small batches, then large ones.
void dynamic_engine(FakeState& state) {
  state.engine.tensors = {tensor("images", TensorMode::input, TrtDType::fp32, {-1, 3, -1, -1}),
                          tensor("depth", TensorMode::output, TrtDType::fp32, {-1, 1, -1, -1})};
  state.engine.profiles = {{{"images", {{1, 3, 224, 224}, {1, 3, 518, 518}, {4, 3, 518, 518}}}},
                           {{"images", {{8, 3, 224, 224}, {16, 3, 518, 518}, {32, 3, 518, 518}}}}};
  state.engine.output_shape = [](const std::string&, const auto& inputs) {
    const auto& in = inputs.at("images");
    return std::vector<std::int64_t>{in[0], 1, in[2], in[3]};
  };
}

TEST_F(TensorrtBackendTest, DiscoversTensorsWithTheEnginesOwnTypes) {
  depth_engine(state_);
  const auto backend = load();
  EXPECT_EQ(backend->inputs(), (std::vector<core::TensorSpec>{{"images", core::DType::fp16, {1, 3, 518, 518}}}));
  EXPECT_EQ(backend->outputs(), (std::vector<core::TensorSpec>{{"depth", core::DType::fp32, {1, 518, 518}}}));
  EXPECT_EQ(backend->profile(), 0);
  // A static engine: no profile switch, no shape set.
  EXPECT_EQ(state_.calls, (testing::CallLog{"runtime", "deserialize 36", "context"}));
  // The quality pass squeezes the output as the depth benchmark does: 1x518x518 is a 518 x 518 map.
  EXPECT_EQ(quality::dense_map_size(backend->outputs()[0].shape), (std::pair<int, int>{518, 518}));
}

TEST_F(TensorrtBackendTest, Int8InputIsFedAsInt8WhateverDtypeWasAsked) {
  state_.engine.tensors = {tensor("x", TensorMode::input, TrtDType::int8, {1, 16}),
                           tensor("mask", TensorMode::input, TrtDType::boolean, {1, 16}),
                           tensor("y", TensorMode::output, TrtDType::bf16, {1, 4})};
  const auto backend = load();
  ASSERT_EQ(backend->inputs().size(), 2U);
  EXPECT_EQ(backend->inputs()[0].dtype, core::DType::int8);
  EXPECT_EQ(backend->inputs()[1].dtype, core::DType::boolean);
  EXPECT_EQ(backend->outputs()[0].dtype, core::DType::bf16);
}

TEST(TensorrtDtypes, MapEveryTypeTheRunnerCanHold) {
  const std::vector<std::pair<TrtDType, core::DType>> table = {
      {TrtDType::fp32, core::DType::fp32},   {TrtDType::fp16, core::DType::fp16},
      {TrtDType::bf16, core::DType::bf16},   {TrtDType::int8, core::DType::int8},
      {TrtDType::uint8, core::DType::uint8}, {TrtDType::int32, core::DType::int32},
      {TrtDType::int64, core::DType::int64}, {TrtDType::boolean, core::DType::boolean}};
  for (const auto& [trt, ours] : table) EXPECT_EQ(to_dtype(trt, "t"), ours) << trt_dtype_name(trt);
  for (const TrtDType foreign : {TrtDType::fp8, TrtDType::int4, TrtDType::fp4, TrtDType::e8m0, TrtDType::other}) {
    try {
      (void)to_dtype(foreign, "logits");
      ADD_FAILURE() << trt_dtype_name(foreign);
    } catch (const core::UnavailableError& error) {
      EXPECT_NE(std::string(error.what()).find("'logits' is " + std::string(trt_dtype_name(foreign))),
                std::string::npos)
          << error.what();
    }
  }
}

TEST_F(TensorrtBackendTest, Fp8InputCannotBeFed) {
  state_.engine.tensors = {tensor("x", TensorMode::input, TrtDType::fp8, {1, 16}),
                           tensor("y", TensorMode::output, TrtDType::fp32, {1, 4})};
  EXPECT_THROW((void)load(), core::UnavailableError);
}

TEST_F(TensorrtBackendTest, VectorisedLayoutIsRefusedNamingTheFix) {
  depth_engine(state_);
  state_.engine.tensors[0].format = {false, "CHW32"};
  const std::string message = load_error<core::UnavailableError>();
  EXPECT_NE(message.find("'images' uses the vectorised layout CHW32"), std::string::npos);
  EXPECT_NE(message.find("--inputIOFormats"), std::string::npos);
}

TEST_F(TensorrtBackendTest, ShapeSelectsTheProfileThatHoldsIt) {
  dynamic_engine(state_);
  const auto backend = load({{"images", {16, 3, 320, 480}}});
  EXPECT_EQ(backend->profile(), 1);
  EXPECT_TRUE(called("profile 1"));
  EXPECT_TRUE(called("shape images 16x3x320x480"));
  EXPECT_EQ(backend->inputs()[0].shape, (core::Shape{16, 3, 320, 480}));
  EXPECT_EQ(backend->outputs()[0].shape, (core::Shape{16, 1, 320, 480}));
}

TEST_F(TensorrtBackendTest, UnnamedShapeIsTheFirstInputsAndSmallBatchesUseProfileZero) {
  dynamic_engine(state_);
  const auto backend = load({{std::nullopt, {2, 3, 224, 224}}});
  EXPECT_EQ(backend->profile(), 0);
  EXPECT_FALSE(called("profile 0"));  // a new context is on profile 0 already
  EXPECT_TRUE(called("shape images 2x3x224x224"));
}

TEST_F(TensorrtBackendTest, DynamicInputWithoutShapeTakesTheProfilesOptShape) {
  dynamic_engine(state_);
  const auto backend = load();
  EXPECT_EQ(backend->inputs()[0].shape, (core::Shape{1, 3, 518, 518}));
  EXPECT_EQ(backend->outputs()[0].shape, (core::Shape{1, 1, 518, 518}));
}

TEST_F(TensorrtBackendTest, ShapeOutsideEveryProfileListsTheRanges) {
  dynamic_engine(state_);
  const std::string message = load_error<core::InputError>({{"images", {64, 3, 518, 518}}});
  EXPECT_EQ(message,
               "--shape 64x3x518x518 for input 'images' is outside the engine's optimisation profiles (profile 0: "
               "1x3x224x224 .. 4x3x518x518; profile 1: 8x3x224x224 .. 32x3x518x518)");
  EXPECT_FALSE(called("context"));  // refused before TensorRT is asked for anything more
}

TEST_F(TensorrtBackendTest, DynamicEngineWithoutProfileIsAnInputError) {
  dynamic_engine(state_);
  state_.engine.profiles.clear();
  const std::string message = load_error<core::InputError>({{"images", {1, 3, 224, 224}}});
  EXPECT_NE(message.find("'images' has a dynamic shape (-1x3x-1x-1) but the engine has no optimisation profile"),
            std::string::npos)
      << message;
}

TEST_F(TensorrtBackendTest, ShapeNamingNoInputOrContradictingTheEngineIsAnInputError) {
  depth_engine(state_);
  const std::string message = load_error<core::InputError>({{"image", {1, 3, 518, 518}}});
  EXPECT_EQ(message, "--shape names 'image', which is not an input of the engine (its inputs: images)");
  EXPECT_THROW((void)load({{"images", {1, 3, 224, 224}}}), core::InputError);  // static 518x518
  dynamic_engine(state_);
  EXPECT_THROW((void)load({{"images", {1, 3, 224}}}), core::InputError);  // rank 3 for rank 4
}

TEST_F(TensorrtBackendTest, EngineFromAnotherVersionIsUnavailable) {
  depth_engine(state_);
  state_.deserialize_error =
      "IRuntime::deserializeCudaEngine: Error Code 6: API Usage Error (The engine plan file is not compatible with "
      "this version of TensorRT, expecting library version 10.3.0.26 got 8.6.1.6, please rebuild.)";
  const std::string text = load_error<core::UnavailableError>();
  EXPECT_NE(text.find("was built by another TensorRT version or for another GPU than this TensorRT 10.3.0"),
            std::string::npos);
  EXPECT_NE(text.find("expecting library version 10.3.0.26 got 8.6.1.6"), std::string::npos);
  EXPECT_NE(text.find("--trtexec PATH"), std::string::npos);
}

TEST_F(TensorrtBackendTest, CorruptEngineIsAnInputError) {
  depth_engine(state_);
  state_.deserialize_error = "IRuntime::deserializeCudaEngine: Error Code 1: Serialization (Serialization assertion "
                             "magicTagRead == kMAGIC_TAG failed.Magic tag does not match)";
  const std::string message = load_error<core::InputError>();
  EXPECT_NE(message.find("is not a TensorRT engine this TensorRT 10.3.0 can read (corrupt or truncated?): "
                         "IRuntime::deserializeCudaEngine"),
            std::string::npos);
}

TEST_F(TensorrtBackendTest, EmptyOrMissingFileIsAnInputErrorBeforeDeserializing) {
  depth_engine(state_);
  std::ofstream(engine_path_, std::ios::trunc).close();
  EXPECT_THROW((void)load(), core::InputError);
  fs::remove(engine_path_);
  EXPECT_THROW((void)load(), core::InputError);
  EXPECT_EQ(std::count(state_.calls.begin(), state_.calls.end(), "deserialize 0"), 0);
}

TEST_F(TensorrtBackendTest, NoRuntimeOrNoContextIsUnavailable) {
  depth_engine(state_);
  state_.runtime_fails = true;
  const std::string message = load_error<core::UnavailableError>();
  EXPECT_EQ(message, "TensorRT cannot create a runtime: CUDA initialization failure with error: 35");
  state_.runtime_fails = false;
  state_.context_fails = true;
  EXPECT_THROW((void)load(), core::UnavailableError);
}

TEST_F(TensorrtBackendTest, DataDependentOutputShapeIsUnavailable) {
  depth_engine(state_);
  state_.engine.tensors[1] = tensor("boxes", TensorMode::output, TrtDType::fp32, {-1, 4});
  const std::string message = load_error<core::UnavailableError>();
  EXPECT_NE(message.find("'boxes' has a data-dependent shape (-1x4)"), std::string::npos);
}

TEST_F(TensorrtBackendTest, StartupSplitTimesEachLoadStep) {
  depth_engine(state_);
  state_.step_ns = 1'000'000;  // runtime 3 ms, deserialize 2 ms, context 1 ms in the fake
  const auto backend = load();
  const std::vector<result::StartupStep> expected = {
      {"runtime", 3}, {"read", 0}, {"deserialize", 2}, {"context", 1}};
  EXPECT_EQ(backend->load_steps(), expected);
  // Through the interface the runner sees, too.
  const Backend& base = *backend;
  EXPECT_EQ(base.load_steps(), expected);
}

TEST_F(TensorrtBackendTest, BindsByNameThenEnqueues) {
  depth_engine(state_);
  const auto backend = load();
  EXPECT_THROW(backend->enqueue(nullptr), core::RunError);  // not bound yet
  int in = 0;
  int out = 0;
  const std::vector<Binding> inputs = {{&in, backend->inputs()[0]}};
  const std::vector<Binding> outputs = {{&out, backend->outputs()[0]}};
  backend->bind(inputs, outputs);
  backend->enqueue(nullptr);
  EXPECT_EQ(state_.calls, (testing::CallLog{"runtime", "deserialize 36", "context", "address images", "address depth",
                                            "enqueue"}));
  EXPECT_THROW(backend->bind(inputs, {}), core::RunError);  // one output buffer missing
  state_.enqueue_fails = true;
  EXPECT_THROW(backend->enqueue(nullptr), core::RunError);
}

TEST_F(TensorrtBackendTest, CudaGraphIsTheRunnersCaptureAfterOneEnqueue) {
  depth_engine(state_);
  const auto backend = load();
  int buffer = 0;
  const std::vector<Binding> inputs = {{&buffer, backend->inputs()[0]}};
  const std::vector<Binding> outputs = {{&buffer, backend->outputs()[0]}};
  backend->bind(inputs, outputs);
  EXPECT_THROW((void)backend->capture_graph(nullptr), core::UnavailableError);
  backend->enqueue(nullptr);
  EXPECT_EQ(backend->capture_graph(nullptr), nullptr);  // the runner captures its stream
  EXPECT_TRUE(backend->set_layer_profiling(true));
  EXPECT_THROW((void)backend->capture_graph(nullptr), core::UnavailableError);
}

TEST_F(TensorrtBackendTest, ProfiledInferencesFillTheLayerProfile) {
  depth_engine(state_);
  state_.engine.layers = {{"conv1", 1.0F}, {"relu", 0.5F}, {"conv1", 2.5F}};
  const auto backend = load();
  int buffer = 0;
  const std::vector<Binding> inputs = {{&buffer, backend->inputs()[0]}};
  const std::vector<Binding> outputs = {{&buffer, backend->outputs()[0]}};
  backend->bind(inputs, outputs);
  backend->enqueue(nullptr);  // not profiled
  Backend& base = *backend;  // what the runner calls
  EXPECT_FALSE(base.layer_profile());
  EXPECT_TRUE(base.set_layer_profiling(true));
  for (int i = 0; i < 4; ++i) backend->enqueue(nullptr);
  EXPECT_TRUE(base.set_layer_profiling(false));
  backend->enqueue(nullptr);  // not profiled either
  ASSERT_TRUE(base.layer_profile());
  const result::LayerProfile profile = *base.layer_profile();
  EXPECT_EQ(profile.iterations, 4);
  ASSERT_EQ(profile.layers.size(), 3U);
  EXPECT_EQ(profile.layers[0].name, "conv1");
  EXPECT_EQ(profile.layers[2].name, "conv1 [2]");
  EXPECT_DOUBLE_EQ(profile.layers[0].time_ms, 4.0);
  EXPECT_DOUBLE_EQ(profile.layers[1].average_ms, 0.5);
  EXPECT_DOUBLE_EQ(profile.layers[2].average_ms, 2.5);
  EXPECT_DOUBLE_EQ(profile.layers[2].percentage, 2.5 / 4.0 * 100);
  EXPECT_TRUE(called("profiler on"));
  EXPECT_TRUE(called("profiler off"));
}

TEST(TensorrtLayerProfiler, MedianAndMeanPerInference) {
  LayerProfiler profiler;
  for (const float ms : {1.0F, 3.0F, 8.0F}) {
    profiler.layer_time("attn", ms);
    profiler.inference_done();
  }
  // Sums and ratios of small integers: exact in binary.
  const result::LayerProfile expected{
      .iterations = 3,
      .layers = {{.name = "attn", .time_ms = 12, .average_ms = 4, .median_ms = 3, .percentage = 100}}};
  EXPECT_EQ(profiler.profile(), expected);
}

TEST_F(TensorrtBackendTest, RegistryEntriesClaimEnginesAndSayWhyWhenAbsent) {
  depth_engine(state_);
  const BackendInfo info = tensorrt_backend_info([this] { return std::make_shared<FakeAdapter>(state_); });
  EXPECT_EQ(info.version(), "10.3.0");
  EXPECT_FALSE(info.supports_cpu);
  EXPECT_EQ(info.create(options())->outputs()[0].name, "depth");
  LoadOptions builtin;
  builtin.model.builtin = "demo";
  EXPECT_THROW((void)info.create(builtin), core::InputError);

  Registry registry;
  registry.add(tensorrt_unavailable_backend("the tensorrt backend is unavailable: no TensorRT"));
  EXPECT_EQ(registry.for_path("depth_fp16.engine").name, "tensorrt");
  EXPECT_EQ(registry.for_path("depth_int8.PLAN").name, "tensorrt");
  EXPECT_THROW((void)registry.by_name("tensorrt").version(), core::UnavailableError);
  EXPECT_THROW((void)registry.by_name("tensorrt").create(options()), core::UnavailableError);
}

}  // namespace
}  // namespace ib::backends::tensorrt
