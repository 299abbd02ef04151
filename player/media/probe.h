/* How long a clip's own sound lasts, without decoding it: read from its container, for the
 * coaching sounds to keep clear of a clip's narration. */
#ifndef LB_PROBE_H
#define LB_PROBE_H

#include <stdint.h>

/* The length in ms of the sound in the clip at `path` between start_ms and end_ms (-1: to its
 * end); 0 when it has no sound, -1 when it cannot be read. Opens the file as
 * lb_file_open does (a regular file only). */
int64_t lb_probe_sound_ms(const char *path, int64_t start_ms, int64_t end_ms);

#endif
