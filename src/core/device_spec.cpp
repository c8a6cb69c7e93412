#include "inferbench/device_spec.hpp"

#include <charconv>

#include "inferbench/errors.hpp"

namespace ib::core {

DeviceSpec parse_device(std::string_view text) {
  if (text == "cpu") return {DeviceKind::cpu, 0};
  if (text == "cuda") return {DeviceKind::cuda, 0};
  if (text.starts_with("cuda:")) {
    const std::string_view digits = text.substr(5);
    int index = -1;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (!digits.empty() && ec == std::errc{} && ptr == digits.data() + digits.size() && index >= 0) {
      return {DeviceKind::cuda, index};
    }
  }
  throw InputError("bad device '" + std::string(text) + "' (expected cpu, cuda or cuda:N)");
}

std::string device_to_string(const DeviceSpec& device) {
  return device.kind == DeviceKind::cpu ? "cpu" : "cuda:" + std::to_string(device.index);
}

}  // namespace ib::core
