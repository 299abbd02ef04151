/* Lays out a routine's beeps, tones and spoken lines on the routine clock, from its plan. */
#include "cues_audio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* An event while the list is built: lines still carry their text. */
struct draft {
    struct lb_sound_event ev;
    char *text;          /* owned until handed to a line */
    const char *audio;
    bool spoken;
    const char *language; /* the words' language (see struct lb_sound_line) */
    int order;           /* insertion order: keeps sorting stable */
};

struct builder {
    struct draft *d;
    int n, cap;
    bool ok;
};

static void add(struct builder *b, enum lb_sound_kind kind, int64_t at, int step,
                const char *text, const char *audio, bool spoken, const char *language)
{
    if (!b->ok)
        return;
    if (b->n == b->cap) {
        int cap = b->cap ? b->cap * 2 : 64;
        struct draft *grown = realloc(b->d, (size_t)cap * sizeof(*grown));
        if (!grown) {
            b->ok = false;
            return;
        }
        b->d = grown;
        b->cap = cap;
    }
    char *copy = NULL;
    if (kind == LB_SOUND_LINE) {
        copy = strdup(text ? text : "");
        if (!copy) {
            b->ok = false;
            return;
        }
    }
    b->d[b->n] = (struct draft){.ev = {kind, at, -1, step}, .text = copy, .audio = audio,
                                .spoken = spoken, .language = language, .order = b->n};
    b->n++;
}

/* A built-in line in Limber's words: `format` (translated) with `title` for its %s, if any. */
static void add_said(struct builder *b, int64_t at, int step, const char *format,
                     const char *title, bool spoken)
{
    char line[512];
    if (title)
        snprintf(line, sizeof(line), format, title);
    else
        snprintf(line, sizeof(line), "%s", format);
    add(b, LB_SOUND_LINE, at, step, line, NULL, spoken, lb_i18n_current());
}

static void add_segment(struct builder *b, const struct lb_plan *plan, int seg, bool voice,
                        struct lb_mark *marks, int n_marks)
{
    const struct lb_segment *g = &plan->segments[seg];
    const struct lb_routine *r = plan->routine;
    const struct lb_step *s = &r->steps[g->step];
    bool builtin = s->voice;
    for (int i = 0; i < n_marks; i++) {
        const struct lb_mark *m = &marks[i];
        if (m->kind == LB_MARK_TICK) {
            add(b, LB_SOUND_BEEP, m->at_ms, g->step, NULL, NULL, false, NULL);
        } else if (m->kind == LB_MARK_REP && s->rep_beep) {
            add(b, LB_SOUND_REP_TICK, m->at_ms, g->step, NULL, NULL, false, NULL);
        } else if (m->kind == LB_MARK_CUE) {
            const struct lb_cue *c = &s->cues[m->value];
            if (c->audio)
                add(b, LB_SOUND_LINE, m->at_ms, g->step, c->say ? c->say : c->text, c->audio,
                    voice, r->language);
            else if (c->say)
                add(b, LB_SOUND_LINE, m->at_ms, g->step, c->say, NULL, voice, r->language);
        }
    }
    switch (g->phase) {
    case LB_PHASE_COUNTDOWN:
        if (builtin)
            /* TRANSLATORS: spoken, and shown as a caption, as the countdown to an exercise
             * starts; %s is the exercise's title. */
            add_said(b, g->start_ms, g->step, _("Get ready: %s"), s->title, voice);
        break;
    case LB_PHASE_SWITCH:
        if (builtin)
            add_said(b, g->start_ms, g->step, _("Switch sides"), NULL, voice);
        break;
    case LB_PHASE_REST:
        if (builtin && g->step + 1 < r->n_steps) {
            const char *next = r->steps[g->step + 1].title;
            if (g->end_ms - g->start_ms >= LB_REST_BOTH_MIN_MS) {
                /* TRANSLATORS: spoken as a rest between exercises begins. */
                add_said(b, g->start_ms, g->step, _("Rest"), NULL, voice);
                /* TRANSLATORS: spoken in a rest; %s is the next exercise's title. */
                add_said(b, g->start_ms + LB_NEXT_UP_DELAY_MS, g->step, _("Next up: %s"), next,
                         voice);
            } else {
                add_said(b, g->start_ms, g->step, _("Next up: %s"), next, voice);
            }
        }
        break;
    case LB_PHASE_BLOCK:
        if (s->kind == LB_KIND_INFO)
            break;
        add(b, LB_SOUND_END_TONE, g->end_ms, g->step, NULL, NULL, false, NULL);
        if (builtin && s->reps == 0 && g->end_ms - g->start_ms >= LB_LAST_SECONDS_MIN_MS)
            /* TRANSLATORS: spoken five seconds before a timed exercise ends. */
            add_said(b, g->end_ms - LB_LAST_SECONDS_MS, g->step, _("Last five seconds"), NULL,
                     voice);
        break;
    default:
        break;
    }
}

static int draft_order(const void *pa, const void *pb)
{
    const struct draft *a = pa, *b = pb;
    if (a->ev.at_ms != b->ev.at_ms)
        return a->ev.at_ms < b->ev.at_ms ? -1 : 1;
    if (a->ev.kind != b->ev.kind)
        return a->ev.kind < b->ev.kind ? -1 : 1;
    return a->order - b->order;
}

static bool same_line(const struct lb_sound_line *l, const struct draft *d)
{
    bool same_audio = (!l->audio && !d->audio) ||
                      (l->audio && d->audio && !strcmp(l->audio, d->audio));
    return same_audio && l->spoken == d->spoken && !strcmp(l->text, d->text) &&
           !strcmp(l->language, d->language ? d->language : "en");
}

/* Turn the sorted drafts into events and distinct lines (numbered by first use). */
static bool finish(struct lb_cue_sounds *s, struct builder *b)
{
    s->events = calloc((size_t)(b->n ? b->n : 1), sizeof(*s->events));
    s->lines = calloc((size_t)(b->n ? b->n : 1), sizeof(*s->lines));
    if (!s->events || !s->lines)
        return false;
    for (int i = 0; i < b->n; i++) {
        struct draft *d = &b->d[i];
        struct lb_sound_event ev = d->ev;
        if (ev.kind == LB_SOUND_LINE) {
            int k = 0;
            while (k < s->n_lines && !same_line(&s->lines[k], d))
                k++;
            if (k == s->n_lines) {
                s->lines[k] = (struct lb_sound_line){.text = d->text, .audio = d->audio,
                                                     .spoken = d->spoken};
                snprintf(s->lines[k].language, sizeof(s->lines[k].language), "%s",
                         d->language ? d->language : "en");
                d->text = NULL; /* now the line's */
                s->n_lines++;
            }
            ev.line = k;
        }
        s->events[s->n_events++] = ev;
    }
    return true;
}

bool lb_cue_sounds_init(struct lb_cue_sounds *s, const struct lb_plan *plan, bool voice)
{
    *s = (struct lb_cue_sounds){0};
    struct builder b = {.ok = true};
    struct lb_mark *marks = NULL;
    int marks_cap = 0;
    for (int seg = 0; seg < plan->n_segments && b.ok; seg++) {
        if (plan->segments[seg].phase == LB_PHASE_DONE ||
            plan->segments[seg].phase == LB_PHASE_START)
            continue;
        int n = lb_plan_marks(plan, seg, NULL, 0);
        if (n > marks_cap) {
            struct lb_mark *grown = realloc(marks, (size_t)n * sizeof(*grown));
            if (!grown) {
                b.ok = false;
                break;
            }
            marks = grown;
            marks_cap = n;
        }
        lb_plan_marks(plan, seg, marks, n);
        add_segment(&b, plan, seg, voice, marks, n);
    }
    free(marks);
    if (b.ok) {
        qsort(b.d, (size_t)b.n, sizeof(*b.d), draft_order);
        b.ok = finish(s, &b);
    }
    for (int i = 0; i < b.n; i++)
        free(b.d[i].text);
    free(b.d);
    if (!b.ok)
        lb_cue_sounds_destroy(s);
    return b.ok;
}

void lb_cue_sounds_destroy(struct lb_cue_sounds *s)
{
    for (int i = 0; i < s->n_lines; i++)
        free(s->lines[i].text);
    free(s->lines);
    free(s->events);
    *s = (struct lb_cue_sounds){0};
}

int lb_cue_sounds_find(const struct lb_cue_sounds *s, int64_t at_ms)
{
    int lo = 0, hi = s->n_events;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (s->events[mid].at_ms < at_ms)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const char *lb_sound_kind_name(enum lb_sound_kind kind)
{
    static const char *const names[] = {"beep", "end-tone", "rep-tick", "line"};
    return kind >= 0 && kind <= LB_SOUND_LINE ? names[kind] : "?";
}
