#include "trtexec/trtexec_backend.hpp"

#include <fmt/format.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "inferbench/errors.hpp"
#include "io/atomic_file.hpp"
#include "trtexec/artefacts.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

namespace fs = std::filesystem;

constexpr const char* kOutputFile = "output.json";

[[nodiscard]] fs::path quality_dir(const RunRequest& base) { return base.output_dir / "quality"; }

}  // namespace

TrtexecBackend::TrtexecBackend(RunRequest base, const std::vector<LogBinding>& bindings, core::DType fallback_dtype)
    : base_(std::move(base)) {
  for (const LogBinding& binding : bindings) {
    if (binding.name.find_first_of(",:") != std::string::npos) {
      throw core::InputError("the engine's tensor '" + binding.name + "' has a ',' or ':' in its name, which "
                             "trtexec's --loadInputs cannot take");
    }
    if (binding.input) {
      inputs_.push_back({binding.name, binding.dtype ? core::parse_dtype(*binding.dtype) : fallback_dtype,
                         binding.shape});
    } else {
      outputs_.push_back({binding.name, core::DType::fp32, binding.shape});
    }
  }
  if (inputs_.empty() || outputs_.empty()) {
    throw core::InputError("trtexec's log names no input or no output binding of the engine");
  }
}

void TrtexecBackend::bind(std::span<const backends::Binding> inputs, std::span<const backends::Binding> outputs) {
  input_data_.clear();
  output_data_.clear();
  for (const backends::Binding& binding : inputs) input_data_.push_back(binding.data);
  for (const backends::Binding& binding : outputs) output_data_.push_back(binding.data);
}

// Each input's bytes in a file of its own, named for trtexec as name:file, comma-separated.
std::vector<std::string> TrtexecBackend::input_arguments() const {
  std::string load = "--loadInputs=";
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    const fs::path file = quality_dir(base_) / fmt::format("input_{}.bin", i);
    const auto* bytes = static_cast<const char*>(input_data_.at(i));
    io::write_file_atomically(file, std::string(bytes, inputs_[i].size_bytes()));
    load += fmt::format("{}{}:{}", i == 0 ? "" : ",", inputs_[i].name, file.string());
  }
  return {load, "--exportOutput=" + (quality_dir(base_) / kOutputFile).string()};
}

void TrtexecBackend::enqueue(backends::StreamHandle /*stream*/) {
  RunRequest request = base_;
  request.output_dir = quality_dir(base_);
  io::ensure_writable_directory(request.output_dir);
  RunSettings& settings = request.settings;
  settings.iterations = 1;
  settings.warmup_ms = 0;
  settings.duration_s = 0;
  settings.profile = false;
  for (std::string& arg : input_arguments()) settings.extra_args.push_back(std::move(arg));
  const RunOutcome outcome = run_trtexec(request);
  if (outcome.exit_code != 0) {
    throw core::RunError(fmt::format("trtexec failed to compute the engine's outputs (exit code {}); its log: {}",
                                     outcome.exit_code, outcome.log.string()));
  }
  read_outputs(request.output_dir / kOutputFile);
}

void TrtexecBackend::read_outputs(const fs::path& file) {
  const std::string text = read_artefact(file, "trtexec's --exportOutput file");
  for (std::size_t i = 0; i < outputs_.size(); ++i) {
    const auto count = static_cast<std::size_t>(core::element_count(outputs_[i].shape));
    std::vector<float> values;
    try {
      values = exported_output(text, outputs_[i].name, count);
    } catch (const ParseError& error) {
      throw core::RunError(fmt::format("trtexec's output file '{}': {}", file.string(), error.what()));
    }
    std::memcpy(output_data_.at(i), values.data(), values.size() * sizeof(float));
  }
}

std::vector<float> exported_output(std::string_view json_text, const std::string& name, std::size_t count) {
  const nlohmann::json json = nlohmann::json::parse(json_text, nullptr, false);
  if (!json.is_array()) throw ParseError("not a JSON list of outputs (non-finite values are printed as nan/inf)");
  for (const nlohmann::json& output : json) {
    if (!output.is_object() || output.value("name", std::string()) != name) continue;
    const auto values = output.find("values");
    if (values == output.end() || !values->is_array() || values->size() != count) {
      throw ParseError(fmt::format("output '{}' does not hold {} values", name, count));
    }
    std::vector<float> out;
    out.reserve(count);
    for (const nlohmann::json& value : *values) {
      if (!value.is_number()) throw ParseError(fmt::format("output '{}' holds a value that is no number", name));
      out.push_back(value.get<float>());
    }
    return out;
  }
  throw ParseError(fmt::format("no output named '{}'", name));
}

}  // namespace ib::trtexec
