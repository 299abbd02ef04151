/* Printing a plan: the timeline people read before starting, and the same as JSON. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "json.h"
#include "plan.h"

static void describe_step(const struct lb_step *s, char *buf, size_t size)
{
    char a[32], b[32], c[32];
    size_t n = (size_t)snprintf(buf, size, "%s", lb_step_kind_name(s->kind));
    if (n >= size)
        return;
    if (s->kind == LB_KIND_EXERCISE && (s->sets > 1 || s->n_sides)) {
        n += (size_t)snprintf(buf + n, size - n, ", %d set%s", s->sets, s->sets > 1 ? "s" : "");
        for (int i = 0; i < s->n_sides && n < size; i++)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "/" : " × ", s->sides[i]);
    }
    if (n >= size)
        return;
    if (s->reps > 0) {
        if (s->hold_ms > 0)
            snprintf(buf + n, size - n, ", %d reps × (%s + %s hold)", s->reps,
                     lb_duration_format(s->rep_time_ms, a, sizeof(a)),
                     lb_duration_format(s->hold_ms, b, sizeof(b)));
        else
            snprintf(buf + n, size - n, ", %d reps × %s", s->reps,
                     lb_duration_format(s->rep_time_ms, a, sizeof(a)));
    } else if (s->duration_ms >= 0) {
        snprintf(buf + n, size - n, ", %s", lb_duration_format(s->duration_ms, c, sizeof(c)));
    } else {
        snprintf(buf + n, size - n, ", waits for you");
    }
}

/* Each showing of a cue in the block segment seg, in time order: its time and its cue (index)
 * in marks, and for a cue with `every: rep|hold` the rep it is in (1-based; 0 for a cue per
 * block) in reps. Both arrays are the caller's to free (NULL when out of memory); returns
 * how many. */
static int cue_showings(const struct lb_plan *plan, int seg, struct lb_mark **marks, int **reps)
{
    const struct lb_segment *g = &plan->segments[seg];
    const struct lb_step *s = &plan->routine->steps[g->step];
    int n = lb_plan_marks(plan, seg, NULL, 0), k = 0;
    *marks = malloc((size_t)(n ? n : 1) * sizeof(**marks));
    *reps = malloc((size_t)(n ? n : 1) * sizeof(**reps));
    if (!*marks || !*reps)
        return 0;
    lb_plan_marks(plan, seg, *marks, n);
    int64_t rep_len = s->rep_time_ms + s->hold_ms;
    for (int i = 0; i < n; i++) {
        struct lb_mark m = (*marks)[i];
        if (m.kind != LB_MARK_CUE)
            continue;
        (*marks)[k] = m;
        (*reps)[k++] = s->cues[m.value].every == LB_CUE_EVERY_BLOCK || rep_len <= 0
                           ? 0
                           : (int)((m.at_ms - g->start_ms) / rep_len) + 1;
    }
    return k;
}

/* What a cue says or shows, for the plan. */
static const char *cue_words(const struct lb_cue *c)
{
    return c->text ? c->text : c->say ? c->say : c->audio ? c->audio : "";
}

/* The cues of a block, one line each, under the block's line. */
static void print_cues(const struct lb_plan *plan, int seg, FILE *out)
{
    const struct lb_step *s = &plan->routine->steps[plan->segments[seg].step];
    struct lb_mark *marks;
    int *reps;
    int k = cue_showings(plan, seg, &marks, &reps);
    for (int i = 0; i < k; i++) {
        const struct lb_cue *c = &s->cues[marks[i].value];
        char t[32];
        fprintf(out, "%6s         cue %d", lb_duration_clock(marks[i].at_ms, t, sizeof(t)),
                marks[i].value + 1);
        if (reps[i])
            fprintf(out, " (%s %d)", c->every == LB_CUE_EVERY_HOLD ? "hold" : "rep", reps[i]);
        fprintf(out, ": %s\n", cue_words(c));
    }
    free(marks);
    free(reps);
}

/* The same as JSON: "cues": [{"at_s": ..., "cue": 1, "rep": null or N, "words": "..."}]. */
static void print_cues_json(const struct lb_plan *plan, int seg, FILE *out)
{
    const struct lb_step *s = &plan->routine->steps[plan->segments[seg].step];
    struct lb_mark *marks;
    int *reps;
    int k = cue_showings(plan, seg, &marks, &reps);
    fputs(", \"cues\": [", out);
    for (int i = 0; i < k; i++) {
        fprintf(out, "%s{\"at_s\": %" PRId64 ".%03d, \"cue\": %d, \"every\": \"%s\", \"rep\": ",
                i ? ", " : "", marks[i].at_ms / 1000, (int)(marks[i].at_ms % 1000),
                marks[i].value + 1, lb_cue_every_name(s->cues[marks[i].value].every));
        if (reps[i])
            fprintf(out, "%d", reps[i]);
        else
            fputs("null", out);
        fputs(", \"words\": ", out);
        lb_json_string(out, cue_words(&s->cues[marks[i].value]));
        fputs("}", out);
    }
    fputs("]", out);
    free(marks);
    free(reps);
}

void lb_plan_print(const struct lb_plan *plan, FILE *out)
{
    const struct lb_routine *r = plan->routine;
    char t[32], d[32], what[256];
    fprintf(out, "%s\n", r->title);
    if (r->description)
        fprintf(out, "%s\n", r->description);
    fprintf(out, "\n  time  what\n");
    for (int i = 0; i < plan->n_segments; i++) {
        const struct lb_segment *g = &plan->segments[i];
        const struct lb_step *s = &r->steps[g->step];
        if (plan->steps[g->step].first_segment == i) {
            describe_step(s, what, sizeof(what));
            fprintf(out, "%6s  %d. %s (%s)\n", lb_duration_clock(g->start_ms, t, sizeof(t)),
                    g->step + 1, s->title, what);
        }
        lb_duration_clock(g->start_ms, t, sizeof(t));
        lb_duration_format(g->end_ms - g->start_ms, d, sizeof(d));
        switch (g->phase) {
        case LB_PHASE_COUNTDOWN:
            fprintf(out, "%6s       countdown %s\n", t, d);
            break;
        case LB_PHASE_BLOCK:
            if (s->kind != LB_KIND_EXERCISE || lb_step_blocks(s) == 1)
                fprintf(out, "%6s       %s %s\n", t, s->kind == LB_KIND_EXERCISE ? "block"
                        : s->kind == LB_KIND_TIMER ? "timer" : "card", d);
            else if (g->side >= 0 && s->side_clips)
                fprintf(out, "%6s       set %d, %s %s, clip %s\n", t, g->set, s->sides[g->side],
                        d, s->side_clips[g->side] ? s->side_clips[g->side] : "?");
            else if (g->side >= 0)
                fprintf(out, "%6s       set %d, %s %s\n", t, g->set, s->sides[g->side], d);
            else
                fprintf(out, "%6s       set %d %s\n", t, g->set, d);
            print_cues(plan, i, out);
            break;
        case LB_PHASE_SWITCH:
            fprintf(out, "%6s       switch sides %s\n", t, d);
            break;
        case LB_PHASE_SET_REST:
            fprintf(out, "%6s       rest between sets %s\n", t, d);
            break;
        case LB_PHASE_REST:
            fprintf(out, "%6s       rest %s\n", t, d);
            break;
        case LB_PHASE_INFO_WAIT:
            fprintf(out, "%6s       card, waits for you to continue\n", t);
            break;
        default:
            break;
        }
    }
    fprintf(out, "%6s  end\n\nTotal %s", lb_duration_clock(plan->total_ms, t, sizeof(t)), t);
    if (plan->waits)
        fprintf(out, " (plus %d wait%s for you to continue)", plan->waits,
                plan->waits > 1 ? "s" : "");
    fprintf(out, "\n");
}


static void json_seconds(FILE *out, const char *key, int64_t ms)
{
    fprintf(out, "\"%s\": %" PRId64 ".%03d", key, ms / 1000, (int)(ms % 1000));
}

void lb_plan_print_json(const struct lb_plan *plan, FILE *out)
{
    const struct lb_routine *r = plan->routine;
    fputs("{\"title\": ", out);
    lb_json_string(out, r->title);
    fputs(", ", out);
    json_seconds(out, "total_s", plan->total_ms);
    fprintf(out, ", \"waits\": %d, \"steps\": [", plan->waits);
    for (int i = 0; i < r->n_steps; i++) {
        const struct lb_step *s = &r->steps[i];
        const struct lb_plan_step *ps = &plan->steps[i];
        fprintf(out, "%s\n  {\"index\": %d, \"title\": ", i ? "," : "", i + 1);
        lb_json_string(out, s->title);
        fprintf(out, ", \"kind\": \"%s\", \"clip\": ", lb_step_kind_name(s->kind));
        lb_json_string(out, s->clip_path);
        fputs(", ", out);
        json_seconds(out, "start_s", ps->start_ms);
        fputs(", ", out);
        json_seconds(out, "end_s", ps->end_ms);
        fputs(", ", out);
        json_seconds(out, "rest_s", i + 1 < r->n_steps ? s->rest_ms : 0);
        fprintf(out, ", \"sets\": %d, \"reps\": %d, \"wait\": %s, \"blocks\": [", s->sets,
                s->reps, lb_step_block_ms(s) < 0 ? "true" : "false");
        bool first = true;
        for (int k = ps->first_segment; k <= ps->last_segment; k++) {
            const struct lb_segment *g = &plan->segments[k];
            if (g->phase != LB_PHASE_BLOCK)
                continue;
            fprintf(out, "%s{", first ? "" : ", ");
            first = false;
            json_seconds(out, "start_s", g->start_ms);
            fputs(", ", out);
            json_seconds(out, "end_s", g->end_ms);
            fprintf(out, ", \"set\": %d, \"side\": ", g->set);
            lb_json_string(out, g->side >= 0 ? s->sides[g->side] : NULL);
            fputs(", \"clip\": ", out);
            lb_json_string(out, lb_plan_clip(plan, k));
            fprintf(out, ", \"mirrored\": %s", lb_plan_mirrored(plan, k) ? "true" : "false");
            print_cues_json(plan, k, out);
            fputs("}", out);
        }
        fputs("]}", out);
    }
    fputs("\n]}\n", out);
}
