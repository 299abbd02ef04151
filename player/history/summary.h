/* What the screens show of the history, worked out from sessions read with lb_history_query:
 * the start screen's "last time" line and its warning, and the progress screen's figures.
 * Pure: no SQL, no I/O. Days are the person's local days (TZ). */
#ifndef LB_HISTORY_SUMMARY_H
#define LB_HISTORY_SUMMARY_H

#include <stdbool.h>
#include <time.h>

#include "history.h"

/* The rule for the physiotherapist warning: pain after higher than before in this many of the
 * last LB_WARN_OF sessions of a routine, or one step stopped for pain in LB_WARN_ROW sessions
 * in a row. */
#define LB_WARN_WORSE 3
#define LB_WARN_OF 5
#define LB_WARN_ROW 3
/* A step that hurt in one of this many last sessions is offered to be skipped. */
#define LB_HURT_RECENT 3

enum lb_warn_reason { LB_WARN_NONE, LB_WARN_PAIN_WORSE, LB_WARN_STEP_HURTS };

/* The start screen's look back at one routine. Strings point into the list it came from. */
struct lb_last_time {
    bool played;              /* the routine was played before */
    time_t last_at;           /* when it was last started */
    const char *last_outcome;
    const char *hurt_step;    /* a step stopped for pain in one of the last sessions, or NULL */
    const char *hurt_side;    /* its side, or NULL */
    int hurt_index;           /* that step's index in the last session that hurt */
    enum lb_warn_reason warn;
    const char *warn_step;    /* LB_WARN_STEP_HURTS: the step */
};

/* Look back over `list` (the routine's sessions, oldest first; the one now starting not among
 * them). */
void lb_last_time_of(const struct lb_history_list *list, struct lb_last_time *out);

#define LB_PROGRESS_DAYS 56   /* the calendar: 8 weeks */
#define LB_PROGRESS_PAIN 60   /* pain pairs on the chart: the latest sessions with one */
#define LB_PROGRESS_HURTS 3   /* steps that most often hurt */

struct lb_progress_pain {
    time_t at;
    int before;               /* 0..10 or LB_PAIN_NONE */
    int after;
};

struct lb_progress_hurt {
    const char *step;         /* points into the list */
    int count;                /* pain stops */
};

/* The progress screen's figures for the 8 weeks up to `now`. */
struct lb_progress {
    time_t first_day;         /* local midnight of the calendar's first day (a Monday) */
    int today;                /* index of today in days[] */
    int days[LB_PROGRESS_DAYS];         /* sessions started that day */
    int minutes[LB_PROGRESS_DAYS];      /* minutes moving that day */
    int sessions_total;       /* in the 8 weeks */
    int sessions_week;        /* this week (since Monday) */
    int days_week;            /* days moved this week */
    int minutes_week;
    struct lb_progress_pain pain[LB_PROGRESS_PAIN];
    int n_pain;
    struct lb_progress_hurt hurts[LB_PROGRESS_HURTS];
    int n_hurts;
};

void lb_progress_of(const struct lb_history_list *list, time_t now, struct lb_progress *out);

/* The warning, one sentence of instructions (it lives here, in one place; docs/history.md
 * quotes it): `step` is the step for LB_WARN_STEP_HURTS. Returns buf. */
const char *lb_warn_text(enum lb_warn_reason why, const char *step, char *buf, size_t size);

#endif
