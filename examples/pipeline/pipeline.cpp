// An annotated pipeline: decode -> preprocess -> infer -> postprocess, batch after batch, on the built-in demo
// model (LibTorch backend) through inferbench's public API, with every stage timed by an ib::annotate::Profiler
// (host time per stage; on a GPU also device time from CUDA events on the pipeline's stream, and NVTX ranges for
// Nsight Systems). It writes benchmark.json (docs/pipelines.md) into --output-dir, or into
// $INFERBENCH_OUTPUT_DIR when `inferbench launch` starts it.
//   annotated_pipeline [--device cpu|cuda:0] [--batches 50] [--batch-size 8] [--size 224] [--warmup 1] [--output-dir .]
// "decode" makes the batch's frames from a seed (the demo has no image files); the other stages do real work.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "device_io.hpp"
#include "inferbench/annotate.hpp"
#include "inferbench/device_spec.hpp"
#include "inferbench/registry.hpp"
#include "inferbench/run.hpp"

namespace {

struct Args {
  std::string device = "cpu";
  int batches = 50;
  int batch_size = 8;
  int size = 224;
  std::int64_t warmup = 1;
  std::string output_dir = ".";
};

Args parse(int argc, char** argv) {
  Args args;
  if (argc % 2 == 0) throw std::invalid_argument(std::string(argv[argc - 1]) + " needs a value");
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--device") args.device = value;
    else if (flag == "--batches") args.batches = std::stoi(value);
    else if (flag == "--batch-size") args.batch_size = std::stoi(value);
    else if (flag == "--size") args.size = std::stoi(value);
    else if (flag == "--warmup") args.warmup = std::stoll(value);
    else if (flag == "--output-dir") args.output_dir = value;
    else throw std::invalid_argument("unknown flag " + flag);
  }
  return args;
}

// HWC uint8 frames, as an image decoder would give them.
void decode(std::vector<std::uint8_t>& frames, int batch) {
  std::uint32_t state = 2463534242U + static_cast<std::uint32_t>(batch);
  for (std::uint8_t& value : frames) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    value = static_cast<std::uint8_t>(state);
  }
}

// HWC uint8 -> NCHW float, scaled to [0, 1] and normalised with ImageNet's mean and std.
void preprocess(const std::vector<std::uint8_t>& frames, std::vector<float>& input, int batch_size, int size) {
  constexpr float kMean[3] = {0.485F, 0.456F, 0.406F};
  constexpr float kStd[3] = {0.229F, 0.224F, 0.225F};
  const std::size_t plane = static_cast<std::size_t>(size) * static_cast<std::size_t>(size);
  for (std::size_t n = 0; n < static_cast<std::size_t>(batch_size); ++n)
    for (std::size_t p = 0; p < plane; ++p)
      for (std::size_t c = 0; c < 3; ++c)
        input[(n * 3 + c) * plane + p] = (static_cast<float>(frames[(n * plane + p) * 3 + c]) / 255.0F - kMean[c]) / kStd[c];
}

// The class of each row: what a classifier's caller keeps.
std::vector<int> postprocess(const std::vector<float>& logits, int batch_size) {
  const std::size_t classes = logits.size() / static_cast<std::size_t>(batch_size);
  std::vector<int> labels;
  for (std::size_t n = 0; n < static_cast<std::size_t>(batch_size); ++n) {
    const auto row = logits.begin() + static_cast<std::ptrdiff_t>(n * classes);
    labels.push_back(static_cast<int>(std::max_element(row, row + static_cast<std::ptrdiff_t>(classes)) - row));
  }
  return labels;
}

int run(const Args& args) {
  const ib::core::DeviceSpec device = ib::core::parse_device(args.device);
  const bool cuda = device.kind != ib::core::DeviceKind::cpu;
  const std::unique_ptr<example::DeviceIo> io = example::make_device_io(cuda);
  ib::backends::LoadOptions load;
  load.model.builtin = "demo";
  load.device = device;
  load.shapes = {ib::core::parse_shape_arg("1x3x" + std::to_string(args.size) + "x" + std::to_string(args.size))};
  load.shapes.front().shape.front() = args.batch_size;
  const std::unique_ptr<ib::backends::Backend> model = ib::default_registry().by_name("libtorch").create(load);
  const ib::core::TensorSpec in_spec = model->inputs().front();
  const ib::core::TensorSpec out_spec = model->outputs().front();
  const ib::backends::Binding in{io->allocate(in_spec.size_bytes()), in_spec};
  const ib::backends::Binding out{io->allocate(out_spec.size_bytes()), out_spec};
  model->bind({&in, 1}, {&out, 1});

  ib::annotate::ProfilerOptions options;
  options.name = "pipeline";
  options.warmup_batches = args.warmup;
  options.output_dir = args.output_dir;
  if (cuda) options.cuda_stream = io->stream();
  ib::annotate::Profiler profiler(options);
  const std::size_t pixels = static_cast<std::size_t>(args.size) * static_cast<std::size_t>(args.size);
  std::vector<std::uint8_t> frames(static_cast<std::size_t>(args.batch_size) * pixels * 3);
  std::vector<float> input(in_spec.size_bytes() / sizeof(float));
  std::vector<float> logits(out_spec.size_bytes() / sizeof(float));
  std::int64_t checksum = 0;
  profiler.push_range("run");
  for (int b = 0; b < args.batches; ++b) {
    const ib::annotate::ScopedRange batch = profiler.batch("batch", b, args.batch_size);
    { const auto stage = profiler.range("decode"); decode(frames, b); }
    {
      const auto stage = profiler.range("preprocess");
      preprocess(frames, input, args.batch_size, args.size);
      io->to_device(in.data, input.data(), in_spec.size_bytes());
    }
    { const auto stage = profiler.range("infer"); model->enqueue(io->stream()); }
    {
      const auto stage = profiler.range("postprocess");
      io->to_host(logits.data(), out.data, out_spec.size_bytes());
      io->synchronize();
      for (const int label : postprocess(logits, args.batch_size)) checksum += label;
    }
  }
  profiler.pop_range();
  std::cout << "wrote " << profiler.finalize().string() << " (label checksum " << checksum << ")\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "annotated_pipeline: error: " << e.what() << "\n";
    return 2;
  }
}
