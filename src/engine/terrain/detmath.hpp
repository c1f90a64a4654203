// Deterministic elementary functions for the terrain generator. The C library's sin, exp, pow,
// atan differ in the last bits between glibc (native) and musl (Emscripten), so code whose
// output must be bit-identical on both targets uses these instead: they are built from +, -,
// *, / and sqrt only, which IEEE 754 rounds the same way everywhere (the project builds
// without -ffast-math and without FMA contraction). Accuracy: a few ulp in double, far below
// the float32 resolution of the heights they feed.
#pragma once

#include <cstdint>
#include <numbers>

namespace ce8::terrain::detmath {

inline constexpr double kPi = std::numbers::pi;
inline constexpr double kHalfPi = std::numbers::pi / 2.0;
inline constexpr double kTwoPi = 2.0 * std::numbers::pi;

double floor(double x);  // exact
double sin(double x);
double cos(double x);
double tan(double x);
double atan(double x);
double atan2(double y, double x);
double exp(double x);
double log(double x);            // x > 0
double pow(double x, double y);  // x > 0

// Smooth Hermite step, 0 below e0, 1 above e1.
double smoothstep(double e0, double e1, double x);

}  // namespace ce8::terrain::detmath
