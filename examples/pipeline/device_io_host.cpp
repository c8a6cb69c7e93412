#include <cstring>
#include <vector>

#include "device_io.hpp"

namespace example {
namespace {

class HostIo final : public DeviceIo {
 public:
  void* allocate(std::size_t bytes) override { return buffers_.emplace_back(bytes).data(); }
  void to_device(void* device, const void* host, std::size_t bytes) override { std::memcpy(device, host, bytes); }
  void to_host(void* host, const void* device, std::size_t bytes) override { std::memcpy(host, device, bytes); }
  void synchronize() override {}
  void* stream() override { return nullptr; }

 private:
  std::vector<std::vector<unsigned char>> buffers_;
};

}  // namespace

std::unique_ptr<DeviceIo> make_host_io() {
  return std::make_unique<HostIo>();
}

}  // namespace example
