// A child for launch_cli_test, started by `inferbench launch` without a shell:
//   launch_test_child FAIL_INDEX -- COMMAND ARGS...   records CUDA_VISIBLE_DEVICES in its folder, then fails (exit 3,
//                                                     a few stderr lines) when INFERBENCH_PROCESS_INDEX is
//                                                     FAIL_INDEX, else becomes COMMAND (execv)
//   launch_test_child pipeline                        an annotated pipeline: 6 batches of 2 items, "work" sleeps 2 ms
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "inferbench/annotate.hpp"

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

int annotated_pipeline() {
  ib::annotate::ProfilerOptions options;
  options.name = "child";
  ib::annotate::Profiler profiler(options);
  profiler.push_range("loop");
  for (int i = 0; i < 6; ++i) {
    const ib::annotate::ScopedRange batch = profiler.batch("batch", i, 2);
    const ib::annotate::ScopedRange work = profiler.range("work");
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  profiler.pop_range();
  profiler.finalize();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "pipeline") return annotated_pipeline();
  if (argc < 4 || std::string(argv[2]) != "--") {
    std::cerr << "usage: launch_test_child FAIL_INDEX -- COMMAND ARGS... | launch_test_child pipeline\n";
    return 2;
  }
  std::ofstream(env("INFERBENCH_OUTPUT_DIR") + "/child_env.txt") << env("CUDA_VISIBLE_DEVICES") << "\n";
  if (env("INFERBENCH_PROCESS_INDEX") == argv[1]) {
    std::cerr << "loading the model\nchild " << argv[1] << ": simulated failure\n";
    return 3;
  }
  std::vector<char*> args(argv + 3, argv + argc);
  args.push_back(nullptr);
  execv(args.front(), args.data());
  std::cerr << "cannot exec " << args.front() << "\n";
  return 127;
}
