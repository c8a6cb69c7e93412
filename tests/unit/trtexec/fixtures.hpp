#pragma once
// The trtexec fixtures (tests/fixtures/trtexec/), written by hand in the published formats of TensorRT 7.x,
// 8.x and 10.x; each test states the arithmetic behind the numbers it expects.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace ib::trtexec::testing {

inline std::filesystem::path fixture_dir() {
  return std::filesystem::path(IB_TEST_FIXTURES) / "trtexec";
}

inline std::string fixture(const std::string& name) {
  std::ifstream in(fixture_dir() / name, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace ib::trtexec::testing
