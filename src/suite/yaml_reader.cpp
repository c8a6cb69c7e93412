#include "suite/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "inferbench/errors.hpp"
#include "inferbench/shape.hpp"

namespace ib::suite {
namespace {

const char* kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Null: return "nothing";
    default: return "a value";
  }
}

}  // namespace

YAML::Node YamlReader::load() const {
  std::ifstream in(file_, std::ios::binary);
  if (!in) throw core::InputError(fmt::format("cannot read suite file '{}'", file_.string()));
  std::ostringstream text;
  text << in.rdbuf();
  try {
    YAML::Node root = YAML::Load(text.str());
    if (!root.IsMap()) throw core::InputError(fmt::format("{}: a suite file is a YAML mapping of keys", file_.string()));
    return root;
  } catch (const YAML::Exception& e) {
    throw core::InputError(fmt::format("{}:{}: not valid YAML: {}", file_.string(), e.mark.line + 1, e.msg));
  }
}

Origin YamlReader::origin(const YAML::Node& at, const std::string& key) {
  const YAML::Mark mark = at.Mark();
  return {key, mark.is_null() ? 0 : mark.line + 1};
}

void YamlReader::fail(const YAML::Node& at, const std::string& key, const std::string& why) const {
  const Origin where = origin(at, key);
  const std::string line = where.line > 0 ? fmt::format(":{}", where.line) : "";
  throw core::InputError(fmt::format("{}{}: key '{}': {}", file_.string(), line, key, why));
}

void YamlReader::require_map(const YAML::Node& node, const std::string& key) const {
  if (!node.IsMap()) fail(node, key, fmt::format("expected a mapping of keys (got {})", kind_name(node)));
}

void YamlReader::check_keys(const YAML::Node& map, const std::string& where,
                            std::initializer_list<std::string_view> allowed, const std::string& hint) const {
  require_map(map, where);
  for (const auto& [key, value] : entries(map)) {
    const std::string name = key.Scalar();
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    const std::string full = where.empty() ? name : where + "." + name;
    fail(key, full, fmt::format("unknown key (expected {}{})", fmt::join(allowed, ", "), hint));
  }
}

std::string YamlReader::text(const YAML::Node& node, const std::string& key) const {
  if (!node.IsScalar()) fail(node, key, fmt::format("expected a single value (got {})", kind_name(node)));
  return node.Scalar();
}

std::int64_t YamlReader::integer(const YAML::Node& node, const std::string& key) const {
  const std::string value = text(node, key);
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (error != std::errc{} || end != value.data() + value.size())
    fail(node, key, fmt::format("expected an integer (got '{}')", value));
  return number;
}

std::vector<YAML::Node> YamlReader::items(const YAML::Node& node, const std::string& key) const {
  if (node.IsScalar()) return {node};
  if (!node.IsSequence() || node.size() == 0)
    fail(node, key, fmt::format("expected a list of values (got {})", node.IsSequence() ? "an empty list" : kind_name(node)));
  std::vector<YAML::Node> list;
  for (const YAML::Node& item : node) list.push_back(item);
  return list;
}

std::vector<std::int64_t> YamlReader::shape(const YAML::Node& node, const std::string& key) const {
  if (node.IsScalar()) {
    try {
      return core::parse_shape(node.Scalar());
    } catch (const core::Error& e) {
      fail(node, key, e.what());
    }
  }
  std::vector<std::int64_t> dims;
  for (const YAML::Node& item : items(node, key)) {
    dims.push_back(integer(item, key));
    if (dims.back() < 1) fail(item, key, "every dimension must be at least 1");
  }
  return dims;
}

std::vector<std::pair<YAML::Node, YAML::Node>> entries(const YAML::Node& map) {
  std::vector<std::pair<YAML::Node, YAML::Node>> pairs;
  for (auto it = map.begin(); it != map.end(); ++it) pairs.emplace_back(it->first, it->second);
  return pairs;
}

}  // namespace ib::suite
