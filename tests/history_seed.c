/* Fills a history with made-up sessions through the store's own API, for the progress
 * screen's goldens and the size benchmark. Deterministic: the same arguments give the same
 * file contents.
 * Usage: history_seed FILE TODAY DAYS SESSIONS   (TODAY as 2026-12-05; sessions spread over
 * the DAYS days up to TODAY, the newest on TODAY) */
#include <stdio.h>
#include <stdlib.h>

#include "history.h"

static unsigned rng = 12345;

static int roll(int n)
{
    rng = rng * 1103515245u + 12345u;
    return (int)((rng >> 16) % (unsigned)n);
}

int main(int argc, char **argv)
{
    time_t today;
    if (argc != 5 || !lb_history_parse_date(argv[2], &today)) {
        fprintf(stderr, "usage: history_seed FILE TODAY DAYS SESSIONS\n");
        return 2;
    }
    int days = atoi(argv[3]), sessions = atoi(argv[4]);
    char err[5000], notice[5000];
    struct lb_history *h = lb_history_open(argv[1], err, sizeof(err), notice, sizeof(notice));
    if (!h) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    static const char *const steps[] = {"Pelvic tilt", "Knee to chest", "Cat-cow",
                                        "Child's pose", "Piriformis stretch"};
    static const char *const outcomes[] = {"finished", "finished", "finished", "finished",
                                           "quit", "pain-stop", "interrupted"};
    for (int i = 0; i < sessions; i++) {
        /* Spread evenly from `days` ago to today, with some days left out. */
        int back = sessions > 1 ? (days - 1) - (days - 1) * i / (sessions - 1) : 0;
        time_t start = today - (time_t)back * 86400 + 7 * 3600 + roll(3) * 3600 + roll(60) * 60;
        /* Pain eases over the weeks: from about 6 to about 2, after a little below before. */
        int before = 6 - 4 * i / (sessions > 1 ? sessions : 1) + roll(2);
        int after = before - 1 - roll(2) + (i % 7 == 3 ? 2 : 0);
        after = after < 0 ? 0 : after;
        struct lb_history_session_start s = {.title = "Back basics",
                                             .path = "/home/sam/routines/back-basics.yaml",
                                             .hash = "5e2d8c0a", .started_at = start,
                                             .pain_before = i % 9 == 4 ? LB_PAIN_NONE : before};
        int64_t id = lb_history_start_session(h, &s);
        int64_t moving = 0;
        time_t t = start;
        const char *outcome = outcomes[roll(7)];
        for (int k = 0; k < 5; k++) {
            for (int side = 0; side < (k == 1 || k == 4 ? 2 : 1); side++) {
                const char *label = k == 1 || k == 4 ? (side ? "right" : "left") : NULL;
                bool hurt = k == 1 && side == 0 && roll(5) == 0;
                t += 75;
                struct lb_history_block b = {.step = k, .step_title = steps[k], .side = label,
                                             .set = 1, .planned_ms = 60000,
                                             .actual_ms = hurt ? 21000 : 60000, .ended_at = t,
                                             .result = hurt ? LB_BLOCK_PAIN
                                                       : roll(12) == 0 ? LB_BLOCK_SKIPPED
                                                                       : LB_BLOCK_DONE};
                if (hurt) {
                    struct lb_history_pain_stop p = {.step = k, .step_title = steps[k],
                                                     .side = label, .set = 1, .rep = 2, .at = t};
                    lb_history_record_pain_stop(h, id, &p);
                    lb_history_pain_choice(h, id, "skip");
                }
                moving += b.actual_ms;
                if (!lb_history_record_block(h, id, &b, moving)) {
                    fprintf(stderr, "%s\n", lb_history_error(h));
                    return 1;
                }
            }
        }
        if (i % 9 != 6)
            lb_history_set_pain(h, id, true, after);
        lb_history_end_session(h, id, outcome, t + 30, moving);
    }
    lb_history_close(h);
    return 0;
}
