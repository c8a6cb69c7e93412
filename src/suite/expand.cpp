#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "inferbench/shape.hpp"
#include "suite/axes.hpp"
#include "suite/case_name.hpp"

namespace ib::suite {
namespace {

std::string with_batch(std::string text, std::optional<std::int64_t> batch) {
  const std::string placeholder = "{batch}";
  if (!batch) return text;
  for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at))
    text.replace(at, placeholder.size(), std::to_string(*batch));
  return text;
}

// Relative files are looked up from the current folder first (the runner's configs name models that way),
// then beside the suite file.
std::string resolve_model(const Axes& axes, const ModelAxis& model, const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) return path;
  const std::filesystem::path beside = axes.file.parent_path() / path;
  if (std::filesystem::path(path).is_relative() && std::filesystem::is_regular_file(beside, error))
    return beside.string();
  fail_at(axes.file, model.origin, fmt::format("model file '{}' not found", path));
}

std::string backend_of(const Axes& axes, const ModelAxis& model, const BackendAxis& backend,
                       const backends::Registry& registry) {
  if (!backend.name.empty()) return backend.name;
  try {
    if (model.model == "demo") return "libtorch";
    const std::size_t colon = model.model.find(':');
    if (model.builtin && colon != std::string::npos) return registry.by_name(model.model.substr(0, colon)).name;
    return registry.for_path(with_batch(model.model, 1)).name;
  } catch (const core::Error& e) {
    fail_at(axes.file, model.origin, fmt::format("{} (or name it under 'backends')", e.what()));
  }
}

// A combination of the product that cannot be: a built-in model on another backend, a file of an extension
// the backend does not load.
std::optional<std::string> model_skip(const ModelAxis& model, const std::string& backend,
                                      const backends::Registry& registry) {
  if (model.builtin) {
    const std::string owner = model.model == "demo" ? "libtorch" : model.model.substr(0, model.model.find(':'));
    if (owner == backend) return std::nullopt;
    return fmt::format("the built-in model '{}' runs on the {} backend only", model.model, owner);
  }
  const auto& all = registry.all();
  const auto info = std::find_if(all.begin(), all.end(), [&](const auto& i) { return i.name == backend; });
  if (info == all.end()) return std::nullopt;
  if (info->extensions.empty()) return fmt::format("backend {} runs built-in models only, not files", backend);
  for (const std::string& ext : info->extensions) {
    if (model.model.ends_with(ext)) return std::nullopt;
  }
  return fmt::format("backend {} loads {} files", backend, fmt::join(info->extensions, ", "));
}

std::optional<std::string> skip_of(const ModelAxis& model, const BackendAxis& backend, const std::string& name,
                                   const std::string& precision, const backends::Registry& registry) {
  if (backend.skip) return backend.skip;
  if (backend.skip_for) {
    if (auto reason = backend.skip_for(model)) return reason;
  }
  if (auto reason = model_skip(model, name, registry)) return reason;
  if (auto reason = availability_skip(registry, name)) return reason;
  return precision_skip(name, precision);
}

std::vector<CaseArg> shape_args(const Axes& axes, const ModelAxis& model, std::optional<std::int64_t> batch) {
  std::vector<InputAxis> inputs = axes.inputs;
  if (inputs.empty() && batch) {
    if (model.model != "demo" && !model.builtin)
      fail_at(axes.file, axes.batches_origin, "batch sizes need 'inputs' (the shapes whose first dimension they set)");
    inputs.push_back({std::nullopt, model.model == "demo" ? core::Shape{1, 3, 224, 224} : core::Shape{1, 3, 8, 8},
                      axes.batches_origin});
  }
  std::vector<CaseArg> args;
  for (InputAxis input : inputs) {
    if (batch) input.shape.at(0) = *batch;
    const std::string shape = core::shape_to_string(input.shape);
    args.push_back({"--shape", input.name ? *input.name + ":" + shape : shape, input.origin});
  }
  return args;
}

struct Combination {
  const ModelAxis& model;
  const BackendAxis& backend;
  const std::pair<std::string, Origin>& precision;
  std::optional<std::int64_t> batch;
};

SuiteCase make_case(const Axes& axes, const Combination& c, const backends::Registry& registry,
                    std::map<std::string, int>& seen) {
  SuiteCase out;
  out.backend = backend_of(axes, c.model, c.backend, registry);
  out.precision = c.precision.first;
  out.batch = c.batch;
  out.origin = c.model.origin;
  out.config = c.batch ? fmt::format("{} b{}", c.model.name, *c.batch) : c.model.name;
  out.name = unique_case_name(
      fmt::format("{}-{}-{}{}", c.model.name, out.backend, out.precision, c.batch ? fmt::format("-b{}", *c.batch) : ""),
      seen);
  out.skip_reason = skip_of(c.model, c.backend, out.backend, out.precision, registry);
  out.model = with_batch(c.model.model, c.batch);
  if (c.model.model == "demo") {
    out.args.push_back({"--demo", std::nullopt, c.model.origin});
  } else {
    if (!c.model.builtin && !out.skip_reason) out.model = resolve_model(axes, c.model, out.model);
    out.args.push_back({"--model", out.model, c.model.origin});
  }
  if (!c.backend.name.empty()) out.args.push_back({"--backend", out.backend, c.backend.origin});
  if (c.precision.second.line > 0) out.args.push_back({"--dtype", out.precision, c.precision.second});
  if (!out.skip_reason) {
    for (CaseArg& arg : shape_args(axes, c.model, c.batch)) out.args.push_back(std::move(arg));
  }
  out.args.insert(out.args.end(), axes.common.begin(), axes.common.end());
  return out;
}

}  // namespace

void fail_at(const std::filesystem::path& file, const Origin& origin, const std::string& why) {
  const std::string line = origin.line > 0 ? fmt::format(":{}", origin.line) : "";
  throw core::InputError(fmt::format("{}{}: key '{}': {}", file.string(), line, origin.key, why));
}

std::optional<std::string> precision_skip(const std::string& backend, const std::string& precision) {
  if (precision != "int8") return std::nullopt;
  return fmt::format("int8 needs a calibrated TensorRT engine; {} runs fp32, fp16 and bf16", backend);
}

std::optional<std::string> availability_skip(const backends::Registry& registry, const std::string& name) {
  try {
    const backends::BackendInfo& info = registry.by_name(name);
    if (info.version) (void)info.version();
  } catch (const core::UnavailableError& e) {
    return fmt::format("backend '{}' cannot run in this build: {}", name, e.what());
  } catch (const core::InputError&) {
    return fmt::format("backend '{}' is not in this build", name);
  }
  return std::nullopt;
}

std::vector<SuiteCase> expand(const Axes& axes, const backends::Registry& registry) {
  const std::vector<BackendAxis> by_extension{BackendAxis{}};
  const std::vector<std::pair<std::string, Origin>> default_precision{{"fp32", Origin{}}};
  const std::vector<std::optional<std::int64_t>> own_batch{std::nullopt};
  std::vector<std::optional<std::int64_t>> batches(axes.batches.begin(), axes.batches.end());
  if (batches.empty()) batches = own_batch;
  std::vector<SuiteCase> cases;
  std::map<std::string, int> seen;
  for (const ModelAxis& model : axes.models) {
    for (const BackendAxis& backend : axes.backends.empty() ? by_extension : axes.backends) {
      const std::vector<std::pair<std::string, Origin>> own{model.precision.value_or(std::pair<std::string, Origin>{})};
      const auto& precisions = model.precision ? own : axes.precisions.empty() ? default_precision : axes.precisions;
      for (const auto& precision : precisions) {
        for (const auto batch : batches)
          cases.push_back(make_case(axes, Combination{model, backend, precision, batch}, registry, seen));
      }
    }
  }
  return cases;
}

}  // namespace ib::suite
