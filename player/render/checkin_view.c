/* Drawing the pain check-in: eleven large boxes, the chosen one filled, Skip highlighted while
 * none is chosen (so Enter never gives a number the person did not pick). */
#include "checkin_view.h"

#include <stdio.h>

#include "i18n.h"
#include "overlay_kit.h"

/* `percent` of `unit` in pixels (at least 1: thin lines stay visible). */
static int px(double unit, double percent)
{
    return lb_ov_px_unit(unit, percent, 1);
}

/* A white frame `t` thick around b: the highlight, which does not depend on colour. */
static void frame(SDL_Renderer *r, SDL_Rect b, int t)
{
    SDL_Rect e[4] = {{b.x - t, b.y - t, b.w + 2 * t, t}, {b.x - t, b.y + b.h, b.w + 2 * t, t},
                     {b.x - t, b.y, t, b.h}, {b.x + b.w, b.y, t, b.h}};
    for (int i = 0; i < 4; i++)
        lb_ov_fill_opaque(r, e[i], LB_OV_WHITE);
}

void lb_checkin_view_draw(struct lb_text *t, const struct lb_checkin_view *v, int w, int h)
{
    SDL_Renderer *r = t->renderer;
    double unit = h / 100.0 * (v->text_scale > 0 ? v->text_scale : 1.0);
    SDL_SetRenderDrawColor(r, 0x1b, 0x22, 0x2b, 255);
    SDL_RenderClear(r);
    int y = h / 20 + px(unit, 2);
    struct lb_text_style sub = {.px = px(unit, 4.5), .color = LB_OV_ACCENT, .wrap = w * 9 / 10,
                                .align = LB_ALIGN_CENTER};
    SDL_Rect a = lb_text_draw(t, v->after ? _("Before you go") : v->routine, &sub, w / 2, y,
                              LB_ANCHOR_TOP_CENTER);
    struct lb_text_style q = {.px = px(unit, 7), .bold = true, .color = LB_OV_WHITE,
                              .wrap = w * 9 / 10, .align = LB_ALIGN_CENTER};
    a = lb_text_draw(t, _("How is your back right now?"), &q, w / 2, a.y + a.h + px(unit, 3),
                     LB_ANCHOR_TOP_CENTER);
    /* The scale: 11 boxes across 84 % of the width. */
    int span = w * 84 / 100, gap = span / 60;
    int cell = (span - 10 * gap) / 11;
    int side = cell < px(unit, 14) ? cell : px(unit, 14);
    int x0 = w / 2 - (11 * side + 10 * gap) / 2, top = a.y + a.h + px(unit, 8);
    int thick = px(unit, 0.7) < 3 ? 3 : px(unit, 0.7);
    for (int i = 0; i <= 10; i++) {
        SDL_Rect b = {x0 + i * (side + gap), top, side, side};
        bool chosen = i == v->value;
        lb_ov_fill_opaque(r, b, chosen ? LB_OV_ACCENT : LB_OV_ROW_BG);
        if (chosen)
            frame(r, b, thick);
        char n[4];
        snprintf(n, sizeof(n), "%d", i);
        struct lb_text_style ns = {.px = side * 55 / 100, .bold = true,
                                   .color = chosen ? LB_OV_DARK : LB_OV_WHITE};
        lb_text_draw(t, n, &ns, b.x + b.w / 2, b.y + b.h / 2, LB_ANCHOR_CENTER);
    }
    struct lb_text_style ends = {.px = px(unit, 4), .color = LB_OV_SOFT};
    int below = top + side + px(unit, 2);
    /* TRANSLATORS: the two ends of the 0 to 10 pain scale. */
    lb_text_draw(t, _("no pain"), &ends, x0, below, LB_ANCHOR_TOP_LEFT);
    lb_text_draw(t, _("worst imaginable"), &ends, x0 + 11 * side + 10 * gap, below,
                 LB_ANCHOR_TOP_RIGHT);
    /* The two answers: Enter with the number chosen, or Skip (highlighted while none is). */
    char confirm[64];
    if (v->value >= 0)
        snprintf(confirm, sizeof(confirm), _("Enter  %d, that's it"), v->value);
    else
        snprintf(confirm, sizeof(confirm), "%s", _("Enter  skip"));
    struct lb_text_style bs = {.px = px(unit, 5), .bold = true, .color = LB_OV_WHITE};
    int by = h - h / 20 - px(unit, 9);
    SDL_Rect m = lb_text_measure(t, confirm, &bs);
    int pad = bs.px / 2;
    SDL_Rect b = {w / 2 - m.w / 2 - pad, by - m.h - pad / 2, m.w + 2 * pad, m.h + pad};
    lb_ov_fill_opaque(r, b, LB_OV_ROW_BG);
    frame(r, b, thick);
    lb_text_draw(t, confirm, &bs, b.x + pad, b.y + pad / 2, LB_ANCHOR_TOP_LEFT);
    struct lb_text_style keys = {.px = px(unit, 4), .color = LB_OV_SOFT, .wrap = w * 9 / 10,
                                 .align = LB_ALIGN_CENTER};
    /* TRANSLATORS: the check-in's keys: a key's name, two spaces, what it does. */
    lb_text_draw(t, v->value >= 0 ? _("0-9 or Left, Right  choose    S  skip")
                                  : _("0-9 or Left, Right  choose    Enter or S  skip"),
                 &keys, w / 2, h - h / 20, LB_ANCHOR_BOTTOM_CENTER);
}
