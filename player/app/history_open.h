/* Where the player and the commands find the history (--history, --no-history, the default
 * file) and how a tool opens it. Main thread. */
#ifndef LB_HISTORY_OPEN_H
#define LB_HISTORY_OPEN_H

#include <stdbool.h>
#include <stddef.h>

#include "history.h"
#include "options.h"

/* The history file for `opts` into buf: --history, else the default. False with --no-history
 * or when no folder can be found (HOME unset), after saying why when `quiet` is false. */
bool lb_history_file(const struct lb_options *opts, char *buf, size_t size, bool quiet);

/* Open the history at `path` for a command-line tool: a damaged file moved aside is said on
 * stderr; a file that cannot be used is said and NULL returned. With `must_exist`, a missing
 * file is not created: NULL, and *missing is set. Sessions of processes that died are marked
 * interrupted first. */
struct lb_history *lb_history_open_tool(const char *path, bool must_exist, bool *missing);

#endif
