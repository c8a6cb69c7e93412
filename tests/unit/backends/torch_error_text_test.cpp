#include "backends/torch_error_text.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace ib::backends {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(IB_TEST_FIXTURES) + "/torch_errors/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(TorchErrorLine, CaptureFailureInsideTorchScriptGivesTheCudaErrorNotTheFooter) {
  EXPECT_EQ(torch_error_line(fixture("torchscript_capture.txt")),
            "CUDA error: operation not permitted when stream is capturing");
}

TEST(TorchErrorLine, PlainCudaErrorKeepsItsFirstLine) {
  EXPECT_EQ(torch_error_line(fixture("cuda_error_plain.txt")),
            "CUDA error: operation not permitted when stream is capturing");
}

TEST(TorchErrorLine, OutOfMemoryIsItsOneLine) {
  const std::string line = torch_error_line(fixture("cuda_out_of_memory.txt"));
  EXPECT_TRUE(line.starts_with("CUDA out of memory. Tried to allocate 65536.00 GiB.")) << line;
}

TEST(TorchErrorLine, TracedModelShapeErrorFromTorch211) {
  EXPECT_EQ(torch_error_line(fixture("torchscript_bad_shape_2.11.txt")),
            "The size of tensor a (257) must match the size of tensor b (1370) at non-singleton dimension 1");
}

TEST(TorchErrorLine, AotiLoaderErrorFromTorch211) {
  EXPECT_EQ(torch_error_line(fixture("aoti_not_a_zip_2.11.txt")),
            "Failed to initialize zip archive: failed finding central directory");
}

TEST(TorchErrorLine, TorchScriptShapeErrorFromDebianLibtorch) {
  EXPECT_EQ(
      torch_error_line(fixture("torchscript_bad_channels_1.13.txt")),
      "Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 4, 16, 16] to have 3 channels, but got "
      "4 channels instead");
}

TEST(TorchErrorLine, PlainErrorFromDebianLibtorch) {
  EXPECT_EQ(torch_error_line(fixture("bad_view_1.13.txt")), "shape '[7]' is invalid for input of size 6");
}

TEST(TorchErrorLine, FooterOnlyOrEmptyMessages) {
  EXPECT_EQ(torch_error_line(""), "unknown error");
  EXPECT_EQ(torch_error_line("Compile with `TORCH_USE_CUDA_DSA` to enable device-side assertions.\n"),
            "unknown error");
  EXPECT_EQ(torch_error_line("  \n\nValueError: bad value\n"), "bad value");
  EXPECT_EQ(torch_error_line("x: y"), "x: y");
}

}  // namespace
}  // namespace ib::backends
