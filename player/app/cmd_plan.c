/* `limber plan [--json] FILE`: the routine's timeline on stdout. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "bundle_routine.h"
#include "diag.h"
#include "plan.h"
#include "routine.h"

int lb_cmd_plan(struct lb_command_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    const char *file = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--allow-any-path"))
            ctx->opts->allow_any_path = true;
        else if (!file && argv[i][0] != '-')
            file = argv[i];
        else {
            fprintf(stderr, "usage: limber plan [--json] [--allow-any-path] FILE\n");
            return 2;
        }
    }
    if (!file) {
        fprintf(stderr, "usage: limber plan [--json] [--allow-any-path] FILE\n");
        return 2;
    }
    struct lb_load_options opts = lb_command_load_options(ctx);
    struct lb_diags diags;
    lb_diags_init(&diags, file);
    struct lb_bundle bundle;
    struct lb_routine *r = lb_routine_load_any(file, &opts, NULL, &bundle, &diags);
    lb_diags_print(&diags, stderr);
    int status = 1;
    struct lb_plan plan;
    if (r && lb_plan_init(&plan, r)) {
        if (json)
            lb_plan_print_json(&plan, stdout);
        else
            lb_plan_print(&plan, stdout);
        lb_plan_destroy(&plan);
        status = 0;
    } else if (r) {
        fprintf(stderr, "limber: out of memory planning %s\n", file);
    }
    lb_routine_free(r);
    lb_bundle_close(&bundle);
    lb_diags_destroy(&diags);
    return status;
}
