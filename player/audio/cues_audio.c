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
    enum lb_line_priority priority; /* lines only */
    int64_t latest_ms;   /* a built-in line may move as late as this; -1: it may not move */
    int group;           /* > 0: placed with every line of the same group or not at all */
    bool dropped;        /* it would talk over a line of higher priority or the narration */
    int64_t len_ms;      /* how long it takes to say, with the gap after it (placement) */
    bool measured;       /* len_ms is what its voice takes (or all that can be known) */
};

struct builder {
    struct draft *d;
    int n, cap;
    int groups;          /* groups handed out so far */
    bool ok;
    const int64_t *narration_ms; /* per step, or NULL */
    const struct lb_sound_layout *how;
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
                                .spoken = spoken, .language = language, .order = b->n,
                                .priority = LB_LINE_CUE, .latest_ms = -1};
    b->n++;
}

/* A built-in line in Limber's words: `format` (translated) with `title` and `side` for its
 * %s, if given; `priority` decides who yields when lines would overlap, and the line may be
 * said as late as latest_ms (-1: only at `at`). */
static void add_said(struct builder *b, int64_t at, int step, const char *format,
                     const char *title, const char *side, bool spoken,
                     enum lb_line_priority priority, int64_t latest_ms)
{
    char line[512];
    if (title && side)
        snprintf(line, sizeof(line), format, title, side);
    else if (title)
        snprintf(line, sizeof(line), format, title);
    else
        snprintf(line, sizeof(line), "%s", format);
    add(b, LB_SOUND_LINE, at, step, line, NULL, spoken, lb_i18n_current());
    if (b->ok) {
        b->d[b->n - 1].priority = priority;
        b->d[b->n - 1].latest_ms = latest_ms < at ? at : latest_ms;
    }
}

/* The words for rep k of n: "One", "Two", ... "Twenty", then the number; "Last one" for the
 * last of several. */
static const char *rep_word(int k, int n, char *buf, size_t size)
{
    static const char *const words[] = {
        N_("One"), N_("Two"), N_("Three"), N_("Four"), N_("Five"), N_("Six"), N_("Seven"),
        N_("Eight"), N_("Nine"), N_("Ten"), N_("Eleven"), N_("Twelve"), N_("Thirteen"),
        N_("Fourteen"), N_("Fifteen"), N_("Sixteen"), N_("Seventeen"), N_("Eighteen"),
        N_("Nineteen"), N_("Twenty"),
    };
    if (k == n && n > 1)
        /* TRANSLATORS: spoken as the last rep of an exercise starts. */
        return snprintf(buf, size, "%s", _("Last one")), buf;
    if (k >= 1 && k <= (int)(sizeof(words) / sizeof(words[0])))
        return snprintf(buf, size, "%s", _(words[k - 1])), buf;
    snprintf(buf, size, "%d", k);
    return buf;
}

/* The last LB_HOLD_COUNT seconds of a hold ending at end_ms counted down, one word a second
 * ("Three", "Two", "One": the rep numbers' words), on the second and never moved: a count
 * that cannot be said whole is not said at all. */
static void add_hold_count(struct builder *b, int64_t end_ms, int step, bool voice)
{
    char word[64];
    int group = ++b->groups;
    for (int k = LB_HOLD_COUNT; k >= 1; k--) {
        add_said(b, end_ms - k * 1000, step, rep_word(k, 0, word, sizeof(word)), NULL, NULL,
                 voice, LB_LINE_COUNT, -1);
        if (b->ok)
            b->d[b->n - 1].group = group;
    }
}

/* The side's name as the routine writes it ("left"), or NULL. */
static const char *side_name(const struct lb_step *s, int side)
{
    return side >= 0 && side < s->n_sides ? s->sides[side] : NULL;
}

/* Spoken inside an exercise block: each rep's number as it starts, "Hold" as a hold begins and
 * "and relax" as it ends (holds of at least LB_RELAX_MIN_HOLD_MS), "Halfway" in a long timed
 * block, "Last five seconds" near the end of one. */
static void add_block_lines(struct builder *b, const struct lb_segment *g, int step,
                            const struct lb_step *s, bool voice)
{
    int64_t len = g->end_ms - g->start_ms;
    if (s->reps == 0) {
        if (len >= LB_HALFWAY_MIN_MS)
            /* TRANSLATORS: spoken halfway through a long timed exercise. */
            add_said(b, g->start_ms + len / 2, step, _("Halfway"), NULL, NULL, voice,
                     LB_LINE_TIME, g->start_ms + len / 2 + 3000);
        if (len >= LB_LAST_SECONDS_MIN_MS)
            /* TRANSLATORS: spoken five seconds before a timed exercise ends. */
            add_said(b, g->end_ms - LB_LAST_SECONDS_MS, step, _("Last five seconds"), NULL, NULL,
                     voice, LB_LINE_TIME, -1);
        return;
    }
    int64_t rep_len = s->rep_time_ms + s->hold_ms;
    /* Where each hold ends counted aloud in the numbers' words, a rep's number is said as
     * "Rep two": "Three, Two, One, and relax, Two" would sound like the count going on. */
    bool counted = s->say_holds && s->count_holds && s->hold_ms >= LB_COUNT_HOLD_MIN_MS;
    char word[64];
    for (int k = 0; k < s->reps; k++) {
        int64_t at = g->start_ms + k * rep_len;
        rep_word(k + 1, s->reps, word, sizeof(word));
        bool last = k + 1 == s->reps && s->reps > 1; /* "Last one" is no count's word */
        if (s->count_reps && counted && !last) {
            if (word[0] >= 'A' && word[0] <= 'Z') /* "Rep two", not "Rep Two" */
                word[0] = (char)(word[0] - 'A' + 'a');
            /* TRANSLATORS: spoken as a rep starts in an exercise whose holds end counted down
             * aloud ("Three", "Two", "One"), so that the rep's number is not heard as the
             * count going on; %s is the rep's number as the word said for it ("two"). */
            add_said(b, at, step, _("Rep %s"), word, NULL, voice, LB_LINE_REP,
                     at + s->rep_time_ms / 2);
        } else if (s->count_reps) { /* within the first half of the move */
            add_said(b, at, step, word, NULL, NULL, voice, LB_LINE_REP, at + s->rep_time_ms / 2);
        }
        if (s->say_holds && s->hold_ms > 0) {
            int64_t hold = at + s->rep_time_ms;
            /* TRANSLATORS: spoken as a rep's hold begins. */
            add_said(b, hold, step, _("Hold"), NULL, NULL, voice, LB_LINE_HOLD,
                     hold + s->hold_ms / 3);
            if (s->count_holds && s->hold_ms >= LB_COUNT_HOLD_MIN_MS)
                add_hold_count(b, hold + s->hold_ms, step, voice);
            if (s->hold_ms >= LB_RELAX_MIN_HOLD_MS)
                /* TRANSLATORS: spoken as a rep's hold ends. */
                add_said(b, hold + s->hold_ms, step, _("and relax"), NULL, NULL, voice,
                         LB_LINE_RELAX, hold + s->hold_ms + 600);
        }
    }
}

static void add_segment(struct builder *b, const struct lb_plan *plan, int seg, bool voice,
                        struct lb_mark *marks, int n_marks)
{
    const struct lb_segment *g = &plan->segments[seg];
    const struct lb_routine *r = plan->routine;
    const struct lb_step *s = &r->steps[g->step];
    bool builtin = s->voice;
    /* A rep tick where reps are not counted aloud (the routine's choice, or --voice off). */
    bool tick = s->rep_beep || (!voice && s->rep_beep_auto);
    for (int i = 0; i < n_marks; i++) {
        const struct lb_mark *m = &marks[i];
        if (m->kind == LB_MARK_TICK) {
            add(b, LB_SOUND_BEEP, m->at_ms, g->step, NULL, NULL, false, NULL);
        } else if (m->kind == LB_MARK_REP && tick) {
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
    const char *side = side_name(s, g->side);
    switch (g->phase) {
    case LB_PHASE_COUNTDOWN:
        if (builtin && side)
            /* TRANSLATORS: spoken, and shown as a caption, as the countdown to an exercise
             * starts; the first %s is the exercise's title, the second the side's name as the
             * routine writes it ("left"). */
            add_said(b, g->start_ms, g->step, _("Get ready: %s, %s side"), s->title, side,
                     voice, LB_LINE_PHASE, g->start_ms + 500);
        else if (builtin)
            /* TRANSLATORS: spoken, and shown as a caption, as the countdown to an exercise
             * starts; %s is the exercise's title. */
            add_said(b, g->start_ms, g->step, _("Get ready: %s"), s->title, NULL, voice,
                     LB_LINE_PHASE, g->start_ms + 500);
        break;
    case LB_PHASE_SWITCH:
        if (builtin && side)
            /* TRANSLATORS: spoken as the other side begins; %s is its name ("right"). */
            add_said(b, g->start_ms, g->step, _("Now the %s side"), side, NULL, voice,
                     LB_LINE_PHASE, g->start_ms + 500);
        else if (builtin)
            add_said(b, g->start_ms, g->step, _("Switch sides"), NULL, NULL, voice,
                     LB_LINE_PHASE, g->start_ms + 500);
        break;
    case LB_PHASE_REST:
        if (builtin && g->step + 1 < r->n_steps) {
            const char *next = r->steps[g->step + 1].title;
            if (g->end_ms - g->start_ms >= LB_REST_BOTH_MIN_MS) {
                /* TRANSLATORS: spoken as a rest between exercises begins. */
                add_said(b, g->start_ms, g->step, _("Rest"), NULL, NULL, voice, LB_LINE_PHASE,
                         g->start_ms + 500);
                /* TRANSLATORS: spoken in a rest; %s is the next exercise's title. */
                add_said(b, g->start_ms + LB_NEXT_UP_DELAY_MS, g->step, _("Next up: %s"), next,
                         NULL, voice, LB_LINE_PHASE, g->end_ms - 1000);
            } else {
                add_said(b, g->start_ms, g->step, _("Next up: %s"), next, NULL, voice,
                         LB_LINE_PHASE, g->start_ms + 500);
            }
        }
        break;
    case LB_PHASE_BLOCK:
        if (s->kind == LB_KIND_INFO)
            break;
        add(b, LB_SOUND_END_TONE, g->end_ms, g->step, NULL, NULL, false, NULL);
        if (builtin)
            add_block_lines(b, g, g->step, s, voice);
        break;
    default:
        break;
    }
}

/* About how long a line takes to say, from its text: kept above what espeak-ng takes at its
 * normal speed (measured in test_mixer), so lines placed this far apart never overlap. A
 * recording's length is not known here: it counts as its caption's. */
int64_t lb_cue_line_estimate_ms(const char *text)
{
    return 350 + 75 * (int64_t)strlen(text);
}

/* A line and the pause after it, as placement counts them (the opening cards' lengths). */
static int64_t estimate_with_gap(const char *text)
{
    return lb_cue_line_estimate_ms(text) + LB_LINE_GAP_MS;
}

/* The clip's own narration in the block segment g: [*from, *to) on the routine clock, or
 * false when the clip says nothing there. */
static bool narration(const struct builder *b, const struct lb_plan *plan,
                      const struct lb_segment *g, int64_t *from, int64_t *to)
{
    const struct lb_step *s = &plan->routine->steps[g->step];
    int64_t n = b->narration_ms ? b->narration_ms[g->step * LB_MAX_SIDES +
                                                  (g->side > 0 ? g->side : 0)]
                                : 0;
    if (g->phase != LB_PHASE_BLOCK || n <= 0 || s->clip_audio == LB_CLIP_AUDIO_OFF)
        return false;
    *from = g->start_ms;
    *to = s->clip_audio == LB_CLIP_AUDIO_LOOP ? g->end_ms
          : g->start_ms + n < g->end_ms ? g->start_ms + n : g->end_ms;
    return true;
}

/* The panel shows the rep and the hold, an opening card its words: no caption for them. */
static bool captioned(const struct draft *d)
{
    return d->priority != LB_LINE_REP && d->priority != LB_LINE_HOLD &&
           d->priority != LB_LINE_RELAX && d->priority != LB_LINE_COUNT &&
           d->priority != LB_LINE_OPENING;
}

static int by_priority(const void *pa, const void *pb)
{
    const struct draft *a = *(const struct draft *const *)pa;
    const struct draft *b = *(const struct draft *const *)pb;
    if (a->priority != b->priority)
        return a->priority < b->priority ? -1 : 1;
    if (a->ev.at_ms != b->ev.at_ms)
        return a->ev.at_ms < b->ev.at_ms ? -1 : 1;
    return a->order - b->order;
}

/* How long line d takes to say: as its voice makes it (how->line_ms), else by the estimate. */
static int64_t line_length(const struct lb_sound_layout *how, const struct draft *d)
{
    if (how->line_ms) {
        struct lb_sound_line line = {.text = d->text, .audio = d->audio, .spoken = d->spoken,
                                     .caption = captioned(d)};
        snprintf(line.language, sizeof(line.language), "%s", d->language ? d->language : "en");
        int64_t ms = how->line_ms(how->line_ctx, &line);
        if (ms >= 0)
            return ms;
    }
    return lb_cue_line_estimate_ms(d->text);
}

/* A stretch of the routine clock someone is talking in: a placed line's (d), or the clip's
 * narration (d NULL). */
struct busy {
    int64_t from, to;
    struct draft *d;
};

/* Everything placement works with. */
struct placing {
    const struct lb_sound_layout *how;
    struct busy *busy;
    int n_busy;
};

static bool overlaps(const struct placing *p, int64_t from, int64_t to, int64_t *until)
{
    bool hit = false;
    *until = from;
    for (int i = 0; i < p->n_busy; i++)
        if (from < p->busy[i].to && p->busy[i].from < to) {
            hit = true;
            *until = p->busy[i].to > *until ? p->busy[i].to : *until;
        }
    return hit;
}

/* Line d's length (with the gap after it) as its voice makes it, from now on. */
static void measure(const struct lb_sound_layout *how, struct draft *d)
{
    if (!d->measured)
        d->len_ms = line_length(how, d) + LB_LINE_GAP_MS;
    d->measured = true;
}

/* Whether line d said at `at` would overlap a stretch already placed, by the lengths the lines
 * really take to say. Lines are made (measured) only where their estimates (an upper bound:
 * LB_ESTIMATE_MARGIN) would overlap: d and the placed lines it would meet, which then keep
 * their real lengths; the rest are left to the voice bank. *until: the end of the latest
 * stretch it overlaps. */
static bool collides(struct placing *p, struct draft *d, int64_t at, int64_t *until)
{
    int64_t reach = d->len_ms;
    if (!overlaps(p, at, at + reach, until))
        return false;
    measure(p->how, d);
    for (int i = 0; i < p->n_busy; i++) {
        struct busy *b = &p->busy[i];
        if (b->d && !b->d->measured && at < b->to && b->from < at + reach) {
            measure(p->how, b->d);
            b->to = b->from + b->d->len_ms;
        }
    }
    return overlaps(p, at, at + d->len_ms, until);
}

static void occupy(struct placing *p, struct draft *d)
{
    p->busy[p->n_busy++] = (struct busy){d->ev.at_ms, d->ev.at_ms + d->len_ms, d};
}

/* A group of lines (a hold's count) starting at order[first]: its members follow each other in
 * the priority order. Placed where they are if every one fits, else all dropped. Returns the
 * index after the group. */
static int place_group(struct placing *p, struct draft **order, int n, int first)
{
    int end = first;
    bool fits = true;
    int64_t until;
    while (end < n && order[end]->group == order[first]->group) {
        struct draft *d = order[end++];
        fits = fits && !collides(p, d, d->ev.at_ms, &until);
    }
    for (int i = first; i < end; i++) {
        order[i]->dropped = !fits;
        if (fits)
            occupy(p, order[i]);
    }
    return end;
}

/* Nothing talks over a line of higher priority or the clip's narration: lines are placed in
 * priority order (enum lb_line_priority); a built-in line that would overlap one already
 * placed moves later, up to its latest_ms, else it is dropped. Cue lines stay where the
 * author put them. */
static bool place_lines(struct builder *b, const struct lb_plan *plan)
{
    struct draft **order = malloc(sizeof(*order) * (size_t)(b->n ? b->n : 1));
    struct placing p = {.how = b->how,
                        .busy = malloc(sizeof(*p.busy) * (size_t)(b->n + plan->n_segments + 1))};
    if (!order || !p.busy) {
        free(order);
        free(p.busy);
        return false;
    }
    int n = 0;
    for (int seg = 0; seg < plan->n_segments; seg++) {
        int64_t from, to;
        if (narration(b, plan, &plan->segments[seg], &from, &to))
            p.busy[p.n_busy++] = (struct busy){from, to + LB_LINE_GAP_MS, NULL};
    }
    for (int i = 0; i < b->n; i++)
        if (b->d[i].ev.kind == LB_SOUND_LINE)
            order[n++] = &b->d[i];
    qsort(order, (size_t)n, sizeof(*order), by_priority);
    for (int i = 0; i < n; i++) {
        int64_t estimate = lb_cue_line_estimate_ms(order[i]->text);
        /* The opening cards' lines, and all without a voice to ask, go by the estimate. */
        order[i]->measured = !b->how->line_ms || order[i]->priority == LB_LINE_OPENING;
        order[i]->len_ms = (order[i]->measured ? estimate
                                               : estimate * LB_ESTIMATE_MARGIN / 100) +
                           LB_LINE_GAP_MS;
        /* A recording's length has nothing to do with its text's: always its own. */
        if (order[i]->audio && b->how->line_ms && order[i]->priority != LB_LINE_OPENING)
            measure(b->how, order[i]);
    }
    for (int i = 0; i < n; i++) {
        struct draft *d = order[i];
        if (d->group > 0) {
            i = place_group(&p, order, n, i) - 1;
            continue;
        }
        int64_t at = d->ev.at_ms, until;
        if (d->priority != LB_LINE_CUE) {
            while (collides(&p, d, at, &until) && until <= d->latest_ms)
                at = until;
            if (collides(&p, d, at, &until)) {
                d->dropped = true;
                continue;
            }
        }
        d->ev.at_ms = at;
        occupy(&p, d);
    }
    free(order);
    free(p.busy);
    return true;
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
    return same_audio && l->spoken == d->spoken && l->caption == captioned(d) &&
           !strcmp(l->text, d->text) &&
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
        if (d->dropped)
            continue;
        struct lb_sound_event ev = d->ev;
        if (ev.kind == LB_SOUND_LINE) {
            int k = 0;
            while (k < s->n_lines && !same_line(&s->lines[k], d))
                k++;
            if (k == s->n_lines) {
                s->lines[k] = (struct lb_sound_line){.text = d->text, .audio = d->audio,
                                                     .spoken = d->spoken,
                                                     .caption = captioned(d)};
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

/* The opening cards' lines: each card's in order from its start (after a short lead), each
 * allowed to move as late as still ends before the card does; the card was made long enough
 * for all of them (lb_opening_layout). */
static void add_opening(struct builder *b, const struct lb_routine *r, const struct lb_opening *o,
                        bool exported, bool voice)
{
    for (int k = 0; k < o->n_cards && b->ok; k++) {
        const struct lb_opening_card *c = &o->cards[k];
        struct lb_opening_line lines[LB_OPENING_MAX_LINES];
        int n = lb_opening_lines(r, c, exported, lines);
        for (int i = 0; i < n; i++) {
            int64_t at = c->start_ms + LB_OPENING_LEAD_MS;
            add(b, LB_SOUND_LINE, at, 0, lines[i].text, NULL, voice, lines[i].language);
            if (b->ok) {
                b->d[b->n - 1].priority = LB_LINE_OPENING;
                b->d[b->n - 1].latest_ms = c->start_ms + c->len_ms - LB_OPENING_TAIL_MS -
                                           lb_cue_line_estimate_ms(lines[i].text);
            }
        }
        lb_opening_lines_free(lines, n);
    }
}

bool lb_cue_sounds_init(struct lb_cue_sounds *s, const struct lb_plan *plan, bool voice)
{
    return lb_cue_sounds_init_narrated(s, plan, voice, NULL);
}

bool lb_cue_sounds_init_narrated(struct lb_cue_sounds *s, const struct lb_plan *plan, bool voice,
                                 const int64_t *narration_ms)
{
    struct lb_sound_layout how = {.voice = voice, .narration_ms = narration_ms};
    return lb_cue_sounds_lay_out(s, plan, &how);
}

bool lb_cue_sounds_lay_out(struct lb_cue_sounds *s, const struct lb_plan *plan,
                           const struct lb_sound_layout *how)
{
    *s = (struct lb_cue_sounds){0};
    bool voice = how->voice;
    struct builder b = {.ok = true, .narration_ms = how->narration_ms, .how = how};
    lb_opening_layout(plan->routine, how->exported, estimate_with_gap, &s->opening);
    if (how->opening)
        add_opening(&b, plan->routine, &s->opening, how->exported, voice);
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
    if (b.ok)
        b.ok = place_lines(&b, plan);
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
