// The multi-backend runner's suite files (../shared/ORIGINS.md; docs/suites.md, "The runner's files"), loaded
// as they are: `backend` (a list, or all), `input.input0..N` with `input.num_inputs`, `model.filename` and
// `model.name`, `runtime.device` and `runtime.precision`, optional `iterations`, `batch` and
// `calibration_cache`.
#include <algorithm>

#include <fmt/format.h>

#include "suite/axes.hpp"
#include "suite/case_name.hpp"
#include "suite/suite_file.hpp"

namespace ib::suite {
namespace {

bool is_torchscript(const std::string& file) { return file.ends_with(".jit.pt"); }

// Their names for backends -> ours, or the reason a case is skipped.
BackendAxis backend_axis(const std::string& theirs, const Origin& origin, const backends::Registry& registry) {
  const auto has = [&](const char* name) {
    for (const auto& info : registry.all()) {
      if (info.name == name) return true;
    }
    return false;
  };
  if (theirs == "torch") {
    return {"libtorch", origin, std::nullopt, [](const ModelAxis& model) -> std::optional<std::string> {
              if (is_torchscript(model.model)) return std::nullopt;
              return "torch runs TorchScript files (.jit.pt); this model is an engine";
            }};
  }
  if (theirs == "tensorrt") {
    if (has("tensorrt")) return {"tensorrt", origin, std::nullopt, {}};
    return {"tensorrt", origin,
            "no TensorRT backend in this build (an engine file can be measured with 'inferbench trtexec run "
            "--engine FILE')",
            {}};
  }
  if (theirs == "torch_tensorrt" || theirs == "torch_blade") {
    if (has(theirs.c_str())) return {theirs, origin, std::nullopt, {}};
    return {theirs, origin, fmt::format("inferbench has no {} backend", theirs), {}};
  }
  if (has(theirs.c_str())) return {theirs, origin, std::nullopt, {}};
  return {theirs, origin, std::nullopt, {}};  // an unknown name: the caller reports it
}

std::vector<BackendAxis> backend_axes(const YamlReader& reader, const YAML::Node& node,
                                      const backends::Registry& registry) {
  std::vector<BackendAxis> backends;
  for (const YAML::Node& item : reader.items(node, "backend")) {
    const std::string theirs = reader.text(item, "backend");
    const Origin origin = YamlReader::origin(item, "backend");
    if (theirs == "all") {
      for (const char* name : {"torch", "torch_tensorrt", "tensorrt"}) backends.push_back(backend_axis(name, origin, registry));
      continue;
    }
    BackendAxis backend = backend_axis(theirs, origin, registry);
    bool known = backend.skip.has_value() || backend.skip_for;
    for (const auto& info : registry.all()) known = known || info.name == backend.name;
    if (!known)
      reader.fail(item, "backend",
                  fmt::format("unknown backend '{}' (expected all, torch, torch_tensorrt, tensorrt, torch_blade, or "
                              "one of inferbench's)", theirs));
    backends.push_back(std::move(backend));
  }
  return backends;
}

std::vector<InputAxis> input_axes(const YamlReader& reader, const YAML::Node& node) {
  reader.require_map(node, "input");
  const std::int64_t count = node["num_inputs"] ? reader.integer(node["num_inputs"], "input.num_inputs") : 1;
  std::vector<InputAxis> inputs;
  for (const auto& [key, value] : entries(node)) {
    const std::string name = key.Scalar();
    if (name == "num_inputs") continue;
    const std::string full = "input." + name;
    if (!name.starts_with("input") || name.size() == 5) reader.fail(key, full, "unknown key (expected num_inputs, input0, input1, ...)");
    // The model's own input names are not in the file: the first shape goes to the first input.
    inputs.push_back({std::nullopt, reader.shape(value, full), YamlReader::origin(value, full)});
  }
  if (static_cast<std::int64_t>(inputs.size()) != count)
    reader.fail(node, "input.num_inputs", fmt::format("says {} inputs, the file gives {}", count, inputs.size()));
  if (inputs.size() > 1)
    reader.fail(node, "input", "inferbench feeds the runner's files one input (input0): the model's other input "
                               "names are not in the file; use an inferbench suite with named 'inputs'");
  return inputs;
}

void read_runtime(const YamlReader& reader, const YAML::Node& node, Axes& axes, const RunFlags& flags) {
  reader.check_keys(node, "runtime", {"device", "precision", "iterations", "batch"});
  if (node["device"]) {
    const std::string device = reader.text(node["device"], "runtime.device");
    const std::string ours = device.find_first_not_of("0123456789") == std::string::npos ? "cuda:" + device : device;
    axes.common.push_back({"--device", ours, YamlReader::origin(node["device"], "runtime.device")});
  }
  if (node["precision"]) {
    for (const YAML::Node& item : reader.items(node["precision"], "runtime.precision")) {
      std::string precision = reader.text(item, "runtime.precision");
      if (precision == "half") precision = "fp16";
      if (precision != "fp32" && precision != "fp16" && precision != "int8")
        reader.fail(item, "runtime.precision", fmt::format("unknown precision '{}' (expected fp32, fp16, half or int8)", precision));
      axes.precisions.emplace_back(precision, YamlReader::origin(item, "runtime.precision"));
    }
  }
  (void)flags;
}

void read_counts(const YamlReader& reader, const YAML::Node& root, Axes& axes, const RunFlags& flags) {
  for (const YAML::Node& owner : {root, root["runtime"]}) {
    if (!owner || !owner.IsMap()) continue;
    const std::string prefix = owner == root ? "" : "runtime.";
    if (const YAML::Node value = owner["iterations"]) {
      if (auto arg = run_flag_arg(reader, value, value, prefix + "iterations", RunFlag{"iterations", true}, flags))
        axes.common.push_back(std::move(*arg));
    }
    if (const YAML::Node value = owner["batch"]) {
      axes.batches_origin = YamlReader::origin(value, prefix + "batch");
      for (const YAML::Node& item : reader.items(value, prefix + "batch")) axes.batches.push_back(reader.integer(item, prefix + "batch"));
    }
  }
}

}  // namespace

Suite load_perf_run_suite(const YamlReader& reader, const YAML::Node& root, const backends::Registry& registry,
                          const RunFlags& flags) {
  reader.check_keys(root, "", {"backend", "input", "model", "runtime", "iterations", "batch", "calibration_cache"},
                    " (the multi-backend runner's keys)");
  Axes axes;
  axes.file = reader.file();
  if (!root["model"]) reader.fail(root, "model", "missing (model.filename names the model file)");
  const YAML::Node model = root["model"];
  reader.check_keys(model, "model", {"filename", "name"});
  if (!model["filename"]) reader.fail(model, "model.filename", "missing");
  const std::string file = reader.text(model["filename"], "model.filename");
  const std::string name = model["name"] ? reader.text(model["name"], "model.name") : model_stem(file);
  axes.models.push_back({file, name, false, YamlReader::origin(model["filename"], "model.filename"), std::nullopt});
  const YAML::Node backend = root["backend"] ? root["backend"] : YAML::Node("all");
  axes.backends = backend_axes(reader, backend, registry);
  if (root["input"]) axes.inputs = input_axes(reader, root["input"]);
  if (root["runtime"]) read_runtime(reader, root["runtime"], axes, flags);
  read_counts(reader, root, axes, flags);
  // The runner warms up 50 iterations and times 100 unless told: so do we, whatever our defaults become.
  axes.common.push_back({"--warmup", "50", Origin{"(the runner's warm-up)", 0}});
  const bool counted = std::any_of(axes.common.begin(), axes.common.end(),
                                   [](const CaseArg& arg) { return arg.flag == "--iterations"; });
  if (!counted) axes.common.push_back({"--iterations", "100", Origin{"(the runner's default iterations)", 0}});
  Suite suite{name, reader.file(), "perf_run", {}};
  suite.cases = expand(axes, registry);
  return suite;
}

}  // namespace ib::suite
