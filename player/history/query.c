/* Reading the history back: sessions with their blocks and pain stops, oldest first. */
#include "history_internal.h"

#include <stdlib.h>
#include <string.h>

static char *text_dup(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? strdup((const char *)s) : NULL;
}

static time_t time_of(sqlite3_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st, col);
    time_t t = 0;
    return s && lb_history_parse_date((const char *)s, &t) ? t : 0;
}

static int pain_of(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? LB_PAIN_NONE
                                                       : sqlite3_column_int(st, col);
}

static enum lb_block_result result_of(const char *s)
{
    return s && !strcmp(s, "skipped") ? LB_BLOCK_SKIPPED
           : s && !strcmp(s, "pain") ? LB_BLOCK_PAIN : LB_BLOCK_DONE;
}

/* Grow *array (of *n elements of `size` bytes, capacity *cap) by one zeroed element. */
static void *grow(void **array, int *n, int *cap, size_t size)
{
    if (*n == *cap) {
        int c = *cap ? *cap * 2 : 16;
        void *a = realloc(*array, (size_t)c * size);
        if (!a)
            return NULL;
        *array = a;
        *cap = c;
    }
    void *e = (char *)*array + (size_t)(*n)++ * size;
    memset(e, 0, size);
    return e;
}

/* Fills one element from the current row of st. */
typedef void (*row_reader)(sqlite3_stmt *st, void *row);

/* Every row that `sql` (one parameter: the session's id) gives, appended to *array (*n
 * elements of `size` bytes) by `read`. False on a database error or out of memory. */
static bool read_rows(struct lb_history *h, int64_t session, const char *sql, void **array,
                      int *n, size_t size, row_reader read)
{
    sqlite3_stmt *st = lb_history_prepare(h, sql);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, session);
    int cap = 0, rc;
    bool ok = true;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        void *row = grow(array, n, &cap, size);
        if (!row) {
            ok = false;
            break;
        }
        read(st, row);
    }
    if (ok && rc != SQLITE_DONE)
        ok = lb_history_fail(h);
    sqlite3_finalize(st);
    return ok;
}

static void read_block(sqlite3_stmt *st, void *row)
{
    struct lb_history_block_row *b = row;
    b->step = sqlite3_column_int(st, 0);
    b->step_title = text_dup(st, 1);
    b->side = text_dup(st, 2);
    b->set = sqlite3_column_int(st, 3);
    b->result = result_of((const char *)sqlite3_column_text(st, 4));
    b->planned_ms = sqlite3_column_int64(st, 5);
    b->actual_ms = sqlite3_column_int64(st, 6);
    b->ended_at = time_of(st, 7);
}

static void read_pain(sqlite3_stmt *st, void *row)
{
    struct lb_history_pain_row *p = row;
    p->step = sqlite3_column_int(st, 0);
    p->step_title = text_dup(st, 1);
    p->side = text_dup(st, 2);
    p->set = sqlite3_column_int(st, 3);
    p->rep = sqlite3_column_int(st, 4);
    p->choice = text_dup(st, 5);
    p->at = time_of(st, 6);
}

static bool read_blocks(struct lb_history *h, struct lb_history_session *s)
{
    return read_rows(h, s->id,
                     "SELECT step, step_title, side, set_no, result, planned_ms, actual_ms, "
                     "ended_at FROM blocks WHERE session_id = ? ORDER BY id",
                     (void **)&s->blocks, &s->n_blocks, sizeof(*s->blocks), read_block);
}

static bool read_pains(struct lb_history *h, struct lb_history_session *s)
{
    return read_rows(h, s->id,
                     "SELECT step, step_title, side, set_no, rep, choice, at "
                     "FROM pain_stops WHERE session_id = ? ORDER BY id",
                     (void **)&s->pains, &s->n_pains, sizeof(*s->pains), read_pain);
}

bool lb_history_query(struct lb_history *h, const struct lb_history_filter *f,
                      struct lb_history_list *out)
{
    *out = (struct lb_history_list){0};
    static const struct lb_history_filter all = {0};
    if (!f)
        f = &all;
    /* The newest `last` that pass, put back in time order. */
    sqlite3_stmt *st = lb_history_prepare(
        h, "SELECT * FROM (SELECT id, title, path, hash, started_at, ended_at, outcome, "
           "pain_before, pain_after, moving_ms FROM sessions "
           "WHERE (?1 IS NULL OR started_at >= ?1) AND (?2 IS NULL OR title = ?2 COLLATE NOCASE) "
           "AND (?3 IS NULL OR path = ?3) ORDER BY started_at DESC, id DESC LIMIT ?4) "
           "ORDER BY started_at, id");
    if (!st)
        return false;
    if (f->since > 0) {
        char iso[32];
        lb_history_iso8601(f->since, iso, sizeof(iso));
        sqlite3_bind_text(st, 1, iso, -1, SQLITE_TRANSIENT);
    }
    lb_history_bind_text(st, 2, f->title);
    lb_history_bind_text(st, 3, f->path);
    sqlite3_bind_int(st, 4, f->last > 0 ? f->last : -1);
    int cap = 0, rc;
    bool ok = true;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct lb_history_session *s = grow((void **)&out->sessions, &out->n, &cap,
                                            sizeof(*s));
        if (!s) {
            ok = false;
            break;
        }
        s->id = sqlite3_column_int64(st, 0);
        s->title = text_dup(st, 1);
        s->path = text_dup(st, 2);
        s->hash = text_dup(st, 3);
        s->started_at = time_of(st, 4);
        s->ended_at = time_of(st, 5);
        s->outcome = text_dup(st, 6);
        s->pain_before = pain_of(st, 7);
        s->pain_after = pain_of(st, 8);
        s->moving_ms = sqlite3_column_int64(st, 9);
    }
    if (ok && rc != SQLITE_DONE)
        ok = lb_history_fail(h);
    sqlite3_finalize(st);
    for (int i = 0; ok && i < out->n; i++)
        ok = read_blocks(h, &out->sessions[i]) && read_pains(h, &out->sessions[i]);
    if (!ok)
        lb_history_list_free(out);
    return ok;
}

void lb_history_list_free(struct lb_history_list *list)
{
    for (int i = 0; i < list->n; i++) {
        struct lb_history_session *s = &list->sessions[i];
        for (int j = 0; j < s->n_blocks; j++) {
            free(s->blocks[j].step_title);
            free(s->blocks[j].side);
        }
        for (int j = 0; j < s->n_pains; j++) {
            free(s->pains[j].step_title);
            free(s->pains[j].side);
            free(s->pains[j].choice);
        }
        free(s->blocks);
        free(s->pains);
        free(s->title);
        free(s->path);
        free(s->hash);
        free(s->outcome);
    }
    free(list->sessions);
    *list = (struct lb_history_list){0};
}
