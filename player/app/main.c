/* limber: the entry point; dispatches to the subcommands and, later, the player. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clip_path.h"

static const char usage[] =
    "Usage: limber [OPTION]... [ROUTINE.yaml]\n"
    "       limber check FILE...\n"
    "       limber plan [--json] FILE\n"
    "Coach a stretch routine: instruction clips, timed cues, rep counters and warnings.\n"
    "\n"
    "Commands:\n"
    "  check FILE...      validate routine files; every problem as file:line:col\n"
    "  plan FILE          print the routine's timeline and total time\n"
    "  plan --json FILE   the same as JSON\n"
    "\n"
    "Options:\n"
    "      --allow-any-path   let routines name clips outside their folder\n"
    "  -h, --help             show this help and exit\n"
    "      --version          show the version and exit\n"
    "\n"
    "Exit status: 0 when all went well, 1 when a routine file has errors, 2 on wrong usage.\n"
    "Report bugs in the project's issue tracker.\n";

/* Limber's own assets folder: $LIMBER_ASSETS, the installed share/limber/assets, or the source
 * tree's when run from a build folder. Writes into buf; returns NULL when none exists. */
static const char *find_assets(char *buf, size_t size)
{
    const char *env = getenv("LIMBER_ASSETS");
    if (env && access(env, R_OK) == 0)
        return snprintf(buf, size, "%s", env), buf;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            int len = snprintf(buf, size, "%s/../share/limber/assets", exe);
            if (len > 0 && (size_t)len < size && access(buf, R_OK) == 0)
                return buf;
        }
    }
    snprintf(buf, size, "%s/assets", LIMBER_SOURCE_DIR);
    return access(buf, R_OK) == 0 ? buf : NULL;
}

int main(int argc, char **argv)
{
    char assets[PATH_MAX];
    struct lb_cli_paths paths = {.assets_dir = find_assets(assets, sizeof(assets))};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--version")) {
            printf("limber %s\nLicense GPL-3.0-or-later: GNU GPL version 3 or later.\n"
                   "This is free software: you are free to change and redistribute it.\n",
                   LIMBER_VERSION);
            return 0;
        } else if (!strcmp(argv[i], "--allow-any-path")) {
            paths.allow_any_path = true;
        } else {
            fprintf(stderr, "limber: unknown option '%s'\nTry 'limber --help'.\n", argv[i]);
            return 2;
        }
    }
    if (i < argc && !strcmp(argv[i], "check"))
        return lb_cli_check(argc - i - 1, argv + i + 1, &paths);
    if (i < argc && !strcmp(argv[i], "plan"))
        return lb_cli_plan(argc - i - 1, argv + i + 1, &paths);
    if (i < argc) {
        /* Playback comes with the playback work; until then, show what would play. */
        char *plan_argv[] = {argv[i], NULL};
        fprintf(stderr, "limber: the player is not built yet; here is the plan of %s\n",
                argv[i]);
        return lb_cli_plan(1, plan_argv, &paths);
    }
    fputs(usage, stderr);
    return 2;
}
