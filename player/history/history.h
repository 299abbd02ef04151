/* The history store: every session, every ended block, every pain stop and the pain check-ins,
 * in one SQLite database. Knows SQLite and nothing of SDL or FFmpeg; the rest of the program
 * never sees SQL. One handle is used by one thread at a time. */
#ifndef LB_HISTORY_H
#define LB_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The schema version this build writes (PRAGMA user_version); older files migrate forward. */
#define LB_HISTORY_SCHEMA 2

/* A pain rating that was not given (skipped, or no check-in). */
#define LB_PAIN_NONE (-1)

struct lb_history;

/* The default database: $XDG_DATA_HOME/limber/history.sqlite3, or
 * ~/.local/share/limber/history.sqlite3. False when neither variable gives a folder. */
bool lb_history_default_path(char *buf, size_t size);

/* Open (creating it, mode 0600, and its folder, 0700, when missing) the database at `path` and
 * bring its schema up to date. A damaged file is never written to: it is moved aside as
 * PATH.corrupt-YYYYMMDD-HHMMSS, a new one is started and `notice` says so (else notice is "").
 * Returns NULL with one person-readable sentence in `err` when the file cannot be used (locked
 * by another program, read-only, a full disk, not a regular file). Waits at most about a second
 * for a lock. */
struct lb_history *lb_history_open(const char *path, char *err, size_t err_size,
                                   char *notice, size_t notice_size);

/* Close the database (NULL is fine). Nothing recorded is lost: every write was committed. */
void lb_history_close(struct lb_history *h);

/* Why the last write failed, or "" when none has. After a failed write (a full disk, a lock
 * held too long) the handle records nothing more: the first reason stays here. */
const char *lb_history_error(const struct lb_history *h);

/* ---- Writing (each call is one short transaction) ---- */

/* Sessions left open by a process that is gone (killed, crashed, power cut) become
 * `interrupted`, ended at their last recorded block. Returns how many, -1 on error. */
int lb_history_mark_interrupted(struct lb_history *h);

struct lb_history_session_start {
    const char *title;        /* the routine's title */
    const char *path;         /* the file it was played from */
    const char *hash;         /* a hash of its content (hex), or NULL */
    time_t started_at;        /* UTC */
    int pain_before;          /* 0..10 or LB_PAIN_NONE */
};

/* Start a session; returns its id (> 0), or -1. It belongs to this process until ended. */
int64_t lb_history_start_session(struct lb_history *h, const struct lb_history_session_start *s);

/* What happened to a block that ended. */
enum lb_block_result { LB_BLOCK_DONE, LB_BLOCK_SKIPPED, LB_BLOCK_PAIN };

/* "done", "skipped", "pain". */
const char *lb_block_result_name(enum lb_block_result r);

struct lb_history_block {
    int step;                 /* 0-based step index */
    const char *step_title;
    const char *side;         /* its side's label, or NULL */
    int set;                  /* 1-based; 0 none */
    enum lb_block_result result;
    int64_t planned_ms;
    int64_t actual_ms;        /* time spent moving in it */
    time_t ended_at;
};

/* One block ended (committed before returning); moving_ms: the session's moving time so far. */
bool lb_history_record_block(struct lb_history *h, int64_t session,
                             const struct lb_history_block *b, int64_t moving_ms);

struct lb_history_pain_stop {
    int step;
    const char *step_title;
    const char *side;         /* or NULL */
    int set;                  /* 0 none */
    int rep;                  /* 0 none */
    time_t at;
};

/* A pain stop; its choice ("skip", "end", "continue") follows with lb_history_pain_choice. */
bool lb_history_record_pain_stop(struct lb_history *h, int64_t session,
                                 const struct lb_history_pain_stop *p);

/* The choice taken after the session's latest pain stop. */
bool lb_history_pain_choice(struct lb_history *h, int64_t session, const char *choice);

/* The check-in before the routine (`after` false) or after it (true): 0..10 or LB_PAIN_NONE. */
bool lb_history_set_pain(struct lb_history *h, int64_t session, bool after, int pain);

/* End the session: `outcome` is "finished", "quit", "pain-stop", "screening-stop". */
bool lb_history_end_session(struct lb_history *h, int64_t session, const char *outcome,
                            time_t ended_at, int64_t moving_ms);

/* Delete every session (the file stays, empty). */
bool lb_history_forget(struct lb_history *h);

/* ---- Reading ---- */

struct lb_history_block_row {
    int step;
    char *step_title;
    char *side;               /* or NULL */
    int set;
    enum lb_block_result result;
    int64_t planned_ms;
    int64_t actual_ms;
    time_t ended_at;
};

struct lb_history_pain_row {
    int step;
    char *step_title;
    char *side;               /* or NULL */
    int set;
    int rep;
    char *choice;             /* or NULL (the process ended on the pain screen) */
    time_t at;
};

struct lb_history_session {
    int64_t id;
    char *title;
    char *path;
    char *hash;               /* or NULL */
    time_t started_at;
    time_t ended_at;          /* 0: not ended (still running) */
    char *outcome;            /* "finished", ..., "interrupted"; NULL while it runs */
    int pain_before;          /* or LB_PAIN_NONE */
    int pain_after;
    int64_t moving_ms;
    struct lb_history_block_row *blocks;
    int n_blocks;
    struct lb_history_pain_row *pains;
    int n_pains;
};

struct lb_history_list {
    struct lb_history_session *sessions;  /* oldest first */
    int n;
};

struct lb_history_filter {
    time_t since;             /* sessions started at or after; 0: all */
    const char *title;        /* only this routine (its title, any case); NULL: all */
    const char *path;         /* only sessions of this file, or NULL */
    int last;                 /* only the newest `last` sessions (still oldest first); 0 all */
};

/* Read the sessions that pass `f` (NULL: all) with their blocks and pain stops into `out`
 * (free with lb_history_list_free). False on a read error (lb_history_error says why). */
bool lb_history_query(struct lb_history *h, const struct lb_history_filter *f,
                      struct lb_history_list *out);

void lb_history_list_free(struct lb_history_list *list);

/* ---- Times ---- */

/* `t` as "2026-12-05T12:41:32Z" (buf: 21 bytes at least). */
void lb_history_iso8601(time_t t, char *buf, size_t size);

/* Parse "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM:SSZ"; false when it is neither. */
bool lb_history_parse_date(const char *s, time_t *out);

#endif
