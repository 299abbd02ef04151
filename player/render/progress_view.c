/* Drawing the progress screen: calendar on the left, pain chart on the right, the steps that
 * hurt below; the library's colours and sizes. */
#include "progress_view.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "overlay_kit.h"

static const SDL_Color WARM = {0xff, 0xb8, 0x6c, 0xff};     /* after: an orange apart from it */
static const SDL_Color GRID = {0x3a, 0x48, 0x58, 0xff};

/* `percent` of `unit` in pixels (at least 1: thin lines stay visible). */
static int px(double unit, double percent)
{
    return lb_ov_px_unit(unit, percent, 1);
}

/* A line `thick` pixels wide from (x0,y0) to (x1,y1), as two triangles. */
static void thick_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float thick,
                       SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = SDL_sqrtf(dx * dx + dy * dy);
    if (len < 0.5f)
        return;
    float nx = -dy / len * thick / 2, ny = dx / len * thick / 2;
    SDL_Vertex v[4];
    float pts[4][2] = {{x0 + nx, y0 + ny}, {x0 - nx, y0 - ny}, {x1 + nx, y1 + ny},
                       {x1 - nx, y1 - ny}};
    for (int i = 0; i < 4; i++)
        v[i] = (SDL_Vertex){.position = {pts[i][0], pts[i][1]}, .color = c};
    int idx[6] = {0, 1, 2, 1, 3, 2};
    SDL_RenderGeometry(r, NULL, v, 4, idx, 6);
}

static SDL_Rect text(struct lb_text *t, const char *s, int size_px, bool bold, SDL_Color c,
                     int x, int y, enum lb_anchor anchor)
{
    struct lb_text_style st = {.px = size_px, .bold = bold, .color = c};
    return lb_text_draw(t, s, &st, x, y, anchor);
}

/* The calendar: 8 rows of weeks (Monday first), each day a square, filled on days moved. */
static void draw_calendar(struct lb_text *t, const struct lb_progress *p, double unit,
                          SDL_Rect area)
{
    SDL_Renderer *r = t->renderer;
    int label_w = px(unit, 13), fs = px(unit, 3.6);
    int rows = LB_PROGRESS_DAYS / 7;
    int head_h = px(unit, 5);
    int cell = (area.h - head_h) / rows;
    int cw = (area.w - label_w) / 7;
    cell = cell < cw ? cell : cw;
    int gap = cell / 7 + 1;
    /* TRANSLATORS: the calendar's weekday initials, Monday first, separated by spaces. */
    char initials[64];
    snprintf(initials, sizeof(initials), "%s", _("M T W T F S S"));
    char *save = NULL, *day = strtok_r(initials, " ", &save);
    for (int d = 0; d < 7 && day; d++, day = strtok_r(NULL, " ", &save))
        text(t, day, fs, false, LB_OV_SOFT, area.x + label_w + d * cell + cell / 2, area.y,
             LB_ANCHOR_TOP_CENTER);
    for (int w = 0; w < rows; w++) {
        int y = area.y + head_h + w * cell;
        /* The row's Monday, as "13 Oct" (the strftime form, in the person's locale). */
        time_t monday = p->first_day + (time_t)w * 7 * 86400 + 43200;
        struct tm tm;
        localtime_r(&monday, &tm);
        char label[32];
        /* TRANSLATORS: strftime format of a week's first day in the calendar, e.g. 13 Oct. */
        strftime(label, sizeof(label), _("%e %b"), &tm);
        text(t, label[0] == ' ' ? label + 1 : label, fs, false, LB_OV_SOFT,
             area.x + label_w - gap * 2, y + (cell - gap) / 2 - fs * 6 / 10, LB_ANCHOR_TOP_RIGHT);
        for (int d = 0; d < 7; d++) {
            int i = w * 7 + d;
            SDL_Rect sq = {area.x + label_w + d * cell, y, cell - gap, cell - gap};
            if (i > p->today)
                continue; /* days to come: nothing */
            if (i == p->today) { /* today: a white frame */
                lb_ov_fill_opaque(r, sq, LB_OV_WHITE);
                sq = (SDL_Rect){sq.x + gap / 2 + 1, sq.y + gap / 2 + 1, sq.w - gap - 2,
                                sq.h - gap - 2};
            }
            lb_ov_fill_opaque(r, sq, p->days[i] ? LB_OV_ACCENT : LB_OV_ROW_BG);
        }
    }
}

/* The pain chart: 0..10 up, the sessions with a rating left to right, before and after as
 * two lines with points. */
static void draw_chart(struct lb_text *t, const struct lb_progress *p, double unit,
                       SDL_Rect area)
{
    SDL_Renderer *r = t->renderer;
    int fs = px(unit, 3.6);
    SDL_Rect title = text(t, _("Pain before and after (0 to 10)"), px(unit, 4.2), true,
                          LB_OV_WHITE, area.x, area.y, LB_ANCHOR_TOP_LEFT);
    int legend_y = title.y + title.h + px(unit, 1);
    int sw = px(unit, 3);
    lb_ov_fill_opaque(r, (SDL_Rect){area.x, legend_y + fs / 3, sw, fs / 2}, LB_OV_ACCENT);
    SDL_Rect l1 = text(t, _("before"), fs, false, LB_OV_SOFT, area.x + sw + px(unit, 1), legend_y,
                       LB_ANCHOR_TOP_LEFT);
    int x2 = l1.x + l1.w + px(unit, 3);
    lb_ov_fill_opaque(r, (SDL_Rect){x2, legend_y + fs / 3, sw, fs / 2}, WARM);
    text(t, _("after"), fs, false, LB_OV_SOFT, x2 + sw + px(unit, 1), legend_y,
         LB_ANCHOR_TOP_LEFT);
    int axis_w = px(unit, 4);
    SDL_Rect plot = {area.x + axis_w, legend_y + fs + px(unit, 3), area.w - axis_w,
                     0};
    plot.h = area.y + area.h - plot.y - fs - px(unit, 2);
    if (plot.h < 10 || plot.w < 10)
        return;
    for (int v = 0; v <= 10; v += 5) {
        int y = plot.y + plot.h - plot.h * v / 10;
        lb_ov_fill_opaque(r, (SDL_Rect){plot.x, y, plot.w, 1 + (int)(unit / 6)}, GRID);
        char n[8];
        snprintf(n, sizeof(n), "%d", v);
        text(t, n, fs, false, LB_OV_SOFT, plot.x - px(unit, 1), y - fs * 6 / 10,
             LB_ANCHOR_TOP_RIGHT);
    }
    if (p->n_pain == 0) {
        text(t, _("No pain ratings yet"), fs, false, LB_OV_SOFT, plot.x + plot.w / 2,
             plot.y + plot.h / 2 - fs, LB_ANCHOR_TOP_CENTER);
        return;
    }
    /* Placed over the dates, from the first session with a rating to the last. */
    double t0 = (double)p->pain[0].at, span = (double)p->pain[p->n_pain - 1].at - t0;
    float thick = (float)unit * 0.6f, dot = (float)unit * 1.6f;
    for (int series = 0; series < 2; series++) {
        SDL_Color c = series ? WARM : LB_OV_ACCENT;
        float px_prev = 0, py_prev = 0;
        bool have = false;
        for (int i = 0; i < p->n_pain; i++) {
            int v = series ? p->pain[i].after : p->pain[i].before;
            if (v < 0) {
                have = false;
                continue;
            }
            float x = span > 0 ? (float)(plot.x + plot.w * (((double)p->pain[i].at - t0) / span))
                               : (float)(plot.x + plot.w / 2);
            float y = (float)(plot.y + plot.h) - (float)plot.h * (float)v / 10.0f;
            if (have)
                thick_line(r, px_prev, py_prev, x, y, thick, c);
            SDL_Rect point = {(int)(x - dot / 2), (int)(y - dot / 2), (int)dot, (int)dot};
            lb_ov_fill_opaque(r, point, c);
            px_prev = x;
            py_prev = y;
            have = true;
        }
    }
    /* The first and last sessions' dates under the chart. */
    char a[32], b[32];
    struct tm tm;
    localtime_r(&p->pain[0].at, &tm);
    strftime(a, sizeof(a), _("%e %b"), &tm);
    localtime_r(&p->pain[p->n_pain - 1].at, &tm);
    strftime(b, sizeof(b), _("%e %b"), &tm);
    int ly = plot.y + plot.h + px(unit, 1);
    text(t, a[0] == ' ' ? a + 1 : a, fs, false, LB_OV_SOFT, plot.x, ly, LB_ANCHOR_TOP_LEFT);
    if (span >= 86400)
        text(t, b[0] == ' ' ? b + 1 : b, fs, false, LB_OV_SOFT, plot.x + plot.w, ly,
             LB_ANCHOR_TOP_RIGHT);
}

void lb_progress_view_draw(struct lb_text *t, const struct lb_progress_view *v, int w, int h)
{
    SDL_Renderer *r = t->renderer;
    double unit = h / 100.0 * (v->text_scale > 0 ? v->text_scale : 1.0);
    int mx = w / 20, my = h / 20;
    SDL_SetRenderDrawColor(r, 0x1b, 0x22, 0x2b, 255);
    SDL_RenderClear(r);
    SDL_Rect head = text(t, _("Your progress"), px(unit, 6), true, LB_OV_WHITE, mx, my,
                         LB_ANCHOR_TOP_LEFT);
    struct lb_text_style foot = {.px = px(unit, 4.2), .color = LB_OV_SOFT};
    /* TRANSLATORS: the progress screen's key line, as the library's. */
    SDL_Rect f = lb_text_draw(t, _("Esc, Enter  back to the routines"), &foot, w / 2, h - my,
                              LB_ANCHOR_BOTTOM_CENTER);
    const struct lb_progress *p = v->progress;
    if (v->problem || v->empty || !p) {
        struct lb_text_style big = {.px = px(unit, 5.5), .bold = true, .color = LB_OV_WHITE,
                                    .wrap = w * 8 / 10, .align = LB_ALIGN_CENTER};
        struct lb_text_style st = {.px = px(unit, 4.5), .color = LB_OV_SOFT, .wrap = w * 7 / 10,
                                   .align = LB_ALIGN_CENTER};
        SDL_Rect a = lb_text_draw(t, v->problem ? _("The history cannot be read")
                                                : _("Nothing here yet"),
                                  &big, w / 2, h * 30 / 100, LB_ANCHOR_TOP_CENTER);
        lb_text_draw(t, v->problem ? v->problem
                                   : _("Play a routine and it shows up here: the days you "
                                       "moved, how your back felt before and after, and "
                                       "which steps hurt."),
                     &st, w / 2, a.y + a.h + px(unit, 4), LB_ANCHOR_TOP_CENTER);
        return;
    }
    /* This week, on the right of the title. */
    char week[160];
    /* TRANSLATORS: this week's figures on the progress screen: sessions, then minutes. */
    snprintf(week, sizeof(week), ngettext("This week: %d session, %d min",
                                          "This week: %d sessions, %d min",
                                          (unsigned long)p->sessions_week),
             p->sessions_week, p->minutes_week);
    text(t, week, px(unit, 4.5), false, LB_OV_SOFT, w - mx,
         head.y + head.h - px(unit, 4.5) * 12 / 10, LB_ANCHOR_TOP_RIGHT);
    int top = head.y + head.h + px(unit, 4);
    int hurts_h = px(unit, 7);
    int bottom = f.y - hurts_h - px(unit, 2);
    SDL_Rect cal = {mx, top, (w - 2 * mx) * 45 / 100, bottom - top};
    draw_calendar(t, p, unit, cal);
    SDL_Rect chart = {mx + (w - 2 * mx) * 52 / 100, top, (w - 2 * mx) * 48 / 100, bottom - top};
    draw_chart(t, p, unit, chart);
    /* The steps that most often hurt, one line. */
    char line[600];
    if (p->n_hurts == 0) {
        snprintf(line, sizeof(line), "%s", _("No step was stopped for pain in these 8 weeks."));
    } else {
        char list[480] = "";
        size_t n = 0;
        for (int i = 0; i < p->n_hurts && n < sizeof(list) - 1; i++) {
            /* TRANSLATORS: a step that hurt and how many times, in the list of them. */
            n += (size_t)snprintf(list + n, sizeof(list) - n,
                                  ngettext("%s%s (%d time)", "%s%s (%d times)",
                                           (unsigned long)p->hurts[i].count),
                                  i ? ", " : "", p->hurts[i].step, p->hurts[i].count);
        }
        /* TRANSLATORS: %s is a list such as "Knee to chest (3 times), Cat-cow (1 time)". */
        snprintf(line, sizeof(line), _("Stopped for pain most often: %s"), list);
    }
    struct lb_text_style hs = {.px = px(unit, 4.2), .color = p->n_hurts ? WARM : LB_OV_SOFT};
    char fitted[600];
    lb_text_fit(t, line, &hs, w - 2 * mx, fitted, sizeof(fitted));
    lb_text_draw(t, fitted, &hs, mx, bottom + px(unit, 2), LB_ANCHOR_TOP_LEFT);
}
