// A 64-bit fingerprint of what a frame would draw, so an unchanged frame is not drawn again
// (src/app/app.cpp: a still scene costs a software rasteriser as much as a moving one). Values
// are mixed word by word (a multiply-xorshift hash, not cryptographic: a collision would leave
// one stale frame until the next change).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ce8::render {

class Fingerprint {
 public:
  Fingerprint& add_word(std::uint64_t v) {
    h_ ^= v + 0x9e3779b97f4a7c15ull + (h_ << 6) + (h_ >> 2);
    h_ *= 0xff51afd7ed558ccdull;
    h_ ^= h_ >> 32;
    return *this;
  }
  Fingerprint& add(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return add_word(bits);
  }
  Fingerprint& add(float v) { return add(static_cast<double>(v)); }
  Fingerprint& add(int v) {
    return add_word(static_cast<std::uint64_t>(static_cast<std::int64_t>(v)));
  }
  Fingerprint& add(bool v) { return add_word(v ? 1u : 0u); }
  Fingerprint& add(std::uint64_t v) { return add_word(v); }
  // Raw bytes (structs without padding, vertex arrays), 8 at a time.
  Fingerprint& add_bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      add_word(w);
    }
    std::uint64_t tail = n;
    if (i < n) std::memcpy(&tail, p + i, n - i);
    return add_word(tail);
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0x84222325cbf29ce4ull;
};

}  // namespace ce8::render
