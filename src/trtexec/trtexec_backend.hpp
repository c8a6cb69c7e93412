#pragma once
// A backend whose every inference is one trtexec run: the bound inputs are written to files for
// --loadInputs, the outputs are read back from --exportOutput's JSON. For the quality pass of engines that
// run through trtexec (engine_route.hpp): it lets the runner's own quality pass (runner/quality_pass.hpp)
// score them like native runs. Never timed: each inference starts a process.
#include <cstddef>
#include <string>
#include <vector>

#include "inferbench/backend.hpp"
#include "trtexec/log.hpp"
#include "trtexec/run.hpp"

namespace ib::trtexec {

class TrtexecBackend final : public backends::Backend {
 public:
  /// `base`: the engine's trtexec run (settings, binary, folder) as it was timed; each inference runs it once
  /// more into `base.output_dir`/quality. `bindings`: the IO tensors the timed run's log names, with their
  /// types (`fallback_dtype` for inputs of a log that gives none, TensorRT 8.x). Outputs are fp32: trtexec
  /// writes their values as decimal numbers. Throws core::InputError when the log names no input or output.
  TrtexecBackend(RunRequest base, const std::vector<LogBinding>& bindings, core::DType fallback_dtype);

  [[nodiscard]] std::vector<core::TensorSpec> inputs() const override { return inputs_; }
  [[nodiscard]] std::vector<core::TensorSpec> outputs() const override { return outputs_; }
  void bind(std::span<const backends::Binding> inputs, std::span<const backends::Binding> outputs) override;
  /// Throws core::RunError when trtexec fails or its output file is missing or does not match the outputs.
  void enqueue(backends::StreamHandle stream) override;

 private:
  [[nodiscard]] std::vector<std::string> input_arguments() const;
  void read_outputs(const std::filesystem::path& file);

  RunRequest base_;
  std::vector<core::TensorSpec> inputs_;
  std::vector<core::TensorSpec> outputs_;
  std::vector<const void*> input_data_;
  std::vector<void*> output_data_;
};

/// --exportOutput's file: `[{"name": ..., "dimensions": "1x518x518", "values": [...]}, ...]` (trtexec's
/// sampleReporting.cpp). The values of the output `name`, checked against `count`; throws ParseError.
[[nodiscard]] std::vector<float> exported_output(std::string_view json_text, const std::string& name,
                                                 std::size_t count);

}  // namespace ib::trtexec
