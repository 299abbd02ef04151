/* The subcommands of `limber` (check, plan, snapshot, export, ...): one table of name, function
 * and help text, each command in its own cmd_<name>.c; main() only looks the name up. */
#ifndef LB_COMMANDS_H
#define LB_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "options.h"
#include "routine.h"

/* What every command is handed. All pointers stay valid until the command returns. */
struct lb_command_ctx {
    struct lb_options *opts;   /* the player's options given before the command; a command
                                * may change them (its own --size, say) */
    const char *data_dir;      /* Limber's data folder (routines/, assets/), or NULL */
    const char *assets_dir;    /* its assets/ folder, or NULL */
    double start_ms;           /* when main() began, on lb_now_ms_f's clock */
};

struct lb_subcommand {
    const char *name;
    /* argv holds the command's own arguments (not its name). Returns the exit status:
     * 0 all went well, 1 a routine file has errors or the work failed, 2 wrong usage. */
    int (*run)(struct lb_command_ctx *ctx, int argc, char **argv);
    const char *usage;         /* "limber NAME ..." lines for the Usage: block */
    const char *help;          /* the lines under "Commands:" in --help */
};

/* The command called `name`, or NULL when there is none. */
const struct lb_subcommand *lb_subcommand_find(const char *name);

/* Print the usage lines of every command (after "Usage: limber [OPTION]..."). */
void lb_subcommands_print_usage(FILE *out);

/* Print every command's help lines, in table order. */
void lb_subcommands_print_help(FILE *out);

/* Where a command writes by default: in the folder it runs in, named after routine file `file`
 * (a routine or a bundle) with `ext` in place of its extension ("desk-break" + ".pdf"). */
void lb_command_default_out(const char *file, const char *ext, char *out, size_t size);

/* The load options of a command-line tool that checks files as `limber check` does. */
struct lb_load_options lb_command_load_options(const struct lb_command_ctx *ctx);

/* The commands, each in its own file. */
int lb_cmd_check(struct lb_command_ctx *ctx, int argc, char **argv);
int lb_cmd_plan(struct lb_command_ctx *ctx, int argc, char **argv);
int lb_cmd_snapshot(struct lb_command_ctx *ctx, int argc, char **argv);
int lb_cmd_export(struct lb_command_ctx *ctx, int argc, char **argv);
int lb_cmd_pack(struct lb_command_ctx *ctx, int argc, char **argv);
int lb_cmd_import(struct lb_command_ctx *ctx, int argc, char **argv);
int lb_cmd_print(struct lb_command_ctx *ctx, int argc, char **argv);
int lb_cmd_history(struct lb_command_ctx *ctx, int argc, char **argv);

#endif
