/* `limber check [--strict] FILE...`: every problem of every file, compiler style, on stderr;
 * a summary line per file on stdout. Clips and recorded voices are probed too. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include <libavutil/log.h>

#include "bundle_routine.h"
#include "check_media.h"
#include "diag.h"
#include "duration.h"
#include "plan.h"
#include "probe.h"
#include "routine.h"

static int count_warnings(const struct lb_diags *d)
{
    int n = 0;
    for (int i = 0; i < d->count; i++)
        n += d->items[i].severity == LB_SEV_WARNING;
    return n;
}

int lb_cmd_check(struct lb_command_ctx *ctx, int argc, char **argv)
{
    /* Options first (--strict; --allow-any-path, as the player takes it); "--" ends them. */
    bool strict = false;
    int first = 0;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (!strcmp(argv[first], "--")) {
            first++;
            break;
        }
        if (!strcmp(argv[first], "--strict")) {
            strict = true;
            continue;
        }
        if (strcmp(argv[first], "--allow-any-path")) {
            fprintf(stderr, "limber check: unknown option '%s'\nusage: limber check "
                    "[--strict] [--allow-any-path] FILE...\n", argv[first]);
            return 2;
        }
        ctx->opts->allow_any_path = true;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: limber check [--strict] [--allow-any-path] FILE...\n");
        return 2;
    }
    /* What is wrong with a clip is said in check's own words, not FFmpeg's log lines. */
    av_log_set_level(AV_LOG_QUIET);
    struct lb_load_options opts = lb_command_load_options(ctx);
    opts.keep_on_error = true;
    /* One cache for the run: routines that share clips have each probed once. */
    struct lb_probe_cache cache;
    lb_probe_cache_init(&cache);
    int bad = 0;
    for (int i = first; i < argc; i++) {
        struct lb_diags diags;
        lb_diags_init(&diags, argv[i]);
        struct lb_bundle bundle;
        struct lb_routine *r = lb_routine_load_any(argv[i], &opts, NULL, &bundle, &diags);
        /* A bundle's clips and recordings are members, verified by the bundle reader (names,
         * sizes, hashes: every member, every time, never taken from the record of verified
         * bundles, since check is how an author makes sure) and probed in place. */
        if (r && opts.check_files)
            lb_check_media(r, bundle.fd >= 0 ? &bundle : NULL, &cache, &diags);
        lb_diags_print(&diags, stderr);
        int warnings = count_warnings(&diags);
        char also[64] = "";
        if (warnings)
            snprintf(also, sizeof(also), " (%d warning%s%s)", warnings, warnings == 1 ? "" : "s",
                     strict ? ", refused with --strict" : "");
        struct lb_plan plan;
        if (r && !diags.errors && lb_plan_init(&plan, r)) {
            char total[32];
            lb_duration_clock(plan.total_ms, total, sizeof(total));
            printf("%s: %s: %s, %d step%s, %s%s\n", argv[i], strict && warnings ? "refused" : "ok",
                   r->title, r->n_steps, r->n_steps == 1 ? "" : "s", total, also);
            lb_plan_destroy(&plan);
            bad += strict && warnings;
        } else {
            printf("%s: %d error%s%s\n", argv[i], diags.errors, diags.errors == 1 ? "" : "s",
                   also);
            bad++;
        }
        lb_routine_free(r);
        lb_bundle_close(&bundle);
        lb_diags_destroy(&diags);
    }
    lb_probe_cache_destroy(&cache);
    return bad ? 1 : 0;
}
