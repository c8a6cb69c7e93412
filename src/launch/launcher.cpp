#include "launch/launcher.hpp"

#include <algorithm>
#include <fstream>
#include <optional>

#include "inferbench/errors.hpp"
#include "io/process.hpp"

namespace ib::launch {
namespace {

namespace fs = std::filesystem;

[[nodiscard]] int gpu_of(const LaunchRequest& request, std::int64_t index) {
  return request.gpus[static_cast<std::size_t>(index) % request.gpus.size()];
}

[[nodiscard]] io::SpawnRequest spawn_request(const LaunchRequest& request, const ChildReport& child) {
  io::SpawnRequest spawn;
  spawn.argv = request.command;
  spawn.stdout_path = child.folder / "stdout.log";
  spawn.stderr_path = child.folder / "stderr.log";
  spawn.environment = request.environment;
  spawn.environment.emplace_back("CUDA_VISIBLE_DEVICES", std::to_string(child.gpu));
  spawn.environment.emplace_back("INFERBENCH_OUTPUT_DIR", fs::absolute(child.folder).string());
  spawn.environment.emplace_back("INFERBENCH_WARMUP_BATCHES", std::to_string(request.warmup_batches));
  spawn.environment.emplace_back("INFERBENCH_PROCESS_INDEX", std::to_string(child.index));
  spawn.environment.emplace_back("INFERBENCH_NUM_PROCESSES", std::to_string(request.processes));
  return spawn;
}

// Polls every child until all have ended; forwards the first stop signal to the ones still running.
void wait_for_all(std::vector<io::ChildProcess>& running, std::vector<ChildReport>& reports, const StopSource& stop) {
  bool forwarded = false;
  while (true) {
    bool all_done = true;
    for (std::size_t i = 0; i < running.size(); ++i) {
      if (const std::optional<int> code = running[i].poll()) {
        reports[i].exit_code = *code;
      } else {
        all_done = false;
      }
    }
    if (all_done) return;
    if (!forwarded && stop.flag != nullptr && stop.flag->load()) {
      for (io::ChildProcess& child : running) child.signal(stop.signal_number());
      forwarded = true;
    }
    stop.wait(std::chrono::milliseconds(50));
  }
}

}  // namespace

void check_launch_request(const LaunchRequest& request) {
  if (request.processes < 1)
    throw core::InputError("-np " + std::to_string(request.processes) + ": give 1 or more processes");
  if (request.gpus.empty()) throw core::InputError("--gpus is empty: give GPU indices such as 0,1");
  for (const int gpu : request.gpus)
    if (gpu < 0) throw core::InputError("--gpus: GPU index " + std::to_string(gpu) + " is negative");
  if (request.warmup_batches < 0)
    throw core::InputError("-w " + std::to_string(request.warmup_batches) + ": give 0 or more warm-up batches");
  if (request.command.empty() || request.command.front().empty())
    throw core::InputError("no command: give it after '--', e.g. inferbench launch -np 2 -o out -- inferbench run ...");
  if (!io::find_executable(request.command.front()))
    throw core::UnavailableError("'" + request.command.front() + "' was not found (nor is it an executable file)");
}

fs::path child_folder(const LaunchRequest& request, std::int64_t index) {
  return request.output_dir / ("proc_" + std::to_string(index) + "_gpu_" + std::to_string(gpu_of(request, index)));
}

std::vector<ChildReport> run_children(const LaunchRequest& request, const StopSource& stop) {
  std::vector<ChildReport> reports;
  std::vector<io::ChildProcess> running;
  for (std::int64_t i = 0; i < request.processes; ++i) {
    ChildReport child;
    child.index = i;
    child.gpu = gpu_of(request, i);
    child.folder = child_folder(request, i);
    child.label = child.folder.filename().string();
    fs::create_directories(child.folder);
    for (const char* stale : {"result.json", "benchmark.json"}) fs::remove(child.folder / stale);
    running.emplace_back(spawn_request(request, child));
    reports.push_back(std::move(child));
  }
  wait_for_all(running, reports, stop);
  for (ChildReport& child : reports)
    if (child.exit_code != 0) child.stderr_tail = file_tail(child.folder / "stderr.log", 10);
  return reports;
}

std::string file_tail(const fs::path& file, std::size_t lines) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff start = std::max<std::streamoff>(0, size - 4096);
  in.seekg(start);
  std::string text(static_cast<std::size_t>(size - start), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  while (!text.empty() && text.back() == '\n') text.pop_back();
  std::size_t cut = text.size();
  for (std::size_t found = 0; found < lines; ++found) {
    const std::size_t newline = text.rfind('\n', cut == 0 ? 0 : cut - 1);
    if (newline == std::string::npos || cut == 0) return text;
    cut = newline;
  }
  return text.substr(cut + 1);
}

}  // namespace ib::launch
