/* The coaching engine: state at chosen instants, commands, the record, and identical answers
 * whatever the size of the clock's steps. */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lb_test.h"

/* Timeline (s): A countdown 0-3, L1 3-13, switch 13-18, R1 18-28, set rest 28-43, L2 43-53,
 * switch 53-58, R2 58-68, rest 68-78; B countdown 78-81, block 81-101, rest 101-111;
 * Card waits at 111, rest 111-121; C countdown 121-124, block 124-129. Total 129 s. */
static const char routine_text[] =
    "limber: 1\n"
    "title: Engine\n"
    "steps:\n"
    "  - title: A\n"
    "    sides: [left, right]\n"
    "    sets: 2\n"
    "    reps: 2\n"
    "    hold: 2s\n"
    "    cues:\n"
    "      - {at: 1s, text: Breathe, say: Breathe in, show: 2s}\n"
    "      - {at: -2s, text: Nearly}\n"
    "  - title: B\n"
    "    duration: 20s\n"
    "    warning: Gently\n"
    "  - title: Card\n"
    "    kind: info\n"
    "  - title: C\n"
    "    duration: 5s\n";

struct fixture {
    struct lb_routine *routine;
    struct lb_plan plan;
    struct lb_coach coach;
};

static bool setup(struct fixture *f)
{
    struct lb_diags d;
    lb_diags_init(&d, "engine.yaml");
    f->routine = lb_routine_load_buffer("engine.yaml", (const unsigned char *)routine_text,
                                        strlen(routine_text), NULL, &d);
    lb_diags_print(&d, stderr);
    lb_diags_destroy(&d);
    if (!f->routine || !lb_plan_init(&f->plan, f->routine))
        return false;
    if (!lb_coach_init(&f->coach, &f->plan))
        return false;
    lb_coach_start(&f->coach, 1000000); /* the caller's clock need not start at 0 */
    return true;
}

static void teardown(struct fixture *f)
{
    lb_coach_destroy(&f->coach);
    lb_plan_destroy(&f->plan);
    lb_routine_free(f->routine);
}

#define T(ms) (1000000 + (ms))

static struct lb_coach_state at(struct fixture *f, int64_t ms)
{
    lb_coach_update(&f->coach, T(ms));
    struct lb_coach_state st;
    lb_coach_state(&f->coach, &st);
    return st;
}

static void test_states(void)
{
    struct fixture f;
    LB_CHECK(setup(&f));
    struct lb_coach_state st = at(&f, 0);
    LB_CHECK_INT(st.phase, LB_PHASE_COUNTDOWN);
    LB_CHECK_INT(st.step, 0);
    LB_CHECK_INT(st.phase_left_ms, 3000);
    LB_CHECK_INT(st.routine_left_ms, 129000);
    LB_CHECK_STR(st.warning, "Stop if painful");
    LB_CHECK_INT(st.next_step, 1);

    st = at(&f, 3000);
    LB_CHECK_INT(st.phase, LB_PHASE_BLOCK);
    LB_CHECK_INT(st.set, 1);
    LB_CHECK_INT(st.side, 0);
    LB_CHECK_INT(st.rep, 1);
    LB_CHECK_INT(st.rep_phase, LB_REP_MOVE);
    LB_CHECK_INT(st.rep_phase_left_ms, 3000);
    LB_CHECK_INT(st.n_cues, 0);

    st = at(&f, 4500);
    LB_CHECK_INT(st.n_cues, 1);
    LB_CHECK_INT(st.cues[0], 0);

    st = at(&f, 6500);
    LB_CHECK_INT(st.rep, 1);
    LB_CHECK_INT(st.rep_phase, LB_REP_HOLD);
    LB_CHECK_INT(st.rep_phase_left_ms, 1500);
    LB_CHECK_INT(st.n_cues, 0);

    st = at(&f, 8000);
    LB_CHECK_INT(st.rep, 2);
    LB_CHECK_INT(st.rep_phase, LB_REP_MOVE);

    st = at(&f, 11500);
    LB_CHECK_INT(st.n_cues, 1);
    LB_CHECK_INT(st.cues[0], 1);
    LB_CHECK_INT(st.phase_left_ms, 1500);

    st = at(&f, 15000);
    LB_CHECK_INT(st.phase, LB_PHASE_SWITCH);
    LB_CHECK_INT(st.side, 1);
    LB_CHECK_INT(st.set, 1);
    LB_CHECK_INT(st.phase_left_ms, 3000);

    st = at(&f, 30000);
    LB_CHECK_INT(st.phase, LB_PHASE_SET_REST);
    LB_CHECK_INT(st.set, 2);

    st = at(&f, 70000);
    LB_CHECK_INT(st.phase, LB_PHASE_REST);
    LB_CHECK_INT(st.step, 0);
    LB_CHECK(st.warning == NULL);
    LB_CHECK_INT(st.next_step, 1);

    st = at(&f, 90000);
    LB_CHECK_STR(st.warning, "Gently");
    LB_CHECK_INT(st.rep, 0);

    /* The card waits however long the person takes. */
    st = at(&f, 500000);
    LB_CHECK_INT(st.phase, LB_PHASE_INFO_WAIT);
    LB_CHECK(st.waiting);
    LB_CHECK_INT(st.routine_pos_ms, 111000);
    LB_CHECK_INT(st.step, 2);
    lb_coach_command(&f.coach, LB_CMD_CONTINUE, T(500000));
    st = at(&f, 505000);
    LB_CHECK_INT(st.phase, LB_PHASE_REST);
    LB_CHECK_INT(st.routine_pos_ms, 116000);
    st = at(&f, 600000);
    LB_CHECK_INT(st.phase, LB_PHASE_DONE);
    LB_CHECK_INT(st.routine_left_ms, 0);
    for (int i = 0; i < 4; i++)
        LB_CHECK_INT(f.coach.record[i].status, LB_STEP_DONE);
    LB_CHECK_INT(f.coach.record[0].blocks_done, 4);
    teardown(&f);
}

static void test_events(void)
{
    struct fixture f;
    LB_CHECK(setup(&f));
    at(&f, 3000);
    struct lb_event ev;
    /* phase countdown, ticks 3-2-1 at 0/1/2 s, then the block, rep 1 */
    static const struct { enum lb_event_type type; int64_t at; int value; } want[] = {
        {LB_EV_PHASE, 0, 0}, {LB_EV_TICK, 0, 3}, {LB_EV_TICK, 1000, 2}, {LB_EV_TICK, 2000, 1},
        {LB_EV_PHASE, 3000, 0}, {LB_EV_REP_START, 3000, 1},
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        LB_CHECK(lb_coach_poll(&f.coach, &ev));
        LB_CHECK_INT(ev.type, want[i].type);
        LB_CHECK_INT(ev.at_ms, want[i].at);
        LB_CHECK_INT(ev.value, want[i].value);
    }
    LB_CHECK(!lb_coach_poll(&f.coach, &ev));
    at(&f, 4000);
    LB_CHECK(lb_coach_poll(&f.coach, &ev));
    LB_CHECK_INT(ev.type, LB_EV_CUE);
    LB_CHECK_STR(ev.text, "Breathe");
    LB_CHECK(lb_coach_poll(&f.coach, &ev));
    LB_CHECK_INT(ev.type, LB_EV_SAY);
    LB_CHECK_STR(ev.text, "Breathe in");
    LB_CHECK_INT(ev.side, 0);
    LB_CHECK_INT(ev.set, 1);
    at(&f, 13000);
    bool block_end = false, switch_phase = false;
    while (lb_coach_poll(&f.coach, &ev)) {
        block_end |= ev.type == LB_EV_BLOCK_END && ev.at_ms == 13000;
        switch_phase |= ev.type == LB_EV_PHASE && ev.phase == LB_PHASE_SWITCH;
    }
    LB_CHECK(block_end);
    LB_CHECK(switch_phase);
    teardown(&f);
}

static void test_commands(void)
{
    struct fixture f;
    LB_CHECK(setup(&f));
    /* Pause during the countdown: the clock stands still until resumed. */
    at(&f, 1500);
    lb_coach_command(&f.coach, LB_CMD_PAUSE, T(1500));
    struct lb_coach_state st = at(&f, 9000);
    LB_CHECK(st.paused);
    LB_CHECK_INT(st.phase, LB_PHASE_COUNTDOWN);
    LB_CHECK_INT(st.routine_pos_ms, 1500);
    lb_coach_command(&f.coach, LB_CMD_RESUME, T(9000));
    st = at(&f, 11000);
    LB_CHECK(!st.paused);
    LB_CHECK_INT(st.routine_pos_ms, 3500);
    LB_CHECK_INT(st.phase, LB_PHASE_BLOCK);

    /* Repeat block from the switch: back to the block just finished. */
    st = at(&f, 11000 + 12000); /* pos 15.5 s: switch */
    LB_CHECK_INT(st.phase, LB_PHASE_SWITCH);
    lb_coach_command(&f.coach, LB_CMD_REPEAT_BLOCK, T(23000));
    lb_coach_state(&f.coach, &st);
    LB_CHECK_INT(st.phase, LB_PHASE_BLOCK);
    LB_CHECK_INT(st.routine_pos_ms, 3000);
    LB_CHECK_INT(st.side, 0);

    /* Next during the rest after A: to B's countdown; A was done. Now pos 3 s at T(23 s). */
    st = at(&f, 23000 + 66000); /* pos 69 s: rest after A */
    LB_CHECK_INT(st.phase, LB_PHASE_REST);
    LB_CHECK_INT(f.coach.record[0].status, LB_STEP_DONE);
    LB_CHECK_INT(f.coach.record[0].blocks_done, 5); /* L1 was done twice */
    lb_coach_command(&f.coach, LB_CMD_NEXT, T(89000));
    lb_coach_state(&f.coach, &st);
    LB_CHECK_INT(st.phase, LB_PHASE_COUNTDOWN);
    LB_CHECK_INT(st.step, 1);
    LB_CHECK_INT(st.routine_pos_ms, 78000);
    LB_CHECK_INT(f.coach.record[0].status, LB_STEP_DONE);

    /* Previous at 2 s into B: back to A's start. */
    at(&f, 91000);
    lb_coach_command(&f.coach, LB_CMD_PREVIOUS, T(91000));
    lb_coach_state(&f.coach, &st);
    LB_CHECK_INT(st.step, 0);
    LB_CHECK_INT(st.routine_pos_ms, 0);
    LB_CHECK_INT(st.phase, LB_PHASE_COUNTDOWN);

    /* Next twice: to B; previous at 10 s into B restarts B. */
    lb_coach_command(&f.coach, LB_CMD_NEXT, T(91000));
    LB_CHECK_INT(f.coach.record[0].status, LB_STEP_SKIPPED);
    at(&f, 101000);
    lb_coach_command(&f.coach, LB_CMD_PREVIOUS, T(101000));
    lb_coach_state(&f.coach, &st);
    LB_CHECK_INT(st.step, 1);
    LB_CHECK_INT(st.routine_pos_ms, 78000);

    /* Pain stop in B's block: paused and recorded; skipping it records "stopped for pain". */
    st = at(&f, 101000 + 5000);
    LB_CHECK_INT(st.phase, LB_PHASE_BLOCK);
    lb_coach_command(&f.coach, LB_CMD_PAIN_STOP, T(106000));
    st = at(&f, 200000);
    LB_CHECK(st.paused);
    LB_CHECK(st.pain);
    LB_CHECK_INT(st.routine_pos_ms, 83000);
    LB_CHECK_INT(f.coach.record[1].pain_stops, 1);
    bool pain_event = false;
    struct lb_event ev;
    while (lb_coach_poll(&f.coach, &ev))
        pain_event |= ev.type == LB_EV_PAIN_STOP && ev.step == 1 && ev.at_ms == 83000;
    LB_CHECK(pain_event);
    lb_coach_command(&f.coach, LB_CMD_NEXT, T(200000));
    LB_CHECK_INT(f.coach.record[1].status, LB_STEP_STOPPED_FOR_PAIN);
    lb_coach_state(&f.coach, &st);
    LB_CHECK_INT(st.step, 2);
    LB_CHECK(st.waiting);

    /* End the session: done, the rest not reached. */
    lb_coach_command(&f.coach, LB_CMD_CONTINUE, T(200000)); /* out of the pause */
    lb_coach_command(&f.coach, LB_CMD_END, T(200000));
    lb_coach_state(&f.coach, &st);
    LB_CHECK_INT(st.phase, LB_PHASE_DONE);
    LB_CHECK_INT(f.coach.record[3].status, LB_STEP_NOT_REACHED);
    bool done = false;
    while (lb_coach_poll(&f.coach, &ev))
        done |= ev.type == LB_EV_DONE;
    LB_CHECK(done);
    teardown(&f);
}

/* A scripted session, clock stepped by `step` ms: every event and, every 100 ms, the state. */
struct trace {
    struct lb_event events[4096];
    int n_events;
    struct lb_coach_state states[3000];
    char warnings[3000][32];  /* the states' warnings, copied: the routine is freed after */
    int n_states;
};

static void run_script(int64_t step, struct trace *tr)
{
    struct fixture f;
    if (!setup(&f))
        return;
    tr->n_events = tr->n_states = 0;
    for (int64_t ms = 0; ms <= 250000; ms += step) {
        lb_coach_update(&f.coach, T(ms));
        switch (ms) {
        case 2000: lb_coach_command(&f.coach, LB_CMD_PAUSE, T(ms)); break;
        case 4000: lb_coach_command(&f.coach, LB_CMD_RESUME, T(ms)); break;
        case 20000: lb_coach_command(&f.coach, LB_CMD_REPEAT_BLOCK, T(ms)); break;
        case 40000: lb_coach_command(&f.coach, LB_CMD_PAIN_STOP, T(ms)); break;
        case 41000: lb_coach_command(&f.coach, LB_CMD_CONTINUE, T(ms)); break;
        case 95000: lb_coach_command(&f.coach, LB_CMD_PREVIOUS, T(ms)); break;
        case 97000: lb_coach_command(&f.coach, LB_CMD_NEXT, T(ms)); break;
        case 180000: lb_coach_command(&f.coach, LB_CMD_CONTINUE, T(ms)); break;
        default: break;
        }
        struct lb_event ev;
        while (lb_coach_poll(&f.coach, &ev))
            if (tr->n_events < 4096)
                tr->events[tr->n_events++] = ev;
        if (ms % 100 == 0 && tr->n_states < 3000) {
            struct lb_coach_state *st = &tr->states[tr->n_states];
            lb_coach_state(&f.coach, st);
            snprintf(tr->warnings[tr->n_states], 32, "%s", st->warning ? st->warning : "-");
            st->warning = NULL;
            tr->n_states++;
        }
    }
    teardown(&f);
}

static bool same_state(const struct lb_coach_state *a, const struct lb_coach_state *b)
{
    bool same = a->phase == b->phase && a->step == b->step && a->block == b->block &&
                a->set == b->set && a->side == b->side && a->rep == b->rep &&
                a->rep_phase == b->rep_phase && a->rep_phase_left_ms == b->rep_phase_left_ms &&
                a->phase_elapsed_ms == b->phase_elapsed_ms &&
                a->phase_left_ms == b->phase_left_ms && a->routine_pos_ms == b->routine_pos_ms &&
                a->routine_left_ms == b->routine_left_ms && a->paused == b->paused &&
                a->waiting == b->waiting && a->pain == b->pain &&
                a->next_step == b->next_step && a->n_cues == b->n_cues;
    for (int i = 0; same && i < a->n_cues; i++)
        same = a->cues[i] == b->cues[i];
    return same;
}

static void test_step_sizes(void)
{
    static struct trace fine, coarse, odd;
    run_script(1, &fine);
    run_script(100, &coarse);
    run_script(20, &odd);
    LB_CHECK(fine.n_events > 40);
    LB_CHECK_INT(coarse.n_events, fine.n_events);
    LB_CHECK_INT(odd.n_events, fine.n_events);
    int event_diffs = 0, state_diffs = 0;
    for (int i = 0; i < fine.n_events && i < coarse.n_events; i++) {
        const struct lb_event *a = &fine.events[i], *b = &coarse.events[i], *c = &odd.events[i];
        if (a->type != b->type || a->at_ms != b->at_ms || a->step != b->step ||
            a->value != b->value || a->side != b->side || a->set != b->set ||
            a->type != c->type || a->at_ms != c->at_ms || a->value != c->value)
            event_diffs++;
    }
    LB_CHECK_INT(event_diffs, 0);
    LB_CHECK_INT(coarse.n_states, fine.n_states);
    for (int i = 0; i < fine.n_states && i < coarse.n_states; i++)
        if (!same_state(&fine.states[i], &coarse.states[i]) ||
            !same_state(&fine.states[i], &odd.states[i]) ||
            strcmp(fine.warnings[i], coarse.warnings[i]) ||
            strcmp(fine.warnings[i], odd.warnings[i])) {
            if (!state_diffs)
                fprintf(stderr, "first difference at %d ms: pos %lld / %lld / %lld, "
                        "elapsed %lld / %lld, phase %d / %d, cues %d / %d\n", i * 100,
                        (long long)fine.states[i].routine_pos_ms,
                        (long long)coarse.states[i].routine_pos_ms,
                        (long long)odd.states[i].routine_pos_ms,
                        (long long)fine.states[i].phase_elapsed_ms,
                        (long long)coarse.states[i].phase_elapsed_ms,
                        fine.states[i].phase, coarse.states[i].phase, fine.states[i].n_cues,
                        coarse.states[i].n_cues);
            state_diffs++;
        }
    LB_CHECK_INT(state_diffs, 0);
    /* and the script ended the routine */
    LB_CHECK_INT(fine.states[fine.n_states - 1].phase, LB_PHASE_DONE);
}

/* How each ending is told: run out (finished), left (quit: the step stays started), ended
 * from a pain stop (pain-stop), and "next" past the last step (finished). */
static void test_outcomes(void)
{
    struct fixture f;
    LB_CHECK(setup(&f));
    LB_CHECK_INT(f.coach.outcome, LB_OUTCOME_NONE);
    at(&f, 130000); /* card waits at 111: continue, then run out */
    lb_coach_command(&f.coach, LB_CMD_CONTINUE, T(130000));
    at(&f, 200000);
    LB_CHECK(f.coach.done);
    LB_CHECK_INT(f.coach.outcome, LB_OUTCOME_FINISHED);
    LB_CHECK_STR(lb_session_outcome_name(f.coach.outcome), "finished");
    teardown(&f);

    LB_CHECK(setup(&f));
    at(&f, 85000); /* in B */
    lb_coach_command(&f.coach, LB_CMD_PAUSE, T(85000)); /* Esc asks, pausing */
    lb_coach_command(&f.coach, LB_CMD_END, T(90000)); /* and Leave */
    LB_CHECK(f.coach.done);
    LB_CHECK_INT(f.coach.outcome, LB_OUTCOME_QUIT);
    LB_CHECK_INT(f.coach.record[0].status, LB_STEP_DONE);
    LB_CHECK_INT(f.coach.record[1].status, LB_STEP_STARTED);
    LB_CHECK_INT(f.coach.record[2].status, LB_STEP_NOT_REACHED);
    teardown(&f);

    LB_CHECK(setup(&f));
    at(&f, 85000);
    lb_coach_command(&f.coach, LB_CMD_PAIN_STOP, T(85000));
    lb_coach_command(&f.coach, LB_CMD_END, T(86000));
    LB_CHECK_INT(f.coach.outcome, LB_OUTCOME_PAIN_STOP);
    LB_CHECK_STR(lb_session_outcome_name(f.coach.outcome), "pain-stop");
    LB_CHECK_INT(f.coach.record[1].status, LB_STEP_STOPPED_FOR_PAIN);
    teardown(&f);

    LB_CHECK(setup(&f));
    at(&f, 111000); /* the card waits: on */
    lb_coach_command(&f.coach, LB_CMD_CONTINUE, T(111000));
    at(&f, 125000); /* in C, the last step */
    lb_coach_command(&f.coach, LB_CMD_NEXT, T(125000));
    LB_CHECK_INT(f.coach.outcome, LB_OUTCOME_FINISHED);
    LB_CHECK_INT(f.coach.record[3].status, LB_STEP_SKIPPED);
    teardown(&f);
}

/* "Skip" after a pain stop: the step is stopped for pain, a rest of LB_RECOVERY_MS on the
 * caller's clock with the routine clock held at the next step's start, which Enter can end
 * early; then the next step's countdown runs. */
static void test_recovery(void)
{
    struct fixture f;
    LB_CHECK(setup(&f));
    at(&f, 5000); /* A, left side */
    lb_coach_command(&f.coach, LB_CMD_PAIN_STOP, T(5000));
    lb_coach_command(&f.coach, LB_CMD_SKIP_AFTER_PAIN, T(7000));
    LB_CHECK_INT(f.coach.record[0].status, LB_STEP_STOPPED_FOR_PAIN);
    struct lb_coach_state st = at(&f, 7000 + LB_RECOVERY_MS / 2);
    LB_CHECK(st.recovering);
    LB_CHECK(!st.paused && !st.pain);
    LB_CHECK_INT(st.step, 1);
    LB_CHECK_INT(st.phase, LB_PHASE_COUNTDOWN);
    LB_CHECK_INT(st.routine_pos_ms, 78000); /* held at B's countdown */
    LB_CHECK_INT(st.recovery_left_ms, LB_RECOVERY_MS / 2);
    /* It ends by itself; the clock then runs from that instant. */
    st = at(&f, 7000 + LB_RECOVERY_MS + 1000);
    LB_CHECK(!st.recovering);
    LB_CHECK_INT(st.routine_pos_ms, 79000);
    struct lb_event ev;
    bool ended = false;
    while (lb_coach_poll(&f.coach, &ev))
        ended |= ev.type == LB_EV_RECOVERY_END && ev.at_ms == 78000;
    LB_CHECK(ended);
    teardown(&f);

    /* Paused during the rest (the leave question asked over it): the rest waits, and goes on
     * for what was left of it after. */
    LB_CHECK(setup(&f));
    at(&f, 5000);
    lb_coach_command(&f.coach, LB_CMD_PAIN_STOP, T(5000));
    lb_coach_command(&f.coach, LB_CMD_SKIP_AFTER_PAIN, T(7000));
    at(&f, 17000);
    lb_coach_command(&f.coach, LB_CMD_PAUSE, T(17000));
    st = at(&f, 17000 + 60000);
    LB_CHECK(st.recovering && st.paused);
    LB_CHECK_INT(st.recovery_left_ms, LB_RECOVERY_MS - 10000);
    lb_coach_command(&f.coach, LB_CMD_RESUME, T(77000));
    st = at(&f, 77000 + LB_RECOVERY_MS - 10000 - 500);
    LB_CHECK(st.recovering);
    LB_CHECK_INT(st.recovery_left_ms, 500);
    st = at(&f, 77000 + LB_RECOVERY_MS - 10000 + 1000);
    LB_CHECK(!st.recovering);
    LB_CHECK_INT(st.routine_pos_ms, 79000);
    teardown(&f);

    /* Ended early with Enter (continue). */
    LB_CHECK(setup(&f));
    at(&f, 85000); /* B */
    lb_coach_command(&f.coach, LB_CMD_PAIN_STOP, T(85000));
    lb_coach_command(&f.coach, LB_CMD_SKIP_AFTER_PAIN, T(85000));
    st = at(&f, 90000);
    LB_CHECK(st.recovering);
    LB_CHECK(st.waiting); /* the card that waits comes next */
    lb_coach_command(&f.coach, LB_CMD_CONTINUE, T(90000));
    st = at(&f, 90000);
    LB_CHECK(!st.recovering);
    LB_CHECK(st.waiting); /* the rest is over; the card still waits for its own Enter */
    teardown(&f);

    /* Skipping the last step after pain ends the routine: nothing to rest before. */
    LB_CHECK(setup(&f));
    at(&f, 111000);
    lb_coach_command(&f.coach, LB_CMD_CONTINUE, T(111000));
    at(&f, 125000);
    lb_coach_command(&f.coach, LB_CMD_PAIN_STOP, T(125000));
    lb_coach_command(&f.coach, LB_CMD_SKIP_AFTER_PAIN, T(125000));
    LB_CHECK(f.coach.done && !f.coach.recovering);
    LB_CHECK_INT(f.coach.outcome, LB_OUTCOME_FINISHED);
    teardown(&f);
}

/* A --watch reload: the engine of the file loaded again takes over what was done (the
 * reload once turned a done step into "started"). */
static void test_carry_over_reload(void)
{
    struct fixture a, b;
    if (!setup(&a) || !setup(&b)) {
        LB_CHECK(!"setup");
        return;
    }
    at(&a, 90000); /* step A done, in B's block */
    LB_CHECK_INT(a.coach.record[0].status, LB_STEP_DONE);
    LB_CHECK_INT(a.coach.record[0].blocks_done, 4);
    lb_coach_command(&a.coach, LB_CMD_PAIN_STOP, T(90000));
    lb_coach_command(&a.coach, LB_CMD_CONTINUE, T(90000));
    int64_t active = a.coach.active_ms;
    struct lb_coach_carry carry;
    LB_CHECK(lb_coach_carry_save(&a.coach, &carry));
    teardown(&a); /* the old file's routine and plan are gone before the new one plays */
    lb_coach_seek(&b.coach, 90000, T(0));
    lb_coach_carry_apply(&b.coach, &carry);
    LB_CHECK_INT(b.coach.record[0].status, LB_STEP_DONE);
    LB_CHECK_INT(b.coach.record[0].blocks_done, 4);
    LB_CHECK_INT(b.coach.record[1].status, LB_STEP_STARTED);
    LB_CHECK_INT(b.coach.record[1].pain_stops, 1);
    LB_CHECK_INT(b.coach.record[2].status, LB_STEP_NOT_REACHED);
    LB_CHECK_INT(b.coach.active_ms, active);
    lb_coach_carry_free(&carry);
    /* Steps found by title when the file's order changed. */
    struct lb_coach_carry moved = {.n_steps = 2, .active_ms = 5};
    struct lb_step_record rec[2] = {{LB_STEP_SKIPPED, 0, 0}, {LB_STEP_DONE, 1, 0}};
    char t0[] = "C", t1[] = "Gone";
    char *titles[2] = {t0, t1};
    moved.record = rec;
    moved.titles = titles;
    lb_coach_carry_apply(&b.coach, &moved);
    LB_CHECK_INT(b.coach.record[3].status, LB_STEP_SKIPPED); /* "C" by its title */
    LB_CHECK_INT(b.coach.record[1].status, LB_STEP_DONE);    /* "Gone" is step 2 by index */
    teardown(&b);
}

/* A cue with `every: hold` shows in each hold and is said at each one, as the clock passes
 * it, also when the clock moves in big steps (a slow machine's frames). */
static void test_cues_per_rep(void)
{
    static const char text[] =
        "limber: 1\ntitle: t\nsteps:\n"
        "  - {title: Bridge, countdown: 0s, reps: 3, rep_time: 2s, hold: 4s,\n"
        "     cues: [{at: 1s, text: Breathe, say: Breathe out, show: 2s, every: hold},\n"
        "            {at: 0s, text: Up, show: 1s, every: rep}]}\n";
    struct lb_diags d;
    lb_diags_init(&d, "engine.yaml");
    struct lb_routine *r = lb_routine_load_buffer("engine.yaml", (const unsigned char *)text,
                                                  strlen(text), NULL, &d);
    lb_diags_print(&d, stderr);
    lb_diags_destroy(&d);
    struct lb_plan plan;
    struct lb_coach coach;
    LB_CHECK(r && lb_plan_init(&plan, r) && lb_coach_init(&coach, &plan));
    if (!r)
        return;
    lb_coach_start(&coach, 0);
    /* Reps at 0, 6, 12 s; holds 2-6, 8-12, 14-18; "Breathe" 3-5, 9-11, 15-17; "Up" 0-1, 6-7,
     * 12-13. */
    static const struct { int64_t at; int n; int cue; } want[] = {
        {500, 1, 1}, {1500, 0, -1}, {3500, 1, 0}, {5500, 0, -1}, {6500, 1, 1}, {9000, 1, 0},
        {11000, 0, -1}, {15500, 1, 0}, {17500, 0, -1},
    };
    int says = 0, cues = 0;
    struct lb_event ev;
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        lb_coach_update(&coach, want[i].at);
        struct lb_coach_state st;
        lb_coach_state(&coach, &st);
        if (st.n_cues != want[i].n)
            fprintf(stderr, "at %lld ms: %d cues shown, want %d\n", (long long)want[i].at,
                    st.n_cues, want[i].n);
        LB_CHECK_INT(st.n_cues, want[i].n);
        if (want[i].n)
            LB_CHECK_INT(st.cues[0], want[i].cue);
        while (lb_coach_poll(&coach, &ev)) {
            says += ev.type == LB_EV_SAY && !strcmp(ev.text, "Breathe out");
            cues += ev.type == LB_EV_CUE;
            if (ev.type == LB_EV_SAY)
                LB_CHECK(ev.at_ms == 3000 || ev.at_ms == 9000 || ev.at_ms == 15000);
        }
    }
    LB_CHECK_INT(says, 3);
    LB_CHECK_INT(cues, 6);
    lb_coach_destroy(&coach);
    lb_plan_destroy(&plan);
    lb_routine_free(r);
}

int main(void)
{
    test_states();
    test_events();
    test_commands();
    test_step_sizes();
    test_outcomes();
    test_recovery();
    test_carry_over_reload();
    test_cues_per_rep();
    return lb_test_finish();
}
