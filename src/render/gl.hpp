// The one place that includes OpenGL headers: OpenGL ES 3.0 (WebGL2) when CE8_GLES3 is
// defined by the build (the web target), desktop OpenGL 3.3 core otherwise.
#pragma once

#ifdef CE8_GLES3
#include <GLES3/gl3.h>
#else
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
#endif
