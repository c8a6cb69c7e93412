#include "result/environment_capture.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <climits>
#include <ctime>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include "core/build_info.hpp"
#include "core/text.hpp"

namespace ib::result {
namespace {

using core::trim;

constexpr std::string_view kBlanks = " \t\r\n\f\v";
constexpr const char* kUnknown = "unknown";

// Calls `visit(line)` for each line; stops early when it returns true.
template <typename Visit>
void for_each_line(std::string_view text, Visit visit) {
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    if (visit(text.substr(0, end))) return;
    if (end == std::string_view::npos) return;
    text.remove_prefix(end + 1);
  }
}

// os-release values follow shell quoting (os-release(5)): double quotes allow \" \\ \$ \` escapes, single
// quotes are literal.
[[nodiscard]] std::string unquote_shell_value(std::string_view value) {
  if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
    return std::string(value.substr(1, value.size() - 2));
  }
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (value[i] == '\\' && i + 1 < value.size()) ++i;
      out += value[i];
    }
    return out;
  }
  return std::string(value);
}

[[nodiscard]] std::string read_small_file(const char* path) {
  // /proc files report size 0, so read to the end instead of asking for the size.
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

[[nodiscard]] std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return kUnknown;
  return name;
}

[[nodiscard]] std::string kernel_description() {
  struct utsname names {};
  if (::uname(&names) != 0) return kUnknown;
  return std::string(names.release) + " " + names.machine;
}

[[nodiscard]] unsigned online_cpus() {
  const long count = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (count > 0) return static_cast<unsigned>(count);
  return std::thread::hardware_concurrency();
}

[[nodiscard]] std::string compiler_description() {
#if defined(__clang__)
  return "clang " __clang_version__;
#elif defined(__GNUC__)
  return "g++ " __VERSION__;
#else
  return kUnknown;
#endif
}

// The governor decides how fast a CPU-bound loop runs ("powersave" can halve it); CPU 0 stands for all, as
// they are almost always set together. Absent in containers and VMs without cpufreq.
[[nodiscard]] std::optional<std::string> cpu_governor() {
  const std::string text = read_small_file("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  const std::string_view governor = trim(text);
  if (governor.empty()) return std::nullopt;
  return std::string(governor);
}

}  // namespace

std::string os_pretty_name(std::string_view os_release_text) {
  std::string name;
  for_each_line(os_release_text, [&name](std::string_view line) {
    line = trim(line);
    constexpr std::string_view key = "PRETTY_NAME=";
    if (!line.starts_with(key)) return false;
    name = unquote_shell_value(line.substr(key.size()));
    return true;
  });
  return name.empty() ? kUnknown : name;
}

std::string cpu_model_name(std::string_view cpuinfo_text) {
  std::string model;
  for_each_line(cpuinfo_text, [&model](std::string_view line) {
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || trim(line.substr(0, colon)) != "model name") return false;
    // Some CPUs pad their brand string ("Intel(R) Xeon(R) CPU           E5-2680"); one blank reads better.
    for (const char c : trim(line.substr(colon + 1))) {
      const bool blank = kBlanks.find(c) != std::string_view::npos;
      if (!blank) {
        model += c;
      } else if (!model.empty() && model.back() != ' ') {
        model += ' ';
      }
    }
    return true;
  });
  return model.empty() ? kUnknown : model;
}

std::string format_utc_timestamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  if (::gmtime_r(&seconds, &parts) == nullptr) return kUnknown;
  char text[32];
  const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return length == 0 ? kUnknown : std::string(text, length);
}

Environment capture_host_environment(std::span<const std::string> command_line) {
  Environment environment;
  environment.host = host_name();
  environment.cpu_model = cpu_model_name(read_small_file("/proc/cpuinfo"));
  environment.cpu_cores = online_cpus();
  std::string os_release = read_small_file("/etc/os-release");
  if (os_release.empty())
    os_release = read_small_file("/usr/lib/os-release");  // the fallback os-release(5) names
  environment.os = os_pretty_name(os_release);
  environment.kernel = kernel_description();
  environment.compiler = compiler_description();
  environment.inferbench_version = core::kVersion;
  environment.git_sha = core::kGitSha;
  environment.command_line.assign(command_line.begin(), command_line.end());
  environment.timestamp_utc = format_utc_timestamp(std::chrono::system_clock::now());
  environment.cpu_governor = cpu_governor();
  if (*core::kBuildType != '\0') environment.build_type = core::kBuildType;
  environment.build_flags = core::kBuildFlags;
  return environment;
}

}  // namespace ib::result
