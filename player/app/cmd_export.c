/* `limber export`: the whole routine as it plays into one MP4 file. */
#include "commands.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "export.h"

#define EXPORT_USAGE "usage: limber export ROUTINE [-o FILE.mp4] [--size WxH] [--fps N] " \
                     "[--crf N] [--preset NAME] [--info-time TIME]\n"

/* `limber export ROUTINE ...`: the player's options (--voice, --text-scale) go before it. */
int lb_cmd_export(struct lb_command_ctx *ctx, int argc, char **argv)
{
    struct lb_options *opts = ctx->opts;
    struct lb_export_options x = {.fps = 30, .crf = 20, .preset = "veryfast",
                                  .info_ms = 10000};
    const char *file = NULL;
    char out[PATH_MAX];
    opts->width = 1920;
    opts->height = 1080;
    for (int k = 0; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        char why[128];
        bool ok = true;
        if (!strcmp(a, "-o") && v)
            x.out = v;
        else if (!strcmp(a, "--size") && v) {
            if (!lb_options_size(v, &opts->width, &opts->height))
                return 2;
        }
        else if (!strcmp(a, "--fps") && v)
            ok = (x.fps = atoi(v)) >= 1 && x.fps <= 120;
        else if (!strcmp(a, "--crf") && v)
            ok = (x.crf = atoi(v)) >= 0 && x.crf <= 51;
        else if (!strcmp(a, "--preset") && v)
            x.preset = v;
        else if (!strcmp(a, "--info-time") && v)
            ok = lb_duration_parse(v, false, &x.info_ms, why, sizeof(why)) && x.info_ms > 0;
        else if (!strcmp(a, "--allow-any-path"))
            opts->allow_any_path = true, v = NULL;
        else if (!file && a[0] != '-')
            file = a, v = NULL;
        else
            ok = false, v = NULL;
        if (!ok) {
            fprintf(stderr, "limber export: bad argument '%s%s%s'\n" EXPORT_USAGE, a,
                    v ? " " : "", v ? v : "");
            return 2;
        }
        if (v)
            k++;
    }
    if (!file) {
        fputs(EXPORT_USAGE, stderr);
        return 2;
    }
    if (!x.out) {
        lb_command_default_out(file, ".mp4", out, sizeof(out));
        x.out = out;
    }
    return lb_player_export(opts, file, ctx->assets_dir, &x);
}

