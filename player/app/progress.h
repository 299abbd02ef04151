/* The progress screen from the library (the History entry, or G) and `limber snapshot
 * --progress`: the history read, its figures worked out and drawn. Main thread. */
#ifndef LB_PROGRESS_H
#define LB_PROGRESS_H

#include <time.h>

#include "display.h"
#include "options.h"

/* Show the progress on `display` until the person goes back (Esc, Enter, Back, G). */
void lb_progress_show(struct lb_display *display, const struct lb_options *opts);

/* Draw it offscreen at opts' size for the calendar ending in the week of `today` into the PNG
 * file out_path. Returns the exit status. */
int lb_progress_snapshot(const struct lb_options *opts, time_t today, const char *out_path);

#endif
