/* Writing the history: each call one short transaction, committed before it returns. */
#include "history_internal.h"

#include <unistd.h>

const char *lb_block_result_name(enum lb_block_result r)
{
    static const char *const names[] = {"done", "skipped", "pain"};
    return r <= LB_BLOCK_PAIN ? names[r] : "?";
}

/* Step a prepared write to its end and finalize it; false (noted) when it failed. */
static bool run(struct lb_history *h, sqlite3_stmt *st)
{
    if (!st)
        return false;
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    if (!ok)
        lb_history_fail(h);
    sqlite3_finalize(st);
    return ok;
}

static void bind_time(sqlite3_stmt *st, int i, time_t t)
{
    char iso[32];
    lb_history_iso8601(t, iso, sizeof(iso));
    sqlite3_bind_text(st, i, iso, -1, SQLITE_TRANSIENT);
}

static void bind_pain(sqlite3_stmt *st, int i, int pain)
{
    if (pain >= 0 && pain <= 10)
        sqlite3_bind_int(st, i, pain);
    else
        sqlite3_bind_null(st, i);
}

int64_t lb_history_start_session(struct lb_history *h, const struct lb_history_session_start *s)
{
    if (h->broken)
        return -1;
    sqlite3_stmt *st = lb_history_prepare(
        h, "INSERT INTO sessions (title, path, hash, started_at, pain_before, pid, pid_start) "
           "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st)
        return -1;
    lb_history_bind_text(st, 1, s->title);
    lb_history_bind_text(st, 2, s->path);
    lb_history_bind_text(st, 3, s->hash);
    bind_time(st, 4, s->started_at);
    bind_pain(st, 5, s->pain_before);
    sqlite3_bind_int(st, 6, (int)getpid());
    sqlite3_bind_int64(st, 7, lb_history_process_start((int)getpid()));
    return run(h, st) ? sqlite3_last_insert_rowid(h->db) : -1;
}

bool lb_history_record_block(struct lb_history *h, int64_t session,
                             const struct lb_history_block *b, int64_t moving_ms)
{
    if (h->broken || session <= 0)
        return false;
    if (!lb_history_exec(h, "BEGIN IMMEDIATE"))
        return false;
    sqlite3_stmt *st = lb_history_prepare(
        h, "INSERT INTO blocks (session_id, step, step_title, side, set_no, result, "
           "planned_ms, actual_ms, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (st) {
        sqlite3_bind_int64(st, 1, session);
        sqlite3_bind_int(st, 2, b->step);
        lb_history_bind_text(st, 3, b->step_title ? b->step_title : "");
        lb_history_bind_text(st, 4, b->side);
        sqlite3_bind_int(st, 5, b->set);
        lb_history_bind_text(st, 6, lb_block_result_name(b->result));
        sqlite3_bind_int64(st, 7, b->planned_ms);
        sqlite3_bind_int64(st, 8, b->actual_ms);
        bind_time(st, 9, b->ended_at);
    }
    bool ok = run(h, st);
    if (ok) {
        st = lb_history_prepare(h, "UPDATE sessions SET moving_ms = ? WHERE id = ?");
        if (st) {
            sqlite3_bind_int64(st, 1, moving_ms);
            sqlite3_bind_int64(st, 2, session);
        }
        ok = run(h, st);
    }
    if (ok && sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        ok = lb_history_fail(h);
    if (!ok)
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return ok;
}

bool lb_history_record_pain_stop(struct lb_history *h, int64_t session,
                                 const struct lb_history_pain_stop *p)
{
    if (h->broken || session <= 0)
        return false;
    sqlite3_stmt *st = lb_history_prepare(
        h, "INSERT INTO pain_stops (session_id, step, step_title, side, set_no, rep, at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (st) {
        sqlite3_bind_int64(st, 1, session);
        sqlite3_bind_int(st, 2, p->step);
        lb_history_bind_text(st, 3, p->step_title ? p->step_title : "");
        lb_history_bind_text(st, 4, p->side);
        sqlite3_bind_int(st, 5, p->set);
        sqlite3_bind_int(st, 6, p->rep);
        bind_time(st, 7, p->at);
    }
    return run(h, st);
}

bool lb_history_pain_choice(struct lb_history *h, int64_t session, const char *choice)
{
    if (h->broken || session <= 0)
        return false;
    sqlite3_stmt *st = lb_history_prepare(
        h, "UPDATE pain_stops SET choice = ?1 WHERE id = "
           "(SELECT MAX(id) FROM pain_stops WHERE session_id = ?2)");
    if (st) {
        lb_history_bind_text(st, 1, choice);
        sqlite3_bind_int64(st, 2, session);
    }
    return run(h, st);
}

bool lb_history_set_pain(struct lb_history *h, int64_t session, bool after, int pain)
{
    if (h->broken || session <= 0)
        return false;
    sqlite3_stmt *st = lb_history_prepare(
        h, after ? "UPDATE sessions SET pain_after = ? WHERE id = ?"
                 : "UPDATE sessions SET pain_before = ? WHERE id = ?");
    if (st) {
        bind_pain(st, 1, pain);
        sqlite3_bind_int64(st, 2, session);
    }
    return run(h, st);
}

bool lb_history_end_session(struct lb_history *h, int64_t session, const char *outcome,
                            time_t ended_at, int64_t moving_ms)
{
    if (h->broken || session <= 0)
        return false;
    sqlite3_stmt *st = lb_history_prepare(
        h, "UPDATE sessions SET outcome = ?, ended_at = ?, moving_ms = ?, pid = NULL "
           "WHERE id = ?");
    if (st) {
        lb_history_bind_text(st, 1, outcome);
        bind_time(st, 2, ended_at);
        sqlite3_bind_int64(st, 3, moving_ms);
        sqlite3_bind_int64(st, 4, session);
    }
    return run(h, st);
}

bool lb_history_forget(struct lb_history *h)
{
    if (h->broken)
        return false;
    /* The rows go, then VACUUM rewrites the file so no deleted page keeps them. */
    if (!lb_history_exec(h, "BEGIN IMMEDIATE; DELETE FROM pain_stops; DELETE FROM blocks; "
                            "DELETE FROM sessions; COMMIT")) {
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
        return false;
    }
    return lb_history_exec(h, "VACUUM") &&
           lb_history_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)");
}
