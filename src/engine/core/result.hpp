// Errors as values at the engine's boundaries. WebAssembly builds do not catch C++ exceptions,
// so every engine function that can fail on outside input returns Result<T> instead of throwing.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ce8 {

// A one-line, user-facing description of what went wrong, naming the problem
// ("--step must be positive, got '0h'"), suitable for a CLI message or a UI banner.
struct Error {
  std::string message;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// For operations that produce nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

// Messages often quote what the user typed ("invalid --site 'x'"), and input may hold anything:
// control characters (a newline would split the one-line message, an escape sequence would
// reach a terminal) are written as \\n, \\t or \\xNN, invalid UTF-8 bytes as \\xNN, and a
// message longer than kMaxErrorMessageBytes keeps its start and its end (where the limit or the
// expected form is named) around " ... ". Found by tests/fuzz.
inline constexpr std::size_t kMaxErrorMessageBytes = 1024;

inline std::string one_line_message(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  auto hex = [&](unsigned char c) {
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 15];
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      hex(c);
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      // A whole, valid UTF-8 sequence (no overlongs, no surrogates) is kept as it is.
      const std::size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
      bool valid = n != 0 && c <= 0xf4 && i + n <= text.size();
      for (std::size_t k = 1; valid && k < n; ++k)
        valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
      if (valid && n >= 3) {
        const auto c1 = static_cast<unsigned char>(text[i + 1]);
        if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) || (c == 0xf0 && c1 < 0x90) ||
            (c == 0xf4 && c1 >= 0x90))
          valid = false;
      }
      if (!valid) {
        hex(c);
      } else {
        out.append(text.substr(i, n));
        i += n;
        continue;
      }
    }
    ++i;
  }
  if (out.size() > kMaxErrorMessageBytes) {
    constexpr std::size_t kHead = 600, kGap = 5;  // " ... "
    auto continuation = [&](std::size_t k) {
      return (static_cast<unsigned char>(out[k]) & 0xc0) == 0x80;
    };
    std::size_t head = kHead, tail = out.size() - (kMaxErrorMessageBytes - kHead - kGap);
    while (head > 0 && continuation(head)) --head;  // never split a UTF-8 character
    while (tail < out.size() && continuation(tail)) ++tail;
    out = out.substr(0, head) + " ... " + out.substr(tail);
  }
  return out;
}

inline Error make_error(std::string message) { return Error{one_line_message(message)}; }

}  // namespace ce8
