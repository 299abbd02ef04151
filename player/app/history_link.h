/* The player's link to the history: what a session does goes to the store on a writer thread
 * of its own (SQLite commits and fsyncs never hold up a frame), fed from the engine's events
 * and the person's commands on the main thread. */
#ifndef LB_HISTORY_LINK_H
#define LB_HISTORY_LINK_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "engine.h"
#include "history.h"
#include "options.h"
#include "stats.h"
#include "summary.h"

struct lb_history_job;

/* A block that ended, as the main thread queued it (for --stats, once it is committed). */
struct lb_history_ended {
    int step, set;
    char side[64];
    enum lb_block_result result;
    double ended_s;             /* seconds after the process started */
};

struct lb_history_link {
    bool on;                    /* recording: --no-history not given and a file to use */
    /* Main thread only. */
    bool started;               /* the session's row was asked for */
    bool ended;                 /* and its end */
    enum lb_session_outcome recorded_outcome;
    bool block_open;            /* a block is playing: */
    int block_step, block_set, block_side;
    int64_t block_active_ms;    /* the engine's active time when it began */
    bool block_pain;            /* a pain stop happened in it */
    int64_t moving_ms;          /* time in the blocks that ended: the session's time moving */
    bool choice_pending;        /* a pain stop waits for its choice */
    enum lb_session_outcome ending; /* what the last END command means */
    struct lb_history_ended *ended_blocks; /* queued, in order */
    int n_ended, cap_ended;
    int stats_written;          /* of those, written to --stats (committed) */
    double process_start_ms;    /* for the times in --stats */
    /* Shared with the writer thread; the mutex guards the queue, `quit` and `ready`. */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct lb_history_job *head, *tail;
    bool quit;
    bool ready;                 /* the look back below is filled in and stays as it is */
    atomic_int committed;       /* ended blocks committed so far */
    /* The writer thread's own (the look back: read-only once `ready` is set). */
    struct lb_history *store;
    int64_t session;
    bool failed_said;
    struct lb_history_list past; /* the routine's last sessions, before this one */
    struct lb_last_time last;
    char path[4096];            /* the history file */
    char *title;                /* the routine's title, and its file: copies */
    char *routine_path;
    char hash[65];              /* SHA-256 of the routine file, hex; "" unknown */
};

/* Start recording a session of routine `r` (borrowed for the call) played from `path`: the
 * writer thread opens the history (by --history, --no-history, the default file), marks the
 * sessions of dead processes interrupted and looks back at this routine's last sessions. Does
 * not wait. */
void lb_history_link_open(struct lb_history_link *k, const struct lb_options *opts,
                          const struct lb_routine *r, const char *path, double process_start_ms);

/* The routine started (after the safety points and the screening; pain_before: the check-in,
 * or LB_PAIN_NONE). */
void lb_history_link_start(struct lb_history_link *k, int pain_before);

/* An engine event, as it is polled (the engine as it is then). */
void lb_history_link_event(struct lb_history_link *k, const struct lb_coach *c,
                           const struct lb_event *ev);

/* A command the person gives, before the engine carries it out. */
void lb_history_link_command(struct lb_history_link *k, const struct lb_coach *c,
                             enum lb_command cmd);

/* The step `step` is skipped before its first block began (the start screen's choice): the
 * NEXT command that follows records its first block as skipped. */
void lb_history_link_skip_step(struct lb_history_link *k, const struct lb_coach *c, int step);

/* The pain check-in after the routine (0..10 or LB_PAIN_NONE). */
void lb_history_link_pain_after(struct lb_history_link *k, int pain);

/* The session ended with `outcome` (again with another outcome: the newer one counts). A block
 * still open is recorded as skipped. */
void lb_history_link_end(struct lb_history_link *k, const struct lb_coach *c,
                         enum lb_session_outcome outcome);

/* How the last END command would end the session: pain-stop from the pain screen, else quit;
 * LB_OUTCOME_NONE when none was given. */
enum lb_session_outcome lb_history_link_ending(const struct lb_history_link *k);

/* Write the blocks committed since the last call to --stats ({"type": "block", ...}). */
void lb_history_link_stats(struct lb_history_link *k, struct lb_stats *stats);

/* The look back at this routine once the writer thread has it, else NULL (never blocks). */
const struct lb_last_time *lb_history_link_look_back(struct lb_history_link *k);

/* Finish the writes (they are committed when this returns), write the last blocks to
 * `stats` (may be NULL) and close. */
void lb_history_link_close(struct lb_history_link *k, struct lb_stats *stats);

#endif
