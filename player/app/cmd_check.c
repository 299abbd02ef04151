/* `limber check FILE...`: every problem of every file, compiler style, on stderr; a summary
 * line per file on stdout. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "bundle_routine.h"
#include "diag.h"
#include "duration.h"
#include "plan.h"
#include "routine.h"

int lb_cmd_check(struct lb_command_ctx *ctx, int argc, char **argv)
{
    /* Options first (--allow-any-path, as the player takes it); "--" ends them. */
    int first = 0;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (!strcmp(argv[first], "--")) {
            first++;
            break;
        }
        if (strcmp(argv[first], "--allow-any-path")) {
            fprintf(stderr, "limber check: unknown option '%s'\nusage: limber check "
                    "[--allow-any-path] FILE...\n", argv[first]);
            return 2;
        }
        ctx->opts->allow_any_path = true;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: limber check [--allow-any-path] FILE...\n");
        return 2;
    }
    struct lb_load_options opts = lb_command_load_options(ctx);
    int bad = 0;
    for (int i = first; i < argc; i++) {
        struct lb_diags diags;
        lb_diags_init(&diags, argv[i]);
        struct lb_bundle bundle;
        struct lb_routine *r = lb_routine_load_any(argv[i], &opts, &bundle, &diags);
        lb_diags_print(&diags, stderr);
        if (r) {
            struct lb_plan plan;
            if (lb_plan_init(&plan, r)) {
                char total[32];
                lb_duration_clock(plan.total_ms, total, sizeof(total));
                printf("%s: ok: %s, %d step%s, %s\n", argv[i], r->title, r->n_steps,
                       r->n_steps == 1 ? "" : "s", total);
                lb_plan_destroy(&plan);
            }
        } else {
            printf("%s: %d error%s\n", argv[i], diags.errors, diags.errors == 1 ? "" : "s");
            bad++;
        }
        lb_routine_free(r);
        lb_bundle_close(&bundle);
        lb_diags_destroy(&diags);
    }
    return bad ? 1 : 0;
}
