#include "engine/core/version.hpp"

#ifndef CE8_VERSION
#error "CE8_VERSION must be defined by the build"
#endif

namespace ce8 {
const char* version() { return CE8_VERSION; }
}  // namespace ce8
