/* The routine library on screen: a list of routines with their total time and steps, the
 * chosen one's description, and files that cannot be used with their first error. */
#ifndef LB_LIBRARY_VIEW_H
#define LB_LIBRARY_VIEW_H

#include <stdint.h>

#include "text.h"

/* One routine file as the library shows it. */
struct lb_library_entry {
    char *path;          /* owned */
    char *title;         /* owned; the file's name when it cannot be loaded */
    char *description;   /* owned, or NULL */
    int64_t total_ms;    /* the planner's total, waits not counted */
    int steps;
    int waits;           /* info cards that wait for the person */
    char *error;         /* owned: the file's first error ("file:line:col: ..."), or NULL */
    bool import;         /* a bundle on a USB stick (--import-from): choosing it adds it */
    bool replaces;       /* and the library has a routine of its title, which it replaces */
};

struct lb_library_view {
    const struct lb_library_entry *entries;  /* borrowed */
    int n_entries;
    int selected;
    const char *where;   /* the folders looked in, for the empty list's message */
    double text_scale;
    bool kiosk;          /* Esc does not quit: the foot says what does */
    bool history;        /* a History row after the routines (selected == n_entries) */
    bool asking;         /* ask whether the selected entry (from a USB stick) replaces the
                          * routine of its title */
    int answer;          /* and the answer highlighted: 0 keep it, 1 replace it */
    const char *busy;    /* shown instead of the key line (what takes a while), or NULL */
};

/* Draw the library at output size w x h (main thread). */
void lb_library_view_draw(struct lb_text *text, const struct lb_library_view *v, int w, int h);

#endif
