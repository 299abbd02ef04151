/* `limber check` and `limber plan`. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "duration.h"
#include "plan.h"
#include "routine.h"

static struct lb_load_options load_options(const struct lb_cli_paths *paths)
{
    return (struct lb_load_options){
        .assets_dir = paths->assets_dir,
        .allow_any_path = paths->allow_any_path,
        .check_files = true,
    };
}

int lb_cli_check(int argc, char **argv, const struct lb_cli_paths *paths)
{
    if (argc < 1) {
        fprintf(stderr, "usage: limber check FILE...\n");
        return 2;
    }
    struct lb_load_options opts = load_options(paths);
    int bad = 0;
    for (int i = 0; i < argc; i++) {
        struct lb_diags diags;
        lb_diags_init(&diags, argv[i]);
        struct lb_routine *r = lb_routine_load(argv[i], &opts, &diags);
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
        lb_diags_destroy(&diags);
    }
    return bad ? 1 : 0;
}

int lb_cli_plan(int argc, char **argv, const struct lb_cli_paths *paths)
{
    bool json = false;
    const char *file = NULL;
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!file && argv[i][0] != '-')
            file = argv[i];
        else {
            fprintf(stderr, "usage: limber plan [--json] FILE\n");
            return 2;
        }
    }
    if (!file) {
        fprintf(stderr, "usage: limber plan [--json] FILE\n");
        return 2;
    }
    struct lb_load_options opts = load_options(paths);
    struct lb_diags diags;
    lb_diags_init(&diags, file);
    struct lb_routine *r = lb_routine_load(file, &opts, &diags);
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
    lb_diags_destroy(&diags);
    return status;
}
