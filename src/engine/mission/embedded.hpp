// The catalogue's JSON texts as the build embedded them (generated from assets/*.json by
// assets/validate_catalogue.py, which also checked them). No file access at run time.
#pragma once

#include <string_view>

namespace ce8::mission {

struct CatalogueTexts {
  std::string_view participants, mission, sites, payloads, rovers;
};

CatalogueTexts embedded_catalogue_texts();

}  // namespace ce8::mission
