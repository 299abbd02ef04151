/* Writing a picture as PNG with libavcodec's encoder (snapshots, tests). */
#ifndef LB_PNG_H
#define LB_PNG_H

#include <stdbool.h>

#include <SDL.h>

/* Write `surface` (ARGB8888) to `path` as an RGB PNG. Returns false with the reason logged. */
bool lb_png_write(SDL_Surface *surface, const char *path);

#endif
