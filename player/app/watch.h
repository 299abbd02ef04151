/* --watch: notices when a routine file, or a clip or recording it names, is saved (by
 * polling their status a few times a second: editors that save by writing a new file and
 * renaming it are seen too). Main thread only. */
#ifndef LB_WATCH_H
#define LB_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "routine.h"

#define LB_WATCH_FILES 256
#define LB_WATCH_POLL_MS 250

struct lb_watch_file {
    char *path;                 /* owned */
    int64_t mtime_ns;           /* -1: missing */
    int64_t size;
    uint64_t inode;
};

struct lb_watch {
    struct lb_watch_file files[LB_WATCH_FILES];
    int n;
    double last_poll_ms;
};

/* Watch the routine file `path` alone (a file that does not load yet). */
void lb_watch_init(struct lb_watch *w, const char *path);

/* Watch the routine file and every file it names (clips, recorded lines), as they are now. */
void lb_watch_set(struct lb_watch *w, const char *path, const struct lb_routine *r);

/* Whether any of them changed (saved, replaced, created, removed) since the last look; looks
 * at most every LB_WATCH_POLL_MS (now_ms: lb_now_ms_f()). */
bool lb_watch_changed(struct lb_watch *w, double now_ms);

void lb_watch_destroy(struct lb_watch *w);

#endif
