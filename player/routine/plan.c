/* The planner: from steps, sets, sides, reps and rests to segments on the routine clock. */
#include "plan.h"

#include <string.h>

#include <stdlib.h>

const char *lb_phase_name(enum lb_phase phase)
{
    static const char *const names[] = {
        "start", "countdown", "block", "switch", "set rest", "rest", "info wait", "done",
    };
    return phase <= LB_PHASE_DONE ? names[phase] : "?";
}

static bool add(struct lb_plan *p, int *cap, struct lb_segment seg)
{
    if (p->n_segments == *cap) {
        int n = *cap ? *cap * 2 : 64;
        struct lb_segment *s = realloc(p->segments, (size_t)n * sizeof(*s));
        if (!s)
            return false;
        p->segments = s;
        *cap = n;
    }
    p->segments[p->n_segments++] = seg;
    return true;
}

bool lb_plan_init(struct lb_plan *plan, const struct lb_routine *r)
{
    *plan = (struct lb_plan){.routine = r};
    plan->steps = calloc(r->n_steps ? (size_t)r->n_steps : 1, sizeof(*plan->steps));
    if (!plan->steps)
        return false;
    int cap = 0;
    int64_t t = 0;
    for (int i = 0; i < r->n_steps; i++) {
        const struct lb_step *s = &r->steps[i];
        struct lb_plan_step *ps = &plan->steps[i];
        ps->first_segment = plan->n_segments;
        ps->start_ms = t;
        int sides = s->kind == LB_KIND_EXERCISE && s->n_sides ? s->n_sides : 1;
        int64_t len = lb_step_block_ms(s);
        if (len < 0) {
            /* An info card that waits: no time on the clock. */
            plan->waits++;
            if (!add(plan, &cap, (struct lb_segment){LB_PHASE_INFO_WAIT, i, 0, 1, -1, t, t}))
                goto fail;
        } else {
            for (int b = 0; b < lb_step_blocks(s); b++) {
                int set = b / sides + 1, side = s->n_sides ? b % sides : -1;
                enum lb_phase before = LB_PHASE_COUNTDOWN;
                int64_t gap = s->countdown_ms;
                if (b > 0) {
                    before = b % sides ? LB_PHASE_SWITCH : LB_PHASE_SET_REST;
                    gap = b % sides ? s->switch_ms : s->set_rest_ms;
                }
                if (gap > 0 && !add(plan, &cap, (struct lb_segment){before, i, b, set, side, t,
                                                                    t + gap}))
                    goto fail;
                t += gap;
                if (!add(plan, &cap, (struct lb_segment){LB_PHASE_BLOCK, i, b, set, side, t,
                                                         t + len}))
                    goto fail;
                t += len;
            }
        }
        ps->last_segment = plan->n_segments - 1;
        ps->end_ms = t;
        if (i + 1 < r->n_steps && s->rest_ms > 0) {
            if (!add(plan, &cap, (struct lb_segment){LB_PHASE_REST, i, -1, 0, -1, t,
                                                     t + s->rest_ms}))
                goto fail;
            t += s->rest_ms;
        }
    }
    plan->total_ms = t;
    return true;
fail:
    lb_plan_destroy(plan);
    return false;
}

void lb_plan_destroy(struct lb_plan *plan)
{
    free(plan->segments);
    free(plan->steps);
    *plan = (struct lb_plan){0};
}

int lb_plan_segment_at(const struct lb_plan *plan, int64_t pos_ms)
{
    int lo = 0, hi = plan->n_segments - 1, found = 0;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (plan->segments[mid].start_ms <= pos_ms) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    /* Segments that end where they start (cards that wait) come before the ones that follow. */
    while (found > 0 && plan->segments[found - 1].start_ms == pos_ms &&
           plan->segments[found - 1].end_ms == pos_ms)
        found--;
    return found;
}

int64_t lb_plan_same_place(const struct lb_plan *from, int64_t pos_ms, const struct lb_plan *to)
{
    if (from->n_segments == 0 || to->n_segments == 0)
        return 0;
    int step = from->segments[lb_plan_segment_at(from, pos_ms)].step;
    const char *title = from->routine->steps[step].title;
    int target = -1;
    for (int i = 0; i < to->routine->n_steps && target < 0; i++)
        if (!strcmp(to->routine->steps[i].title, title))
            target = i;
    if (target < 0 && step < to->routine->n_steps)
        target = step;
    if (target < 0)
        return 0;
    int64_t into = pos_ms - from->steps[step].start_ms;
    /* The step runs to the start of the next one (its rest included), or to the end. */
    int64_t end = target + 1 < to->routine->n_steps ? to->steps[target + 1].start_ms
                                                    : to->total_ms;
    int64_t at = to->steps[target].start_ms + (into < 0 ? 0 : into);
    return at < end ? at : end > to->steps[target].start_ms ? end - 1 : end;
}

int lb_plan_cue_times(const struct lb_plan *plan, int seg, int cue)
{
    const struct lb_segment *g = &plan->segments[seg];
    const struct lb_step *s = &plan->routine->steps[g->step];
    if (g->phase != LB_PHASE_BLOCK)
        return 0;
    switch (s->cues[cue].every) {
    case LB_CUE_EVERY_REP: return s->reps;
    case LB_CUE_EVERY_HOLD: return s->hold_ms > 0 ? s->reps : 0;
    default: return 1;
    }
}

void lb_plan_cue_span(const struct lb_plan *plan, int seg, int cue, int k, int64_t *start_ms,
                      int64_t *end_ms)
{
    const struct lb_segment *g = &plan->segments[seg];
    const struct lb_step *s = &plan->routine->steps[g->step];
    const struct lb_cue *c = &s->cues[cue];
    /* The stretch the cue's `at` counts in: the block, or its k-th rep or hold. */
    int64_t from = g->start_ms, len = g->end_ms - g->start_ms;
    if (c->every != LB_CUE_EVERY_BLOCK) {
        from += k * (s->rep_time_ms + s->hold_ms);
        len = s->rep_time_ms + s->hold_ms;
        if (c->every == LB_CUE_EVERY_HOLD) {
            from += s->rep_time_ms;
            len = s->hold_ms;
        }
    }
    int64_t at = c->at_ms < 0 ? len + c->at_ms : c->at_ms;
    int64_t end = at + c->show_ms < len ? at + c->show_ms : len;
    *start_ms = from + at;
    *end_ms = from + end;
}

bool lb_plan_cue_shown(const struct lb_plan *plan, int seg, int cue, int64_t pos_ms,
                       int64_t *start_ms, int64_t *end_ms)
{
    for (int k = 0, n = lb_plan_cue_times(plan, seg, cue); k < n; k++) {
        lb_plan_cue_span(plan, seg, cue, k, start_ms, end_ms);
        if (*start_ms <= pos_ms && pos_ms < *end_ms)
            return true;
    }
    return false;
}

bool lb_plan_mirrored(const struct lb_plan *plan, int seg)
{
    const struct lb_segment *g = &plan->segments[seg];
    const struct lb_step *s = &plan->routine->steps[g->step];
    if (s->side_clips)
        return false; /* each side filmed: shown as filmed */
    switch (s->mirror) {
    case LB_MIRROR_ALWAYS: return true;
    case LB_MIRROR_OTHER_SIDE: return g->side > 0;
    default: return false;
    }
}

const char *lb_plan_clip(const struct lb_plan *plan, int seg)
{
    const struct lb_segment *g = &plan->segments[seg];
    const struct lb_step *s = &plan->routine->steps[g->step];
    return s->kind == LB_KIND_EXERCISE ? lb_step_clip_path(s, g->side) : NULL;
}

static int mark_order(const void *a, const void *b)
{
    const struct lb_mark *x = a, *y = b;
    if (x->at_ms != y->at_ms)
        return x->at_ms < y->at_ms ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return (x->value > y->value) - (x->value < y->value);
}

static void put(struct lb_mark *out, int max, int *n, enum lb_mark_kind kind, int64_t at,
                int value)
{
    if (*n < max)
        out[*n] = (struct lb_mark){kind, at, value};
    (*n)++;
}

int lb_plan_marks(const struct lb_plan *plan, int seg, struct lb_mark *out, int max)
{
    const struct lb_segment *g = &plan->segments[seg];
    const struct lb_step *s = &plan->routine->steps[g->step];
    int n = 0;
    put(out, max, &n, LB_MARK_PHASE, g->start_ms, 0);
    if (g->phase == LB_PHASE_COUNTDOWN) {
        for (int k = 3; k >= 1; k--)
            if (g->end_ms - k * 1000 >= g->start_ms)
                put(out, max, &n, LB_MARK_TICK, g->end_ms - k * 1000, k);
    } else if (g->phase == LB_PHASE_BLOCK) {
        int64_t rep_len = s->rep_time_ms + s->hold_ms;
        for (int k = 0; k < s->reps; k++) {
            int64_t at = g->start_ms + k * rep_len;
            put(out, max, &n, LB_MARK_REP, at, k + 1);
            if (s->hold_ms > 0)
                put(out, max, &n, LB_MARK_HOLD, at + s->rep_time_ms, k + 1);
        }
        for (int c = 0; c < s->n_cues; c++) {
            for (int k = 0, times = lb_plan_cue_times(plan, seg, c); k < times; k++) {
                int64_t start, end;
                lb_plan_cue_span(plan, seg, c, k, &start, &end);
                put(out, max, &n, LB_MARK_CUE, start, c);
            }
        }
    }
    if (n <= max)
        qsort(out, (size_t)n, sizeof(*out), mark_order);
    return n;
}
