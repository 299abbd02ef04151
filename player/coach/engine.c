/* The coaching engine: walks the plan on the routine clock, takes commands, keeps a record. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

/* Past this many unpolled events, new ones are dropped rather than growing without bound. */
#define MAX_QUEUED_EVENTS 65536

const char *lb_event_name(enum lb_event_type type)
{
    static const char *const names[] = {
        "phase", "tick", "rep", "hold", "cue", "say", "block-end", "paused", "resumed",
        "pain-stop", "done", "recovery-end",
    };
    return type <= LB_EV_RECOVERY_END ? names[type] : "?";
}

const char *lb_step_status_name(enum lb_step_status status)
{
    static const char *const names[] = {
        "not reached", "started", "done", "skipped", "stopped for pain",
    };
    return status <= LB_STEP_STOPPED_FOR_PAIN ? names[status] : "?";
}

const char *lb_session_outcome_name(enum lb_session_outcome outcome)
{
    static const char *const names[] = {"", "finished", "quit", "pain-stop", "screening-stop"};
    return outcome <= LB_OUTCOME_SCREENING_STOP ? names[outcome] : "?";
}

bool lb_coach_init(struct lb_coach *c, const struct lb_plan *plan)
{
    *c = (struct lb_coach){.plan = plan};
    int n = plan->routine->n_steps;
    c->record = calloc(n ? (size_t)n : 1, sizeof(*c->record));
    return c->record != NULL;
}

void lb_coach_destroy(struct lb_coach *c)
{
    free(c->marks);
    free(c->events);
    free(c->record);
    *c = (struct lb_coach){0};
}

static const struct lb_segment *segment(const struct lb_coach *c)
{
    return &c->plan->segments[c->seg];
}

static void push(struct lb_coach *c, enum lb_event_type type, int64_t at, int value,
                 const char *text)
{
    if (c->event_head > 0 && c->event_head == c->n_events)
        c->event_head = c->n_events = 0;
    if (c->n_events - c->event_head >= MAX_QUEUED_EVENTS)
        return;
    if (c->n_events == c->events_cap) {
        if (c->event_head > 0) {
            memmove(c->events, c->events + c->event_head,
                    (size_t)(c->n_events - c->event_head) * sizeof(*c->events));
            c->n_events -= c->event_head;
            c->event_head = 0;
        } else {
            int cap = c->events_cap ? c->events_cap * 2 : 64;
            struct lb_event *e = realloc(c->events, (size_t)cap * sizeof(*e));
            if (!e)
                return;
            c->events = e;
            c->events_cap = cap;
        }
    }
    struct lb_event ev = {.type = type, .at_ms = at, .value = value, .text = text,
                          .phase = LB_PHASE_START, .step = -1, .side = -1};
    if (c->done) {
        ev.phase = LB_PHASE_DONE;
    } else if (c->started) {
        const struct lb_segment *g = segment(c);
        ev.phase = g->phase;
        ev.step = g->step;
        ev.set = g->set;
        ev.side = g->side;
    }
    c->events[c->n_events++] = ev;
}

bool lb_coach_poll(struct lb_coach *c, struct lb_event *ev)
{
    if (c->event_head >= c->n_events)
        return false;
    *ev = c->events[c->event_head++];
    return true;
}

/* Turn the marks of the current segment that are due at the clock into events. */
static void emit_due(struct lb_coach *c)
{
    if (c->done)
        return;
    const struct lb_step *s = &c->plan->routine->steps[segment(c)->step];
    while (c->mark_next < c->n_marks && c->marks[c->mark_next].at_ms <= c->pos_ms) {
        const struct lb_mark *m = &c->marks[c->mark_next++];
        switch (m->kind) {
        case LB_MARK_PHASE:
            push(c, LB_EV_PHASE, m->at_ms, 0, NULL);
            break;
        case LB_MARK_TICK:
            push(c, LB_EV_TICK, m->at_ms, m->value, NULL);
            break;
        case LB_MARK_REP:
            push(c, LB_EV_REP_START, m->at_ms, m->value, NULL);
            break;
        case LB_MARK_HOLD:
            push(c, LB_EV_REP_HOLD, m->at_ms, m->value, NULL);
            break;
        case LB_MARK_CUE:
            push(c, LB_EV_CUE, m->at_ms, m->value, s->cues[m->value].text);
            if (s->cues[m->value].say)
                push(c, LB_EV_SAY, m->at_ms, m->value, s->cues[m->value].say);
            break;
        }
    }
}

static void finish(struct lb_coach *c, enum lb_session_outcome outcome)
{
    if (c->done)
        return;
    c->done = true;
    c->outcome = outcome;
    c->recovering = false;
    c->paused = false;
    c->pain = false;
    c->pos_ms = c->plan->total_ms;
    c->n_marks = c->mark_next = 0;
    push(c, LB_EV_DONE, c->pos_ms, 0, NULL);
}

/* Make segment `seg` current, its clock at its start; past the last one, the routine is done. */
static void enter(struct lb_coach *c, int seg)
{
    if (seg >= c->plan->n_segments) {
        finish(c, LB_OUTCOME_FINISHED);
        return;
    }
    c->seg = seg;
    c->pos_ms = c->plan->segments[seg].start_ms;
    int n = lb_plan_marks(c->plan, seg, NULL, 0);
    if (n > c->marks_cap) {
        struct lb_mark *m = realloc(c->marks, (size_t)n * sizeof(*m));
        if (!m) {
            c->n_marks = c->mark_next = 0;
            return;
        }
        c->marks = m;
        c->marks_cap = n;
    }
    c->n_marks = lb_plan_marks(c->plan, seg, c->marks, c->marks_cap);
    c->mark_next = 0;
    struct lb_step_record *rec = &c->record[c->plan->segments[seg].step];
    if (rec->status == LB_STEP_NOT_REACHED)
        rec->status = LB_STEP_STARTED;
}

/* The current segment ran to its end. */
static void complete_segment(struct lb_coach *c)
{
    const struct lb_segment *g = segment(c);
    struct lb_step_record *rec = &c->record[g->step];
    if (g->phase == LB_PHASE_BLOCK) {
        rec->blocks_done++;
        push(c, LB_EV_BLOCK_END, g->end_ms, g->block, NULL);
    }
    if (c->seg == c->plan->steps[g->step].last_segment)
        rec->status = LB_STEP_DONE;
}

static void advance(struct lb_coach *c, int64_t delta)
{
    emit_due(c);
    while (!c->done) {
        const struct lb_segment *g = segment(c);
        if (g->phase == LB_PHASE_INFO_WAIT)
            return;
        int64_t room = g->end_ms - c->pos_ms;
        if (delta < room) {
            c->pos_ms += delta;
            emit_due(c);
            return;
        }
        c->pos_ms = g->end_ms;
        delta -= room;
        emit_due(c);
        complete_segment(c);
        enter(c, c->seg + 1);
        emit_due(c);
    }
}

void lb_coach_start(struct lb_coach *c, int64_t now_ms)
{
    if (c->started)
        return;
    c->started = true;
    c->last_now_ms = now_ms;
    if (c->plan->n_segments == 0) {
        finish(c, LB_OUTCOME_FINISHED);
        return;
    }
    enter(c, 0);
    emit_due(c);
}

static void end_recovery(struct lb_coach *c)
{
    c->recovering = false;
    push(c, LB_EV_RECOVERY_END, c->pos_ms, 0, NULL);
}

void lb_coach_update(struct lb_coach *c, int64_t now_ms)
{
    int64_t delta = now_ms - c->last_now_ms;
    c->last_now_ms = now_ms;
    /* Paused during the rest (the leave question, Space): the rest waits too. */
    if (c->recovering && c->paused && delta > 0)
        c->recovery_end_ms += delta;
    if (c->recovering && !c->paused) {
        if (now_ms < c->recovery_end_ms)
            return;
        /* The rest is over: the routine goes on from then. */
        end_recovery(c);
        delta = now_ms - c->recovery_end_ms;
    }
    if (!c->started || c->done || c->paused || delta <= 0)
        return;
    if (segment(c)->phase != LB_PHASE_INFO_WAIT)
        c->active_ms += delta;
    advance(c, delta);
}

/* Leave the current step before its end: it counts as skipped, or stopped for pain. */
static void leave_step(struct lb_coach *c)
{
    struct lb_step_record *rec = &c->record[segment(c)->step];
    if (rec->status != LB_STEP_DONE)
        rec->status = rec->pain_stops ? LB_STEP_STOPPED_FOR_PAIN : LB_STEP_SKIPPED;
}

static void set_paused(struct lb_coach *c, bool paused)
{
    if (c->paused == paused)
        return;
    c->paused = paused;
    if (!paused)
        c->pain = false;
    push(c, paused ? LB_EV_PAUSED : LB_EV_RESUMED, c->pos_ms, 0, NULL);
}

/* Jump to the start of segment `seg` (a command). A step begun again is open again. */
static void jump(struct lb_coach *c, int seg)
{
    int step = c->plan->segments[seg].step;
    if (seg == c->plan->steps[step].first_segment)
        c->record[step].status = LB_STEP_STARTED;
    enter(c, seg);
    emit_due(c);
}

/* The block "repeat" means: the one playing, the one just finished, or the countdown. */
static int repeat_target(const struct lb_coach *c)
{
    const struct lb_segment *g = segment(c);
    switch (g->phase) {
    case LB_PHASE_SWITCH:
    case LB_PHASE_SET_REST:
        return c->seg - 1;
    case LB_PHASE_REST:
        return c->plan->steps[g->step].last_segment;
    default:
        return c->seg;
    }
}

static void continue_on(struct lb_coach *c)
{
    if (c->recovering && !c->paused) {
        end_recovery(c);
    } else if (segment(c)->phase == LB_PHASE_INFO_WAIT) {
        complete_segment(c);
        enter(c, c->seg + 1);
        emit_due(c);
    } else {
        set_paused(c, false);
    }
}

void lb_coach_command(struct lb_coach *c, enum lb_command cmd, int64_t now_ms)
{
    lb_coach_update(c, now_ms);
    if (!c->started || c->done)
        return;
    const struct lb_segment *g = segment(c);
    int step = g->step;
    const struct lb_plan_step *ps = &c->plan->steps[step];
    switch (cmd) {
    case LB_CMD_PAUSE:
        set_paused(c, true);
        break;
    case LB_CMD_RESUME:
        set_paused(c, false);
        break;
    case LB_CMD_TOGGLE_PAUSE:
        set_paused(c, !c->paused);
        break;
    case LB_CMD_NEXT:
        if (g->phase == LB_PHASE_INFO_WAIT) {
            continue_on(c);
            break;
        }
        if (c->recovering && !c->paused) {
            end_recovery(c); /* "next" during the rest: on to the countdown */
            break;
        }
        leave_step(c);
        if (step + 1 < c->plan->routine->n_steps)
            jump(c, c->plan->steps[step + 1].first_segment);
        else
            finish(c, LB_OUTCOME_FINISHED);
        break;
    case LB_CMD_PREVIOUS:
        if (c->pos_ms - ps->start_ms < LB_PREVIOUS_GRACE_MS && step > 0)
            jump(c, c->plan->steps[step - 1].first_segment);
        else
            jump(c, ps->first_segment);
        break;
    case LB_CMD_REPEAT_BLOCK:
        jump(c, repeat_target(c));
        break;
    case LB_CMD_PAIN_STOP:
        c->record[step].pain_stops++;
        set_paused(c, true);
        c->pain = true;
        push(c, LB_EV_PAIN_STOP, c->pos_ms, 0, NULL);
        break;
    case LB_CMD_CONTINUE:
        continue_on(c);
        break;
    case LB_CMD_END:
        /* Ended from a pain stop: the step was stopped for pain. Left otherwise: the step
         * stays "started" (it was neither finished nor skipped). */
        if (c->pain)
            leave_step(c);
        finish(c, c->pain ? LB_OUTCOME_PAIN_STOP : LB_OUTCOME_QUIT);
        break;
    case LB_CMD_SKIP_AFTER_PAIN:
        leave_step(c);
        set_paused(c, false);
        if (step + 1 >= c->plan->routine->n_steps) {
            finish(c, LB_OUTCOME_FINISHED); /* nothing left to rest before */
            break;
        }
        jump(c, c->plan->steps[step + 1].first_segment);
        c->recovering = true;
        c->recovery_end_ms = now_ms + LB_RECOVERY_MS;
        break;
    }
}

void lb_coach_seek(struct lb_coach *c, int64_t pos_ms, int64_t now_ms)
{
    if (!c->started)
        lb_coach_start(c, now_ms);
    c->last_now_ms = now_ms;
    c->recovering = false;
    if (pos_ms >= c->plan->total_ms || c->plan->n_segments == 0) {
        finish(c, LB_OUTCOME_FINISHED);
        return;
    }
    c->done = false;
    c->outcome = LB_OUTCOME_NONE;
    enter(c, lb_plan_segment_at(c->plan, pos_ms < 0 ? 0 : pos_ms));
    emit_due(c); /* the phase, at its start */
    c->pos_ms = pos_ms < c->pos_ms ? c->pos_ms : pos_ms;
    /* What was due before the new position is past; what is due at it is emitted. */
    while (c->mark_next < c->n_marks && c->marks[c->mark_next].at_ms < c->pos_ms)
        c->mark_next++;
    emit_due(c);
}

void lb_coach_state(const struct lb_coach *c, struct lb_coach_state *st)
{
    *st = (struct lb_coach_state){.phase = LB_PHASE_START, .step = -1, .block = -1,
                                  .side = -1, .next_step = -1, .paused = c->paused,
                                  .pain = c->pain, .recovering = c->recovering,
                                  .routine_pos_ms = c->pos_ms,
                                  .routine_left_ms = c->plan->total_ms - c->pos_ms};
    if (!c->started)
        return;
    if (c->done) {
        st->phase = LB_PHASE_DONE;
        st->routine_left_ms = 0;
        return;
    }
    const struct lb_segment *g = segment(c);
    const struct lb_step *s = &c->plan->routine->steps[g->step];
    st->phase = g->phase;
    st->step = g->step;
    st->block = g->block;
    st->set = g->set;
    st->side = g->side;
    st->phase_elapsed_ms = c->pos_ms - g->start_ms;
    st->phase_left_ms = g->end_ms - c->pos_ms;
    st->waiting = g->phase == LB_PHASE_INFO_WAIT;
    st->next_step = g->step + 1 < c->plan->routine->n_steps ? g->step + 1 : -1;
    if (g->phase != LB_PHASE_REST)
        st->warning = s->warning;
    if (c->recovering) {
        int64_t left = c->recovery_end_ms - c->last_now_ms;
        st->recovery_left_ms = left < 0 ? 0 : left > LB_RECOVERY_MS ? LB_RECOVERY_MS : left;
    }
    if (g->phase != LB_PHASE_BLOCK)
        return;
    if (s->reps > 0) {
        int64_t rep_len = s->rep_time_ms + s->hold_ms;
        int64_t k = st->phase_elapsed_ms / rep_len;
        if (k >= s->reps)
            k = s->reps - 1;
        int64_t within = st->phase_elapsed_ms - k * rep_len;
        st->rep = (int)k + 1;
        bool hold = within >= s->rep_time_ms;
        st->rep_phase = hold ? LB_REP_HOLD : LB_REP_MOVE;
        st->rep_phase_left_ms = hold ? rep_len - within : s->rep_time_ms - within;
    }
    for (int i = 0; i < s->n_cues && st->n_cues < LB_MAX_ACTIVE_CUES; i++) {
        int64_t start, end;
        if (lb_plan_cue_shown(c->plan, c->seg, i, c->pos_ms, &start, &end))
            st->cues[st->n_cues++] = i;
    }
}

bool lb_coach_carry_save(const struct lb_coach *c, struct lb_coach_carry *carry)
{
    int n = c->plan->routine->n_steps;
    *carry = (struct lb_coach_carry){.active_ms = c->active_ms};
    carry->record = malloc((n ? (size_t)n : 1) * sizeof(*carry->record));
    carry->titles = calloc(n ? (size_t)n : 1, sizeof(*carry->titles));
    if (!carry->record || !carry->titles) {
        lb_coach_carry_free(carry);
        return false;
    }
    carry->n_steps = n;
    for (int i = 0; i < n; i++) {
        carry->record[i] = c->record[i];
        carry->titles[i] = strdup(c->plan->routine->steps[i].title);
        if (!carry->titles[i]) {
            lb_coach_carry_free(carry);
            return false;
        }
    }
    return true;
}

void lb_coach_carry_apply(struct lb_coach *c, const struct lb_coach_carry *carry)
{
    const struct lb_routine *r = c->plan->routine;
    c->active_ms = carry->active_ms;
    for (int i = 0; i < r->n_steps; i++) {
        int from = -1;
        for (int j = 0; j < carry->n_steps && from < 0; j++)
            if (!strcmp(carry->titles[j], r->steps[i].title))
                from = j;
        if (from < 0 && i < carry->n_steps) {
            /* By index only when that old step's title is not in the new file either. */
            bool renamed = true;
            for (int k = 0; k < r->n_steps && renamed; k++)
                renamed = strcmp(carry->titles[i], r->steps[k].title) != 0;
            from = renamed ? i : -1;
        }
        if (from < 0)
            continue;
        struct lb_step_record old = carry->record[from];
        /* The step the engine is in now was entered again by the seek: never less than that. */
        if (old.status == LB_STEP_NOT_REACHED)
            old.status = c->record[i].status;
        c->record[i] = old;
    }
}

void lb_coach_carry_free(struct lb_coach_carry *carry)
{
    for (int i = 0; carry->titles && i < carry->n_steps; i++)
        free(carry->titles[i]);
    free(carry->titles);
    free(carry->record);
    *carry = (struct lb_coach_carry){0};
}
