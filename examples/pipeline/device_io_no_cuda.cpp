#include <stdexcept>

#include "device_io.hpp"

namespace example {

std::unique_ptr<DeviceIo> make_device_io(bool cuda) {
  if (cuda) throw std::runtime_error("this build of the example has no CUDA: use --device cpu");
  return make_host_io();
}

}  // namespace example
