/* Drawing the coaching overlay and the cards, sized to be read from a sofa 3 m from a TV. */
#include "overlay.h"

#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "i18n.h"

/* Colours. Boxes are opaque slate, whatever the picture under them: WHITE reads on them at 13:1
 * and SOFT at 10:1 (WCAG asks 4.5:1). Opaque also because the software renderer fills
 * an opaque box instead of blending each of its pixels, 30 times a second (a 0.84-alpha box cost
 * about 5 % of playback CPU at 1080p). The warning strip is opaque amber with near-black text
 * (10:1), and amber is used for nothing else. */
static const SDL_Color WHITE = {0xff, 0xff, 0xff, 0xff};
static const SDL_Color SOFT = {0xd8, 0xe2, 0xea, 0xff};
static const SDL_Color DARK = {0x14, 0x14, 0x14, 0xff};
static const SDL_Color ACCENT = {0x6c, 0xc4, 0xe8, 0xff};  /* sky blue: timers and progress */
static const SDL_Color WARNING_BG = {0xf2, 0xb1, 0x34, 0xff};
static const SDL_Color CARD_BG = {0x1b, 0x22, 0x2b, 0xff};
/* the colour the old 0.84-alpha near-black boxes had over the clips' light walls */
static const SDL_Color BOX_BG = {0x2b, 0x30, 0x36, 0xff};

struct layout {
    struct lb_text *text;
    SDL_Renderer *r;
    int w, h;
    int margin_x, margin_y;     /* the 5 % title-safe area */
    double unit;                /* 1 % of the height, times the text scale */
};

static struct layout layout_for(struct lb_text *text, int w, int h, double text_scale)
{
    return (struct layout){.text = text, .r = text->renderer, .w = w, .h = h,
                           .margin_x = w / 20, .margin_y = h / 20,
                           .unit = h / 100.0 * (text_scale > 0 ? text_scale : 1.0)};
}

static int px(const struct layout *l, double percent)
{
    int v = (int)(l->unit * percent + 0.5);
    return v < 8 ? 8 : v;
}

/* A filled rectangle; below alpha 255 blended over what is there (the renderer's draw blend
 * mode is otherwise none: see lb_video_out_init). */
static void fill(const struct layout *l, SDL_Rect r, SDL_Color c, int alpha)
{
    SDL_SetRenderDrawColor(l->r, c.r, c.g, c.b, (Uint8)alpha);
    if (alpha < 255)
        SDL_SetRenderDrawBlendMode(l->r, SDL_BLENDMODE_BLEND);
    SDL_RenderFillRect(l->r, &r);
    if (alpha < 255)
        SDL_SetRenderDrawBlendMode(l->r, SDL_BLENDMODE_NONE);
}

static void box(const struct layout *l, SDL_Rect r)
{
    fill(l, r, BOX_BG, 255);
}

static struct lb_text_style style(const struct layout *l, double size, bool bold, SDL_Color c)
{
    return (struct lb_text_style){.px = px(l, size), .bold = bold, .color = c};
}

static SDL_Rect text_at(const struct layout *l, const char *s, double size, bool bold,
                        SDL_Color c, int x, int y, enum lb_anchor a)
{
    struct lb_text_style st = style(l, size, bold, c);
    return lb_text_draw(l->text, s, &st, x, y, a);
}

/* A paragraph wrapped to `wrap` pixels, its lines centred on x. */
static SDL_Rect para(const struct layout *l, const char *s, double size, bool bold, SDL_Color c,
                     int x, int y, int wrap, enum lb_anchor a)
{
    struct lb_text_style st = style(l, size, bold, c);
    st.wrap = wrap;
    st.align = LB_ALIGN_CENTER;
    return lb_text_draw(l->text, s, &st, x, y, a);
}

static SDL_Rect anchored(SDL_Rect b, enum lb_anchor a)
{
    switch (a) {
    case LB_ANCHOR_TOP_CENTER: b.x -= b.w / 2; break;
    case LB_ANCHOR_TOP_RIGHT: b.x -= b.w; break;
    case LB_ANCHOR_CENTER: b.x -= b.w / 2; b.y -= b.h / 2; break;
    case LB_ANCHOR_BOTTOM_LEFT: b.y -= b.h; break;
    case LB_ANCHOR_BOTTOM_CENTER: b.x -= b.w / 2; b.y -= b.h; break;
    case LB_ANCHOR_BOTTOM_RIGHT: b.x -= b.w; b.y -= b.h; break;
    default: break;
    }
    return b;
}

/* Text (wrapped and centred when wrap > 0) on its own translucent box; returns the box. */
static SDL_Rect boxed(const struct layout *l, const char *s, double size, bool bold,
                      SDL_Color c, int x, int y, enum lb_anchor a, int wrap)
{
    struct lb_text_style st = style(l, size, bold, c);
    st.wrap = wrap;
    st.align = LB_ALIGN_CENTER;
    SDL_Rect m = lb_text_measure(l->text, s, &st);
    if (!m.w)
        return (SDL_Rect){x, y, 0, 0};
    int pad_y = st.px / 4, pad_x = st.px / 2;
    SDL_Rect b = anchored((SDL_Rect){x, y, m.w + 2 * pad_x, m.h + 2 * pad_y}, a);
    box(l, b);
    lb_text_draw(l->text, s, &st, b.x + pad_x, b.y + pad_y, LB_ANCHOR_TOP_LEFT);
    return b;
}

/* A choice as a boxed label; the highlighted one (remote and D-pad users move it with the
 * arrows) in a white frame that does not depend on colour. */
static SDL_Rect button(const struct layout *l, const char *s, int x, int y, enum lb_anchor a,
                       bool highlighted)
{
    SDL_Rect b = boxed(l, s, 4.5, true, WHITE, x, y, a, 0);
    if (highlighted) {
        int t = px(l, 0.5) < 3 ? 3 : px(l, 0.5);
        SDL_Rect edges[4] = {{b.x - t, b.y - t, b.w + 2 * t, t},
                             {b.x - t, b.y + b.h, b.w + 2 * t, t},
                             {b.x - t, b.y, t, b.h},
                             {b.x + b.w, b.y, t, b.h}};
        for (int i = 0; i < 4; i++)
            fill(l, edges[i], WHITE, 255);
    }
    return b;
}

static void bar(const struct layout *l, SDL_Rect r, double fraction, SDL_Color fg)
{
    box(l, r);
    fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    fill(l, (SDL_Rect){r.x, r.y, (int)(r.w * fraction), r.h}, fg, 255);
}

/* A clock for people: "0:42". Rounds up, so the last second reads 0:01 until it is over. */
static const char *clock_up(int64_t ms, char *buf, size_t size)
{
    return lb_duration_clock((ms + 999) / 1000 * 1000, buf, size);
}

/* The whole routine's progress: a thin bar inside the action-safe area, a tick at each step. */
static void progress(const struct layout *l, const struct lb_overlay_input *in)
{
    const struct lb_plan *p = in->plan;
    if (p->total_ms <= 0)
        return;
    int th = px(l, 0.6), x0 = l->margin_x, span = l->w - 2 * l->margin_x;
    SDL_Rect r = {x0, l->margin_y / 2 - th / 2, span, th};
    bar(l, r, (double)in->state->routine_pos_ms / (double)p->total_ms, ACCENT);
    for (int i = 1; i < p->routine->n_steps; i++) {
        int x = x0 + (int)((double)p->steps[i].start_ms / (double)p->total_ms * span);
        fill(l, (SDL_Rect){x - 1, r.y, 3, th}, (SDL_Color){0x10, 0x14, 0x18, 0xff}, 255);
    }
}

/* The amber "stop if painful" strip, bottom left; returns its rectangle. */
static SDL_Rect warning_strip(const struct layout *l, const char *warning, int x, int bottom,
                              enum lb_anchor a)
{
    char line[300];
    /* Limber's default warning in the routine's language; an author's as written. */
    if (!strcmp(warning, LB_DEFAULT_WARNING))
        warning = _("Stop if painful");
    snprintf(line, sizeof(line), "\u26a0  %s", warning);
    struct lb_text_style st = style(l, 4.5, true, DARK);
    st.wrap = l->w - 2 * l->margin_x - st.px;
    SDL_Rect m = lb_text_measure(l->text, line, &st);
    int pad_y = st.px / 4, pad_x = st.px / 2;
    SDL_Rect b = anchored((SDL_Rect){x, bottom, m.w + 2 * pad_x, m.h + 2 * pad_y}, a);
    fill(l, b, WARNING_BG, 255);
    lb_text_draw(l->text, line, &st, b.x + pad_x, b.y + pad_y, LB_ANCHOR_TOP_LEFT);
    return b;
}

static const char *side_label(const struct lb_step *s, int side, char *buf, size_t size)
{
    if (side < 0 || side >= s->n_sides)
        return "";
    /* TRANSLATORS: %s is a side's name as the routine writes it ("left", "links",
     * "gauche"); the label's first letter is then made a capital. */
    snprintf(buf, size, _("%s side"), s->sides[side]);
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
    return buf;
}

/* "Left side  ·  Set 1 of 2", or "" when the step has neither. */
static const char *where_label(const struct lb_step *s, int side, int set, char *buf,
                               size_t size)
{
    char name[64];
    snprintf(buf, size, "%s", s->n_sides ? side_label(s, side, name, sizeof(name)) : "");
    size_t n = strlen(buf);
    if (s->sets > 1 && set > 0) {
        if (n)
            n += (size_t)snprintf(buf + n, size - n, "  \u00b7  ");
        if (n < size)
            snprintf(buf + n, size - n, ngettext("Set %d of %d", "Set %d of %d",
                                                 (unsigned long)s->sets), set, s->sets);
    }
    return buf;
}

/* The top right: time left in the block, its bar, and the rep with move or hold. */
static void time_panel(const struct layout *l, const struct lb_coach_state *st,
                       const struct lb_step *s)
{
    char t[32], rep[64], sub[64];
    struct lb_text_style big = style(l, 11, true, WHITE);
    struct lb_text_style rs = style(l, 5.5, true, WHITE);
    struct lb_text_style ss = style(l, 4.5, false, SOFT);
    clock_up(st->phase_left_ms, t, sizeof(t));
    SDL_Rect tm = lb_text_measure(l->text, t, &big);
    SDL_Rect rm = {0}, sm = {0};
    if (st->rep > 0) {
        snprintf(rep, sizeof(rep), ngettext("Rep %d of %d", "Rep %d of %d",
                                            (unsigned long)s->reps), st->rep, s->reps);
        long long hold_s = (st->rep_phase_left_ms + 999) / 1000;
        if (st->rep_phase == LB_REP_HOLD)
            /* TRANSLATORS: the seconds left in a hold, under the rep number. */
            snprintf(sub, sizeof(sub), ngettext("Hold  %lld s", "Hold  %lld s",
                                                (unsigned long)hold_s), hold_s);
        else
            snprintf(sub, sizeof(sub), "%s", _("Move slowly"));
        rm = lb_text_measure(l->text, rep, &rs);
        sm = lb_text_measure(l->text, sub, &ss);
    }
    int pad = px(l, 1.5), gap = px(l, 1);
    int inner = tm.w > rm.w ? tm.w : rm.w;
    inner = inner > sm.w ? inner : sm.w;
    int bar_h = px(l, 1.2);
    int hgt = pad + tm.h + bar_h + pad + (rm.h ? gap + rm.h + sm.h + pad : 0);
    SDL_Rect b = {l->w - l->margin_x - inner - 2 * pad, l->margin_y, inner + 2 * pad, hgt};
    box(l, b);
    int cx = b.x + b.w / 2, y = b.y + pad;
    lb_text_draw(l->text, t, &big, cx, y, LB_ANCHOR_TOP_CENTER);
    y += tm.h;
    int64_t len = st->phase_elapsed_ms + st->phase_left_ms;
    SDL_Rect br = {b.x + pad, y, inner, bar_h};
    fill(l, br, (SDL_Color){0x3a, 0x44, 0x4e, 0xff}, 255);
    double left = len ? (double)st->phase_left_ms / (double)len : 0;
    fill(l, (SDL_Rect){br.x, br.y, (int)(br.w * left), br.h}, ACCENT, 255);
    y += bar_h + pad;
    if (rm.h) {
        y += gap;
        lb_text_draw(l->text, rep, &rs, cx, y, LB_ANCHOR_TOP_CENTER);
        lb_text_draw(l->text, sub, &ss, cx, y + rm.h, LB_ANCHOR_TOP_CENTER);
    }
}

/* The bottom edge of the lowest caption: just above the warning strip when there is one. */
static int captions_bottom(const struct layout *l, const struct lb_coach_state *st)
{
    int bottom = l->h - l->margin_y;
    if (st->warning) {
        struct lb_text_style ws = style(l, 4.5, true, DARK);
        SDL_Rect m = lb_text_measure(l->text, "\u26a0", &ws);
        bottom -= m.h + ws.px / 2 + px(l, 1.5);
    }
    return bottom;
}

/* The active cues, subtitle style, stacked upwards from `bottom`; returns the top of the
 * stack (where a spoken line's caption may go). */
static int cue_captions(const struct layout *l, const struct lb_coach_state *st,
                        const struct lb_step *s, int bottom)
{
    for (int i = st->n_cues - 1; i >= 0; i--) {
        const struct lb_cue *c = &s->cues[st->cues[i]];
        const char *words = c->text ? c->text : c->say;
        SDL_Rect cb = boxed(l, words, 5, false, WHITE, l->w / 2, bottom,
                            LB_ANCHOR_BOTTOM_CENTER, l->w * 7 / 10);
        bottom = cb.y - px(l, 1);
    }
    return bottom;
}

/* Returns the top of the stacked cue captions (where a spoken line's caption may go). */
static int exercise_block(const struct layout *l, const struct lb_overlay_input *in,
                          const struct lb_step *s)
{
    const struct lb_coach_state *st = in->state;
    char where[128];
    /* Top left: what and which side and set. */
    SDL_Rect title = boxed(l, s->title, 5.5, true, WHITE, l->margin_x, l->margin_y,
                           LB_ANCHOR_TOP_LEFT, 0);
    where_label(s, st->side, st->set, where, sizeof(where));
    if (where[0])
        boxed(l, where, 4.5, false, SOFT, l->margin_x, title.y + title.h + px(l, 1),
              LB_ANCHOR_TOP_LEFT, 0);
    time_panel(l, st, s);
    /* Cues, subtitle style: low and centred, stacked upwards from just above the warning
     * strip (drawn later at the bottom), so the figure in the middle stays clear. */
    return cue_captions(l, st, s, captions_bottom(l, st));
}

/* A panel in the middle: a headline, a large number or clock, and lines under it. */
static void centre_panel(const struct layout *l, const char *headline, const char *big,
                         const char *line, const char *small)
{
    struct lb_text_style hs = style(l, 6, true, WHITE);
    struct lb_text_style bs = style(l, 22, true, WHITE);
    struct lb_text_style ls = style(l, 5, true, WHITE);
    struct lb_text_style ss = style(l, 4.2, false, SOFT);
    ls.wrap = ss.wrap = l->w * 6 / 10;
    ls.align = ss.align = LB_ALIGN_CENTER;
    SDL_Rect hm = lb_text_measure(l->text, headline, &hs);
    SDL_Rect bm = lb_text_measure(l->text, big, &bs);
    SDL_Rect lm = lb_text_measure(l->text, line, &ls);
    SDL_Rect sm = lb_text_measure(l->text, small, &ss);
    int wdt = hm.w;
    wdt = bm.w > wdt ? bm.w : wdt;
    wdt = lm.w > wdt ? lm.w : wdt;
    wdt = sm.w > wdt ? sm.w : wdt;
    int pad = px(l, 3), gap = px(l, 1.2);
    int hgt = hm.h + bm.h + (lm.h ? gap + lm.h : 0) + (sm.h ? gap + sm.h : 0);
    SDL_Rect panel = {l->w / 2 - wdt / 2 - pad, l->h / 2 - hgt / 2 - pad, wdt + 2 * pad,
                      hgt + 2 * pad};
    box(l, panel);
    int y = panel.y + pad;
    lb_text_draw(l->text, headline, &hs, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
    y += hm.h;
    lb_text_draw(l->text, big, &bs, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
    y += bm.h;
    if (lm.h) {
        lb_text_draw(l->text, line, &ls, l->w / 2, y + gap, LB_ANCHOR_TOP_CENTER);
        y += gap + lm.h;
    }
    if (sm.h)
        lb_text_draw(l->text, small, &ss, l->w / 2, y + gap, LB_ANCHOR_TOP_CENTER);
}

/* Timer and info steps, clips that cannot play, the end: a calm full-screen card. Returns
 * where the body ended. */
static int card(const struct layout *l, const char *title, const char *body)
{
    SDL_SetRenderDrawColor(l->r, CARD_BG.r, CARD_BG.g, CARD_BG.b, 255);
    SDL_RenderClear(l->r);
    int y = l->margin_y + px(l, 4);
    SDL_Rect t = para(l, title, 7, true, WHITE, l->w / 2, y, l->w * 8 / 10,
                      LB_ANCHOR_TOP_CENTER);
    y = t.y + t.h + px(l, 3);
    if (body) {
        SDL_Rect b = para(l, body, 4.8, false, SOFT, l->w / 2, y, l->w * 7 / 10,
                          LB_ANCHOR_TOP_CENTER);
        y = b.y + b.h + px(l, 3);
    }
    return y;
}

/* The hint at the bottom of a card; returns where captions above it may end. */
static int card_foot(const struct layout *l, const char *foot)
{
    SDL_Rect r = text_at(l, foot, 4.5, false, SOFT, l->w / 2, l->h - l->margin_y,
                         LB_ANCHOR_BOTTOM_CENTER);
    return r.y - px(l, 2);
}

/* The big clock of a card in the space left under the body, with a bar of the time left. */
static void card_clock(const struct layout *l, int top, int64_t left_ms, int64_t len_ms)
{
    char t[32];
    int bottom = l->h - l->margin_y - px(l, 8);
    SDL_Rect c = text_at(l, clock_up(left_ms, t, sizeof(t)), 20, true, ACCENT, l->w / 2,
                         top + (bottom - top) / 2 - px(l, 2), LB_ANCHOR_CENTER);
    if (len_ms > 0) {
        int bw = l->w * 4 / 10;
        SDL_Rect r = {l->w / 2 - bw / 2, c.y + c.h + px(l, 1), bw, px(l, 1)};
        fill(l, r, (SDL_Color){0x34, 0x3e, 0x4a, 0xff}, 255);
        fill(l, (SDL_Rect){r.x, r.y, (int)(r.w * ((double)left_ms / (double)len_ms)), r.h},
             ACCENT, 255);
    }
}

static const char *next_title(const struct lb_overlay_input *in)
{
    int n = in->state->next_step;
    return n >= 0 ? in->plan->routine->steps[n].title : NULL;
}

/* The end: time done and what became of each step. */
static void end_screen(const struct layout *l, const struct lb_overlay_input *in)
{
    const struct lb_routine *r = in->plan->routine;
    int count[5] = {0};
    char names[2][200] = {"", ""}, line[300], t[32];
    for (int i = 0; in->record && i < r->n_steps; i++) {
        enum lb_step_status s = in->record[i].status;
        count[s]++;
        int k = s == LB_STEP_SKIPPED ? 0 : s == LB_STEP_STOPPED_FOR_PAIN ? 1 : -1;
        if (k >= 0 && strlen(names[k]) + strlen(r->steps[i].title) + 4 < sizeof(names[k]))
            snprintf(names[k] + strlen(names[k]), sizeof(names[k]) - strlen(names[k]),
                     "%s%s", names[k][0] ? ", " : "", r->steps[i].title);
    }
    int y = card(l, _("Well done"), r->title);
    lb_duration_clock(in->active_ms / 1000 * 1000, t, sizeof(t));
    snprintf(line, sizeof(line), _("Time: %s"), t);
    SDL_Rect a = text_at(l, line, 6, true, ACCENT, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
    y = a.y + a.h + px(l, 2);
    snprintf(line, sizeof(line), ngettext("Steps done: %d of %d", "Steps done: %d of %d",
                                          (unsigned long)r->n_steps),
             count[LB_STEP_DONE], r->n_steps);
    a = text_at(l, line, 5, false, WHITE, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
    y = a.y + a.h + px(l, 1);
    int n = count[LB_STEP_SKIPPED];
    if (names[0][0])
        /* TRANSLATORS: %d steps were skipped; %s lists their titles. */
        snprintf(line, sizeof(line), ngettext("Skipped: %d (%s)", "Skipped: %d (%s)",
                                              (unsigned long)n), n, names[0]);
    else
        snprintf(line, sizeof(line), ngettext("Skipped: %d", "Skipped: %d", (unsigned long)n),
                 n);
    a = para(l, line, 5, false, WHITE, l->w / 2, y, l->w * 8 / 10, LB_ANCHOR_TOP_CENTER);
    y = a.y + a.h + px(l, 1);
    n = count[LB_STEP_STOPPED_FOR_PAIN];
    if (names[1][0])
        /* TRANSLATORS: %d steps were stopped because they hurt; %s lists their titles. */
        snprintf(line, sizeof(line), ngettext("Stopped for pain: %d (%s)",
                                              "Stopped for pain: %d (%s)", (unsigned long)n),
                 n, names[1]);
    else
        snprintf(line, sizeof(line), ngettext("Stopped for pain: %d", "Stopped for pain: %d",
                                              (unsigned long)n), n);
    para(l, line, 5, false, WHITE, l->w / 2, y, l->w * 8 / 10, LB_ANCHOR_TOP_CENTER);
    card_foot(l, in->from_library ? _("Press Enter to go back  \u00b7  Q to quit")
                                  : _("Press Enter or Q to close"));
}

/* The pain screen's words from `y` down (with `draw` false, only measured): stop, the step's
 * warning, the routine's safety advice. Returns where they end. */
static int pain_words(const struct layout *l, const struct lb_routine *r,
                      const struct lb_step *s, int y, bool draw)
{
    const char *lines[2] = {_("Stop. Do not push through pain."),
                            _("Ease out of the position, lie still and breathe slowly.")};
    const double sizes[2] = {7, 4.8};
    for (int i = 0; i < 2; i++) {
        struct lb_text_style st = style(l, sizes[i], i == 0, i == 0 ? WHITE : SOFT);
        st.wrap = l->w * (i == 0 ? 9 : 8) / 10;
        st.align = LB_ALIGN_CENTER;
        SDL_Rect a = draw ? lb_text_draw(l->text, lines[i], &st, l->w / 2, y,
                                         LB_ANCHOR_TOP_CENTER)
                          : lb_text_measure(l->text, lines[i], &st);
        y += a.h + px(l, i == 0 ? 1 : 2.5);
    }
    if (s && s->warning) {
        if (draw) {
            SDL_Rect a = warning_strip(l, s->warning, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
            y = a.y + a.h;
        } else {
            struct lb_text_style ws = style(l, 4.5, true, DARK);
            ws.wrap = l->w - 2 * l->margin_x - ws.px;
            y += lb_text_measure(l->text, s->warning, &ws).h + ws.px / 2;
        }
        y += px(l, 2.5);
    }
    for (int i = 0; i < r->n_safety && i < 4; i++) {
        struct lb_text_style st = style(l, 4.2, false, WHITE);
        st.wrap = l->w * 3 / 4;
        st.align = LB_ALIGN_CENTER;
        SDL_Rect a = draw ? lb_text_draw(l->text, r->safety[i], &st, l->w / 2, y,
                                         LB_ANCHOR_TOP_CENTER)
                          : lb_text_measure(l->text, r->safety[i], &st);
        y += a.h + px(l, 1.2);
    }
    return y;
}

/* "This hurts": stop, the step's warning, the routine's safety advice, and the choices. The
 * words above the choices get smaller until they fit (long advice, longer languages). */
static void pain_screen(const struct layout *l, const struct lb_overlay_input *in,
                        const struct lb_step *s)
{
    fill(l, (SDL_Rect){0, 0, l->w, l->h}, (SDL_Color){0x0c, 0x10, 0x14, 0xff}, 240);
    /* TRANSLATORS: the first letter is the key that chooses it (S, E, C): keep it. */
    const char *choices[] = {_("S  Skip this exercise"), _("E  End the session"),
                             _("C  Continue, only if the pain has gone")};
    int bottom = l->h - l->margin_y;
    for (int i = 2; i >= 0; i--) {
        SDL_Rect b = button(l, choices[i], l->w / 2, bottom, LB_ANCHOR_BOTTOM_CENTER,
                            in->choice == i);
        bottom = b.y - px(l, 1.2);
    }
    int top = l->margin_y + px(l, 2);
    struct layout fit = *l;
    for (int k = 10; k > 5; k--) {
        fit.unit = l->unit * k / 10.0;
        if (pain_words(&fit, in->plan->routine, s, top, false) <= bottom)
            break;
    }
    pain_words(&fit, in->plan->routine, s, top, true);
}

/* --- audio coaching (issue 5) --- */
/* The line being spoken, subtitle style, its bottom at `bottom` (above the warning strip and
 * any cue captions), unless a cue on screen or one of the panel's texts `shown` (two, or NULL)
 * already says it. */
static void voice_caption(const struct layout *l, const struct lb_overlay_input *in,
                          const struct lb_step *s, int bottom, const char *const *shown)
{
    const struct lb_coach_state *st = in->state;
    for (int i = 0; i < 2; i++)
        if (shown[i] && !strcmp(shown[i], in->voice_caption))
            return;
    for (int i = 0; s && i < st->n_cues; i++) {
        const struct lb_cue *c = &s->cues[st->cues[i]];
        if ((c->say && !strcmp(c->say, in->voice_caption)) ||
            (c->text && !strcmp(c->text, in->voice_caption)))
            return;
    }
    boxed(l, in->voice_caption, 4.5, false, WHITE, l->w / 2, bottom, LB_ANCHOR_BOTTOM_CENTER,
          l->w * 7 / 10);
}
/* --- end audio coaching --- */

void lb_overlay_draw(struct lb_text *text, const struct lb_overlay_input *in, int w, int h)
{
    struct layout l = layout_for(text, w, h, in->text_scale);
    const struct lb_coach_state *st = in->state;
    const struct lb_routine *r = in->plan->routine;
    const struct lb_step *s = st->step >= 0 ? &r->steps[st->step] : NULL;
    char big[32], line[300], head[256], where[128], t[32];
    bool strip = false;
    int caption_at = captions_bottom(&l, st);
    const char *shown[2] = {NULL, NULL}; /* panel texts a spoken line need not repeat */

    switch (st->phase) {
    case LB_PHASE_COUNTDOWN:
        snprintf(head, sizeof(head), _("Get ready: %s"), s->title);
        shown[0] = head;
        snprintf(big, sizeof(big), "%lld", (long long)((st->phase_left_ms + 999) / 1000));
        centre_panel(&l, head, big, where_label(s, st->side, st->set, where, sizeof(where)),
                     s->instructions);
        strip = true;
        break;
    case LB_PHASE_BLOCK:
        if (s->kind == LB_KIND_EXERCISE && !in->clip_error) {
            caption_at = exercise_block(&l, in, s);
            strip = true;
        } else if (s->kind == LB_KIND_EXERCISE) {
            int y = card(&l, s->title, s->instructions);
            card_clock(&l, y, st->phase_left_ms, st->phase_elapsed_ms + st->phase_left_ms);
            /* TRANSLATORS: %s is the reason, in English, from the media library. */
            snprintf(line, sizeof(line), _("The clip cannot play: %s"), in->clip_error);
            para(&l, line, 4, false, SOFT, w / 2, h - l.margin_y - px(&l, 7), w * 8 / 10,
                 LB_ANCHOR_BOTTOM_CENTER);
            strip = true;
        } else {
            int y = card(&l, s->title, s->instructions);
            card_clock(&l, y, st->phase_left_ms, st->phase_elapsed_ms + st->phase_left_ms);
            if (s->kind == LB_KIND_INFO) {
                snprintf(line, sizeof(line), _("Goes on by itself in %s"),
                         clock_up(st->phase_left_ms, t, sizeof(t)));
                caption_at = card_foot(&l, line);
            } else {
                /* An exported video has no keys: it can only be paused. */
                const char *foot =
                    in->unattended ? _("Pause the video if you need longer")
                                   : _("Space to pause  \u00b7  Right arrow when you are done");
                caption_at = card_foot(&l, foot);
            }
            caption_at = cue_captions(&l, st, s, caption_at); /* the calm cues of a long timer */
        }
        break;
    case LB_PHASE_INFO_WAIT:
        card(&l, s->title, s->instructions);
        text_at(&l, in->unattended ? _("Pause the video if you need longer")
                                   : _("Press Enter to continue"), 5.5, true, WHITE, w / 2,
                h - l.margin_y,
                LB_ANCHOR_BOTTOM_CENTER);
        break;
    case LB_PHASE_SWITCH:
    case LB_PHASE_SET_REST:
    case LB_PHASE_REST: {
        const char *what = st->phase == LB_PHASE_SWITCH ? _("Switch sides")
                           : st->phase == LB_PHASE_SET_REST ? _("Rest between sets") : _("Rest");
        const char *next = st->phase == LB_PHASE_REST ? next_title(in) : s->title;
        if (next)
            snprintf(line, sizeof(line), _("Next up: %s"), next);
        else
            snprintf(line, sizeof(line), "%s", _("Next up: the end"));
        shown[0] = what;
        shown[1] = line;
        centre_panel(&l, what, clock_up(st->phase_left_ms, big, sizeof(big)), line,
                     st->phase == LB_PHASE_REST
                         ? ""
                         : where_label(s, st->side, st->set, where, sizeof(where)));
        break;
    }
    case LB_PHASE_DONE:
        end_screen(&l, in);
        break;
    default:
        break;
    }
    if (st->phase != LB_PHASE_DONE && st->phase != LB_PHASE_START)
        progress(&l, in);
    if (strip && st->warning && !st->pain)
        warning_strip(&l, st->warning, l.margin_x, h - l.margin_y, LB_ANCHOR_BOTTOM_LEFT);
    if (in->voice_caption && !st->pain && st->phase != LB_PHASE_DONE) /* audio coaching */
        voice_caption(&l, in, s, caption_at, shown);
    if (st->pain) {
        pain_screen(&l, in, s);
    } else if (st->paused && st->phase != LB_PHASE_DONE) {
        boxed(&l, _("Paused  \u00b7  Space to go on"), 6, true, WHITE, w / 2, h / 2,
              LB_ANCHOR_CENTER, 0);
    }
    if (in->show_volume) {
        if (in->muted)
            snprintf(line, sizeof(line), "%s", _("Muted"));
        else
            snprintf(line, sizeof(line), ngettext("Volume %d%%", "Volume %d%%",
                                                  (unsigned long)in->volume), in->volume);
        boxed(&l, line, 4.5, false, WHITE, w - l.margin_x, h - l.margin_y,
              LB_ANCHOR_BOTTOM_RIGHT, 0);
    }
    if (in->help)
        lb_overlay_draw_help(text, w, h, in->text_scale);
}

void lb_overlay_draw_help(struct lb_text *text, int w, int h, double text_scale)
{
    struct layout l = layout_for(text, w, h, text_scale);
    /* Key names as printed on keyboards and controllers, and what they do. */
    static const char *const keys[][2] = {
        {N_("Space, K"), N_("pause, go on")},   {N_("Enter"), N_("continue, confirm")},
        {N_("Right, L"), N_("next step")},      {N_("Left, J"), N_("previous step")},
        {"R", N_("repeat this block")},         {N_("P, Down"), N_("this hurts: stop")},
        {"M, 9, 0", N_("mute, volume")},        {"F", N_("full screen")},
        {"H, ?", N_("this help")},              {N_("Esc"), N_("back")},
        {"Q", N_("quit")},
    };
    static const char *const pad[][2] = {
        {"A", N_("pause, go on, choose")},      {"B", N_("back")},
        {"Start", N_("continue")},              {N_("Back, Down"), N_("this hurts: stop")},
        {"LB, RB", N_("previous, next")},       {"Y, X", N_("yes, no")},
        {N_("D-pad"), N_("move, pick")},        {"Guide", N_("this help")},
    };
    fill(&l, (SDL_Rect){0, 0, w, h}, (SDL_Color){0x0c, 0x10, 0x14, 0xff}, 240);
    int y = l.margin_y;
    SDL_Rect a = text_at(&l, _("Keys"), 6, true, WHITE, w / 2, y, LB_ANCHOR_TOP_CENTER);
    y = a.y + a.h + px(&l, 2);
    struct lb_text_style ks = style(&l, 3.8, true, ACCENT), ds = style(&l, 3.8, false, WHITE);
    int col_w = (w - 2 * l.margin_x) / 2, line_h = px(&l, 5.2);
    for (int c = 0; c < 2; c++) {
        int x = l.margin_x + c * col_w + col_w * 4 / 10, yy = y;
        const char *const(*list)[2] = c ? pad : keys;
        int n = c ? (int)(sizeof(pad) / sizeof(pad[0])) : (int)(sizeof(keys) / sizeof(keys[0]));
        a = text_at(&l, c ? _("Game controller") : _("Keyboard"), 4.2, true, SOFT,
                    l.margin_x + c * col_w + col_w / 2, yy, LB_ANCHOR_TOP_CENTER);
        yy = a.y + a.h + px(&l, 1);
        for (int i = 0; i < n; i++, yy += line_h) {
            lb_text_draw(text, _(list[i][0]), &ks, x - px(&l, 1.5), yy, LB_ANCHOR_TOP_RIGHT);
            lb_text_draw(text, _(list[i][1]), &ds, x, yy, LB_ANCHOR_TOP_LEFT);
        }
    }
    a = text_at(&l, _("H or ? to close"), 4.2, false, SOFT, w / 2, h - l.margin_y,
                LB_ANCHOR_BOTTOM_CENTER);
    text_at(&l, _("TV remote: arrows to pick, Select = Enter, Back = Esc, Play = Space, "
                  "Down = this hurts"), 3.5, false, SOFT, w / 2, a.y - px(&l, 1.5),
            LB_ANCHOR_BOTTOM_CENTER);
}

/* The start card under the title (with `draw` false, only measured): the routine's steps and
 * length (`meta`), its description and its safety points. Returns where they end. */
static int start_body(const struct layout *l, const struct lb_routine *r, const char *meta,
                      int y, bool draw)
{
    struct lb_text_style ms = style(l, 4.5, false, ACCENT);
    struct lb_text_style ds = style(l, 4.2, false, SOFT);
    struct lb_text_style hs = style(l, 4.8, true, WHITE);
    ds.wrap = l->w * 3 / 4;
    ds.align = LB_ALIGN_CENTER;
    SDL_Rect a = draw ? lb_text_draw(l->text, meta, &ms, l->w / 2, y, LB_ANCHOR_TOP_CENTER)
                      : lb_text_measure(l->text, meta, &ms);
    y += a.h + px(l, 2);
    if (r->description) {
        a = draw ? lb_text_draw(l->text, r->description, &ds, l->w / 2, y, LB_ANCHOR_TOP_CENTER)
                 : lb_text_measure(l->text, r->description, &ds);
        y += a.h + px(l, 3);
    }
    if (r->n_safety) {
        a = draw ? lb_text_draw(l->text, _("Before you start"), &hs, l->w / 2, y,
                                LB_ANCHOR_TOP_CENTER)
                 : lb_text_measure(l->text, _("Before you start"), &hs);
        y += a.h + px(l, 1.5);
    }
    /* Safety points: a left-aligned list with hanging bullets, the list itself centred. */
    struct lb_text_style st = style(l, 4.5, false, WHITE);
    int bullet_w = lb_text_measure(l->text, "\u2022  ", &st).w;
    st.wrap = l->w * 3 / 4 - bullet_w;
    int list_w = 0;
    for (int i = 0; i < r->n_safety && i < 6; i++) {
        SDL_Rect m = lb_text_measure(l->text, r->safety[i], &st);
        list_w = bullet_w + m.w > list_w ? bullet_w + m.w : list_w;
    }
    for (int i = 0; i < r->n_safety && i < 6; i++) {
        int x = l->w / 2 - list_w / 2;
        if (draw) {
            lb_text_draw(l->text, "\u2022", &st, x, y, LB_ANCHOR_TOP_LEFT);
            a = lb_text_draw(l->text, r->safety[i], &st, x + bullet_w, y, LB_ANCHOR_TOP_LEFT);
        } else {
            a = lb_text_measure(l->text, r->safety[i], &st);
        }
        y += a.h + px(l, 1.2);
    }
    return y;
}

/* The history's note on the start screen, ending at `bottom`: returns its height (drawn only
 * when `draw`). The warning in the amber of the warnings, the line about last time above it. */
static int start_note(const struct layout *l, const struct lb_start_note *note, int bottom,
                      bool draw)
{
    if (!note)
        return 0;
    int y = bottom, gap = px(l, 1.5);
    if (note->warning && note->warning[0]) {
        struct lb_text_style st = style(l, 4.2, true, DARK);
        st.wrap = l->w * 8 / 10;
        st.align = LB_ALIGN_CENTER;
        SDL_Rect m = lb_text_measure(l->text, note->warning, &st);
        int pad_y = st.px / 3, pad_x = st.px / 2;
        SDL_Rect b = {l->w / 2 - m.w / 2 - pad_x, y - m.h - 2 * pad_y, m.w + 2 * pad_x,
                      m.h + 2 * pad_y};
        if (draw) {
            fill(l, b, WARNING_BG, 255);
            lb_text_draw(l->text, note->warning, &st, b.x + pad_x, b.y + pad_y,
                         LB_ANCHOR_TOP_LEFT);
        }
        y = b.y - gap;
    }
    if (note->last && note->last[0]) {
        struct lb_text_style st = style(l, 4.2, false, ACCENT);
        st.wrap = l->w * 85 / 100;
        st.align = LB_ALIGN_CENTER;
        SDL_Rect m = lb_text_measure(l->text, note->last, &st);
        if (draw)
            lb_text_draw(l->text, note->last, &st, l->w / 2, y, LB_ANCHOR_BOTTOM_CENTER);
        y -= m.h + gap;
    }
    return bottom - y;
}

void lb_overlay_draw_start(struct lb_text *text, const struct lb_plan *plan, int stage,
                           int question, int w, int h, double text_scale, bool from_library,
                           int64_t auto_ms, int choice, const struct lb_start_note *note)
{
    struct layout l = layout_for(text, w, h, text_scale);
    const struct lb_routine *r = plan->routine;
    char line[512], total[32];
    SDL_SetRenderDrawColor(l.r, CARD_BG.r, CARD_BG.g, CARD_BG.b, 255);
    SDL_RenderClear(l.r);
    int y = l.margin_y + px(&l, 2);
    SDL_Rect a = para(&l, r->title, 7, true, WHITE, w / 2, y, w * 9 / 10, LB_ANCHOR_TOP_CENTER);
    y = a.y + a.h + px(&l, 1.5);
    if (stage == 0) {
        lb_duration_clock(plan->total_ms, total, sizeof(total));
        unsigned long n = (unsigned long)r->n_steps;
        if (plan->waits)
            /* TRANSLATORS: the routine's steps and length, plus the info cards that wait for
             * the person to go on. */
            snprintf(line, sizeof(line), ngettext("%d step  \u00b7  %s plus pauses for you",
                                                  "%d steps  \u00b7  %s plus pauses for you", n),
                     r->n_steps, total);
        else
            snprintf(line, sizeof(line),
                     ngettext("%d step  \u00b7  %s", "%d steps  \u00b7  %s", n), r->n_steps,
                     total);
        int top = y;
        int note_h = start_note(&l, note, h - l.margin_y - px(&l, 8), false);
        struct layout fit = l;
        for (int k = 10; k > 5; k--) { /* smaller until it fits above the bottom line */
            fit.unit = l.unit * k / 10.0;
            if (start_body(&fit, r, line, top, false) <= h - l.margin_y - px(&l, 8) - note_h)
                break;
        }
        start_note(&l, note, h - l.margin_y - px(&l, 8), true);
        start_body(&fit, r, line, top, true);
        if (auto_ms >= 0) /* an exported video: nobody presses Enter */
            snprintf(line, sizeof(line), _("Starts in %s"),
                     clock_up(auto_ms, total, sizeof(total)));
        else
            snprintf(line, sizeof(line), "%s",
                     from_library ? _("Press Enter to start  \u00b7  Esc back")
                                  : _("Press Enter to start"));
        text_at(&l, line, 5, true, WHITE, w / 2, h - l.margin_y, LB_ANCHOR_BOTTOM_CENTER);
    } else if (stage == 1) {
        snprintf(line, sizeof(line), ngettext("Question %d of %d", "Question %d of %d",
                                              (unsigned long)r->n_screening),
                 question + 1, r->n_screening);
        a = text_at(&l, line, 4.5, false, ACCENT, w / 2, y, LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + px(&l, 5);
        a = para(&l, r->screening[question].ask, 6.5, true, WHITE, w / 2, y, w * 3 / 4,
                 LB_ANCHOR_TOP_CENTER);
        if (auto_ms >= 0) {
            /* An exported video cannot ask: it says what the stopping answer means. */
            const struct lb_screening *q = &r->screening[question];
            /* TRANSLATORS: %s is the routine's advice for a person who should not go on. */
            snprintf(line, sizeof(line), q->stop_if ? _("If your answer is yes, stop here: %s")
                                                    : _("If your answer is no, stop here: %s"),
                     q->advice);
            para(&l, line, 5, false, SOFT, w / 2, a.y + a.h + px(&l, 5), w * 3 / 4,
                 LB_ANCHOR_TOP_CENTER);
            snprintf(line, sizeof(line), _("Starts in %s"),
                     clock_up(auto_ms, total, sizeof(total)));
            text_at(&l, line, 5, true, WHITE, w / 2, h - l.margin_y, LB_ANCHOR_BOTTOM_CENTER);
        } else {
            /* Y and N, or an arrow to pick one and Enter. */
            int bottom = h - l.margin_y;
            if (from_library)
                bottom = text_at(&l, _("Esc back"), 4, false, SOFT, w / 2, bottom,
                                 LB_ANCHOR_BOTTOM_CENTER).y - px(&l, 2);
            int gap = px(&l, 3);
            /* TRANSLATORS: Y and N are the keys that answer: keep them. */
            button(&l, _("Y  Yes"), w / 2 - gap, bottom, LB_ANCHOR_BOTTOM_RIGHT, choice == 0);
            button(&l, _("N  No"), w / 2 + gap, bottom, LB_ANCHOR_BOTTOM_LEFT, choice == 1);
        }
    } else {
        a = text_at(&l, _("Not today"), 7, true, WHITE, w / 2, y + px(&l, 2),
                    LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + px(&l, 3);
        para(&l, r->screening[question].advice, 5, false, SOFT, w / 2, y, w * 3 / 4,
             LB_ANCHOR_TOP_CENTER);
        text_at(&l, from_library ? _("Press Enter to go back") : _("Press Enter to close"), 5,
                true, WHITE, w / 2, h - l.margin_y, LB_ANCHOR_BOTTOM_CENTER);
    }
}

void lb_overlay_draw_errors(struct lb_text *text, const char *heading, const char *errors,
                            int w, int h, double text_scale)
{
    struct layout l = layout_for(text, w, h, text_scale);
    const int max_lines = 8;
    struct lb_text_style hs = style(&l, 4.2, true, WHITE), es = style(&l, 3.5, false, SOFT);
    hs.wrap = es.wrap = w - 2 * l.margin_x - 2 * px(&l, 2);
    SDL_Rect hm = lb_text_measure(text, heading, &hs);
    /* Measure the lines that fit, then draw the box and them. */
    int heights[8], n = 0, more = 0, total = hm.h;
    char lines[8][600];
    for (const char *p = errors; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (n < max_lines) {
            snprintf(lines[n], sizeof(lines[n]), "%.*s", (int)len, p);
            heights[n] = lb_text_measure(text, lines[n], &es).h;
            total += px(&l, 0.8) + heights[n];
            n++;
        } else {
            more++;
        }
        p = end ? end + 1 : NULL;
    }
    char tail[64];
    if (more) {
        snprintf(tail, sizeof(tail), ngettext("and %d more (limber check shows them all)",
                                              "and %d more (limber check shows them all)",
                                              (unsigned long)more), more);
        total += px(&l, 0.8) + lb_text_measure(text, tail, &es).h;
    }
    SDL_Rect b = {l.margin_x, l.margin_y, w - 2 * l.margin_x, total + 2 * px(&l, 2)};
    /* translucent: the routine that goes on shows through */
    fill(&l, b, (SDL_Color){0x10, 0x14, 0x18, 0xff}, 240);
    int x = b.x + px(&l, 2), y = b.y + px(&l, 2);
    y += lb_text_draw(text, heading, &hs, x, y, LB_ANCHOR_TOP_LEFT).h;
    for (int i = 0; i < n; i++) {
        y += px(&l, 0.8);
        y += lb_text_draw(text, lines[i], &es, x, y, LB_ANCHOR_TOP_LEFT).h;
    }
    if (more)
        lb_text_draw(text, tail, &es, x, y + px(&l, 0.8), LB_ANCHOR_TOP_LEFT);
}

void lb_overlay_draw_notice(struct lb_text *text, const char *message, int w, int h,
                            double text_scale)
{
    struct layout l = layout_for(text, w, h, text_scale);
    boxed(&l, message, 5.5, true, WHITE, w / 2, h / 2, LB_ANCHOR_CENTER, w * 8 / 10);
}
