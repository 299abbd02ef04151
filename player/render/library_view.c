/* Drawing the routine library: one row per routine, the chosen one's details below. */
#include "library_view.h"

#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "i18n.h"
#include "overlay_kit.h"

static const SDL_Color ERROR_FG = {0xff, 0xa8, 0xa8, 0xff};  /* 8:1 on the background */

/* `percent` of `unit` in pixels (at least 8: text never under 8 px). */
static int px(double unit, double percent)
{
    return lb_ov_px_unit(unit, percent, 8);
}

/* "Replace the routine in your library?" over the list, for entry e from the USB stick. */
static void ask_replace(struct lb_text *text, const struct lb_library_view *v,
                        const struct lb_library_entry *e, int w, int h)
{
    struct lb_layout l = lb_ov_layout_for(text, w, h, v->text_scale);
    char sub[700];
    /* TRANSLATORS: %s is the routine's title; asked before a routine from a USB stick
     * replaces the one of the same title in the library. */
    snprintf(sub, sizeof(sub), _("\u201c%s\u201d is already in your library. The copy on the "
                                 "USB stick would take its place."), e->title);
    /* TRANSLATORS: the two answers; the first, the safe one, is highlighted first. */
    const char *const choices[2] = {_("Keep mine"), _("Replace")};
    /* TRANSLATORS: the question's key line: a key's name, two spaces, what it does; four
     * spaces between keys (Esc is the Back button of a remote). */
    lb_ov_shade(&l, LB_OV_SHADE_QUESTION);
    lb_ov_question(&l, _("Replace the routine in your library?"), sub, choices, v->answer,
                   _("Left, Right  choose    Enter  confirm    Esc  keep mine"));
}

void lb_library_view_draw(struct lb_text *text, const struct lb_library_view *v, int w, int h)
{
    SDL_Renderer *r = text->renderer;
    double unit = h / 100.0 * (v->text_scale > 0 ? v->text_scale : 1.0);
    int mx = w / 20, my = h / 20;
    SDL_SetRenderDrawColor(r, 0x1b, 0x22, 0x2b, 255);
    SDL_RenderClear(r);
    struct lb_text_style head = {.px = px(unit, 6), .bold = true, .color = LB_OV_WHITE};
    /* the person's language: its line breaking, and its direction for Limber's words */
    lb_text_set_language(text, lb_i18n_current(),
                         lb_text_language_rtl(lb_i18n_current()) ? LB_BASE_RTL : LB_BASE_AUTO);
    SDL_Rect a = lb_text_draw(text, _("Choose a routine"), &head, mx, my, LB_ANCHOR_TOP_LEFT);
    struct lb_text_style foot = {.px = px(unit, 4.2), .color = LB_OV_SOFT};
    /* TRANSLATORS: the library's key line: a key's name, two spaces, what it does; four
     * spaces between keys. */
    const char *keys = v->kiosk ? _("Up, Down  choose    Enter  start")
                                : _("Up, Down  choose    Enter  start    Esc  quit");
    if (v->history)
        keys = v->kiosk ? _("Up, Down  choose    Enter  start    G  history")
                        : _("Up, Down  choose    Enter  start    G  history    Esc  quit");
    if (v->busy) {
        keys = v->busy;
        foot.color = LB_OV_ACCENT;
    }
    SDL_Rect f = lb_text_draw(text, keys, &foot, w / 2, h - my, LB_ANCHOR_BOTTOM_CENTER);
    int top = a.y + a.h + px(unit, 2);
    int detail_h = px(unit, 19);
    int list_bottom = f.y - detail_h - px(unit, 2);
    int rows_total = v->n_entries + (v->history ? 1 : 0);
    if (v->n_entries == 0 && !v->history) {
        struct lb_text_style st = {.px = px(unit, 4.5), .color = LB_OV_SOFT, .wrap = w * 8 / 10,
                                   .align = LB_ALIGN_CENTER};
        char line[1200];
        if (v->where)
            snprintf(line, sizeof(line), _("No routines found. Put routine files (.yaml) in %s"),
                     v->where);
        else
            snprintf(line, sizeof(line), "%s",
                     _("No routines found. Put routine files (.yaml) in the routines folder"));
        lb_text_draw(text, line, &st, w / 2, top + px(unit, 10), LB_ANCHOR_TOP_CENTER);
        return;
    }
    struct lb_text_style ts = {.px = px(unit, 4.8), .bold = true, .color = LB_OV_WHITE};
    struct lb_text_style ms = {.px = px(unit, 4.2), .color = LB_OV_SOFT};
    int row_h = px(unit, 8);
    int rows = (list_bottom - top) / row_h;
    rows = rows < 1 ? 1 : rows;
    int first = v->selected - rows + 1 > 0 ? v->selected - rows + 1 : 0;
    for (int i = first; i < rows_total && i < first + rows; i++) {
        int y = top + (i - first) * row_h;
        SDL_Rect row = {mx, y, w - 2 * mx, row_h - px(unit, 1)};
        if (i == v->selected) {
            lb_ov_fill_opaque(r, row, LB_OV_ROW_BG);
            lb_ov_fill_opaque(r, (SDL_Rect){row.x, row.y, px(unit, 0.8), row.h}, LB_OV_ACCENT);
        }
        int cy = row.y + row.h / 2, pad = px(unit, 2.5);
        if (i == v->n_entries) { /* the History row */
            struct lb_text_style hs = {.px = px(unit, 4.8), .bold = true, .color = LB_OV_ACCENT};
            SDL_Rect hm = lb_text_measure(text, _("History: your progress"), &hs);
            lb_text_draw(text, _("History: your progress"), &hs, row.x + pad, cy - hm.h / 2,
                         LB_ANCHOR_TOP_LEFT);
            continue;
        }
        const struct lb_library_entry *e = &v->entries[i];
        char meta[96], t[32];
        if (e->error) {
            snprintf(meta, sizeof(meta), "%s", _("cannot be used"));
            ms.color = ERROR_FG;
        } else if (e->import) {
            /* TRANSLATORS: a routine on a USB stick in the library: choosing it copies it in
             * (replacing the routine of the same title, in the second form). */
            snprintf(meta, sizeof(meta), "%s", e->replaces ? _("Replace from USB stick")
                                                           : _("Add from USB stick"));
            ms.color = LB_OV_ACCENT;
        } else {
            lb_duration_clock(e->total_ms, t, sizeof(t) - 1);
            if (e->waits)
                strcat(t, "+");
            /* TRANSLATORS: a routine's length (e.g. "7:30", "7:30+" when it waits for the
             * person), a middle dot, and its number of steps. */
            snprintf(meta, sizeof(meta), ngettext("%s  \u00b7  %d step", "%s  \u00b7  %d steps",
                                                  (unsigned long)e->steps), t, e->steps);
            ms.color = LB_OV_SOFT;
        }
        SDL_Rect m = lb_text_measure(text, meta, &ms);
        lb_text_draw(text, meta, &ms, row.x + row.w - pad, cy - m.h / 2, LB_ANCHOR_TOP_RIGHT);
        char title[512];
        lb_text_fit(text, e->title, &ts, row.w - m.w - 3 * pad, title, sizeof(title));
        SDL_Rect tm = lb_text_measure(text, title, &ts);
        lb_text_draw(text, title, &ts, row.x + pad, cy - tm.h / 2, LB_ANCHOR_TOP_LEFT);
    }
    /* The chosen routine: its description, or why it cannot be used. */
    if (v->selected >= v->n_entries) {
        struct lb_text_style ds = {.px = px(unit, 4.2), .color = LB_OV_SOFT, .wrap = w - 2 * mx,
                                   .align = LB_ALIGN_CENTER};
        lb_text_draw(text, v->n_entries ? _("The days you moved, your pain before and after, "
                                            "and the steps that hurt.")
                                        : _("No routines found yet. The history shows the "
                                            "days you moved and how your back felt."),
                     &ds, w / 2, list_bottom + px(unit, 2), LB_ANCHOR_TOP_CENTER);
        return;
    }
    const struct lb_library_entry *e = &v->entries[v->selected];
    struct lb_text_style ds = {.px = px(unit, 4.2), .color = e->error ? ERROR_FG : LB_OV_SOFT,
                               .wrap = w - 2 * mx, .align = LB_ALIGN_CENTER};
    lb_text_draw(text, e->error ? e->error : e->description, &ds, w / 2, list_bottom +
                 px(unit, 2), LB_ANCHOR_TOP_CENTER);
    if (v->asking)
        ask_replace(text, v, e, w, h);
}
