#include <cstdlib>
#include <string>

#include "annotate/benchmark_json.hpp"
#include "annotate/range_tree.hpp"
#include "inferbench/annotate.hpp"
#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "stats/summary.hpp"

namespace ib::annotate {
namespace {

[[nodiscard]] std::int64_t warmup_from_environment(std::int64_t configured) {
  const char* value = std::getenv("INFERBENCH_WARMUP_BATCHES");
  if (value == nullptr || *value == '\0') return configured;
  char* end = nullptr;
  const long long parsed = std::strtoll(value, &end, 10);
  if (*end != '\0' || parsed < 0)
    throw core::InputError("INFERBENCH_WARMUP_BATCHES='" + std::string(value) + "' is not a count (0, 1, 2, ...)");
  return parsed;
}

[[nodiscard]] std::filesystem::path output_from_environment(const std::filesystem::path& configured) {
  const char* value = std::getenv("INFERBENCH_OUTPUT_DIR");
  if (value != nullptr && *value != '\0') return value;
  return configured.empty() ? std::filesystem::path(".") : configured;
}

}  // namespace

Profiler::Profiler(ProfilerOptions options) {
  if (!options.enabled) return;
  if (options.warmup_batches < 0)
    throw core::InputError("warmup_batches is " + std::to_string(options.warmup_batches) + ": give 0 or more");
  if (options.name.empty() || options.name.find('/') != std::string::npos)
    throw core::InputError("profiler name '" + options.name + "': give a non-empty name without '/'");
  warmup_batches_ = warmup_from_environment(options.warmup_batches);
  output_dir_ = output_from_environment(options.output_dir);
  std::unique_ptr<GpuTimer> gpu = options.cuda_stream ? make_cuda_timer(*options.cuda_stream) : nullptr;
  recorder_ = std::make_unique<Recorder>(options.name, std::make_unique<core::SteadyClock>(), std::move(gpu), options.nvtx);
}

Profiler::~Profiler() = default;
Profiler::Profiler(Profiler&&) noexcept = default;
Profiler& Profiler::operator=(Profiler&&) noexcept = default;

void Profiler::push(std::string_view name, std::int64_t batch_idx) {
  recorder_->push(name, batch_idx);
}

void Profiler::pop(std::int64_t total_items, bool discard) {
  recorder_->pop(total_items, discard);
}

std::size_t Profiler::depth() const noexcept {
  return recorder_ != nullptr ? recorder_->depth() : 0;
}

ScopedRange Profiler::range(std::string_view name) {
  push_range(name);
  return ScopedRange(*this, -1);
}

ScopedRange Profiler::batch(std::string_view name, std::int64_t batch_idx, std::int64_t total_items) {
  push_range(name, batch_idx);
  return ScopedRange(*this, total_items);
}

std::string Profiler::json() const {
  if (recorder_ == nullptr) return "{}";
  const std::vector<double> percentiles = stats::default_percentiles();
  return benchmark_json(recorder_->resolve(), warmup_batches_, percentiles).dump(4) + "\n";
}

std::filesystem::path Profiler::finalize() {
  if (recorder_ == nullptr) return {};
  const std::string text = json();
  io::ensure_writable_directory(output_dir_);
  const std::filesystem::path file = output_dir_ / "benchmark.json";
  io::write_file_atomically(file, text);
  return file;
}

void ScopedRange::close() noexcept {
  if (profiler_ == nullptr) return;
  Profiler* const profiler = profiler_;
  profiler_ = nullptr;
  try {
    if (total_items_ >= 0) {
      profiler->pop_range(total_items_);
    } else {
      profiler->pop_range();
    }
  } catch (...) {  // a destructor must not throw; the nesting error shows at finalize()
  }
}

}  // namespace ib::annotate
