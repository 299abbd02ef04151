/* `limber export ROUTINE -o FILE.mp4`: the whole routine, as the player shows and says it, in
 * one MP4 (H.264 + AAC, a chapter per step) that a TV plays from a USB stick. */
#ifndef LB_EXPORT_H
#define LB_EXPORT_H

#include <stdint.h>

#include "options.h"

struct lb_export_options {
    const char *out;      /* the MP4 file */
    int fps;              /* frames per second (default 30) */
    int crf;              /* libx264 quality (default 20) */
    const char *preset;   /* libx264 preset (default veryfast) */
    int64_t info_ms;      /* how long an info card that waits stays up (default 10 s) */
};

/* Export `routine_path` at opts' size (opts->width x opts->height). Shows progress on stderr;
 * Ctrl-C stops it and removes the partial file. Returns the exit status (0 done, 1 failed,
 * 2 bad arguments, 130 interrupted). */
int lb_player_export(const struct lb_options *opts, const char *routine_path,
                     const char *assets_dir, const struct lb_export_options *x);

#endif
