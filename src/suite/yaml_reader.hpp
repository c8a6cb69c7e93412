#pragma once
// Reading a suite file with yaml-cpp so that every mistake names its key and line: "suite.yml:12: key
// 'warmup': expected a number (got 'ten')". yaml-cpp headers stay inside src/suite.
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "suite/suite.hpp"

namespace ib::suite {

class YamlReader {
 public:
  explicit YamlReader(std::filesystem::path file) : file_(std::move(file)) {}

  /// The file's document; a syntax error names its line. Throws core::InputError.
  [[nodiscard]] YAML::Node load() const;
  [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

  /// core::InputError "<file>:<line>: key '<key>': <why>", the line of `at`.
  [[noreturn]] void fail(const YAML::Node& at, const std::string& key, const std::string& why) const;
  [[nodiscard]] static Origin origin(const YAML::Node& at, const std::string& key);

  /// `map` must be a mapping whose keys are all in `allowed`; an unknown key fails at its own line.
  void check_keys(const YAML::Node& map, const std::string& where, std::initializer_list<std::string_view> allowed,
                  const std::string& hint = {}) const;
  void require_map(const YAML::Node& node, const std::string& key) const;
  /// A scalar's text; a list or mapping fails as the wrong type.
  [[nodiscard]] std::string text(const YAML::Node& node, const std::string& key) const;
  [[nodiscard]] std::int64_t integer(const YAML::Node& node, const std::string& key) const;
  /// A list's items, or a single scalar as a one-item list.
  [[nodiscard]] std::vector<YAML::Node> items(const YAML::Node& node, const std::string& key) const;
  /// A shape: "1x3x224x224" or a list of integers [1, 3, 224, 224].
  [[nodiscard]] std::vector<std::int64_t> shape(const YAML::Node& node, const std::string& key) const;

 private:
  std::filesystem::path file_;
};

/// The mapping's key nodes paired with their values, in file order.
[[nodiscard]] std::vector<std::pair<YAML::Node, YAML::Node>> entries(const YAML::Node& map);

}  // namespace ib::suite
