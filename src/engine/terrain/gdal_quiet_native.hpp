// GDAL helpers shared by the native raster readers and writers (dem_io_native.cpp,
// geotiff_stream_native.cpp): GDAL's own error printing silenced while a QuietGdal lives (errors
// come back through Result instead), and GDAL's last message as " (reason)".
#pragma once

#include <string>

#include <cpl_error.h>
#include <gdal.h>

namespace ce8::terrain {

struct QuietGdal {
  QuietGdal() {
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
};

// GDAL's last error message on one line, as " (message)", or "" when there is none.
inline std::string gdal_reason() {
  std::string msg = CPLGetLastErrorMsg();
  for (char& c : msg)
    if (c == '\n' || c == '\r') c = ' ';
  return msg.empty() ? std::string() : " (" + msg + ")";
}

}  // namespace ce8::terrain
