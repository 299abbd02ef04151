/* Drawing the coaching overlay and the cards, sized to be read from a sofa 3 m from a TV. */
#include "overlay.h"

#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "endings.h"
#include "exercise_view.h"
#include "i18n.h"
#include "overlay_kit.h"

/* The whole routine's progress: a thin bar inside the action-safe area, a tick at each step. */
static void progress(const struct lb_layout *l, const struct lb_overlay_input *in)
{
    const struct lb_plan *p = in->plan;
    if (p->total_ms <= 0)
        return;
    int th = lb_ov_px(l, 0.6), x0 = l->margin_x, span = l->w - 2 * l->margin_x;
    SDL_Rect r = {x0, l->margin_y / 2 - th / 2, span, th};
    double done = (double)in->state->routine_pos_ms / (double)p->total_ms;
    if (l->rtl) { /* filling from the right */
        lb_ov_box(l, r);
        int fw = (int)(span * (done < 0 ? 0 : done > 1 ? 1 : done));
        lb_ov_fill(l, (SDL_Rect){x0 + span - fw, r.y, fw, th}, LB_OV_ACCENT, 255);
    } else {
        lb_ov_bar(l, r, done, LB_OV_ACCENT);
    }
    for (int i = 1; i < p->routine->n_steps; i++) {
        int x = lb_ov_mirror_x(l, x0 + (int)((double)p->steps[i].start_ms /
                                             (double)p->total_ms * span));
        lb_ov_fill(l, (SDL_Rect){x - 1, r.y, 3, th}, (SDL_Color){0x10, 0x14, 0x18, 0xff}, 255);
    }
}

/* The bottom edge of the lowest caption: just above the warning strip when there is one. */
static int captions_bottom(const struct lb_layout *l, const struct lb_coach_state *st)
{
    int bottom = l->h - l->margin_y;
    if (st->warning) {
        struct lb_text_style ws = lb_ov_style(l, 4.5, true, LB_OV_DARK);
        SDL_Rect m = lb_text_measure(l->text, "\u26a0", &ws);
        bottom -= m.h + ws.px / 2 + lb_ov_px(l, 1.5);
    }
    return bottom;
}

/* The active cues, subtitle style, stacked upwards from `bottom`; returns the top of the
 * stack (where a spoken line's caption may go). */
static int cue_captions(const struct lb_layout *l, const struct lb_coach_state *st,
                        const struct lb_step *s, int bottom)
{
    for (int i = st->n_cues - 1; i >= 0; i--) {
        const struct lb_cue *c = &s->cues[st->cues[i]];
        const char *words = c->text ? c->text : c->say;
        SDL_Rect cb = lb_ov_boxed(l, words, 5, false, LB_OV_WHITE, l->w / 2, bottom,
                            LB_ANCHOR_BOTTOM_CENTER, l->w * 7 / 10);
        bottom = cb.y - lb_ov_px(l, 1);
    }
    return bottom;
}

/* The exercise's panels clear of the picture, then its cues, subtitle style: low and
 * centred, stacked upwards from just above the warning strip (drawn later at the bottom), so
 * the figure in the middle stays clear. Returns the top of the stacked cue captions (where a
 * spoken line's caption may go). */
static int exercise_block(const struct lb_layout *l, const struct lb_overlay_input *in,
                          const struct lb_step *s)
{
    int bottom = lb_ov_exercise_panels(l, in, s, captions_bottom(l, in->state));
    return cue_captions(l, in->state, s, bottom);
}

static const char *next_title(const struct lb_overlay_input *in)
{
    int n = in->state->next_step;
    return n >= 0 ? in->plan->routine->steps[n].title : NULL;
}

/* --- audio coaching (issue 5) --- */
/* The line being spoken, subtitle style, its bottom at `bottom` (above the warning strip and
 * any cue captions), unless a cue on screen or one of the panel's texts `shown` (two, or NULL)
 * already says it. */
static void voice_caption(const struct lb_layout *l, const struct lb_overlay_input *in,
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
    lb_ov_boxed(l, in->voice_caption, 4.5, false, LB_OV_WHITE, l->w / 2, bottom,
                LB_ANCHOR_BOTTOM_CENTER, l->w * 7 / 10);
}
/* --- end audio coaching --- */

/* Everything under the shades: the screen of the phase, its progress bar, warning strip and
 * spoken line's caption. */
static void draw_under(const struct lb_layout *lp, const struct lb_overlay_input *in)
{
    struct lb_layout l = *lp;
    int w = l.w, h = l.h;
    const struct lb_coach_state *st = in->state;
    const struct lb_routine *r = in->plan->routine;
    const struct lb_step *s = st->step >= 0 ? &r->steps[st->step] : NULL;
    char big[32], line[300], head[256], where[128], t[32];
    bool strip = false;
    int caption_at = captions_bottom(&l, st);
    const char *shown[2] = {NULL, NULL}; /* panel texts a spoken line need not repeat */

    if (st->recovering) /* the rest after a pain skip, before the next step's countdown */
        lb_ov_recovery_screen(&l, in);
    switch (st->recovering ? LB_PHASE_START : st->phase) {
    case LB_PHASE_COUNTDOWN:
        snprintf(head, sizeof(head), _("Get ready: %s"), s->title);
        shown[0] = head;
        snprintf(big, sizeof(big), "%lld", (long long)((st->phase_left_ms + 999) / 1000));
        lb_ov_centre_panel(&l, head, big,
                           lb_ov_where_label(s, st->side, st->set, where, sizeof(where)),
                           s->instructions);
        strip = true;
        break;
    case LB_PHASE_BLOCK:
        if (s->kind == LB_KIND_EXERCISE && !in->clip_error) {
            caption_at = exercise_block(&l, in, s);
            strip = true;
        } else if (s->kind == LB_KIND_EXERCISE) {
            int y = lb_ov_card(&l, s->title, s->instructions);
            lb_ov_card_clock(&l, y, st->phase_left_ms, st->phase_elapsed_ms + st->phase_left_ms);
            /* TRANSLATORS: %s is the reason, in English, from the media library. */
            snprintf(line, sizeof(line), _("The clip cannot play: %s"), in->clip_error);
            lb_ov_para(&l, line, 4, false, LB_OV_SOFT, w / 2, h - l.margin_y - lb_ov_px(&l, 7),
                       w * 8 / 10, LB_ANCHOR_BOTTOM_CENTER);
            strip = true;
        } else {
            int y = lb_ov_card(&l, s->title, s->instructions);
            lb_ov_card_clock(&l, y, st->phase_left_ms, st->phase_elapsed_ms + st->phase_left_ms);
            if (s->kind == LB_KIND_INFO) {
                snprintf(line, sizeof(line), _("Goes on by itself in %s"),
                         lb_ov_clock_up(st->phase_left_ms, t, sizeof(t)));
                caption_at = lb_ov_card_foot(&l, line);
            } else {
                /* An exported video has no keys: it can only be paused. */
                const char *foot =
                    in->unattended ? _("Pause the video if you need longer")
                                   : _("Space to pause  \u00b7  Right arrow when you are done");
                caption_at = lb_ov_card_foot(&l, foot);
            }
            caption_at = cue_captions(&l, st, s, caption_at); /* the calm cues of a long timer */
        }
        break;
    case LB_PHASE_INFO_WAIT:
        lb_ov_card(&l, s->title, s->instructions);
        lb_ov_text_at(&l, in->unattended ? _("Pause the video if you need longer")
                                   : _("Press Enter to continue"), 5.5, true, LB_OV_WHITE, w / 2,
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
        lb_ov_centre_panel(&l, what, lb_ov_clock_up(st->phase_left_ms, big, sizeof(big)), line,
                     st->phase == LB_PHASE_REST
                         ? ""
                         : lb_ov_where_label(s, st->side, st->set, where, sizeof(where)));
        break;
    }
    case LB_PHASE_DONE:
        lb_ov_end_screen(&l, in);
        break;
    default:
        break;
    }
    if (st->phase != LB_PHASE_DONE && st->phase != LB_PHASE_START)
        progress(&l, in);
    if (strip && st->warning && !st->pain)
        lb_ov_warning_strip(&l, st->warning, lb_ov_mirror_x(&l, l.margin_x), h - l.margin_y,
                            lb_ov_mirror_anchor(&l, LB_ANCHOR_BOTTOM_LEFT));
    if (in->voice_caption && !st->pain && st->phase != LB_PHASE_DONE) /* audio coaching */
        voice_caption(&l, in, s, caption_at, shown);
}

/* The topmost shade lb_overlay_draw draws: everything under it is the backdrop. */
enum top_shade { SHADE_NONE, SHADE_PAIN, SHADE_LEAVE, SHADE_KEYS };

static enum top_shade top_shade(const struct lb_overlay_input *in)
{
    if (in->help)
        return SHADE_KEYS;
    if (in->leave_asking && in->state->phase != LB_PHASE_DONE)
        return SHADE_LEAVE;
    return in->state->pain ? SHADE_PAIN : SHADE_NONE;
}

/* "Leave this routine?" or the pain stop (their shade first when `shade`), else the pause. */
static void draw_modal(const struct lb_layout *l, const struct lb_overlay_input *in, bool shade)
{
    const struct lb_coach_state *st = in->state;
    const struct lb_routine *r = in->plan->routine;
    if (in->leave_asking && st->phase != LB_PHASE_DONE) {
        if (shade)
            lb_ov_shade(l, LB_OV_SHADE_QUESTION);
        lb_ov_leave_question(l, in);
    } else if (st->pain) {
        if (shade)
            lb_ov_shade(l, LB_OV_SHADE_FULL);
        lb_ov_pain_screen(l, in, st->step >= 0 ? &r->steps[st->step] : NULL);
    } else if (st->paused && st->phase != LB_PHASE_DONE) {
        lb_ov_boxed(l, _("Paused  \u00b7  Space to go on"), 6, true, LB_OV_WHITE, l->w / 2,
                    l->h / 2, LB_ANCHOR_CENTER, 0);
    }
}

/* The volume, briefly after a change. */
static void draw_volume(const struct lb_layout *l, const struct lb_overlay_input *in)
{
    char line[64];
    if (!in->show_volume)
        return;
    if (in->muted)
        snprintf(line, sizeof(line), "%s", _("Muted"));
    else
        snprintf(line, sizeof(line), ngettext("Volume %d%%", "Volume %d%%",
                                              (unsigned long)in->volume), in->volume);
    lb_ov_boxed(l, line, 4.5, false, LB_OV_WHITE, lb_ov_mirror_x(l, l->w - l->margin_x),
                l->h - l->margin_y, lb_ov_mirror_anchor(l, LB_ANCHOR_BOTTOM_RIGHT), 0);
}

static void help_keys(const struct lb_layout *l);

/* Drawn in layers: what is under the topmost shade (unless the caller has drawn it from the
 * backdrop), the shade, then what stands above it. */
void lb_overlay_draw(struct lb_text *text, const struct lb_overlay_input *in, int w, int h)
{
    struct lb_layout l = lb_ov_layout_for(text, w, h, in->text_scale);
    lb_ov_use_language(&l, in->plan->routine->language);
    l.backdrop = in->backdrop;
    enum top_shade top = top_shade(in);
    if (!in->backdrop_shown || top == SHADE_NONE) {
        draw_under(&l, in);
        if (top == SHADE_KEYS) { /* the keys over a question, the pain stop or the pause */
            draw_modal(&l, in, true);
            draw_volume(&l, in);
        }
        if (top != SHADE_NONE) {
            lb_ov_shade(&l, top == SHADE_LEAVE ? LB_OV_SHADE_QUESTION : LB_OV_SHADE_FULL);
            if (in->backdrop)
                lb_backdrop_keep(in->backdrop, in->backdrop_key, w, h);
        }
    }
    if (top == SHADE_KEYS) {
        help_keys(&l);
        return;
    }
    draw_modal(&l, in, false);
    draw_volume(&l, in);
}

/* Hashing the parts of the input a backdrop depends on. */
static uint64_t mix(uint64_t k, int64_t v)
{
    return lb_backdrop_hash(k, &v, sizeof(v));
}

uint64_t lb_overlay_backdrop_key(const struct lb_overlay_input *in, int w, int h)
{
    enum top_shade top = top_shade(in);
    if (top == SHADE_NONE)
        return 0;
    const struct lb_coach_state *st = in->state;
    int64_t parts[] = {
        top, w, h, (int64_t)(in->text_scale * 1000), (int64_t)(intptr_t)in->plan,
        st->phase, st->step, st->block, st->set, st->side, st->rep, st->rep_phase,
        st->rep_phase_left_ms, st->phase_elapsed_ms, st->phase_left_ms, st->routine_pos_ms,
        st->paused, st->waiting, st->pain, st->recovering,
        (st->recovery_left_ms + 999) / 1000, /* the rest's clock, as it is shown */
        (int64_t)(intptr_t)st->warning, st->next_step, st->n_cues,
        (int64_t)(intptr_t)in->clip_error, in->has_picture, in->picture.x, in->picture.y,
        in->picture.w, in->picture.h, in->from_library, in->unattended, in->outcome,
        in->active_ms, (int64_t)(intptr_t)in->record,
    };
    uint64_t k = lb_backdrop_hash(LB_BACKDROP_KEY_SEED, parts, sizeof(parts));
    for (int i = 0; i < st->n_cues && i < LB_MAX_ACTIVE_CUES; i++)
        k = mix(k, st->cues[i]);
    /* the spoken line's caption, where it is drawn */
    if (in->voice_caption && !st->pain && st->phase != LB_PHASE_DONE)
        k = lb_backdrop_hash(k, in->voice_caption, strlen(in->voice_caption) + 1);
    if (top == SHADE_KEYS) { /* the question, the pain stop and the volume are under the keys */
        int64_t above[] = {in->pain_choice, in->leave_asking, in->leave_choice,
                           in->show_volume, in->muted, in->volume};
        k = lb_backdrop_hash(k, above, sizeof(above));
    }
    return k ? k : 1;
}

void lb_overlay_draw_help(struct lb_text *text, int w, int h, double text_scale,
                          struct lb_backdrop *backdrop)
{
    struct lb_layout l = lb_ov_layout_for(text, w, h, text_scale);
    l.backdrop = backdrop;
    lb_ov_shade(&l, LB_OV_SHADE_FULL);
    help_keys(&l);
}

/* The keys and buttons, over the shade. */
static void help_keys(const struct lb_layout *lp)
{
    const struct lb_layout l = *lp;
    struct lb_text *text = l.text;
    int w = l.w, h = l.h;
    /* Key names as printed on keyboards and controllers, and what they do. */
    static const char *const keys[][2] = {
        {N_("Space, K"), N_("pause, go on")},   {N_("Enter"), N_("continue, confirm")},
        {N_("Right, L"), N_("next step")},      {N_("Left, J"), N_("previous step")},
        {"R", N_("repeat this block")},         {N_("P, Down"), N_("this hurts: stop")},
        {"M, 9, 0", N_("mute, volume")},        {"F", N_("full screen")},
        {"H, ?", N_("this help")},
        {N_("Esc"), N_("leave the routine (asks first), back")},
        {"Q", N_("leave the routine (asks first), quit")},
        {"G", N_("your progress (in the library)")},
        {N_("S, arrows"), N_("start screen: skip what hurt last time")},
    };
    static const char *const pad[][2] = {
        {"A", N_("pause, go on, choose")},      {"B", N_("leave (asks first), back")},
        {"Start", N_("continue")},              {N_("Back, Down"), N_("this hurts: stop")},
        {"LB, RB", N_("previous, next")},       {"Y, X", N_("yes, no")},
        {N_("D-pad"), N_("move, pick")},        {"Guide", N_("this help")},
    };
    int y = l.margin_y;
    SDL_Rect a =
        lb_ov_text_at(&l, _("Keys"), 6, true, LB_OV_WHITE, w / 2, y, LB_ANCHOR_TOP_CENTER);
    y = a.y + a.h + lb_ov_px(&l, 2);
    struct lb_text_style ks = lb_ov_style(&l, 3.8, true, LB_OV_ACCENT),
                         ds = lb_ov_style(&l, 3.8, false, LB_OV_WHITE);
    int col_w = (w - 2 * l.margin_x) / 2, line_h = lb_ov_px(&l, 4.8);
    for (int c = 0; c < 2; c++) {
        int x = l.margin_x + c * col_w + col_w * 4 / 10, yy = y;
        const char *const(*list)[2] = c ? pad : keys;
        int n = c ? (int)(sizeof(pad) / sizeof(pad[0])) : (int)(sizeof(keys) / sizeof(keys[0]));
        a = lb_ov_text_at(&l, c ? _("Game controller") : _("Keyboard"), 4.2, true, LB_OV_SOFT,
                    l.margin_x + c * col_w + col_w / 2, yy, LB_ANCHOR_TOP_CENTER);
        yy = a.y + a.h + lb_ov_px(&l, 1);
        for (int i = 0; i < n; i++, yy += line_h) {
            lb_text_draw(text, _(list[i][0]), &ks, x - lb_ov_px(&l, 1.5), yy, LB_ANCHOR_TOP_RIGHT);
            lb_text_draw(text, _(list[i][1]), &ds, x, yy, LB_ANCHOR_TOP_LEFT);
        }
    }
    a = lb_ov_text_at(&l, _("H or ? to close"), 4.2, false, LB_OV_SOFT, w / 2, h - l.margin_y,
                LB_ANCHOR_BOTTOM_CENTER);
    lb_ov_text_at(&l, _("TV remote: arrows to pick, Select = Enter, Back = Esc, Play = Space, "
                  "Down = this hurts"), 3.5, false, LB_OV_SOFT, w / 2, a.y - lb_ov_px(&l, 1.5),
            LB_ANCHOR_BOTTOM_CENTER);
}

/* The start card under the title (with `draw` false, only measured): the routine's steps and
 * length (`meta`), its description and its safety points. Returns where they end. */
static int start_body(const struct lb_layout *l, const struct lb_routine *r, const char *meta,
                      int y, bool draw)
{
    struct lb_text_style ms = lb_ov_style(l, 4.5, false, LB_OV_ACCENT);
    struct lb_text_style ds = lb_ov_style(l, 4.2, false, LB_OV_SOFT);
    struct lb_text_style hs = lb_ov_style(l, 4.8, true, LB_OV_WHITE);
    ds.wrap = l->w * 3 / 4;
    ds.align = LB_ALIGN_CENTER;
    SDL_Rect a = draw ? lb_text_draw(l->text, meta, &ms, l->w / 2, y, LB_ANCHOR_TOP_CENTER)
                      : lb_text_measure(l->text, meta, &ms);
    y += a.h + lb_ov_px(l, 2);
    if (r->description) {
        a = draw ? lb_text_draw(l->text, r->description, &ds, l->w / 2, y, LB_ANCHOR_TOP_CENTER)
                 : lb_text_measure(l->text, r->description, &ds);
        y += a.h + lb_ov_px(l, 3);
    }
    if (r->n_safety) {
        a = draw ? lb_text_draw(l->text, _("Before you start"), &hs, l->w / 2, y,
                                LB_ANCHOR_TOP_CENTER)
                 : lb_text_measure(l->text, _("Before you start"), &hs);
        y += a.h + lb_ov_px(l, 1.5);
    }
    /* Safety points: a left-aligned list with hanging bullets, the list itself centred. */
    struct lb_text_style st = lb_ov_style(l, 4.5, false, LB_OV_WHITE);
    int bullet_w = lb_text_measure(l->text, "\u2022  ", &st).w;
    st.wrap = l->w * 3 / 4 - bullet_w;
    int list_w = 0;
    for (int i = 0; i < r->n_safety && i < LB_SAFETY_ON_CARD; i++) {
        SDL_Rect m = lb_text_measure(l->text, r->safety[i], &st);
        list_w = bullet_w + m.w > list_w ? bullet_w + m.w : list_w;
    }
    for (int i = 0; i < r->n_safety && i < LB_SAFETY_ON_CARD; i++) {
        /* the bullets on the right of a right-to-left list */
        int x = lb_ov_mirror_x(l, l->w / 2 - list_w / 2);
        enum lb_anchor anchor = lb_ov_mirror_anchor(l, LB_ANCHOR_TOP_LEFT);
        if (draw) {
            lb_text_draw(l->text, "\u2022", &st, x, y, anchor);
            a = lb_text_draw(l->text, r->safety[i], &st, x + (l->rtl ? -bullet_w : bullet_w), y,
                             anchor);
        } else {
            a = lb_text_measure(l->text, r->safety[i], &st);
        }
        y += a.h + lb_ov_px(l, 1.2);
    }
    return y;
}

/* The history's note on the start screen, ending at `bottom`: returns its height (drawn only
 * when `draw`). The warning in the amber of the warnings, the line about last time above it. */
static int start_note(const struct lb_layout *l, const struct lb_start_note *note, int bottom,
                      bool draw)
{
    if (!note)
        return 0;
    int y = bottom, gap = lb_ov_px(l, 1.5);
    if (note->warning && note->warning[0]) {
        struct lb_text_style st = lb_ov_style(l, 4.2, true, LB_OV_DARK);
        st.wrap = l->w * 8 / 10;
        st.align = LB_ALIGN_CENTER;
        SDL_Rect m = lb_text_measure(l->text, note->warning, &st);
        int pad_y = st.px / 3, pad_x = st.px / 2;
        SDL_Rect b = {l->w / 2 - m.w / 2 - pad_x, y - m.h - 2 * pad_y, m.w + 2 * pad_x,
                      m.h + 2 * pad_y};
        if (draw) {
            lb_ov_fill(l, b, LB_OV_WARNING_BG, 255);
            lb_text_draw(l->text, note->warning, &st, b.x + pad_x, b.y + pad_y,
                         LB_ANCHOR_TOP_LEFT);
        }
        y = b.y - gap;
    }
    if (note->last && note->last[0]) {
        struct lb_text_style st = lb_ov_style(l, 4.2, false, LB_OV_ACCENT);
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
    struct lb_layout l = lb_ov_layout_for(text, w, h, text_scale);
    const struct lb_routine *r = plan->routine;
    lb_ov_use_language(&l, r->language);
    char line[512], total[32];
    SDL_SetRenderDrawColor(l.r, LB_OV_CARD_BG.r, LB_OV_CARD_BG.g, LB_OV_CARD_BG.b, 255);
    SDL_RenderClear(l.r);
    int y = l.margin_y + lb_ov_px(&l, 2);
    SDL_Rect a =
        lb_ov_para(&l, r->title, 7, true, LB_OV_WHITE, w / 2, y, w * 9 / 10, LB_ANCHOR_TOP_CENTER);
    y = a.y + a.h + lb_ov_px(&l, 1.5);
    if (stage == 0 && r->author) { /* who wrote it: a physiotherapist's name means something */
        /* TRANSLATORS: %s is the routine's author, as the routine file gives it. */
        snprintf(line, sizeof(line), _("by %s"), r->author);
        a = lb_ov_para(&l, line, 4.2, false, LB_OV_SOFT, w / 2, y - lb_ov_px(&l, 0.5),
                       w * 9 / 10, LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + lb_ov_px(&l, 1.5);
    }
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
        int note_h = start_note(&l, note, h - l.margin_y - lb_ov_px(&l, 8), false);
        struct lb_layout fit = l;
        for (int k = 10; k > 5; k--) { /* smaller until it fits above the bottom line */
            fit.unit = l.unit * k / 10.0;
            if (start_body(&fit, r, line, top, false) <=
                h - l.margin_y - lb_ov_px(&l, 8) - note_h)
                break;
        }
        start_note(&l, note, h - l.margin_y - lb_ov_px(&l, 8), true);
        start_body(&fit, r, line, top, true);
        if (auto_ms >= 0) /* an exported video: nobody presses Enter */
            snprintf(line, sizeof(line), _("Starts in %s"),
                     lb_ov_clock_up(auto_ms, total, sizeof(total)));
        else
            snprintf(line, sizeof(line), "%s",
                     from_library ? _("Press Enter to start  \u00b7  Esc back")
                                  : _("Press Enter to start"));
        lb_ov_text_at(&l, line, 5, true, LB_OV_WHITE, w / 2, h - l.margin_y,
                      LB_ANCHOR_BOTTOM_CENTER);
    } else if (stage == 1) {
        snprintf(line, sizeof(line), ngettext("Question %d of %d", "Question %d of %d",
                                              (unsigned long)r->n_screening),
                 question + 1, r->n_screening);
        a = lb_ov_text_at(&l, line, 4.5, false, LB_OV_ACCENT, w / 2, y, LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + lb_ov_px(&l, 5);
        a = lb_ov_para(&l, r->screening[question].ask, 6.5, true, LB_OV_WHITE, w / 2, y, w * 3 / 4,
                 LB_ANCHOR_TOP_CENTER);
        if (auto_ms >= 0) {
            /* An exported video cannot ask: it says what the stopping answer means. */
            const struct lb_screening *q = &r->screening[question];
            /* TRANSLATORS: %s is the routine's advice for a person who should not go on. */
            snprintf(line, sizeof(line), q->stop_if ? _("If your answer is yes, stop here: %s")
                                                    : _("If your answer is no, stop here: %s"),
                     q->advice);
            lb_ov_para(&l, line, 5, false, LB_OV_SOFT, w / 2, a.y + a.h + lb_ov_px(&l, 5),
                       w * 3 / 4, LB_ANCHOR_TOP_CENTER);
            snprintf(line, sizeof(line), _("Starts in %s"),
                     lb_ov_clock_up(auto_ms, total, sizeof(total)));
            lb_ov_text_at(&l, line, 5, true, LB_OV_WHITE, w / 2, h - l.margin_y,
                          LB_ANCHOR_BOTTOM_CENTER);
        } else {
            /* Y and N, or an arrow to pick one and Enter. */
            int bottom = h - l.margin_y;
            if (from_library)
                bottom = lb_ov_text_at(&l, _("Esc back"), 4, false, LB_OV_SOFT, w / 2, bottom,
                                 LB_ANCHOR_BOTTOM_CENTER).y - lb_ov_px(&l, 2);
            int gap = lb_ov_px(&l, 3);
            /* TRANSLATORS: Y and N are the keys that answer: keep them. */
            lb_ov_button(&l, _("Y  Yes"), w / 2 - gap, bottom, LB_ANCHOR_BOTTOM_RIGHT,
                         choice == 0);
            lb_ov_button(&l, _("N  No"), w / 2 + gap, bottom, LB_ANCHOR_BOTTOM_LEFT, choice == 1);
        }
    } else {
        a = lb_ov_text_at(&l, _("Not today"), 7, true, LB_OV_WHITE, w / 2, y + lb_ov_px(&l, 2),
                    LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + lb_ov_px(&l, 3);
        lb_ov_para(&l, r->screening[question].advice, 5, false, LB_OV_SOFT, w / 2, y, w * 3 / 4,
             LB_ANCHOR_TOP_CENTER);
        lb_ov_text_at(&l, from_library ? _("Press Enter to go back") : _("Press Enter to close"),
                      5, true, LB_OV_WHITE, w / 2, h - l.margin_y, LB_ANCHOR_BOTTOM_CENTER);
    }
}

void lb_overlay_draw_errors(struct lb_text *text, const char *heading, const char *errors,
                            int w, int h, double text_scale)
{
    struct lb_layout l = lb_ov_layout_for(text, w, h, text_scale);
    const int max_lines = 8;
    struct lb_text_style hs = lb_ov_style(&l, 4.2, true, LB_OV_WHITE),
                         es = lb_ov_style(&l, 3.5, false, LB_OV_SOFT);
    hs.wrap = es.wrap = w - 2 * l.margin_x - 2 * lb_ov_px(&l, 2);
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
            total += lb_ov_px(&l, 0.8) + heights[n];
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
        total += lb_ov_px(&l, 0.8) + lb_text_measure(text, tail, &es).h;
    }
    SDL_Rect b = {l.margin_x, l.margin_y, w - 2 * l.margin_x, total + 2 * lb_ov_px(&l, 2)};
    /* Opaque: drawn over every frame of the routine that goes on under it, where a blend of
     * its 240/255 would cost the software renderer each pixel each frame for a trace of it. */
    lb_ov_fill(&l, b, (SDL_Color){0x10, 0x14, 0x18, 0xff}, 255);
    int x = b.x + lb_ov_px(&l, 2), y = b.y + lb_ov_px(&l, 2);
    y += lb_text_draw(text, heading, &hs, x, y, LB_ANCHOR_TOP_LEFT).h;
    for (int i = 0; i < n; i++) {
        y += lb_ov_px(&l, 0.8);
        y += lb_text_draw(text, lines[i], &es, x, y, LB_ANCHOR_TOP_LEFT).h;
    }
    if (more)
        lb_text_draw(text, tail, &es, x, y + lb_ov_px(&l, 0.8), LB_ANCHOR_TOP_LEFT);
}

void lb_overlay_draw_notice(struct lb_text *text, const char *message, int w, int h,
                            double text_scale)
{
    struct lb_layout l = lb_ov_layout_for(text, w, h, text_scale);
    lb_ov_boxed(&l, message, 5.5, true, LB_OV_WHITE, w / 2, h / 2, LB_ANCHOR_CENTER, w * 8 / 10);
}
