// Measured heap use for benchmarks: this bench binary replaces the global operator new/delete
// with counting versions (bench/heap_counter.cpp), the same on both targets, so a benchmark can
// report the peak bytes its work allocated rather than a computed estimate.
#pragma once

#include <cstddef>

namespace ce8::bench {

// Starts a new measurement: the peak is reset to what is allocated now.
void reset_peak_heap();
// Largest number of bytes allocated at once since the last reset, minus what was allocated at
// the reset (so: the work's own peak).
std::size_t peak_heap_bytes_since_reset();

}  // namespace ce8::bench
