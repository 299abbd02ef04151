/* Writing a picture as PNG with libavcodec's encoder (snapshots, tests). */
#ifndef LB_PNG_H
#define LB_PNG_H

#include <stdbool.h>

#include <SDL.h>

/* Write `surface` (ARGB8888) to `path` as an RGB PNG, whole or not at all: encoded in memory,
 * written to a temporary beside path and renamed over it (lb_file_replace), so an existing file
 * stays as it was if anything fails or the process is killed. Returns false with the reason
 * logged. */
bool lb_png_write(SDL_Surface *surface, const char *path);

#endif
