/* Drawing the coaching overlay and the cards. */
#include "overlay.h"

#include <stdio.h>
#include <string.h>

#include "duration.h"

/* Colours: calm text on dark translucent boxes; the warning's amber is used for nothing else. */
static const SDL_Color WHITE = {0xff, 0xff, 0xff, 0xff};
static const SDL_Color SOFT = {0xd8, 0xe2, 0xea, 0xff};
static const SDL_Color DARK = {0x14, 0x14, 0x14, 0xff};
static const SDL_Color ACCENT = {0x6c, 0xc4, 0xe8, 0xff};  /* sky blue: timers and progress */
static const SDL_Color WARNING_BG = {0xf2, 0xb1, 0x34, 0xff};

struct layout {
    struct lb_text *text;
    SDL_Renderer *r;
    int w, h;
    int margin_x, margin_y;
    double unit;                /* 1 % of the height, times the text scale */
};

static int px(const struct layout *l, double percent)
{
    int v = (int)(l->unit * percent + 0.5);
    return v < 8 ? 8 : v;
}

static void box(const struct layout *l, SDL_Rect r, int alpha)
{
    SDL_SetRenderDrawColor(l->r, 0x10, 0x16, 0x1c, (Uint8)alpha);
    SDL_RenderFillRect(l->r, &r);
}

static SDL_Rect text_at(const struct layout *l, const char *s, double size, bool bold,
                        SDL_Color c, int x, int y, enum lb_anchor a)
{
    struct lb_text_style st = {.px = px(l, size), .bold = bold, .color = c};
    return lb_text_draw(l->text, s, &st, x, y, a);
}

/* Text on its own translucent box, padded; returns the box. */
static SDL_Rect boxed(const struct layout *l, const char *s, double size, bool bold,
                      SDL_Color c, int x, int y, enum lb_anchor a, int wrap)
{
    struct lb_text_style st = {.px = px(l, size), .bold = bold, .color = c, .wrap = wrap};
    SDL_Rect m = lb_text_measure(l->text, s, &st);
    if (!m.w)
        return m;
    int pad = st.px / 3;
    SDL_Rect b = {x, y, m.w + 2 * pad, m.h + 2 * pad};
    switch (a) {
    case LB_ANCHOR_TOP_CENTER: b.x -= b.w / 2; break;
    case LB_ANCHOR_TOP_RIGHT: b.x -= b.w; break;
    case LB_ANCHOR_CENTER: b.x -= b.w / 2; b.y -= b.h / 2; break;
    case LB_ANCHOR_BOTTOM_LEFT: b.y -= b.h; break;
    case LB_ANCHOR_BOTTOM_CENTER: b.x -= b.w / 2; b.y -= b.h; break;
    case LB_ANCHOR_BOTTOM_RIGHT: b.x -= b.w; b.y -= b.h; break;
    default: break;
    }
    box(l, b, 200);
    lb_text_draw(l->text, s, &st, b.x + pad, b.y + pad, LB_ANCHOR_TOP_LEFT);
    return b;
}

static void bar(const struct layout *l, SDL_Rect r, double fraction, SDL_Color fg)
{
    box(l, r, 170);
    if (fraction < 0)
        fraction = 0;
    if (fraction > 1)
        fraction = 1;
    SDL_Rect f = {r.x, r.y, (int)(r.w * fraction), r.h};
    SDL_SetRenderDrawColor(l->r, fg.r, fg.g, fg.b, 255);
    SDL_RenderFillRect(l->r, &f);
}

/* A clock for people: "0:42"; under a minute with no leading zero minutes. Rounds up, so the
 * last second reads 0:01 until it is over. */
static const char *clock_up(int64_t ms, char *buf, size_t size)
{
    return lb_duration_clock((ms + 999) / 1000 * 1000, buf, size);
}

/* The whole routine's progress: a thin bar along the top with a tick at each step. */
static void progress(const struct layout *l, const struct lb_overlay_input *in)
{
    const struct lb_plan *p = in->plan;
    if (p->total_ms <= 0)
        return;
    int th = px(l, 0.6);
    SDL_Rect r = {0, 0, l->w, th};
    bar(l, r, (double)in->state->routine_pos_ms / (double)p->total_ms, ACCENT);
    SDL_SetRenderDrawColor(l->r, 0x10, 0x16, 0x1c, 255);
    for (int i = 1; i < p->routine->n_steps; i++) {
        int x = (int)((double)p->steps[i].start_ms / (double)p->total_ms * l->w);
        SDL_Rect tick = {x - 1, 0, 3, th};
        SDL_RenderFillRect(l->r, &tick);
    }
}

static void warning_strip(const struct layout *l, const char *warning)
{
    struct lb_text_style st = {.px = px(l, 4.2), .bold = true, .color = DARK};
    SDL_Rect m = lb_text_measure(l->text, warning, &st);
    int pad = st.px / 3;
    SDL_Rect b = {l->margin_x, l->h - l->margin_y - m.h - 2 * pad, m.w + 3 * pad, m.h + 2 * pad};
    SDL_SetRenderDrawColor(l->r, WARNING_BG.r, WARNING_BG.g, WARNING_BG.b, 245);
    SDL_RenderFillRect(l->r, &b);
    lb_text_draw(l->text, warning, &st, b.x + pad * 3 / 2, b.y + pad, LB_ANCHOR_TOP_LEFT);
}

static const char *side_label(const struct lb_step *s, int side, char *buf, size_t size)
{
    if (side < 0 || side >= s->n_sides)
        return "";
    const char *name = s->sides[side];
    snprintf(buf, size, "%c%s side", name[0] >= 'a' && name[0] <= 'z' ? name[0] - 32 : name[0],
             name + 1);
    return buf;
}

static void exercise_block(const struct layout *l, const struct lb_overlay_input *in,
                           const struct lb_step *s)
{
    const struct lb_coach_state *st = in->state;
    char buf[160], t[32];
    /* Title and where in the step the person is. */
    SDL_Rect title = boxed(l, s->title, 5.5, true, WHITE, l->margin_x, l->margin_y,
                           LB_ANCHOR_TOP_LEFT, 0);
    char where[128] = "", side[64];
    if (s->n_sides)
        snprintf(where, sizeof(where), "%s", side_label(s, st->side, side, sizeof(side)));
    if (s->sets > 1)
        snprintf(where + strlen(where), sizeof(where) - strlen(where), "%sSet %d of %d",
                 where[0] ? "  ·  " : "", st->set, s->sets);
    if (where[0])
        boxed(l, where, 4.2, false, SOFT, l->margin_x, title.y + title.h + px(l, 1),
              LB_ANCHOR_TOP_LEFT, 0);
    /* Time left in the block, large, with a bar. */
    SDL_Rect time = boxed(l, clock_up(st->phase_left_ms, t, sizeof(t)), 11, true, WHITE,
                          l->w - l->margin_x, l->margin_y, LB_ANCHOR_TOP_RIGHT, 0);
    int64_t len = st->phase_elapsed_ms + st->phase_left_ms;
    SDL_Rect b = {time.x, time.y + time.h, time.w, px(l, 0.9)};
    bar(l, b, len ? (double)st->phase_elapsed_ms / (double)len : 0, ACCENT);
    /* Reps: "Rep 3 of 10" and the sub-phase. */
    int above_warning = l->h - l->margin_y - px(l, 8);
    if (st->rep > 0) {
        if (st->rep_phase == LB_REP_HOLD)
            snprintf(buf, sizeof(buf), "Rep %d of %d  ·  hold %s", st->rep, s->reps,
                     clock_up(st->rep_phase_left_ms, t, sizeof(t)) + 2);
        else
            snprintf(buf, sizeof(buf), "Rep %d of %d  ·  move", st->rep, s->reps);
        boxed(l, buf, 6, true, WHITE, l->w - l->margin_x, above_warning,
              LB_ANCHOR_BOTTOM_RIGHT, 0);
    }
    /* Cues, subtitle style, stacked above the warning strip, never over it. */
    int y = above_warning - (st->rep > 0 ? px(l, 11) : 0);
    for (int i = st->n_cues - 1; i >= 0; i--) {
        const struct lb_cue *c = &s->cues[st->cues[i]];
        const char *words = c->text ? c->text : c->say;
        SDL_Rect cb = boxed(l, words, 4.8, false, WHITE, l->w / 2, y, LB_ANCHOR_BOTTOM_CENTER,
                            l->w * 3 / 4);
        y = cb.y - px(l, 1);
    }
}

static void centre_panel(const struct layout *l, const char *headline, const char *big,
                         const char *line)
{
    int cy = l->h / 2;
    SDL_Rect a = text_at(l, big, 20, true, WHITE, l->w / 2, cy, LB_ANCHOR_CENTER);
    int top = a.y - px(l, 1), bottom = a.y + a.h + px(l, 1);
    struct lb_text_style hs = {.px = px(l, 6), .bold = true, .color = WHITE};
    struct lb_text_style ls = {.px = px(l, 4.5), .color = SOFT};
    SDL_Rect hm = lb_text_measure(l->text, headline, &hs);
    SDL_Rect lm = lb_text_measure(l->text, line, &ls);
    int wdt = a.w;
    if (hm.w > wdt)
        wdt = hm.w;
    if (lm.w > wdt)
        wdt = lm.w;
    SDL_Rect panel = {l->w / 2 - wdt / 2 - px(l, 3), top - hm.h - px(l, 2), wdt + px(l, 6),
                      bottom - top + hm.h + lm.h + px(l, 5)};
    box(l, panel, 190);
    text_at(l, big, 20, true, WHITE, l->w / 2, cy, LB_ANCHOR_CENTER);
    lb_text_draw(l->text, headline, &hs, l->w / 2, top, LB_ANCHOR_BOTTOM_CENTER);
    lb_text_draw(l->text, line, &ls, l->w / 2, bottom + px(l, 1), LB_ANCHOR_TOP_CENTER);
}

/* Timer and info steps, and clips that cannot play: a calm full-screen card. */
static void card(const struct layout *l, const char *title, const char *body, const char *big,
                 const char *foot)
{
    SDL_SetRenderDrawColor(l->r, 0x1b, 0x22, 0x2b, 255);
    SDL_RenderClear(l->r);
    int y = l->margin_y + px(l, 4);
    SDL_Rect t = text_at(l, title, 7, true, WHITE, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
    y = t.y + t.h + px(l, 3);
    if (body) {
        struct lb_text_style st = {.px = px(l, 4.5), .color = SOFT, .wrap = l->w * 7 / 10};
        SDL_Rect b = lb_text_draw(l->text, body, &st, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
        y = b.y + b.h + px(l, 3);
    }
    if (big)
        text_at(l, big, 22, true, ACCENT, l->w / 2, y + (l->h - y - l->margin_y) / 2 -
                px(l, 4), LB_ANCHOR_CENTER);
    if (foot)
        text_at(l, foot, 4.2, false, SOFT, l->w / 2, l->h - l->margin_y, LB_ANCHOR_BOTTOM_CENTER);
}

static const char *next_title(const struct lb_overlay_input *in)
{
    int n = in->state->next_step;
    return n >= 0 ? in->plan->routine->steps[n].title : NULL;
}

void lb_overlay_draw(struct lb_text *text, const struct lb_overlay_input *in, int w, int h)
{
    struct layout l = {.text = text, .r = text->renderer, .w = w, .h = h,
                       .margin_x = w / 20, .margin_y = h / 20,
                       .unit = h / 100.0 * (in->text_scale > 0 ? in->text_scale : 1.0)};
    const struct lb_coach_state *st = in->state;
    const struct lb_routine *r = in->plan->routine;
    const struct lb_step *s = st->step >= 0 ? &r->steps[st->step] : NULL;
    char big[32], line[256], head[256];

    switch (st->phase) {
    case LB_PHASE_COUNTDOWN:
        snprintf(head, sizeof(head), "Get ready: %s", s->title);
        snprintf(big, sizeof(big), "%lld", (long long)((st->phase_left_ms + 999) / 1000));
        centre_panel(&l, head, big, s->instructions ? s->instructions : "");
        break;
    case LB_PHASE_BLOCK:
        if (s->kind == LB_KIND_EXERCISE && !in->clip_error) {
            exercise_block(&l, in, s);
        } else if (s->kind == LB_KIND_EXERCISE) {
            snprintf(line, sizeof(line), "The clip cannot play: %s", in->clip_error);
            card(&l, s->title, s->instructions, clock_up(st->phase_left_ms, big, sizeof(big)),
                 line);
            if (s->warning)
                warning_strip(&l, s->warning);
        } else {
            card(&l, s->title, s->instructions, clock_up(st->phase_left_ms, big, sizeof(big)),
                 s->kind == LB_KIND_INFO ? "Goes on by itself" : NULL);
        }
        break;
    case LB_PHASE_INFO_WAIT:
        card(&l, s->title, s->instructions, NULL, "Press Enter to continue");
        break;
    case LB_PHASE_SWITCH:
    case LB_PHASE_SET_REST:
    case LB_PHASE_REST: {
        const char *what = st->phase == LB_PHASE_SWITCH ? "Switch sides"
                           : st->phase == LB_PHASE_SET_REST ? "Rest between sets" : "Rest";
        const char *next = st->phase == LB_PHASE_REST ? next_title(in) : s->title;
        char side[64];
        if (st->phase == LB_PHASE_REST)
            snprintf(line, sizeof(line), "Next up: %s", next ? next : "the end");
        else
            snprintf(line, sizeof(line), "Next up: %s  ·  %s", next,
                     s->n_sides ? side_label(s, st->side, side, sizeof(side))
                                : "same again");
        centre_panel(&l, what, clock_up(st->phase_left_ms, big, sizeof(big)), line);
        break;
    }
    case LB_PHASE_DONE:
        card(&l, "Well done", r->title, NULL, "Press Q to quit");
        break;
    default:
        break;
    }
    if (st->phase != LB_PHASE_DONE && st->phase != LB_PHASE_START)
        progress(&l, in);
    if (st->warning && s && s->kind == LB_KIND_EXERCISE && st->phase != LB_PHASE_DONE &&
        !in->clip_error)
        warning_strip(&l, st->warning);
    if (st->pain) {
        SDL_SetRenderDrawColor(l.r, 0x08, 0x0c, 0x10, 225);
        SDL_Rect all = {0, 0, w, h};
        SDL_RenderFillRect(l.r, &all);
        int y = h / 5;
        SDL_Rect a = text_at(&l, "Stop here. Do not push through pain.", 7, true, WHITE, w / 2,
                             y, LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + px(&l, 3);
        for (int i = 0; i < r->n_safety && i < 4; i++) {
            struct lb_text_style ts = {.px = px(&l, 4.2), .color = SOFT, .wrap = w * 7 / 10};
            SDL_Rect b = lb_text_draw(text, r->safety[i], &ts, w / 2, y, LB_ANCHOR_TOP_CENTER);
            y = b.y + b.h + px(&l, 1.5);
        }
        text_at(&l, "S  skip this exercise    E  end the session    C  continue", 4.5, true,
                WHITE, w / 2, h - l.margin_y - px(&l, 6), LB_ANCHOR_BOTTOM_CENTER);
    } else if (st->paused) {
        boxed(&l, "Paused  ·  Space to go on", 6, true, WHITE, w / 2, h / 2,
              LB_ANCHOR_CENTER, 0);
    }
    if (in->show_volume) {
        snprintf(line, sizeof(line), in->muted ? "Muted" : "Volume %d%%", in->volume);
        boxed(&l, line, 4.2, false, WHITE, w - l.margin_x, h - l.margin_y,
              LB_ANCHOR_BOTTOM_RIGHT, 0);
    }
}

void lb_overlay_draw_start(struct lb_text *text, const struct lb_plan *plan, int stage,
                           int question, int w, int h, double text_scale)
{
    struct layout l = {.text = text, .r = text->renderer, .w = w, .h = h,
                       .margin_x = w / 20, .margin_y = h / 20,
                       .unit = h / 100.0 * (text_scale > 0 ? text_scale : 1.0)};
    const struct lb_routine *r = plan->routine;
    char line[512], total[32];
    SDL_SetRenderDrawColor(l.r, 0x1b, 0x22, 0x2b, 255);
    SDL_RenderClear(l.r);
    int y = l.margin_y + px(&l, 3);
    SDL_Rect a = text_at(&l, r->title, 7, true, WHITE, w / 2, y, LB_ANCHOR_TOP_CENTER);
    y = a.y + a.h + px(&l, 2);
    struct lb_text_style body = {.px = px(&l, 4.5), .color = SOFT, .wrap = w * 3 / 4};
    if (stage == 0) {
        lb_duration_clock(plan->total_ms, total, sizeof(total));
        snprintf(line, sizeof(line), "%d steps  ·  %s%s", r->n_steps, total,
                 plan->waits ? " plus pauses for you" : "");
        a = text_at(&l, line, 4.5, false, ACCENT, w / 2, y, LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + px(&l, 2);
        if (r->description) {
            a = lb_text_draw(text, r->description, &body, w / 2, y, LB_ANCHOR_TOP_CENTER);
            y = a.y + a.h + px(&l, 3);
        }
        for (int i = 0; i < r->n_safety && i < 6; i++) {
            struct lb_text_style st = {.px = px(&l, 4.5), .color = WHITE, .wrap = w * 3 / 4};
            snprintf(line, sizeof(line), "•  %s", r->safety[i]);
            a = lb_text_draw(text, line, &st, w / 2, y, LB_ANCHOR_TOP_CENTER);
            y = a.y + a.h + px(&l, 1.5);
        }
        text_at(&l, "Press Enter to start", 5, true, WHITE, w / 2, h - l.margin_y,
                LB_ANCHOR_BOTTOM_CENTER);
    } else if (stage == 1) {
        snprintf(line, sizeof(line), "Question %d of %d", question + 1, r->n_screening);
        a = text_at(&l, line, 4.2, false, ACCENT, w / 2, y, LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + px(&l, 4);
        struct lb_text_style q = {.px = px(&l, 6), .bold = true, .color = WHITE,
                                  .wrap = w * 3 / 4};
        lb_text_draw(text, r->screening[question].ask, &q, w / 2, y, LB_ANCHOR_TOP_CENTER);
        text_at(&l, "Y  yes        N  no", 5, true, WHITE, w / 2, h - l.margin_y,
                LB_ANCHOR_BOTTOM_CENTER);
    } else {
        struct lb_text_style q = {.px = px(&l, 5.5), .bold = true, .color = WARNING_BG,
                                  .wrap = w * 3 / 4};
        a = lb_text_draw(text, "Not today", &q, w / 2, y, LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + px(&l, 3);
        lb_text_draw(text, r->screening[question].advice, &body, w / 2, y,
                     LB_ANCHOR_TOP_CENTER);
        text_at(&l, "Press Enter to close", 4.5, false, SOFT, w / 2, h - l.margin_y,
                LB_ANCHOR_BOTTOM_CENTER);
    }
}
