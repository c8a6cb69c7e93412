#include "trtexec/profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "trtexec/json_text.hpp"
#include "trtexec/parse_error.hpp"

namespace ib::trtexec {
namespace {

using Json = nlohmann::ordered_json;

// Layers under one {"count": N} record (or under none, when the file has no count record).
struct Section {
  std::optional<std::int64_t> iterations;
  std::vector<LayerTime> layers;
  bool operator==(const Section&) const = default;
};

struct RawLayer {
  std::string name;
  std::optional<double> time_ms;
  std::optional<double> average_ms;
  std::optional<double> median_ms;
  std::optional<double> percentage;
};

// A non-negative finite number, or nullopt when the key is absent or null (how trtexec's nan reads).
[[nodiscard]] std::optional<double> optional_number(const Json& item, const char* key,
                                                    const std::string& where) {
  const auto found = item.find(key);
  if (found == item.end() || found->is_null()) return std::nullopt;
  if (!found->is_number()) {
    throw ParseError(fmt::format("{}: '{}' is {}, expected a number", where, key, json_kind(*found)));
  }
  const double value = found->get<double>();
  if (!std::isfinite(value) || value < 0) {
    throw ParseError(fmt::format("{}: '{}' is {}, expected a time or share of 0 or more", where, key, value));
  }
  return value;
}

[[nodiscard]] std::int64_t count_of(const Json& item, const std::string& where) {
  const Json& count = item.at("count");
  const bool integral = count.is_number_integer() ||
                        (count.is_number_float() && std::floor(count.get<double>()) == count.get<double>());
  if (!integral || count.get<double>() < 1 || count.get<double>() > 1e15) {
    throw ParseError(fmt::format("{}: 'count' must be a whole number of iterations, 1 or more (got {})",
                                 where, count.dump()));
  }
  return count.get<std::int64_t>();
}

void read_list(const Json& list, std::vector<Section>& sections, const std::string& where) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& item = list[i];
    const std::string at = fmt::format("{}element {} (counting from 0)", where, i);
    if (!item.is_object()) {
      throw ParseError(fmt::format("{} is {}, expected an object", at, json_kind(item)));
    }
    if (item.contains("count") && !item.contains("name")) {
      sections.push_back({count_of(item, at), {}});
      continue;
    }
    const auto name = item.find("name");
    if (name == item.end()) {
      throw ParseError(fmt::format("{} has neither 'name' (a layer) nor 'count' (the iterations)", at));
    }
    if (!name->is_string()) {
      throw ParseError(fmt::format("{}: 'name' is {}, expected a string", at, json_kind(*name)));
    }
    RawLayer raw{name->get<std::string>(), optional_number(item, "timeMs", at),
                 optional_number(item, "averageMs", at), optional_number(item, "medianMs", at),
                 optional_number(item, "percentage", at)};
    if (sections.empty()) sections.push_back({});
    Section& section = sections.back();
    const std::optional<std::int64_t> n = section.iterations;
    LayerTime layer;
    layer.name = raw.name;
    if (raw.average_ms) {
      layer.average_ms = *raw.average_ms;
    } else if (raw.time_ms && n) {
      layer.average_ms = *raw.time_ms / static_cast<double>(*n);
    } else {
      throw ParseError(
          fmt::format("{} ('{}') has no averageMs, and no timeMs and count to derive it from", at, raw.name));
    }
    if (raw.time_ms) {
      layer.time_ms = *raw.time_ms;
    } else if (n) {
      layer.time_ms = layer.average_ms * static_cast<double>(*n);
    } else {
      throw ParseError(fmt::format("{} ('{}') has no timeMs, and no count to derive it from", at, raw.name));
    }
    layer.median_ms = raw.median_ms;
    // -1 marks "not given": filled in from the times once the whole section is known.
    layer.percentage = raw.percentage.value_or(-1.0);
    section.layers.push_back(std::move(layer));
  }
}

// The profile list(s): a list of records, or lists of them (an array of arrays), or the only array member of
// an object.
void collect(const Json& value, std::vector<Section>& sections, std::vector<std::string>& notes,
             const std::string& where) {
  if (value.is_array()) {
    if (!value.empty() && value.front().is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_array()) {
          throw ParseError(
              fmt::format("{}element {} is {} but element 0 is an array", where, i, json_kind(value[i])));
        }
        collect(value[i], sections, notes, fmt::format("{}list {}: ", where, i));
      }
      return;
    }
    read_list(value, sections, where);
    return;
  }
  if (value.is_object()) {
    const auto [name, only] = sole_array_member(
        value, where, "the per-layer list trtexec writes (or an object holding exactly one such list)");
    notes.push_back(fmt::format("the profile was read from the array under '{}'", name));
    collect(*only, sections, notes, fmt::format("{}'{}': ", where, name));
    return;
  }
  throw ParseError(
      fmt::format("{}is {}, expected the per-layer list trtexec writes", where, json_kind(value)));
}

}  // namespace

Profile parse_profile(std::string_view text) {
  const JsonText json = parse_json_text(text);
  Profile profile;
  std::vector<Section> sections;
  collect(json.value, sections, profile.notes, "");
  std::erase_if(sections, [](const Section& s) { return s.layers.empty() && !s.iterations; });
  if (sections.empty()) throw ParseError("holds no layers (an empty list)");
  if (sections.size() > 1) {
    const bool all_same = std::all_of(sections.begin(), sections.end(),
                                      [&](const Section& s) { return s == sections.front(); });
    if (!all_same) {
      throw ParseError(fmt::format(
          "holds {} different profiles (a count record starts each); keep one per file", sections.size()));
    }
    profile.notes.push_back(fmt::format("the same profile appears {} times; read once", sections.size()));
  }
  Section& section = sections.front();
  if (section.layers.empty()) throw ParseError("holds no layers, only the iteration count");
  profile.iterations = section.iterations;

  std::size_t dropped = 0;
  std::size_t renamed = 0;
  bool missing_share = false;
  for (LayerTime& layer : section.layers) {
    const auto same_name = [&layer](const LayerTime& kept) { return kept.name == layer.name; };
    const auto twin = std::find(profile.layers.begin(), profile.layers.end(), layer);
    if (twin != profile.layers.end()) {
      ++dropped;
      continue;
    }
    const auto named = std::count_if(profile.layers.begin(), profile.layers.end(), same_name);
    if (named > 0) {
      // A later layer of the same name: "conv [2]", unless that name is taken too.
      std::string name;
      for (auto k = named + 1;; ++k) {
        name = fmt::format("{} [{}]", layer.name, k);
        if (std::none_of(profile.layers.begin(), profile.layers.end(),
                         [&name](const LayerTime& kept) { return kept.name == name; })) {
          break;
        }
      }
      layer.name = name;
      ++renamed;
    }
    missing_share = missing_share || layer.percentage < 0;
    profile.layers.push_back(std::move(layer));
  }
  if (dropped > 0) {
    profile.notes.push_back(fmt::format("{} repeated entr{} removed", dropped, dropped == 1 ? "y" : "ies"));
  }
  if (renamed > 0) {
    profile.notes.push_back(
        fmt::format("{} layer(s) share a name with an earlier one; numbered \"name [2]\", ...", renamed));
  }
  if (missing_share || dropped > 0) {
    // trtexec's definition: the layer's total time over the sum of all totals.
    double total = 0;
    for (const LayerTime& layer : profile.layers) total += layer.time_ms;
    for (LayerTime& layer : profile.layers)
      layer.percentage = total > 0 ? layer.time_ms / total * 100.0 : 0.0;
    profile.notes.push_back(
        "percentages computed from timeMs (missing from the file, or duplicates removed)");
  }
  if (json.non_finite_words > 0) {
    profile.notes.push_back(
        fmt::format("{} nan/inf value(s) in the file read as missing", json.non_finite_words));
  }
  return profile;
}

result::LayerProfile to_layer_profile(const Profile& profile) {
  return {profile.iterations, profile.layers};
}

}  // namespace ib::trtexec
