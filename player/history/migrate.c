/* The history's schema, one function per version step; PRAGMA user_version says where a file
 * is. A file is only ever moved forward, one step per transaction. */
#include "history_internal.h"

#include <stdio.h>

#include "i18n.h"

/* Version 1: sessions and the blocks that ended in them. */
static bool to_1(struct lb_history *h)
{
    return lb_history_exec(h,
        "CREATE TABLE sessions ("
        " id INTEGER PRIMARY KEY,"
        " title TEXT NOT NULL,"
        " path TEXT NOT NULL,"
        " hash TEXT,"
        " started_at TEXT NOT NULL,"          /* ISO 8601, UTC */
        " ended_at TEXT,"                     /* NULL while it runs */
        " outcome TEXT,"                      /* NULL while it runs */
        " moving_ms INTEGER NOT NULL DEFAULT 0,"
        " pid INTEGER,"                       /* the process playing it, while it runs */
        " pid_start INTEGER);"
        "CREATE TABLE blocks ("
        " id INTEGER PRIMARY KEY,"
        " session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
        " step INTEGER NOT NULL,"
        " step_title TEXT NOT NULL,"
        " side TEXT,"
        " set_no INTEGER NOT NULL,"
        " result TEXT NOT NULL,"              /* done, skipped, pain */
        " planned_ms INTEGER NOT NULL,"
        " actual_ms INTEGER NOT NULL,"
        " ended_at TEXT NOT NULL);"
        "CREATE INDEX blocks_by_session ON blocks(session_id);");
}

/* Version 2: pain check-ins before and after, and every pain stop with the choice taken. */
static bool to_2(struct lb_history *h)
{
    return lb_history_exec(h,
        "ALTER TABLE sessions ADD COLUMN pain_before INTEGER;"
        "ALTER TABLE sessions ADD COLUMN pain_after INTEGER;"
        "CREATE TABLE pain_stops ("
        " id INTEGER PRIMARY KEY,"
        " session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
        " step INTEGER NOT NULL,"
        " step_title TEXT NOT NULL,"
        " side TEXT,"
        " set_no INTEGER NOT NULL,"
        " rep INTEGER NOT NULL,"
        " choice TEXT,"                       /* skip, end, continue; NULL not chosen yet */
        " at TEXT NOT NULL);"
        "CREATE INDEX pain_stops_by_session ON pain_stops(session_id);"
        "CREATE INDEX sessions_by_start ON sessions(started_at);");
}

static bool (*const steps[LB_HISTORY_SCHEMA])(struct lb_history *) = {to_1, to_2};

bool lb_history_migrate(struct lb_history *h)
{
    sqlite3_stmt *st = lb_history_prepare(h, "PRAGMA user_version");
    if (!st)
        return false;
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    if (version < 0)
        return lb_history_fail(h);
    if (version > LB_HISTORY_SCHEMA) {
        snprintf(h->error, sizeof(h->error), _("the history %s was written by a newer Limber "
                                               "(schema %d, this one knows %d): it is left as "
                                               "it is"), h->path, version, LB_HISTORY_SCHEMA);
        h->broken = true;
        return false;
    }
    for (int v = version; v < LB_HISTORY_SCHEMA; v++) {
        char set[48];
        snprintf(set, sizeof(set), "PRAGMA user_version = %d", v + 1);
        if (!lb_history_exec(h, "BEGIN IMMEDIATE"))
            return false;
        if (!steps[v](h) || !lb_history_exec(h, set) || !lb_history_exec(h, "COMMIT")) {
            sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
            return false;
        }
    }
    return true;
}
