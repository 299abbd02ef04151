/* `limber export`: the whole routine as it plays into one MP4 file. */
#include "commands.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "export.h"
#include "i18n.h"

#define EXPORT_USAGE "usage: limber export ROUTINE [-o FILE.mp4] [--size WxH] [--fps N] " \
                     "[--crf N] [--preset NAME] [--info-time TIME] [--voice on|off] " \
                     "[--font FILE] [--language TAG] [--text-scale X] [...]\n"

/* `limber export ROUTINE ...`: its own options, and the player's that change what is seen or
 * heard (--voice, --font, --language, ...: the option table's), before or after ROUTINE. */
int lb_cmd_export(struct lb_command_ctx *ctx, int argc, char **argv)
{
    struct lb_options *opts = ctx->opts;
    struct lb_export_options x = {.fps = 30, .crf = 20, .preset = "veryfast",
                                  .info_ms = 10000};
    const char *file = NULL;
    char out[PATH_MAX];
    const char *language_before = opts->language;
    opts->width = 1920;
    opts->height = 1080;
    for (int k = 0; k < argc; k++) {
        int took = lb_options_parse_look(opts, argc, argv, k);
        if (took < 0) {
            fputs(EXPORT_USAGE, stderr);
            return 2;
        }
        if (took > 0) {
            k += took - 1;
            continue;
        }
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
    /* --language after the command: before any thread starts, as main does it. */
    if (opts->language != language_before)
        lb_i18n_init(opts->language);
    if (!x.out) {
        lb_command_default_out(file, ".mp4", out, sizeof(out));
        x.out = out;
    }
    return lb_player_export(opts, file, ctx->assets_dir, &x);
}

