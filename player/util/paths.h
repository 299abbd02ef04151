/* Paths relative to the running binary, for finding Limber's data where it was installed; and
 * making the folders Limber keeps its own files in. */
#ifndef LB_PATHS_H
#define LB_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* Write "<folder of the running binary>/<relative>" into buf; true when it fits and that
 * path can be read (access R_OK). */
bool lb_path_beside_exe(const char *relative, char *buf, size_t size);

/* Make folder dir and the folders above it that are missing (mkdir -p), new ones with mode.
 * True when dir is there afterwards; else false with errno set. */
bool lb_make_dirs(const char *dir, unsigned mode);

#endif
