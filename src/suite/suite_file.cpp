#include "suite/suite_file.hpp"

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "suite/axes.hpp"
#include "suite/case_name.hpp"

namespace ib::suite {
namespace {

// `run` flags a suite sets through its own keys (models, backends, precisions, batches, inputs, and the
// command's --output-dir), or that have no meaning in a file.
constexpr std::string_view kReservedFlags[] = {"model", "engines", "pt", "demo", "backend", "dtype", "shape",
                                               "output-dir", "batch", "help", "version"};

// Backends inferbench may have in other builds (or will have): a suite naming one is not wrong, only skipped.
bool is_known_elsewhere(const std::string& name) {
  return name == "tensorrt" || name == "onnxruntime" || name == "aoti" || name == "synthetic";
}

bool is_builtin(const std::string& model) {
  return model == "demo" || model.starts_with("fake:") || model.starts_with("synthetic:");
}

std::string precision_of(const YamlReader& reader, const YAML::Node& item, const std::string& key) {
  std::string precision = reader.text(item, key);
  if (precision == "half") precision = "fp16";
  if (precision != "fp32" && precision != "fp16" && precision != "bf16" && precision != "int8")
    reader.fail(item, key, fmt::format("unknown precision '{}' (expected fp32, fp16, bf16 or int8)", precision));
  return precision;
}

ModelAxis model_axis(const YamlReader& reader, const YAML::Node& node) {
  if (!node.IsMap()) {
    const std::string model = reader.text(node, "models");
    return {model, is_builtin(model) ? model : model_stem(model), is_builtin(model), YamlReader::origin(node, "models"),
            std::nullopt};
  }
  reader.check_keys(node, "models", {"file", "name", "precision"});
  if (!node["file"]) reader.fail(node, "models", "a model given as a mapping needs 'file'");
  const std::string model = reader.text(node["file"], "models.file");
  const std::string name = node["name"] ? reader.text(node["name"], "models.name") : model_stem(model);
  ModelAxis axis{model, name, is_builtin(model), YamlReader::origin(node["file"], "models.file"), std::nullopt};
  if (node["precision"]) axis.precision = {precision_of(reader, node["precision"], "models.precision"),
                                           YamlReader::origin(node["precision"], "models.precision")};
  return axis;
}

std::vector<InputAxis> input_axes(const YamlReader& reader, const YAML::Node& node) {
  if (!node.IsMap()) return {InputAxis{std::nullopt, reader.shape(node, "inputs"), YamlReader::origin(node, "inputs")}};
  std::vector<InputAxis> inputs;
  for (const auto& [key, value] : entries(node)) {
    const std::string name = key.Scalar();
    inputs.push_back({name, reader.shape(value, "inputs." + name), YamlReader::origin(value, "inputs." + name)});
  }
  return inputs;
}

void read_axis(const YamlReader& reader, const std::string& name, const YAML::Node& value, Axes& axes,
               const backends::Registry& registry) {
  if (name == "models") {
    for (const YAML::Node& item : reader.items(value, name)) axes.models.push_back(model_axis(reader, item));
  } else if (name == "backends") {
    for (const YAML::Node& item : reader.items(value, name)) {
      BackendAxis backend{reader.text(item, name), YamlReader::origin(item, name), std::nullopt, {}};
      try {
        backend.name = registry.by_name(backend.name).name;
      } catch (const core::InputError& e) {
        if (!is_known_elsewhere(backend.name)) reader.fail(item, name, e.what());
        backend.skip = fmt::format("backend '{}' is not in this build", backend.name);
      }
      axes.backends.push_back(std::move(backend));
    }
  } else if (name == "precisions") {
    for (const YAML::Node& item : reader.items(value, name))
      axes.precisions.emplace_back(precision_of(reader, item, name), YamlReader::origin(item, name));
  } else if (name == "batches") {
    axes.batches_origin = YamlReader::origin(value, name);
    for (const YAML::Node& item : reader.items(value, name)) {
      axes.batches.push_back(reader.integer(item, name));
      if (axes.batches.back() < 1) reader.fail(item, name, "a batch size is at least 1");
    }
  } else {
    axes.inputs = input_axes(reader, value);
  }
}

bool is_axis(const std::string& name) {
  return name == "models" || name == "backends" || name == "precisions" || name == "batches" || name == "inputs";
}

}  // namespace

std::optional<CaseArg> run_flag_arg(const YamlReader& reader, const YAML::Node& key, const YAML::Node& value,
                                    const std::string& name, const RunFlag& flag, const RunFlags& flags) {
  std::optional<std::string> text;
  if (!flag.takes_value) {
    const std::string word = reader.text(value, name);
    if (word != "true" && word != "false") reader.fail(value, name, fmt::format("expected true or false (got '{}')", word));
    if (word == "false") return std::nullopt;
  } else if (value.IsSequence()) {
    std::vector<std::string> parts;
    for (const YAML::Node& item : reader.items(value, name)) parts.push_back(reader.text(item, name));
    text = fmt::format("{}", fmt::join(parts, ","));
  } else {
    text = reader.text(value, name);
  }
  CaseArg arg{"--" + flag.name, text, YamlReader::origin(key, name)};
  std::vector<std::string> args{arg.flag};
  if (text) args.push_back(*text);
  try {
    (void)flags.parse(args);
  } catch (const core::Error& e) {
    reader.fail(value, name, e.what());
  }
  return arg;
}

Suite load_suite(const std::filesystem::path& file, const backends::Registry& registry, const RunFlags& flags) {
  const YamlReader reader(file);
  const YAML::Node root = reader.load();
  if (root["model"] || root["runtime"] || root["backend"]) return load_perf_run_suite(reader, root, registry, flags);
  Suite suite{file.stem().string(), file, "inferbench", {}};
  Axes axes;
  axes.file = file;
  for (const auto& [key, value] : entries(root)) {
    const std::string name = key.Scalar();
    if (name == "name") {
      suite.name = reader.text(value, name);
    } else if (is_axis(name)) {
      read_axis(reader, name, value, axes, registry);
    } else if (std::find(std::begin(kReservedFlags), std::end(kReservedFlags), name) != std::end(kReservedFlags)) {
      reader.fail(key, name, "set by the suite's own keys here (models, backends, precisions, batches, inputs) "
                             "or by the suite command's flags");
    } else if (const RunFlag* flag = flags.find(name)) {
      if (auto arg = run_flag_arg(reader, key, value, name, *flag, flags)) axes.common.push_back(std::move(*arg));
    } else {
      reader.fail(key, name, "unknown key (expected name, models, backends, precisions, batches, inputs, or a "
                             "flag of 'inferbench run' by its name, e.g. warmup)");
    }
  }
  if (axes.models.empty()) reader.fail(root, "models", "a suite needs at least one model");
  suite.cases = expand(axes, registry);
  return suite;
}

const RunFlag* RunFlags::find(std::string_view name) const {
  for (const RunFlag& flag : flags) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

}  // namespace ib::suite
