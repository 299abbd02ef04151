/* The overlay's drawing kit: the layout sized from the output height, colours, boxes, text,
 * buttons, cards and panels, shared by the coaching overlay and the end screens. */
#include "overlay_kit.h"

#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "i18n.h"
#include "routine.h"

/* Colours. Boxes are opaque slate, whatever the picture under them: white reads on them at
 * 13:1 and the soft grey at 10:1 (WCAG asks 4.5:1). Opaque also because the software renderer
 * fills an opaque box instead of blending each of its pixels, 30 times a second (a 0.84-alpha box
 * cost about 5 % of playback CPU at 1080p). The warning strip is opaque amber with near-black text
 * (10:1), and amber is used for nothing else. */
const SDL_Color LB_OV_WHITE = {0xff, 0xff, 0xff, 0xff};
const SDL_Color LB_OV_SOFT = {0xd8, 0xe2, 0xea, 0xff};
const SDL_Color LB_OV_DARK = {0x14, 0x14, 0x14, 0xff};
const SDL_Color LB_OV_ACCENT = {0x6c, 0xc4, 0xe8, 0xff};  /* sky blue: timers and progress */
const SDL_Color LB_OV_WARNING_BG = {0xf2, 0xb1, 0x34, 0xff};
const SDL_Color LB_OV_CARD_BG = {0x1b, 0x22, 0x2b, 0xff};
/* the colour the old 0.84-alpha near-black boxes had over the clips' light walls */
const SDL_Color LB_OV_BOX_BG = {0x2b, 0x30, 0x36, 0xff};
/* a row, box or empty day on the full-screen views' dark background */
const SDL_Color LB_OV_ROW_BG = {0x2e, 0x3b, 0x4a, 0xff};
/* what a question or the pain-stop screen dims the screen under it with */
const SDL_Color LB_OV_SHADE = {0x0c, 0x10, 0x14, 0xff};


struct lb_layout lb_ov_layout_for(struct lb_text *text, int w, int h, double text_scale)
{
    return (struct lb_layout){.text = text, .r = text->renderer, .w = w, .h = h,
                           .margin_x = w / 20, .margin_y = h / 20,
                           .unit = h / 100.0 * (text_scale > 0 ? text_scale : 1.0)};
}

void lb_ov_use_language(struct lb_layout *l, const char *language)
{
    lb_text_set_language(l->text, language,
                         lb_text_language_rtl(lb_i18n_current()) ? LB_BASE_RTL : LB_BASE_AUTO);
    l->rtl = lb_text_language_rtl(language);
}

int lb_ov_mirror_x(const struct lb_layout *l, int x)
{
    return l->rtl ? l->w - x : x;
}

enum lb_anchor lb_ov_mirror_anchor(const struct lb_layout *l, enum lb_anchor a)
{
    if (!l->rtl)
        return a;
    switch (a) {
    case LB_ANCHOR_TOP_LEFT: return LB_ANCHOR_TOP_RIGHT;
    case LB_ANCHOR_TOP_RIGHT: return LB_ANCHOR_TOP_LEFT;
    case LB_ANCHOR_BOTTOM_LEFT: return LB_ANCHOR_BOTTOM_RIGHT;
    case LB_ANCHOR_BOTTOM_RIGHT: return LB_ANCHOR_BOTTOM_LEFT;
    default: return a;
    }
}

int lb_ov_px_unit(double unit, double percent, int min_px)
{
    int v = (int)(unit * percent + 0.5);
    return v < min_px ? min_px : v;
}

int lb_ov_px(const struct lb_layout *l, double percent)
{
    return lb_ov_px_unit(l->unit, percent, 8);
}

void lb_ov_fill_opaque(SDL_Renderer *r, SDL_Rect rect, SDL_Color c)
{
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, 255);
    SDL_RenderFillRect(r, &rect);
}

/* A filled rectangle; below alpha 255 blended over what is there (the renderer's draw blend
 * mode is otherwise none: see lb_video_out_init). */
void lb_ov_fill(const struct lb_layout *l, SDL_Rect r, SDL_Color c, int alpha)
{
    SDL_SetRenderDrawColor(l->r, c.r, c.g, c.b, (Uint8)alpha);
    if (alpha < 255)
        SDL_SetRenderDrawBlendMode(l->r, SDL_BLENDMODE_BLEND);
    SDL_RenderFillRect(l->r, &r);
    if (alpha < 255)
        SDL_SetRenderDrawBlendMode(l->r, SDL_BLENDMODE_NONE);
    lb_text_record_box(l->text, r);
}

void lb_ov_shade(const struct lb_layout *l, int alpha)
{
    lb_ov_fill(l, (SDL_Rect){0, 0, l->w, l->h}, LB_OV_SHADE, alpha);
    if (l->backdrop)
        l->backdrop->shades++;
}

void lb_ov_box(const struct lb_layout *l, SDL_Rect r)
{
    lb_ov_fill(l, r, LB_OV_BOX_BG, 255);
}

struct lb_text_style lb_ov_style(const struct lb_layout *l, double size, bool bold, SDL_Color c)
{
    return (struct lb_text_style){.px = lb_ov_px(l, size), .bold = bold, .color = c};
}

SDL_Rect lb_ov_text_at(const struct lb_layout *l, const char *s, double size, bool bold,
                        SDL_Color c, int x, int y, enum lb_anchor a)
{
    struct lb_text_style st = lb_ov_style(l, size, bold, c);
    return lb_text_draw(l->text, s, &st, x, y, a);
}

/* A paragraph wrapped to `wrap` pixels, its lines centred on x. */
SDL_Rect lb_ov_para(const struct lb_layout *l, const char *s, double size, bool bold, SDL_Color c,
                     int x, int y, int wrap, enum lb_anchor a)
{
    struct lb_text_style st = lb_ov_style(l, size, bold, c);
    st.wrap = wrap;
    st.align = LB_ALIGN_CENTER;
    return lb_text_draw(l->text, s, &st, x, y, a);
}

SDL_Rect lb_ov_anchored(SDL_Rect b, enum lb_anchor a)
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
SDL_Rect lb_ov_boxed(const struct lb_layout *l, const char *s, double size, bool bold,
                      SDL_Color c, int x, int y, enum lb_anchor a, int wrap)
{
    struct lb_text_style st = lb_ov_style(l, size, bold, c);
    st.wrap = wrap;
    st.align = LB_ALIGN_CENTER;
    SDL_Rect m = lb_text_measure(l->text, s, &st);
    if (!m.w)
        return (SDL_Rect){x, y, 0, 0};
    int pad_y = st.px / 4, pad_x = st.px / 2;
    SDL_Rect b = lb_ov_anchored((SDL_Rect){x, y, m.w + 2 * pad_x, m.h + 2 * pad_y}, a);
    lb_ov_box(l, b);
    lb_text_draw(l->text, s, &st, b.x + pad_x, b.y + pad_y, LB_ANCHOR_TOP_LEFT);
    return b;
}

/* A choice as a boxed label; the highlighted one (remote and D-pad users move it with the
 * arrows) in a white frame that does not depend on colour. */
SDL_Rect lb_ov_button(const struct lb_layout *l, const char *s, int x, int y, enum lb_anchor a,
                       bool highlighted)
{
    SDL_Rect b = lb_ov_boxed(l, s, 4.5, true, LB_OV_WHITE, x, y, a, 0);
    if (highlighted) {
        int t = lb_ov_px(l, 0.5) < 3 ? 3 : lb_ov_px(l, 0.5);
        SDL_Rect edges[4] = {{b.x - t, b.y - t, b.w + 2 * t, t},
                             {b.x - t, b.y + b.h, b.w + 2 * t, t},
                             {b.x - t, b.y, t, b.h},
                             {b.x + b.w, b.y, t, b.h}};
        for (int i = 0; i < 4; i++)
            lb_ov_fill(l, edges[i], LB_OV_WHITE, 255);
    }
    return b;
}

void lb_ov_bar(const struct lb_layout *l, SDL_Rect r, double fraction, SDL_Color fg)
{
    lb_ov_box(l, r);
    fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    lb_ov_fill(l, (SDL_Rect){r.x, r.y, (int)(r.w * fraction), r.h}, fg, 255);
}

/* A clock for people: "0:42". Rounds up, so the last second reads 0:01 until it is over. */
const char *lb_ov_clock_up(int64_t ms, char *buf, size_t size)
{
    return lb_duration_clock((ms + 999) / 1000 * 1000, buf, size);
}

/* The amber "stop if painful" strip, bottom left; returns its rectangle. */
SDL_Rect lb_ov_warning_strip(const struct lb_layout *l, const char *warning, int x, int bottom,
                              enum lb_anchor a)
{
    char line[300];
    snprintf(line, sizeof(line), "\u26a0  %s", lb_warning_words(warning));
    struct lb_text_style st = lb_ov_style(l, 4.5, true, LB_OV_DARK);
    st.wrap = l->w - 2 * l->margin_x - st.px;
    SDL_Rect m = lb_text_measure(l->text, line, &st);
    int pad_y = st.px / 4, pad_x = st.px / 2;
    SDL_Rect b = lb_ov_anchored((SDL_Rect){x, bottom, m.w + 2 * pad_x, m.h + 2 * pad_y}, a);
    lb_ov_fill(l, b, LB_OV_WARNING_BG, 255);
    lb_text_draw(l->text, line, &st, b.x + pad_x, b.y + pad_y, LB_ANCHOR_TOP_LEFT);
    return b;
}

/* A panel in the middle: a headline, a large number or clock, and lines under it. */
void lb_ov_centre_panel(const struct lb_layout *l, const char *headline, const char *big,
                         const char *line, const char *small)
{
    struct lb_text_style hs = lb_ov_style(l, 6, true, LB_OV_WHITE);
    struct lb_text_style bs = lb_ov_style(l, 22, true, LB_OV_WHITE);
    struct lb_text_style ls = lb_ov_style(l, 5, true, LB_OV_WHITE);
    struct lb_text_style ss = lb_ov_style(l, 4.2, false, LB_OV_SOFT);
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
    int pad = lb_ov_px(l, 3), gap = lb_ov_px(l, 1.2);
    int hgt = hm.h + bm.h + (lm.h ? gap + lm.h : 0) + (sm.h ? gap + sm.h : 0);
    SDL_Rect panel = {l->w / 2 - wdt / 2 - pad, l->h / 2 - hgt / 2 - pad, wdt + 2 * pad,
                      hgt + 2 * pad};
    lb_ov_box(l, panel);
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
int lb_ov_card(const struct lb_layout *l, const char *title, const char *body)
{
    SDL_SetRenderDrawColor(l->r, LB_OV_CARD_BG.r, LB_OV_CARD_BG.g, LB_OV_CARD_BG.b, 255);
    SDL_RenderClear(l->r);
    int y = l->margin_y + lb_ov_px(l, 4);
    SDL_Rect t = lb_ov_para(l, title, 7, true, LB_OV_WHITE, l->w / 2, y, l->w * 8 / 10,
                      LB_ANCHOR_TOP_CENTER);
    y = t.y + t.h + lb_ov_px(l, 3);
    if (body) {
        SDL_Rect b = lb_ov_para(l, body, 4.8, false, LB_OV_SOFT, l->w / 2, y, l->w * 7 / 10,
                          LB_ANCHOR_TOP_CENTER);
        y = b.y + b.h + lb_ov_px(l, 3);
    }
    return y;
}

/* The hint at the bottom of a card; returns where captions above it may end. */
int lb_ov_card_foot(const struct lb_layout *l, const char *foot)
{
    SDL_Rect r = lb_ov_text_at(l, foot, 4.5, false, LB_OV_SOFT, l->w / 2, l->h - l->margin_y,
                         LB_ANCHOR_BOTTOM_CENTER);
    return r.y - lb_ov_px(l, 2);
}

/* The big clock of a card in the space left under the body, with a bar of the time left. */
void lb_ov_card_clock(const struct lb_layout *l, int top, int64_t left_ms, int64_t len_ms)
{
    char t[32];
    int bottom = l->h - l->margin_y - lb_ov_px(l, 8);
    SDL_Rect c =
        lb_ov_text_at(l, lb_ov_clock_up(left_ms, t, sizeof(t)), 20, true, LB_OV_ACCENT, l->w / 2,
                      top + (bottom - top) / 2 - lb_ov_px(l, 2), LB_ANCHOR_CENTER);
    if (len_ms > 0) {
        int bw = l->w * 4 / 10;
        SDL_Rect r = {l->w / 2 - bw / 2, c.y + c.h + lb_ov_px(l, 1), bw, lb_ov_px(l, 1)};
        lb_ov_fill(l, r, (SDL_Color){0x34, 0x3e, 0x4a, 0xff}, 255);
        lb_ov_fill(l, (SDL_Rect){r.x, r.y, (int)(r.w * ((double)left_ms / (double)len_ms)), r.h},
             LB_OV_ACCENT, 255);
    }
}


void lb_ov_question(const struct lb_layout *l, const char *head, const char *sub,
                    const char *const choices[2], int highlighted, const char *keys)
{
    struct lb_text_style hs = lb_ov_style(l, 7, true, LB_OV_WHITE);
    struct lb_text_style ss = lb_ov_style(l, 4.5, false, LB_OV_SOFT);
    struct lb_text_style ks = lb_ov_style(l, 3.6, false, LB_OV_SOFT);
    ss.wrap = ks.wrap = l->w * 6 / 10;
    ss.align = ks.align = LB_ALIGN_CENTER;
    struct lb_text_style bs = {.px = lb_ov_px(l, 4.5), .bold = true};
    SDL_Rect hm = lb_text_measure(l->text, head, &hs), sm = lb_text_measure(l->text, sub, &ss);
    SDL_Rect km = lb_text_measure(l->text, keys, &ks);
    SDL_Rect b0 = lb_text_measure(l->text, choices[0], &bs);
    SDL_Rect b1 = lb_text_measure(l->text, choices[1], &bs);
    int pad = lb_ov_px(l, 3), gap = lb_ov_px(l, 2), apart = lb_ov_px(l, 2);
    int button_h = b0.h + lb_ov_px(l, 4.5) / 2; /* a button's text and its padding */
    /* The buttons sit either side of the centre: room for the wider one twice, padded. */
    int buttons_w = 2 * ((b0.w > b1.w ? b0.w : b1.w) + lb_ov_px(l, 4.5) + apart);
    int wdt = hm.w > sm.w ? hm.w : sm.w;
    wdt = (km.w > wdt ? km.w : wdt) + 2 * pad;
    wdt = buttons_w + 2 * pad > wdt ? buttons_w + 2 * pad : wdt;
    int hgt = pad + hm.h + gap + sm.h + 2 * gap + button_h + 2 * gap + km.h + pad;
    SDL_Rect panel = {l->w / 2 - wdt / 2, l->h / 2 - hgt / 2, wdt, hgt};
    lb_ov_fill(l, panel, LB_OV_CARD_BG, 255); /* the buttons' own boxes show on it */
    int y = panel.y + pad;
    lb_text_draw(l->text, head, &hs, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
    y += hm.h + gap;
    lb_text_draw(l->text, sub, &ss, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
    y += sm.h + 2 * gap;
    lb_ov_button(l, choices[0], l->w / 2 - apart, y, LB_ANCHOR_TOP_RIGHT, highlighted == 0);
    lb_ov_button(l, choices[1], l->w / 2 + apart, y, LB_ANCHOR_TOP_LEFT, highlighted == 1);
    y += button_h + 2 * gap;
    if (keys[0])
        lb_text_draw(l->text, keys, &ks, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
}
