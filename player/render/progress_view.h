/* The progress screen: the last 8 weeks as a calendar of days moved, this week's sessions, the
 * pain before and after each session as a chart, and the steps that most often hurt; a
 * friendly word instead when nothing is recorded yet. */
#ifndef LB_PROGRESS_VIEW_H
#define LB_PROGRESS_VIEW_H

#include <stdbool.h>

#include "summary.h"
#include "text.h"

struct lb_progress_view {
    const struct lb_progress *progress;  /* borrowed */
    bool empty;           /* no session at all in the history */
    const char *problem;  /* the history cannot be read: why (shown instead), or NULL */
    double text_scale;
};

/* Draw the progress screen at output size w x h (main thread). */
void lb_progress_view_draw(struct lb_text *text, const struct lb_progress_view *v, int w, int h);

#endif
