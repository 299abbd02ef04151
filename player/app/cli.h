/* The command-line tools that need no window: `limber check` and `limber plan`. */
#ifndef LB_CLI_H
#define LB_CLI_H

#include <stdbool.h>

struct lb_cli_paths {
    const char *assets_dir;   /* Limber's own assets folder, clips there may be used by routines */
    bool allow_any_path;      /* --allow-any-path */
};

/* `limber check FILE...`: every problem of every file, compiler style, on stderr; a summary
 * line per file on stdout. Returns the exit status: 0 when all files are valid, 1 otherwise. */
int lb_cli_check(int argc, char **argv, const struct lb_cli_paths *paths);

/* `limber plan [--json] FILE`: the timeline on stdout. Exit status 1 when the file has errors
 * (they are printed as by check), 2 on wrong usage. */
int lb_cli_plan(int argc, char **argv, const struct lb_cli_paths *paths);

#endif
