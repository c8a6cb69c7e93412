// `inferbench run`'s flags (README.md, "run").
#include "cli/flags.hpp"
#include "inferbench/errors.hpp"

namespace ib::cli {
namespace {

// Accuracy: outputs, cross-engine comparison, ground truth (docs/methodology.md, "Accuracy metrics").
void add_quality_run_options(CLI::App& run, RunOptions& options) {
  run.add_option("--input-size,--imgsz", options.input_size,
                 "No --shape: the input is 1x3xNxN (with --image: default 518)")
      ->type_name("N");
  run.add_option("--output-name", options.output_name, "The output to compare (default: the model's first)")
      ->type_name("NAME");
  run.add_flag("--save-outputs", options.save_outputs,
               "Write each run's compared output as <output-dir>/outputs/<run>.npy");
  run.add_option("--gt", options.gt, "Ground-truth depth map (.npy, H x W) of --image: depth metrics")
      ->type_name("FILE");
  run.add_option("--metric-images-dir", options.metric_images_dir,
                 "Dataset mode: score every image in DIR that has a GT in --metric-gt-dir (overrides --gt)")
      ->type_name("DIR");
  run.add_option("--metric-gt-dir", options.metric_gt_dir, "Dataset mode: GT maps named <image basename>.npy")
      ->type_name("DIR");
  run.add_option("--min-depth", options.min_depth, "Smallest valid GT depth (default 1e-5)");
  run.add_option("--max-depth", options.max_depth, "Largest valid GT depth (default 1e5)");
  run.add_flag("!--no-median-scaling", options.median_scaling,
               "Do not scale predictions by median(gt) / median(pred) (for metric-depth models)");
  run.add_flag("--disparity", options.disparity, "The model outputs inverse depth (disparity)");
  run.add_option("--gt-scale", options.gt_scale,
                 "GT depth = stored value / S (needed for PNG GT, KITTI: 256; default 1 for .npy)")
      ->type_name("S");
  run.add_option("--max-image-pixels", options.max_image_pixels,
                 "Refuse images (and PNG GT) above N pixels, from their header (default 100000000)")
      ->type_name("N");
}

}  // namespace

void add_run_options(CLI::App& run, RunOptions& options) {
  run.add_option("--model,--engines,--pt", options.models,
                 "Model file(s) to benchmark one after another (TorchScript: .ts, .pt, .jit.pt); repeatable; "
                 "FILE@fp16 gives one its own precision")
      ->type_name("FILE");
  run.add_flag("--demo", options.demo, "Benchmark the built-in demo CNN (no file needed)");
  run.add_option("--backend", options.backend, "Backend for every model (default: from the file extension)")
      ->type_name("NAME");
  run.add_option("--device", options.device,
                 "cpu, cuda or cuda:N (default: auto = CUDA when usable, else CPU)")
      ->type_name("DEVICE");
  run.add_option("--shape", options.shapes, "Input shape, 1x3x224x224 or name:1x3x224x224; repeatable")
      ->type_name("SHAPE");
  run.add_option("--dtype", options.dtype,
                 "Input (and weight) precision: fp32, fp16 or bf16 (default fp32); a list (fp32,fp16) runs "
                 "every model at each");
  run.add_option("--warmup", options.warmup, "Untimed iterations before timing (default 50)");
  run.add_option("--iterations,--iters", options.iterations, "Timed iterations (default 1000)");
  run.add_option("--percentiles", options.percentiles, "Percentiles to report (default 50,90,95,99)");
  run.add_option("--output-dir", options.output_dir,
                 "Where result.json is written (default: $INFERBENCH_OUTPUT_DIR, set by 'inferbench launch', "
                 "else benchmark_results)")
      ->envname("INFERBENCH_OUTPUT_DIR")
      ->type_name("DIR");
  run.add_option("--warmup-ms", options.warmup_ms, "Warm up for this many milliseconds instead of --warmup")
      ->type_name("MS");
  run.add_option("--duration", options.duration_s, "Time for this many seconds instead of --iterations")
      ->type_name("S");
  run.add_flag("--until-stable", options.until_stable,
               "Time until the 95% CIs of p50 and p99 are within --target-ci of their estimates");
  run.add_option("--target-ci", options.target_ci_percent, "Target CI half-width in percent (default 1)")
      ->type_name("PCT");
  run.add_option("--max-duration", options.max_duration_s,
                 "--until-stable gives up after this (default 60 s)")
      ->type_name("S");
  run.add_flag("--cuda-graph", options.cuda_graph,
               "Capture the model's inference in a CUDA graph and replay it");
  run.add_option("--cudnn-benchmark", options.cudnn_benchmark,
                 "PyTorch backends on CUDA: cuDNN autotuning, on (default, as most scripts set) or off")
      ->type_name("on|off");
  run.add_option("--tf32", options.tf32,
                 "PyTorch backends on CUDA: TF32 for matmuls and convolutions, on or off (default: PyTorch's "
                 "defaults, convolutions only)")
      ->type_name("on|off");
  run.add_option("--sync", options.sync, "How the host waits for the GPU: auto, block, spin or yield");
  run.add_flag("--no-transfers", options.no_transfers, "Keep inputs on the device: time no H2D/D2H copies");
  run.add_flag("--no-breakdown", options.no_breakdown, "Record no CUDA events (no H2D/compute/D2H times)");
  run.add_flag("--profile-layers", options.profile_layers,
               "After the timed passes, time each layer over a few untimed inferences (per-layer profile)");
  run.add_option("--image", options.image,
                 "Feed this image (JPEG/PNG/BMP) as the first input: resized to its HxW, normalised, NCHW")
      ->type_name("FILE");
  run.add_option("--mean", options.mean,
                 "Per-channel mean for --image, RGB (default ImageNet 0.485,0.456,0.406)");
  run.add_option("--std", options.std,
                 "Per-channel std for --image, RGB (default ImageNet 0.229,0.224,0.225)");
  run.add_option("--scale", options.scale, "Pixel scale for --image before mean/std (default 1/255)");
  run.add_option("--streams", options.streams, "Concurrent inferences, each with its own stream (default 1)")
      ->type_name("N");
  add_quality_run_options(run, options);
  add_metrics_options(run, options);
  run.add_option("--telemetry", options.telemetry,
                 "GPU telemetry: separate (its own pass after the speed pass, default), concurrent (during it) "
                 "or off");
  run.add_option("--gpu-sample-interval", options.gpu_sample_interval_s,
                 "Seconds between telemetry samples (default 0.1)")
      ->type_name("S");
  run.add_option("--gpu-id", options.gpu_id, "NVML index of the GPU to sample (default: the CUDA device's)")
      ->type_name("N");
  run.add_flag("--svg", options.svg, "Also write every figure as SVG");
  run.add_flag("-q,--quiet", options.quiet, "No progress bar (there is none when stderr is not a terminal)");
  run.add_option("--trtexec", options.trtexec,
                 "trtexec for .engine/.plan files when this build has no TensorRT (default: PATH, then "
                 "/usr/src/tensorrt/bin/trtexec)")
      ->type_name("PATH");
  // bench_pt's flags (docs/migrating.md).
  run.add_option("--ch", options.channels, "With --imgsz: input channels (default 3)")->type_name("N");
  run.add_option("--batch", options.batch, "With --imgsz: batch size (default 1)")->type_name("N");
  run.add_flag("--no_tf32", options.no_tf32, "bench_pt's flag: --tf32 off (docs/migrating.md)");
}

}  // namespace ib::cli

namespace ib::cli {

suite::RunFlags run_flags_for_suites() {
  suite::RunFlags flags;
  CLI::App run;
  RunOptions options;
  add_run_options(run, options);
  for (const CLI::Option* option : run.get_options()) {
    for (const std::string& name : option->get_lnames()) flags.flags.push_back({name, option->get_expected_min() != 0});
  }
  flags.parse = [](std::span<const std::string> args) {
    CLI::App app;
    RunOptions parsed;
    add_run_options(app, parsed);
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
    try {
      app.parse(reversed);
    } catch (const CLI::ParseError& e) {
      throw core::InputError(e.what());
    }
    return parsed;
  };
  return flags;
}

}  // namespace ib::cli
