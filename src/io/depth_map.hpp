#pragma once
// Transitional: the depth-map loader lives in quality/depth_map.hpp (ib_quality). These names keep the
// callers in src/runner/ and src/cli/ compiling while their owners rewrite them; include
// "quality/depth_map.hpp" and use ib::quality:: instead, then delete this file.
#include "quality/depth_map.hpp"

namespace ib::io {

using quality::dense_map_size;
using quality::is_png_depth_file;
using quality::validate;
using quality::DepthFileOptions;
using quality::DepthMap;
using quality::read_depth_map;
using quality::read_npy_depth_map;

}  // namespace ib::io
