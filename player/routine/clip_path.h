/* Where a clip (or recorded voice) named in a routine file is, and whether it may be read. */
#ifndef LB_CLIP_PATH_H
#define LB_CLIP_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* Resolve `written` (as in the routine file) against the routine's folder `dir`. Refuses URLs
 * and, unless allow_any, paths that lead out of `dir` and out of `assets_dir` (may be NULL),
 * symbolic links followed. With check_file, the file must exist and be a readable file.
 * Returns the path (malloc'd, owned by the caller) or NULL with the reason in `why`, phrased to
 * follow the path in a message ("leaves the routine's folder ..."). */
char *lb_clip_path_resolve(const char *dir, const char *written, const char *assets_dir,
                           bool allow_any, bool check_file, char *why, size_t why_size);

/* True when `path` is inside folder `root` (both made absolute and free of '.'/'..'). */
bool lb_path_inside(const char *path, const char *root);

#endif
