#include "engine/session/session.hpp"

#include <algorithm>
#include <iterator>

namespace ce8::session {

const char* overlay_name(Overlay o) {
  switch (o) {
    case Overlay::kNone:
      return "none";
    case Overlay::kPercentLit:
      return "lit";
    case Overlay::kEarthInView:
      return "earth";
    case Overlay::kPermanentShadow:
      return "shadow";
  }
  return "none";
}

std::optional<Overlay> overlay_from_name(const std::string& name) {
  for (int i = 0; i < kOverlayCount; ++i)
    if (name == overlay_name(static_cast<Overlay>(i))) return static_cast<Overlay>(i);
  return std::nullopt;
}

bool is_language(const std::string& code) {
  return std::any_of(std::begin(kLanguages), std::end(kLanguages),
                     [&](const char* l) { return code == l; });
}

bool Session::update_sky() {
  if (clock.revision() == sky_revision_) return false;
  sky_revision_ = clock.revision();
  sky = ephemeris::sky_state(clock.now());
  return true;
}

}  // namespace ce8::session
