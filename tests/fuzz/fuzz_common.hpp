// Shared bits of the libFuzzer targets (tests/fuzz/README in docs/reliability.md): the embedded
// catalogue, loaded once per process, and a check that every error the engine returns is a
// single non-empty line (the message contract of engine/core/result.hpp).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/core/result.hpp"
#include "engine/mission/catalogue.hpp"

namespace ce8::fuzz {

inline const mission::Catalogue& catalogue() {
  static const mission::Catalogue c = [] {
    auto r = mission::load_embedded_catalogue();
    if (!r) std::abort();
    return std::move(r.value());
  }();
  return c;
}

// Every refusal must say something, on one line. With CE8_FUZZ_DEBUG set (running single
// inputs, e.g. to see why a seed is refused) the messages are printed.
inline void check_message(const Error& e) {
  static const bool debug = std::getenv("CE8_FUZZ_DEBUG") != nullptr;
  if (debug) std::fprintf(stderr, "refused: %s\n", e.message.c_str());
  if (e.message.empty() || e.message.find('\n') != std::string::npos) std::abort();
}

template <class T>
void check(const Result<T>& r) {
  if (!r)
    check_message(r.error());
  else if (std::getenv("CE8_FUZZ_DEBUG"))
    std::fprintf(stderr, "accepted\n");
}

}  // namespace ce8::fuzz
