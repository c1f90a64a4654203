#pragma once

namespace ce8 {
// The project's version (from CMake's project()), e.g. "0.1.0".
const char* version();
}  // namespace ce8
