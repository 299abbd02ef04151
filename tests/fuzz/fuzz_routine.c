/* libFuzzer target: the routine loader, planner and engine on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "plan.h"
#include "routine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lb_diags diags;
    lb_diags_init(&diags, "fuzz.yaml");
    struct lb_load_options opts = {.check_files = false};
    struct lb_routine *r = lb_routine_load_buffer("fuzz.yaml", data, size, &opts, &diags);
    char line[1024];
    for (int i = 0; i < diags.count; i++)
        lb_diags_format(&diags, i, line, sizeof(line));
    struct lb_plan plan;
    if (r && lb_plan_init(&plan, r)) {
        struct lb_coach coach;
        if (lb_coach_init(&coach, &plan)) {
            lb_coach_start(&coach, 0);
            /* Walk the routine in coarse steps with a few commands, bounded in work. */
            int64_t step = plan.total_ms / 500 + 1;
            for (int i = 0; i < 600; i++) {
                lb_coach_update(&coach, (int64_t)i * step);
                if (i % 97 == 13)
                    lb_coach_command(&coach, (enum lb_command)(i % 9), (int64_t)i * step);
                struct lb_event ev;
                while (lb_coach_poll(&coach, &ev))
                    ;
                struct lb_coach_state st;
                lb_coach_state(&coach, &st);
            }
            lb_coach_destroy(&coach);
        }
        lb_plan_destroy(&plan);
    }
    lb_routine_free(r);
    lb_diags_destroy(&diags);
    return 0;
}
