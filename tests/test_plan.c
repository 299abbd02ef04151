/* The planner: totals and timelines for sides, sets, reps + hold, timers, info cards, rests. */
#include <stdlib.h>
#include <string.h>

#include "lb_test.h"
#include "plan.h"
#include "routine.h"

static struct lb_routine *load(const char *text)
{
    struct lb_diags d;
    lb_diags_init(&d, "plan.yaml");
    struct lb_routine *r = lb_routine_load_buffer("plan.yaml", (const unsigned char *)text,
                                                  strlen(text), NULL, &d);
    lb_diags_print(&d, stderr);
    lb_diags_destroy(&d);
    return r;
}

/* The full test routine: 5 + (21+4+21+12+21+4+21) + 15 rest, 1200 + 20, wait + 20, 30 + 20,
 * 10 + 0, 5 + 90 = 1519 s. */
static void test_full_total(void)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/valid/full.yaml", getenv("LB_TEST_DATA"));
    struct lb_diags d;
    lb_diags_init(&d, path);
    struct lb_routine *r = lb_routine_load(path, NULL, &d);
    lb_diags_destroy(&d);
    LB_CHECK(r != NULL);
    if (!r)
        return;
    struct lb_plan p;
    LB_CHECK(lb_plan_init(&p, r));
    LB_CHECK_INT(p.total_ms, 1519000);
    LB_CHECK_INT(p.waits, 1);
    LB_CHECK_INT(p.steps[0].start_ms, 0);
    LB_CHECK_INT(p.steps[0].end_ms, 109000);
    LB_CHECK_INT(p.steps[1].start_ms, 124000);
    LB_CHECK_INT(p.steps[1].end_ms, 1324000);
    LB_CHECK_INT(p.steps[2].start_ms, 1344000);
    LB_CHECK_INT(p.steps[2].end_ms, 1344000);
    LB_CHECK_INT(p.steps[3].start_ms, 1364000);
    LB_CHECK_INT(p.steps[4].start_ms, 1414000);
    LB_CHECK_INT(p.steps[5].start_ms, 1424000);
    LB_CHECK_INT(p.steps[5].end_ms, 1519000);

    /* Step 1's segments: countdown, L1, switch, R1, set rest, L2, switch, R2, then rest. */
    static const enum lb_phase want[] = {
        LB_PHASE_COUNTDOWN, LB_PHASE_BLOCK, LB_PHASE_SWITCH, LB_PHASE_BLOCK,
        LB_PHASE_SET_REST, LB_PHASE_BLOCK, LB_PHASE_SWITCH, LB_PHASE_BLOCK, LB_PHASE_REST,
    };
    for (int i = 0; i < 9; i++)
        LB_CHECK_INT(p.segments[i].phase, want[i]);
    LB_CHECK_INT(p.segments[3].set, 1);
    LB_CHECK_INT(p.segments[3].side, 1);
    LB_CHECK_INT(p.segments[5].set, 2);
    LB_CHECK_INT(p.segments[5].side, 0);
    LB_CHECK_INT(p.segments[5].start_ms, 63000);
    LB_CHECK(!lb_plan_mirrored(&p, 1));
    LB_CHECK(lb_plan_mirrored(&p, 3));
    LB_CHECK(!lb_plan_mirrored(&p, 5));
    LB_CHECK(lb_plan_mirrored(&p, 7));

    /* The wait segment is found at its instant, before the rest that starts there too. */
    int w = lb_plan_segment_at(&p, 1344000);
    LB_CHECK_INT(p.segments[w].phase, LB_PHASE_INFO_WAIT);
    LB_CHECK_INT(p.segments[lb_plan_segment_at(&p, 1344001)].phase, LB_PHASE_REST);
    LB_CHECK_INT(p.segments[lb_plan_segment_at(&p, 0)].phase, LB_PHASE_COUNTDOWN);

    /* Marks of block L1 (5 s to 26 s): reps at 5, 12, 19 with holds 2 s later; cues at 5 and
     * 23 (3 s before the end). */
    struct lb_mark m[32];
    int n = lb_plan_marks(&p, 1, m, 32);
    LB_CHECK_INT(n, 9);
    LB_CHECK_INT(m[0].kind, LB_MARK_PHASE);
    LB_CHECK_INT(m[1].kind, LB_MARK_REP);
    LB_CHECK_INT(m[2].kind, LB_MARK_CUE);
    LB_CHECK_INT(m[2].at_ms, 5000);
    LB_CHECK_INT(m[3].kind, LB_MARK_HOLD);
    LB_CHECK_INT(m[3].at_ms, 7000);
    LB_CHECK_INT(m[7].kind, LB_MARK_HOLD);
    LB_CHECK_INT(m[7].at_ms, 21000);
    LB_CHECK_INT(m[8].kind, LB_MARK_CUE);
    LB_CHECK_INT(m[8].at_ms, 23000);
    int64_t start, end;
    lb_plan_cue_span(&p, 1, 1, 0, &start, &end);
    LB_CHECK_INT(start, 23000);
    LB_CHECK_INT(end, 25000);
    /* countdown 5 s: ticks 3, 2, 1 in its last three seconds */
    n = lb_plan_marks(&p, 0, m, 32);
    LB_CHECK_INT(n, 4);
    LB_CHECK_INT(m[1].at_ms, 2000);
    LB_CHECK_INT(m[1].value, 3);
    LB_CHECK_INT(m[3].at_ms, 4000);
    LB_CHECK_INT(m[3].value, 1);
    lb_plan_destroy(&p);
    lb_routine_free(r);
}

static void test_small_cases(void)
{
    /* Trims change nothing on the clock; a short countdown has fewer ticks; no rest after
     * the last step; rest 0 adds no segment. */
    struct lb_routine *r = load("limber: 1\ntitle: T\nsteps:\n"
                                "  - title: A\n    duration: 10s\n    countdown: 2s\n"
                                "    rest: 0\n"
                                "  - title: B\n    reps: 4\n    rep_time: 1s\n    hold: 500ms\n"
                                "    sets: 3\n    set_rest: 7s\n    rest: 1m\n");
    LB_CHECK(r != NULL);
    if (!r)
        return;
    struct lb_plan p;
    LB_CHECK(lb_plan_init(&p, r));
    /* A: 2 + 10; B: 3 + 6 + 7 + 6 + 7 + 6 = 35 -> 47 s */
    LB_CHECK_INT(p.total_ms, 47000);
    LB_CHECK_INT(p.n_segments, 2 + 6);
    struct lb_mark m[8];
    LB_CHECK_INT(lb_plan_marks(&p, 0, m, 8), 3); /* phase + ticks 2, 1 */
    LB_CHECK_INT(m[1].value, 2);
    lb_plan_destroy(&p);
    lb_routine_free(r);

    r = load("limber: 1\ntitle: T\nsteps:\n  - title: Bath\n    kind: timer\n"
             "    duration: 20m\n  - title: Read\n    kind: info\n");
    LB_CHECK(r != NULL);
    if (!r)
        return;
    LB_CHECK(lb_plan_init(&p, r));
    LB_CHECK_INT(p.total_ms, 1210000); /* no countdown for a timer; rest 10 s; the card waits */
    LB_CHECK_INT(p.waits, 1);
    LB_CHECK_INT(p.segments[0].phase, LB_PHASE_BLOCK);
    lb_plan_destroy(&p);
    lb_routine_free(r);
}

/* --watch: an edited routine carries on at the same step and time. */
static void test_same_place(void)
{
    struct lb_routine *a = load("limber: 1\ntitle: T\ndefaults: {countdown: 0s, rest: 5s}\n"
                                "steps:\n  - {title: A, duration: 10s}\n"
                                "  - {title: B, duration: 20s}\n  - {title: C, duration: 30s}\n");
    /* B moved first and became shorter; C is gone; D is new. */
    struct lb_routine *b = load("limber: 1\ntitle: T\ndefaults: {countdown: 0s, rest: 5s}\n"
                                "steps:\n  - {title: B, duration: 8s}\n"
                                "  - {title: A, duration: 10s}\n  - {title: D, duration: 9s}\n");
    LB_CHECK(a && b);
    if (!a || !b)
        return;
    struct lb_plan pa, pb;
    LB_CHECK(lb_plan_init(&pa, a) && lb_plan_init(&pb, b));
    /* a: A 0-10, rest 10-15, B 15-35, rest 35-40, C 40-70; b: B 0-8, rest 8-13, A 13-23,
     * rest 23-28, D 28-37 */
    LB_CHECK_INT(lb_plan_same_place(&pa, 4000, &pb), 13000 + 4000);  /* A, 4 s in */
    LB_CHECK_INT(lb_plan_same_place(&pa, 12000, &pb), 25000);        /* in the rest after A */
    LB_CHECK_INT(lb_plan_same_place(&pa, 17000, &pb), 2000);         /* B, 2 s in */
    LB_CHECK_INT(lb_plan_same_place(&pa, 30000, &pb), 12999);        /* B shrank: its rest's end */
    LB_CHECK_INT(lb_plan_same_place(&pa, 45000, &pb), 28000 + 5000); /* C gone: step 3, D */
    lb_plan_destroy(&pa);
    lb_plan_destroy(&pb);
    lb_routine_free(a);
    lb_routine_free(b);
}

/* A clip per side: each block plays its side's file, never mirrored, even when `defaults`
 * mirror the other side (which still applies to a step with one clip). */
static void test_side_clips(void)
{
    struct lb_routine *r = load("limber: 1\ntitle: t\n"
                                "defaults: {mirror: other-side, countdown: 0, switch: 2s}\n"
                                "steps:\n"
                                "  - title: Filmed\n"
                                "    clip: {right: r.mp4, left: l.mp4}\n"
                                "    sides: [left, right]\n"
                                "    sets: 2\n"
                                "    duration: 10s\n"
                                "  - title: Mirrored\n"
                                "    clip: one.mp4\n"
                                "    sides: [left, right]\n"
                                "    duration: 10s\n");
    LB_CHECK(r != NULL);
    if (!r)
        return;
    const struct lb_step *s = &r->steps[0];
    LB_CHECK_STR(lb_step_clip_written(s, 0), "l.mp4");
    LB_CHECK_STR(lb_step_clip_written(s, 1), "r.mp4");
    LB_CHECK_STR(s->clip, "l.mp4"); /* the step has a clip: the first side's */
    LB_CHECK_STR(lb_step_clip_written(&r->steps[1], 1), "one.mp4");
    struct lb_plan p;
    LB_CHECK(lb_plan_init(&p, r));
    /* Step 1: L1, switch, R1, set rest, L2, switch, R2; then the rest and step 2. */
    static const char *const want[] = {"l.mp4", NULL, "r.mp4", NULL, "l.mp4", NULL, "r.mp4"};
    for (int k = 0; k < 7; k++) {
        const char *clip = lb_plan_clip(&p, k);
        if (!want[k]) {
            LB_CHECK(p.segments[k].phase != LB_PHASE_BLOCK);
            continue;
        }
        LB_CHECK(clip && strstr(clip, want[k]) && clip[strlen(clip) - strlen(want[k]) - 1] == '/');
        LB_CHECK(!lb_plan_mirrored(&p, k));
    }
    int second = p.steps[1].first_segment;
    LB_CHECK(!lb_plan_mirrored(&p, second));
    LB_CHECK(lb_plan_mirrored(&p, second + 2));
    LB_CHECK(strstr(lb_plan_clip(&p, second + 2), "one.mp4") != NULL);
    lb_plan_destroy(&p);
    lb_routine_free(r);
}

/* Cues per rep and per hold: `at` counts from each rep's (or hold's) start, or back from its
 * end; a caption ends with its rep or hold; the cue repeats in every block. */
static void test_cues_per_rep(void)
{
    struct lb_routine *r = load("limber: 1\ntitle: t\n"
                                "steps:\n"
                                "  - title: Bridge\n"
                                "    countdown: 2s\n"
                                "    sides: [left, right]\n"
                                "    switch: 3s\n"
                                "    reps: 3\n"
                                "    rep_time: 4s\n"
                                "    hold: 6s\n"
                                "    cues:\n"
                                "      - {at: 1s, say: Breathe out, every: hold}\n"
                                "      - {at: -1s, text: Slowly down, show: 5s, every: rep}\n"
                                "      - {at: 0s, text: Start, every: block}\n");
    LB_CHECK(r != NULL);
    if (!r)
        return;
    LB_CHECK_INT(r->steps[0].cues[0].every, LB_CUE_EVERY_HOLD);
    LB_CHECK_INT(r->steps[0].cues[1].every, LB_CUE_EVERY_REP);
    LB_CHECK_INT(r->steps[0].cues[2].every, LB_CUE_EVERY_BLOCK);
    struct lb_plan p;
    LB_CHECK(lb_plan_init(&p, r));
    /* Countdown 0-2 s; left 2-32 (reps at 2, 12, 22; holds 6-12, 16-22, 26-32); switch 32-35;
     * right 35-65. */
    LB_CHECK_INT(lb_plan_cue_times(&p, 1, 0), 3);
    LB_CHECK_INT(lb_plan_cue_times(&p, 1, 2), 1);
    LB_CHECK_INT(lb_plan_cue_times(&p, 0, 0), 0); /* the countdown is no block */
    int64_t start, end;
    lb_plan_cue_span(&p, 1, 0, 2, &start, &end); /* third hold's "Breathe out" */
    LB_CHECK_INT(start, 27000);
    LB_CHECK_INT(end, 31000); /* show 4 s */
    lb_plan_cue_span(&p, 1, 1, 0, &start, &end); /* a second before the first rep ends */
    LB_CHECK_INT(start, 11000);
    LB_CHECK_INT(end, 12000); /* show 5 s, cut at the rep's end */
    lb_plan_cue_span(&p, 3, 0, 0, &start, &end); /* the right side: its first hold */
    LB_CHECK_INT(start, 40000);
    /* The block's marks: 3 reps, 3 holds, 3 + 3 + 1 cue showings, the phase. */
    struct lb_mark m[32];
    int n = lb_plan_marks(&p, 1, m, 32);
    LB_CHECK_INT(n, 1 + 6 + 7);
    int64_t want_cues[] = {2000, 7000, 11000, 17000, 21000, 27000, 31000};
    int k = 0;
    for (int i = 0; i < n && i < 32; i++)
        if (m[i].kind == LB_MARK_CUE && k < 7)
            LB_CHECK_INT(m[i].at_ms, want_cues[k++]);
    LB_CHECK_INT(k, 7);
    LB_CHECK(lb_plan_cue_shown(&p, 1, 0, 18500, &start, &end));
    LB_CHECK_INT(start, 17000);
    LB_CHECK(!lb_plan_cue_shown(&p, 1, 0, 21500, &start, &end)); /* between two showings */
    lb_plan_destroy(&p);
    lb_routine_free(r);
}

/* What `check` says about `every:`: each message at the field it is about. */
static void test_every_mistakes(void)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"  - {title: A, duration: 20s, cues: [{at: 1s, say: x, every: rep}]}\n",
         "4:62: error: 'every: rep' needs a step with reps; this step is timed (duration)"},
        {"  - {title: A, reps: 2, cues: [{at: 1s, say: x, every: hold}]}\n",
         "4:56: error: 'every: hold' needs reps with a hold"},
        {"  - {title: A, reps: 2, hold: 2s, cues: [{at: 2s, say: x, every: hold}]}\n",
         "4:47: error: cue at 2s is outside each hold, which lasts 2s in cue 1"},
        {"  - {title: A, reps: 2, hold: 2s, cues: [{at: -6s, say: x, every: rep}]}\n",
         "4:47: error: cue at -6s is outside each rep, which lasts 5s in cue 1"},
        {"  - {title: A, reps: 2, cues: [{at: 1s, say: x, every: reps}]}\n",
         "4:56: error: 'every' must be block, rep or hold, not 'reps' in cue 1 of step 1 "
         "(did you mean 'rep'?)"},
        {"  - {title: A, kind: timer, duration: 9s, cues: [{at: 1s, say: x, every: hold}]}\n",
         "'every: hold' needs a step with reps; this step has none"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char text[512];
        snprintf(text, sizeof(text), "limber: 1\ntitle: t\nsteps:\n%s", cases[i].text);
        struct lb_diags d;
        lb_diags_init(&d, "plan.yaml");
        struct lb_routine *r = lb_routine_load_buffer("plan.yaml", (const unsigned char *)text,
                                                      strlen(text), NULL, &d);
        char *said = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&said, &len);
        lb_diags_print(&d, f);
        fclose(f);
        if (!strstr(said, cases[i].want))
            fprintf(stderr, "case %zu: want \"%s\" in:\n%s", i, cases[i].want, said);
        LB_CHECK(r == NULL && strstr(said, cases[i].want) != NULL);
        LB_CHECK_INT(d.errors, 1); /* one message per mistake */
        free(said);
        lb_diags_destroy(&d);
        lb_routine_free(r);
    }
}

int main(void)
{
    test_full_total();
    test_small_cases();
    test_same_place();
    test_side_clips();
    test_cues_per_rep();
    test_every_mistakes();
    return lb_test_finish();
}
