/* The planner: a routine laid out on the routine clock as phases (segments) and timed marks. */
#ifndef LB_PLAN_H
#define LB_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "routine.h"

enum lb_phase {
    LB_PHASE_START,      /* before the routine starts (start screen) */
    LB_PHASE_COUNTDOWN,  /* before a step's first block */
    LB_PHASE_BLOCK,      /* an exercise block, a timer, or an info card with a duration */
    LB_PHASE_SWITCH,     /* between two sides of one set */
    LB_PHASE_SET_REST,   /* between two sets */
    LB_PHASE_REST,       /* after a step */
    LB_PHASE_INFO_WAIT,  /* an info card that waits for the person */
    LB_PHASE_DONE,
};

/* One stretch of the routine clock in one phase. */
struct lb_segment {
    enum lb_phase phase;
    int step;            /* index into routine->steps */
    int block;           /* block of the step (0-based): the one playing, or for countdown,
                          * switch and set rest the one coming; -1 for a rest */
    int set;             /* 1-based set of `block`; 0 for a rest */
    int side;            /* index into the step's sides of `block`, -1 when it has none */
    int64_t start_ms;
    int64_t end_ms;      /* == start_ms for an info wait */
};

struct lb_plan_step {
    int first_segment;   /* its countdown, or its first block */
    int last_segment;    /* its last block (the rest after it is not included) */
    int64_t start_ms;
    int64_t end_ms;      /* end of its last block */
};

/* The plan borrows the routine, which must outlive it. */
struct lb_plan {
    const struct lb_routine *routine;
    struct lb_segment *segments;
    int n_segments;
    struct lb_plan_step *steps;  /* one per routine step */
    int64_t total_ms;            /* the planned length, waits not included */
    int waits;                   /* info steps that wait for the person */
};

/* Lay out the routine. Returns false only when out of memory. */
bool lb_plan_init(struct lb_plan *plan, const struct lb_routine *routine);
void lb_plan_destroy(struct lb_plan *plan);

/* Timed things inside one segment, in the order they happen. */
enum lb_mark_kind {
    LB_MARK_PHASE,       /* the segment begins */
    LB_MARK_TICK,        /* countdown 3-2-1: value = the number */
    LB_MARK_REP,         /* a rep begins: value = rep number, 1-based */
    LB_MARK_HOLD,        /* a rep's hold begins: value = rep number */
    LB_MARK_CUE,         /* a cue begins: value = cue index */
};

struct lb_mark {
    enum lb_mark_kind kind;
    int64_t at_ms;       /* on the routine clock */
    int value;
};

/* The marks of segment `seg`, sorted by time (and kind within one instant). Writes up to `max`
 * into out and returns how many there are in all (call with max 0 to size the array). */
int lb_plan_marks(const struct lb_plan *plan, int seg, struct lb_mark *out, int max);

/* The segment that holds routine time `pos_ms`: the one running then, or a card that waits
 * at exactly that time. */
int lb_plan_segment_at(const struct lb_plan *plan, int64_t pos_ms);

/* Where a routine that was at `pos_ms` of plan `from` carries on in plan `to` (the same file
 * edited and loaded again): at the same time into the same step, found by its title, else by
 * its index, clamped to that step's length (with its rest after it); 0 when the step is gone.
 * A step that grew keeps the time; one that shrank ends earlier. */
int64_t lb_plan_same_place(const struct lb_plan *from, int64_t pos_ms, const struct lb_plan *to);

/* How many times cue `cue` of the block segment `seg` shows: once per block, or once per rep
 * or hold for a cue with `every: rep|hold` (0 in a segment that is no block). */
int lb_plan_cue_times(const struct lb_plan *plan, int seg, int cue);

/* Where the k-th showing (0-based, below lb_plan_cue_times) of a cue of the block segment
 * `seg` is, on the routine clock: from its start to the end of its caption, which never
 * outlasts its block, rep or hold. */
void lb_plan_cue_span(const struct lb_plan *plan, int seg, int cue, int k, int64_t *start_ms,
                      int64_t *end_ms);

/* Whether a cue of the block segment `seg` shows at pos_ms, and then where that showing is. */
bool lb_plan_cue_shown(const struct lb_plan *plan, int seg, int cue, int64_t pos_ms,
                       int64_t *start_ms, int64_t *end_ms);

/* Whether the block segment `seg` shows its clip mirrored (never a side with its own clip). */
bool lb_plan_mirrored(const struct lb_plan *plan, int seg);

/* The clip file (resolved) that block segment `seg` plays: its side's own when the step has a
 * clip per side, else the step's clip; NULL for timers, info cards and steps without a clip.
 * Borrowed from the routine. */
const char *lb_plan_clip(const struct lb_plan *plan, int seg);

const char *lb_phase_name(enum lb_phase phase);

/* Print the plan for people: each step with its start time, blocks, rests; then the total. */
void lb_plan_print(const struct lb_plan *plan, FILE *out);

/* Print the plan as JSON (total_s, and per step start_s, end_s and blocks). */
void lb_plan_print_json(const struct lb_plan *plan, FILE *out);

#endif
