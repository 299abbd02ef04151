/* Exercise blocks on screen: title, side and set, time left, rep and hold, placed where they
 * hide the least of the picture (the figure's head is at the top of a full-frame clip). */
#include "exercise_view.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

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

const char *lb_ov_where_label(const struct lb_step *s, int side, int set, char *buf,
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

void lb_ov_rep_labels(const struct lb_coach_state *st, const struct lb_step *s, char *rep,
                      size_t rep_size, char *sub, size_t sub_size)
{
    rep[0] = sub[0] = '\0';
    if (st->rep <= 0)
        return;
    snprintf(rep, rep_size, ngettext("Rep %d of %d", "Rep %d of %d", (unsigned long)s->reps),
             st->rep, s->reps);
    long long hold_s = (st->rep_phase_left_ms + 999) / 1000;
    if (st->rep_phase == LB_REP_HOLD)
        /* TRANSLATORS: the seconds left in a hold, under the rep number. */
        snprintf(sub, sub_size, ngettext("Hold  %lld s", "Hold  %lld s", (unsigned long)hold_s),
                 hold_s);
    else
        snprintf(sub, sub_size, "%s", _("Move slowly"));
}

/* `percent` of the height in pixels, at least 2: for paddings that the kit's 8-pixel minimum
 * would make too tall at 720p. */
static int fine_px(const struct lb_layout *l, double percent)
{
    int v = (int)(l->unit * percent + 0.5);
    return v < 2 ? 2 : v;
}

/* The bar of the block's time left, in r. */
static void time_bar(const struct lb_layout *l, SDL_Rect r, const struct lb_coach_state *st)
{
    int64_t len = st->phase_elapsed_ms + st->phase_left_ms;
    lb_ov_bar(l, r, len ? (double)st->phase_left_ms / (double)len : 0, LB_OV_ACCENT);
}

/* Text wrapped to `wrap` (centred on x when centre), from y; returns the y under it. */
static int line_at(const struct lb_layout *l, const char *s, double size, bool bold,
                   SDL_Color c, int x, int y, int wrap, bool centre)
{
    if (!s[0])
        return y;
    struct lb_text_style st = lb_ov_style(l, size, bold, c);
    st.wrap = wrap;
    st.align = centre ? LB_ALIGN_CENTER : LB_ALIGN_LEFT;
    SDL_Rect a = lb_text_draw(l->text, s, &st, x, y, centre ? LB_ANCHOR_TOP_CENTER
                                                            : LB_ANCHOR_TOP_LEFT);
    return a.y + a.h;
}

/* Pillarbox: the title, side and set in the left bar, the time and rep in the right one (the
 * other way round for a right-to-left routine), each wrapped to its bar, on the bars' own dark
 * background. */
static void in_side_bars(const struct lb_layout *l, const struct lb_overlay_input *in,
                         const struct lb_step *s, SDL_Rect pic)
{
    const struct lb_coach_state *st = in->state;
    char where[128], t[32], rep[64], sub[64];
    int gap = lb_ov_px(l, 1.5), bar_w = pic.x, inner = bar_w - 2 * gap;
    int title_x = l->rtl ? pic.x + pic.w + gap : gap;
    int cx = l->rtl ? bar_w / 2 : pic.x + pic.w + bar_w / 2;
    int y = l->margin_y;
    y = line_at(l, s->title, 4.5, true, LB_OV_WHITE, title_x, y, inner, false);
    lb_ov_where_label(s, st->side, st->set, where, sizeof(where));
    char *dot = strstr(where, "  \u00b7  "); /* side and set on lines of their own */
    if (dot) {
        *dot = '\n';
        memmove(dot + 1, dot + strlen("  \u00b7  "), strlen(dot + strlen("  \u00b7  ")) + 1);
    }
    line_at(l, where, 3.8, false, LB_OV_SOFT, title_x, y + lb_ov_px(l, 1), inner, false);
    /* The clock as large as the bar allows. */
    lb_ov_clock_up(st->phase_left_ms, t, sizeof(t));
    double size = 9;
    struct lb_text_style big = lb_ov_style(l, size, true, LB_OV_WHITE);
    while (size > 4 && lb_text_measure(l->text, t, &big).w > inner) {
        size -= 0.5;
        big = lb_ov_style(l, size, true, LB_OV_WHITE);
    }
    y = l->margin_y;
    SDL_Rect a = lb_text_draw(l->text, t, &big, cx, y, LB_ANCHOR_TOP_CENTER);
    y = a.y + a.h;
    time_bar(l, (SDL_Rect){cx - inner / 2, y, inner, lb_ov_px(l, 1)}, st);
    y += lb_ov_px(l, 1) + lb_ov_px(l, 2);
    lb_ov_rep_labels(st, s, rep, sizeof(rep), sub, sizeof(sub));
    y = line_at(l, rep, 4.2, true, LB_OV_WHITE, cx, y, inner, true);
    line_at(l, sub, 3.8, false, LB_OV_SOFT, cx, y, inner, true);
}

/* Full frame, or a letterbox bar too low for more: one row across the top, the title with
 * side and set on the left, rep, hold and clock on the right (mirrored for a right-to-left
 * routine), over a thin bar of the block's time. It ends above LB_OV_COMPACT_MAX_PERCENT of the
 * height. */
static void compact_row(const struct lb_layout *l, const struct lb_overlay_input *in,
                        const struct lb_step *s, int top)
{
    const struct lb_coach_state *st = in->state;
    char where[128], t[32], rep[64], sub[64], right[160];
    struct lb_text_style ts = lb_ov_style(l, 4.3, true, LB_OV_WHITE);
    struct lb_text_style ws = lb_ov_style(l, 3.6, false, LB_OV_SOFT);
    struct lb_text_style cs = lb_ov_style(l, 4.3, true, LB_OV_ACCENT);
    struct lb_text_style rs = lb_ov_style(l, 3.6, false, LB_OV_WHITE);
    int pad_x = lb_ov_px(l, 1.6), pad_y = fine_px(l, 0.5), gap = lb_ov_px(l, 1.5);
    int bar_h = fine_px(l, 0.6);
    /* Right: "Rep 2 of 3  ·  Hold 4 s   0:12". */
    lb_ov_clock_up(st->phase_left_ms, t, sizeof(t));
    lb_ov_rep_labels(st, s, rep, sizeof(rep), sub, sizeof(sub));
    snprintf(right, sizeof(right), rep[0] ? "%s  \u00b7  %s" : "%s%s", rep, sub);
    SDL_Rect cm = lb_text_measure(l->text, t, &cs), rm = lb_text_measure(l->text, right, &rs);
    int row_h = cm.h + 2 * pad_y;
    int right_w = cm.w + (rm.w ? rm.w + gap : 0) + 2 * pad_x;
    SDL_Rect rb = {l->w - l->margin_x - right_w, top, right_w, row_h + bar_h};
    if (l->rtl)
        rb.x = l->margin_x;
    lb_ov_box(l, rb);
    int x = rb.x + pad_x;
    if (rm.w) {
        lb_text_draw(l->text, right, &rs, x, top + pad_y + (cm.h - rm.h) / 2,
                     LB_ANCHOR_TOP_LEFT);
        x += rm.w + gap;
    }
    lb_text_draw(l->text, t, &cs, x, top + pad_y, LB_ANCHOR_TOP_LEFT);
    time_bar(l, (SDL_Rect){rb.x, top + row_h, rb.w, bar_h}, st);
    /* Left: the title and where, cut to the room left of the right box. */
    lb_ov_where_label(s, st->side, st->set, where, sizeof(where));
    SDL_Rect tm = lb_text_measure(l->text, s->title, &ts);
    SDL_Rect wm = lb_text_measure(l->text, where, &ws);
    int room = l->w - 2 * l->margin_x - rb.w - gap - 2 * pad_x;
    int left_w = tm.w + (wm.w ? gap + wm.w : 0);
    if (left_w > room) { /* too long for one row: the side and set go, then the title is cut */
        wm.w = 0;
        left_w = tm.w < room ? tm.w : room;
    }
    SDL_Rect lbx = {l->margin_x, top, left_w + 2 * pad_x, row_h + bar_h};
    if (l->rtl)
        lbx.x = l->w - l->margin_x - lbx.w;
    lb_ov_box(l, lbx);
    SDL_RenderSetClipRect(l->r, &lbx);
    /* Right to left: the side and set come first from the left, the title at the right. */
    int title_x = lbx.x + pad_x + (l->rtl && wm.w ? wm.w + gap : 0);
    int where_x = l->rtl ? lbx.x + pad_x : lbx.x + pad_x + tm.w + gap;
    lb_text_draw(l->text, s->title, &ts, title_x, top + pad_y, LB_ANCHOR_TOP_LEFT);
    if (wm.w)
        lb_text_draw(l->text, where, &ws, where_x, top + pad_y + (tm.h - wm.h) / 2,
                     LB_ANCHOR_TOP_LEFT);
    SDL_RenderSetClipRect(l->r, NULL);
}

/* No clip: the instructions stay on a card for the whole block, with side and set, the rep
 * and the clock, as a timer's card. Returns where captions may end. */
static int instruction_card(const struct lb_layout *l, const struct lb_overlay_input *in,
                            const struct lb_step *s)
{
    const struct lb_coach_state *st = in->state;
    char where[128], rep[64], sub[64], line[200];
    int y = lb_ov_card(l, s->title, s->instructions);
    lb_ov_where_label(s, st->side, st->set, where, sizeof(where));
    lb_ov_rep_labels(st, s, rep, sizeof(rep), sub, sizeof(sub));
    if (rep[0])
        snprintf(line, sizeof(line), "%s  \u00b7  %s", rep, sub);
    else
        line[0] = '\0';
    y = line_at(l, where, 4.5, false, LB_OV_SOFT, l->w / 2, y - lb_ov_px(l, 1.5),
                l->w * 8 / 10, true);
    y = line_at(l, line, 5, true, LB_OV_WHITE, l->w / 2, y + lb_ov_px(l, 1), l->w * 8 / 10,
                true);
    lb_ov_card_clock(l, y, st->phase_left_ms, st->phase_elapsed_ms + st->phase_left_ms);
    return l->h - l->margin_y - lb_ov_px(l, 8);
}

int lb_ov_exercise_panels(const struct lb_layout *l, const struct lb_overlay_input *in,
                          const struct lb_step *s, int bottom)
{
    if (!s->clip)
        return instruction_card(l, in, s);
    SDL_Rect pic = in->has_picture ? in->picture : (SDL_Rect){0, 0, l->w, l->h};
    if (pic.w > 0 && pic.x * 100 >= l->w * LB_OV_SIDE_BAR_MIN_PERCENT) {
        in_side_bars(l, in, s, pic);
        return bottom;
    }
    /* In a top letterbox bar that holds the row, centred in it; else at the top edge, just
     * under the routine's progress bar. */
    int top = l->margin_y / 2 + lb_ov_px(l, 0.6) / 2 + fine_px(l, 0.6);
    int row = lb_ov_px(l, 4.3) * 6 / 5 + 2 * fine_px(l, 0.5) + fine_px(l, 0.6);
    if (pic.h > 0 && pic.y >= top + row)
        top = top + (pic.y - top - row) / 2;
    compact_row(l, in, s, top);
    return bottom;
}
