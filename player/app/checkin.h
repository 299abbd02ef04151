/* The pain check-ins (before the routine, after the safety points and the screening; and when
 * it ends, before the end screen) and what the start screen says about last time, with the
 * one key that skips a step that hurt. Main thread. */
#ifndef LB_CHECKIN_H
#define LB_CHECKIN_H

#include <stdbool.h>

#include <SDL.h>

#include "history_link.h"
#include "options.h"
#include "overlay.h"
#include "routine.h"

struct lb_checkin {
    bool wanted;          /* ask: the history is on, the routine has checkin: true, no --yes */
    bool after_open;      /* the check-in at the end is on screen */
    bool after_asked;
    int value;            /* the number highlighted, -1 none (Enter skips) */
    int before;           /* the answer before the routine, or LB_PAIN_NONE */
    double one_at_ms;     /* a lone 1 was pressed then: a 0 soon after makes 10 */
    /* The start screen's note, from the look back at this routine. */
    bool noted;           /* the look back arrived and the note is made */
    int hurt_step;        /* the step that hurt last time (in this routine), -1 none */
    bool skip_hurt;       /* the person chose to skip it today (S on the start screen) */
    bool skipped;         /* and it was skipped */
    char last[700];
    char warning[700];
};

/* Set up for a session of `r` (borrowed) with `opts`; history_on: a history is kept. */
void lb_checkin_init(struct lb_checkin *c, const struct lb_options *opts,
                     const struct lb_routine *r, bool history_on);

enum lb_checkin_answer {
    LB_CHECKIN_OPEN,      /* the key changed the choice (or did nothing): still asking */
    LB_CHECKIN_ANSWERED,  /* Enter or S: c->value is the answer, -1 for skipped */
};

/* A key on a check-in screen (digits, Left/Right, Enter, S), at now_ms. */
enum lb_checkin_answer lb_checkin_key(struct lb_checkin *c, SDL_Keycode key, double now_ms);

/* Once the history's look back at this routine is there: make the start screen's note.
 * Returns true when the note changed (to be drawn again). */
bool lb_checkin_look_back(struct lb_checkin *c, struct lb_history_link *k,
                          const struct lb_routine *r);

/* S on the start screen: skip the step that hurt last time, or keep it again. False when no
 * step is offered. */
bool lb_checkin_toggle_skip(struct lb_checkin *c, struct lb_history_link *k,
                            const struct lb_routine *r);

/* The note for lb_overlay_draw_start. */
struct lb_start_note lb_checkin_note(const struct lb_checkin *c);

#endif
