/* The pain check-in: "How is your back right now?" with a 0 to 10 scale drawn large, words at
 * both ends, and a clear Skip; before a routine and when it ends. */
#ifndef LB_CHECKIN_VIEW_H
#define LB_CHECKIN_VIEW_H

#include <stdbool.h>

#include "text.h"

struct lb_checkin_view {
    const char *routine;  /* its title */
    bool after;           /* at the end (else before the start) */
    int value;            /* 0..10 highlighted, -1 none (Enter skips) */
    double text_scale;
};

/* Draw the check-in at output size w x h (main thread). */
void lb_checkin_view_draw(struct lb_text *text, const struct lb_checkin_view *v, int w, int h);

#endif
