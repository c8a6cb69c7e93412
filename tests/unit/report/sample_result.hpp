#pragma once
// A result with everything a report can show, built in code (no GPU, no model): three depth models with
// latency samples, telemetry, process cost and quality, plus the files its quality section names (an input
// image as BMP, a ground-truth .npy and each model's output .npy) written into a folder.
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "io/npy.hpp"
#include "inferbench/result.hpp"
#include "stats/summary.hpp"

namespace ib::report::testing {

inline constexpr int kMapWidth = 96;
inline constexpr int kMapHeight = 64;

/// A 24-bit BMP (bottom-up rows padded to 4 bytes), which io::read_image decodes.
inline void write_bmp(const std::filesystem::path& path, int width, int height,
                      const std::vector<std::uint8_t>& rgb) {
  const int row_bytes = (width * 3 + 3) / 4 * 4;
  const std::uint32_t data_size = static_cast<std::uint32_t>(row_bytes * height);
  std::string bytes(54, '\0');
  const auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      bytes[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  bytes[0] = 'B';
  bytes[1] = 'M';
  put32(2, 54 + data_size);
  put32(10, 54);
  put32(14, 40);
  put32(18, static_cast<std::uint32_t>(width));
  put32(22, static_cast<std::uint32_t>(height));
  bytes[26] = 1;   // planes
  bytes[28] = 24;  // bits per pixel
  put32(34, data_size);
  for (int y = height - 1; y >= 0; --y) {
    std::string row(static_cast<std::size_t>(row_bytes), '\0');
    for (int x = 0; x < width; ++x) {
      const std::size_t i =
          (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3;
      row[static_cast<std::size_t>(x) * 3] = static_cast<char>(rgb[i + 2]);  // BMP stores B, G, R
      row[static_cast<std::size_t>(x) * 3 + 1] = static_cast<char>(rgb[i + 1]);
      row[static_cast<std::size_t>(x) * 3 + 2] = static_cast<char>(rgb[i]);
    }
    bytes += row;
  }
  std::ofstream(path, std::ios::binary) << bytes;
}

inline bool in_sphere(int x, int y) {
  const double dx = x - kMapWidth * 0.6;
  const double dy = y - kMapHeight * 0.55;
  const double r = kMapHeight * 0.25;
  return dx * dx + dy * dy < r * r;
}

/// Depth of a synthetic scene: a floor receding to the top, a sphere in front. Metres.
inline double scene_depth(int x, int y) {
  const double floor = 2.0 + 18.0 * (1.0 - static_cast<double>(y) / (kMapHeight - 1));
  const double dx = x - kMapWidth * 0.6;
  const double dy = y - kMapHeight * 0.55;
  return in_sphere(x, y) ? 3.0 + std::sqrt(dx * dx + dy * dy) / (kMapHeight * 0.25) : floor;
}

inline std::vector<double> lognormal_samples(std::size_t n, double median_ms, double sigma, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> draw(std::log(median_ms), sigma);
  std::vector<double> values(n);
  for (auto& v : values) v = draw(rng);
  return values;
}

inline result::Run make_run(const std::string& name, const std::string& dtype,
                            std::vector<double> latency_ms) {
  result::Run run;
  run.name = name;
  run.backend = "tensorrt";
  run.device = "cuda:0";
  run.config.batch = 1;
  run.config.dtype = dtype;
  run.config.iterations = static_cast<std::int64_t>(latency_ms.size());
  run.config.percentiles = {50, 90, 95, 99};
  run.samples.latency_ms = std::move(latency_ms);
  run.samples.timed_wall_s = 0;
  for (const double v : run.samples.latency_ms) run.samples.timed_wall_s += v / 1000.0;
  run.latency = stats::summarize(run.samples.latency_ms, run.config.percentiles);
  run.throughput =
      result::Throughput{1000.0 / run.latency->mean,
                         static_cast<double>(run.samples.latency_ms.size()) / run.samples.timed_wall_s};
  return run;
}

inline result::Telemetry make_telemetry(double util, double power, double clock_end, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, 1.0);
  result::Telemetry t;
  t.interval_s = 0.1;
  const std::size_t n = 60;
  std::vector<double> gpu, mem, vram, clock, watts;
  for (std::size_t i = 0; i < n; ++i) {
    const double s = static_cast<double>(i) * 0.1;
    t.time_s.push_back(s);
    const double ramp = std::min(1.0, s / 0.5);
    gpu.push_back(std::clamp(util * ramp + 2 * noise(rng), 0.0, 100.0));
    mem.push_back(std::clamp(util * 0.45 * ramp + noise(rng), 0.0, 100.0));
    vram.push_back(1800 + 400 * ramp);
    clock.push_back(1980 - (1980 - clock_end) * s / 6.0);
    watts.push_back(80 + (power - 80) * ramp + 5 * noise(rng));
  }
  gpu[30] = NAN;  // a failed query: a gap in the line
  t.series = {{"gpu_util", "%", gpu},
              {"mem_util", "%", mem},
              {"vram_used", "MB", vram},
              {"sm_clock", "MHz", clock},
              {"power", "W", watts}};
  return t;
}

/// The result, with its files written into `dir` (the result's folder).
inline result::Result sample_result(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "outputs");
  result::Result result;
  result.environment.host = "bench-01";
  result.environment.gpus = {result::GpuInfo{0, "NVIDIA H100 80GB HBM3", 85'520'809'984ULL, "9.0"}};
  result.environment.timestamp_utc = "2026-11-23T10:00:00Z";
  result.environment.inferbench_version = "0.1.0";
  result.environment.git_sha = "0123456789ab";

  // The image: the scene's depth as shades, so the panels can be compared by eye.
  std::vector<std::uint8_t> rgb;
  std::vector<double> gt;
  for (int y = 0; y < kMapHeight; ++y) {
    for (int x = 0; x < kMapWidth; ++x) {
      const double d = scene_depth(x, y);
      gt.push_back(d);
      const bool sphere = in_sphere(x, y);
      rgb.push_back(static_cast<std::uint8_t>(sphere ? 200 : 90 + y));
      rgb.push_back(static_cast<std::uint8_t>(sphere ? 60 : 120 + y / 2));
      rgb.push_back(static_cast<std::uint8_t>(sphere ? 50 : 160 - y));
    }
  }
  gt[5] = 0.0;  // no ground truth at one pixel
  write_bmp(dir / "scene.bmp", kMapWidth, kMapHeight, rgb);
  io::write_npy(dir / "scene_gt.npy", io::make_npy(core::DType::fp32, {kMapHeight, kMapWidth}, gt));

  const std::vector<std::string> names{"depth_anything_vits_fp32", "depth_anything_vits_fp16",
                                       "depth_anything_vits_int8"};
  const std::vector<double> medians{6.2, 3.1, 2.2};
  const std::vector<double> errors{0.0, 0.01, 0.08};
  for (std::size_t m = 0; m < names.size(); ++m) {
    auto samples = lognormal_samples(400, medians[m], 0.04 + 0.02 * static_cast<double>(m),
                                     static_cast<unsigned>(m + 1));
    samples[17] *= 3;  // a slow outlier
    result::Run run = make_run(names[m], m == 0 ? "fp32" : (m == 1 ? "fp16" : "int8"), samples);
    run.config.input_image = (dir / "scene.bmp").string();
    run.telemetry = make_telemetry(97 - 8.0 * static_cast<double>(m), 320 - 60.0 * static_cast<double>(m),
                                   1755 + 60.0 * static_cast<double>(m), static_cast<unsigned>(10 + m));
    result::TelemetrySummary ts;
    ts.metrics = {{"gpu_util", "%", 59, 96.5 - 8.0 * static_cast<double>(m), 0, 100},
                  {"vram_used", "MB", 60, 2150, 1800, 2200}};
    ts.energy_j = 123.0;
    ts.energy_per_inference_j = 0.3075 - 0.1 * static_cast<double>(m);
    ts.mean_power_w = 301.5;
    ts.peak_power_w = 333.25;
    ts.sm_clock_before_mhz = 1980;
    ts.sm_clock_after_mhz = 1755;
    ts.clock_drop_fraction = (1980.0 - 1755.0) / 1980.0;
    run.telemetry_summary = ts;
    run.process = result::ProcessCost{1.5, 0.25, 4.375, 812'000'000};

    // The model's output: relative disparity (1 / depth), with an error growing with m.
    std::vector<double> output;
    std::mt19937_64 rng(100 + m);
    std::normal_distribution<double> noise(0.0, errors[m]);
    for (int y = 0; y < kMapHeight; ++y) {
      for (int x = 0; x < kMapWidth; ++x) output.push_back(10.0 / scene_depth(x, y) * (1 + noise(rng)));
    }
    const std::string file = "outputs/" + names[m] + ".npy";
    io::write_npy(dir / file, io::make_npy(core::DType::fp32, {1, 1, kMapHeight, kMapWidth}, output));
    result::Quality quality;
    quality.output = "depth";
    quality.output_shape = {1, 1, kMapHeight, kMapWidth};
    quality.map_shape = {kMapHeight, kMapWidth};
    quality.output_file = file;
    if (m > 0) {
      quality.vs_reference = result::OutputComparison{names[0],
                                                      0.002 * static_cast<double>(m),
                                                      0.003 * static_cast<double>(m),
                                                      0.05 * static_cast<double>(m),
                                                      0.9999,
                                                      0.01,
                                                      kMapWidth * kMapHeight,
                                                      0,
                                                      0};
    }
    result::GroundTruthQuality truth;
    truth.mode = "single-image";
    truth.source = (dir / "scene_gt.npy").string();
    truth.images = 1;
    truth.metrics = result::DepthScores{0.05 + 0.01 * static_cast<double>(m), 0.2,  1.25, 0.08, 0.03, 0.07,
                                        0.97 - 0.02 * static_cast<double>(m), 0.99, 0.998};
    truth.valid_pixels = kMapWidth * kMapHeight - 1;
    truth.disparity = true;
    quality.ground_truth = truth;
    run.quality = quality;
    result.runs.push_back(std::move(run));
  }
  return result;
}

}  // namespace ib::report::testing
