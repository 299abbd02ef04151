/* What the history store's files share (and its test program may look at): the handle. */
#ifndef LB_HISTORY_INTERNAL_H
#define LB_HISTORY_INTERNAL_H

#include <sqlite3.h>

#include "history.h"

struct lb_history {
    sqlite3 *db;
    char path[4096];
    char error[4700];         /* the first failed write's reason; "" none */
    bool broken;              /* after a failed write nothing more is written */
};

/* Note a failure (SQLite's reason from the handle) in h->error, once; nothing more is written.
 * Returns false. */
bool lb_history_fail(struct lb_history *h);

/* Run `sql` (no parameters, no rows wanted); false on failure, noted with lb_history_fail. */
bool lb_history_exec(struct lb_history *h, const char *sql);

/* Prepare `sql`; NULL on failure (noted). */
sqlite3_stmt *lb_history_prepare(struct lb_history *h, const char *sql);

/* Bind a string, NULL as SQL NULL. */
void lb_history_bind_text(sqlite3_stmt *st, int i, const char *s);

/* This process's start time in clock ticks since boot (/proc/self/stat), to tell a process id
 * that was reused from the one that started a session; 0 when unknown. */
long long lb_history_process_start(int pid);

/* The schema, one function per step: from version v-1 to v. */
bool lb_history_migrate(struct lb_history *h);

#endif
