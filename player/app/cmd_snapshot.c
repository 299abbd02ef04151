/* `limber snapshot`: what the screen shows at one instant of a routine (or the library), drawn
 * offscreen into a PNG file. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "history.h"
#include "library.h"
#include "player.h"
#include "progress.h"

/* `limber snapshot --library [FOLDER]`. */
static int library_snapshot(const struct lb_options *opts, const char *folder,
                            const char *data_dir, const char *assets_dir, const char *out)
{
    char folders[2][LB_LIBRARY_PATH_MAX];
    int n = lb_library_default_folders(folder, data_dir, folders);
    const char *list[2] = {folders[0], folders[1]};
    struct lb_library lib;
    int status = 1;
    if (lb_library_init(&lib, list, n, assets_dir, opts->allow_any_path)) {
        lib.history = !opts->no_history;
        status = lb_library_snapshot(&lib, opts, out);
    }
    lb_library_destroy(&lib);
    return status;
}

/* limber snapshot ROUTINE --at TIME [-o FILE]; the player's options go before it. */
int lb_cmd_snapshot(struct lb_command_ctx *ctx, int argc, char **argv)
{
    struct lb_options *opts = ctx->opts;
    const char *file = NULL, *at = "0", *out = "snapshot.png";
    unsigned flags = 0;
    bool library = false, progress = false;
    time_t today = time(NULL);
    for (int k = 0; k < argc; k++) {
        if (!strcmp(argv[k], "--pain"))
            flags |= LB_SNAPSHOT_PAIN;
        else if (!strcmp(argv[k], "--pain-end"))
            flags |= LB_SNAPSHOT_PAIN_END;
        else if (!strcmp(argv[k], "--pain-skip"))
            flags |= LB_SNAPSHOT_PAIN_SKIP;
        else if (!strcmp(argv[k], "--leave"))
            flags |= LB_SNAPSHOT_LEAVE;
        else if (!strcmp(argv[k], "--keys"))
            flags |= LB_SNAPSHOT_HELP;
        else if (!strcmp(argv[k], "--library"))
            library = true;
        else if (!strcmp(argv[k], "--progress"))
            progress = true;
        else if (!strcmp(argv[k], "--history") && k + 1 < argc)
            opts->history_path = argv[++k], opts->no_history = false;
        else if (!strcmp(argv[k], "--today") && k + 1 < argc &&
                 lb_history_parse_date(argv[k + 1], &today))
            k++;
        else if (!strcmp(argv[k], "--at") && k + 1 < argc)
            at = argv[++k];
        else if (!strcmp(argv[k], "-o") && k + 1 < argc)
            out = argv[++k];
        else if (!strcmp(argv[k], "--size") && k + 1 < argc) {
            if (!lb_options_size(argv[++k], &opts->width, &opts->height))
                return 2;
        }
        else if (!strcmp(argv[k], "--allow-any-path"))
            opts->allow_any_path = true;
        else if (!file && argv[k][0] != '-')
            file = argv[k];
        else {
            fprintf(stderr, "usage: limber snapshot ROUTINE [--at TIME] [--size WxH] "
                    "[-o FILE]\n");
            return 2;
        }
    }
    if (progress && !file)
        return lb_progress_snapshot(opts, today + 12 * 3600, out);
    if (library)
        return library_snapshot(opts, file, ctx->data_dir, ctx->assets_dir, out);
    if (!file) {
        fprintf(stderr, "usage: limber snapshot ROUTINE [--at TIME] [--size WxH] "
                "[-o FILE]\n");
        return 2;
    }
    return lb_player_snapshot(opts, file, ctx->assets_dir, at, flags, out);
}
