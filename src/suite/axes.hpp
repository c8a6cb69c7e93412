#pragma once
// What both suite formats (ours and the multi-backend runner's) read a file into before it is expanded into
// cases: the models, backends, precisions and batch sizes to combine, the inputs' shapes and the `run` flags
// every case shares. expand() makes the cartesian product and decides which combinations are skipped.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "inferbench/registry.hpp"
#include "suite/suite.hpp"

namespace ib::suite {

struct ModelAxis {
  std::string model;  ///< a file (with "{batch}" for one file per batch size) or a built-in model
  std::string name;   ///< for case names and the Config column
  bool builtin = false;
  Origin origin;
  /// The model's own precision (a file traced in fp16): replaces the file's precisions for this model.
  std::optional<std::pair<std::string, Origin>> precision;
};

/// A backend of the file: a registry name, or a name this build has no backend for (then `skip` says why).
/// `skip_for` decides per model (the runner's `torch` takes only TorchScript files).
struct BackendAxis {
  std::string name;
  Origin origin;
  std::optional<std::string> skip;
  std::function<std::optional<std::string>(const ModelAxis&)> skip_for;
};

struct InputAxis {
  std::optional<std::string> name;  ///< none: the model's first input
  std::vector<std::int64_t> shape;
  Origin origin;
};

struct Axes {
  std::filesystem::path file;  ///< the suite file: messages name it, relative model paths may be beside it
  std::vector<ModelAxis> models;
  std::vector<BackendAxis> backends;  ///< empty: each model's backend from its file's extension
  std::vector<std::pair<std::string, Origin>> precisions;
  std::vector<std::int64_t> batches;  ///< empty: the inputs' own batch
  Origin batches_origin;
  std::vector<InputAxis> inputs;
  std::vector<CaseArg> common;  ///< `run` flags every case gets
};

/// Every combination of `axes`, named and with its `run` flags; skipped ones carry their reason. A model file
/// a case would load must exist (looked up from the current folder, then beside the suite file): else
/// core::InputError naming the model's key and line.
[[nodiscard]] std::vector<SuiteCase> expand(const Axes& axes, const backends::Registry& registry);

/// Why `backend` cannot run at `precision`, if it cannot (int8 needs a calibrated TensorRT engine).
[[nodiscard]] std::optional<std::string> precision_skip(const std::string& backend, const std::string& precision);

/// Why the registry's backend `name` cannot run in this build (a plugin that does not load), if so.
/// core::InputError "<file>:<line>: key '<key>': <why>".
[[noreturn]] void fail_at(const std::filesystem::path& file, const Origin& origin, const std::string& why);

[[nodiscard]] std::optional<std::string> availability_skip(const backends::Registry& registry, const std::string& name);

}  // namespace ib::suite
