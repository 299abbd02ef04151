/* The coaching engine: at any instant of a routine, what the person should be doing, seeing and
 * hearing, and what happened since the last look. Pure logic: no SDL, no FFmpeg, no I/O. */
#ifndef LB_ENGINE_H
#define LB_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "plan.h"
#include "routine.h"

/* Within 3 s of a step's start, "previous" goes to the step before. */
#define LB_PREVIOUS_GRACE_MS 3000
#define LB_MAX_ACTIVE_CUES 8
/* After "skip" on the pain-stop screen: a rest of this long before the next step's
 * countdown (the person may end it sooner). */
#define LB_RECOVERY_MS 30000

enum lb_command {
    LB_CMD_PAUSE,
    LB_CMD_RESUME,
    LB_CMD_TOGGLE_PAUSE,
    LB_CMD_NEXT,          /* to the next step's countdown (the current step is skipped) */
    LB_CMD_PREVIOUS,      /* restart the step, or the step before within 3 s of its start */
    LB_CMD_REPEAT_BLOCK,  /* do the current (or the just finished) block again */
    LB_CMD_PAIN_STOP,     /* "this hurts": pause and record it */
    LB_CMD_CONTINUE,      /* go on after an info card that waits, a pause or a pain stop */
    LB_CMD_END,           /* end the session now: pain-stop outcome from a pain stop, else
                           * quit */
    LB_CMD_SKIP_AFTER_PAIN, /* pain stop's "skip": leave the step, rest LB_RECOVERY_MS (on the
                             * caller's clock), then the next step's countdown */
};

enum lb_event_type {
    LB_EV_PHASE,          /* a new phase began: see phase, step, set, side */
    LB_EV_TICK,           /* countdown: value = 3, 2, 1 */
    LB_EV_REP_START,      /* value = rep number (1-based) */
    LB_EV_REP_HOLD,       /* the rep's hold began; value = rep number */
    LB_EV_CUE,            /* a cue began; value = cue index; text = its caption (may be NULL) */
    LB_EV_SAY,            /* a spoken line is due; text = the line */
    LB_EV_BLOCK_END,      /* a block ran to its end */
    LB_EV_PAUSED,
    LB_EV_RESUMED,
    LB_EV_PAIN_STOP,
    LB_EV_DONE,           /* the routine ended (ran out, or ended by the person) */
    LB_EV_RECOVERY_END,   /* the rest after a pain skip is over (or was ended early) */
};

/* One thing that happened. `text` points into the routine and lives as long as it does. */
struct lb_event {
    enum lb_event_type type;
    int64_t at_ms;        /* routine time at which it was due */
    enum lb_phase phase;  /* the phase it happened in */
    int step;             /* index into routine->steps; -1 before the start */
    int set;              /* 1-based, 0 when not in a set */
    int side;             /* index into the step's sides, -1 when none */
    int value;
    const char *text;
};

enum lb_rep_phase {
    LB_REP_NONE,
    LB_REP_MOVE,
    LB_REP_HOLD,
};

/* What is happening now. Strings point into the routine. */
struct lb_coach_state {
    enum lb_phase phase;
    int step;             /* -1 before the start */
    int block;            /* block of the step (0-based); -1 in a rest */
    int set;              /* 1-based; 0 when not in a set */
    int side;             /* -1 when the step has no sides */
    int rep;              /* 1-based; 0 when the block has no reps */
    enum lb_rep_phase rep_phase;
    int64_t rep_phase_left_ms;   /* time left in the move or the hold */
    int64_t phase_elapsed_ms;
    int64_t phase_left_ms;       /* 0 for an info card that waits */
    int64_t routine_pos_ms;      /* where the routine clock is */
    int64_t routine_left_ms;     /* planned time still to go (waits not counted) */
    bool paused;
    bool waiting;                /* an info card waits for the person */
    bool pain;                   /* paused by a pain stop */
    bool recovering;             /* resting after a pain skip; the clock waits at the next
                                  * step's start */
    int64_t recovery_left_ms;    /* of that rest, on the caller's clock */
    const char *warning;         /* the warning in force, or NULL */
    int next_step;               /* the step after the current one, -1 at the last */
    int n_cues;
    int cues[LB_MAX_ACTIVE_CUES]; /* indices into the step's cues, shown now */
};

enum lb_step_status {
    LB_STEP_NOT_REACHED,
    LB_STEP_STARTED,
    LB_STEP_DONE,
    LB_STEP_SKIPPED,
    LB_STEP_STOPPED_FOR_PAIN,
};

/* How a session ended, as the end screen and the history tell it. */
enum lb_session_outcome {
    LB_OUTCOME_NONE,            /* not ended yet */
    LB_OUTCOME_FINISHED,        /* the routine ran to its end */
    LB_OUTCOME_QUIT,            /* the person left it before its end */
    LB_OUTCOME_PAIN_STOP,       /* ended from the pain-stop screen */
    LB_OUTCOME_SCREENING_STOP,  /* a screening answer stopped it before it began */
};

/* "finished", "quit", "pain-stop", "screening-stop" ("" for none): the words the history
 * and its JSON use. */
const char *lb_session_outcome_name(enum lb_session_outcome outcome);

/* What the person did of one step. */
struct lb_step_record {
    enum lb_step_status status;
    int blocks_done;      /* blocks run to their end (repeats count again) */
    int pain_stops;
};

struct lb_coach {
    const struct lb_plan *plan;     /* borrowed; must outlive the engine */
    bool started;
    bool paused;
    bool pain;
    bool done;
    enum lb_session_outcome outcome; /* how it ended once done (LB_OUTCOME_NONE before) */
    bool recovering;                /* resting after a pain skip (LB_CMD_SKIP_AFTER_PAIN) */
    int64_t recovery_end_ms;        /* when that rest ends, on the caller's clock */
    int seg;                        /* current segment */
    int64_t pos_ms;                 /* routine clock */
    int64_t last_now_ms;            /* the caller's clock at the last update */
    int64_t active_ms;              /* time spent with the routine running */
    struct lb_mark *marks;          /* the current segment's marks */
    int n_marks;
    int marks_cap;
    int mark_next;                  /* first mark not yet turned into events */
    struct lb_event *events;        /* queued since the last poll */
    int n_events;
    int events_cap;
    int event_head;
    struct lb_step_record *record;  /* one per step */
};

/* Set up an engine on `plan` (borrowed), in the start phase. Returns false when out of memory. */
bool lb_coach_init(struct lb_coach *c, const struct lb_plan *plan);
void lb_coach_destroy(struct lb_coach *c);

/* Start the routine at the caller's time `now_ms` (any monotonic clock in ms). */
void lb_coach_start(struct lb_coach *c, int64_t now_ms);

/* Move the routine clock to the caller's time now_ms: advances by the time since the last call
 * unless paused or waiting, queueing the events that fell due, in order. Calling it with any
 * increments gives the same states and events at the same instants. */
void lb_coach_update(struct lb_coach *c, int64_t now_ms);

/* Carry out a person's command at now_ms (the clock is updated to now_ms first). */
void lb_coach_command(struct lb_coach *c, enum lb_command cmd, int64_t now_ms);

/* Take the oldest queued event; false when none is left. */
bool lb_coach_poll(struct lb_coach *c, struct lb_event *ev);

/* What is happening now (as of the last update or command). */
void lb_coach_state(const struct lb_coach *c, struct lb_coach_state *st);

/* Jump to routine time pos_ms (tools and tests: `--start-at`, snapshots); events resume there. */
void lb_coach_seek(struct lb_coach *c, int64_t pos_ms, int64_t now_ms);

/* What the person did, carried over a --watch reload from the engine of the old file to the
 * engine of the new one: each step's record (found by its title, else by its index) and the
 * time spent moving. */
struct lb_coach_carry {
    int n_steps;
    struct lb_step_record *record;
    char **titles;
    int64_t active_ms;
};

/* Copy what `c` recorded (before its plan and routine go). False when out of memory. */
bool lb_coach_carry_save(const struct lb_coach *c, struct lb_coach_carry *carry);

/* Give `c` (the new engine, already at its place) the carried record: a step done before the
 * reload stays done. */
void lb_coach_carry_apply(struct lb_coach *c, const struct lb_coach_carry *carry);

void lb_coach_carry_free(struct lb_coach_carry *carry);

const char *lb_event_name(enum lb_event_type type);
const char *lb_step_status_name(enum lb_step_status status);

#endif
