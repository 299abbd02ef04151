/* The overlay's drawing kit (internal to render/): a layout sized from the output height so
 * 720p, 1080p and 4K look alike, the colours, and the boxes, text, buttons, cards and panels the
 * coaching overlay and the end screens are drawn with. Sizes are in % of the height. */
#ifndef LB_OVERLAY_KIT_H
#define LB_OVERLAY_KIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "backdrop.h"
#include "text.h"

extern const SDL_Color LB_OV_WHITE, LB_OV_SOFT, LB_OV_DARK, LB_OV_ACCENT, LB_OV_WARNING_BG,
    LB_OV_CARD_BG, LB_OV_BOX_BG, LB_OV_ROW_BG, LB_OV_SHADE;

/* How much the shade hides: a question leaves the screen under it readable (200 of 255); the
 * pain stop and the keys leave only a trace of it, so their words stand out (240). */
#define LB_OV_SHADE_QUESTION 200
#define LB_OV_SHADE_FULL 240

struct lb_layout {
    struct lb_text *text;
    SDL_Renderer *r;
    int w, h;
    int margin_x, margin_y;     /* the 5 % title-safe area */
    bool rtl;                   /* a right-to-left routine: the screens mirrored */
    double unit;                /* 1 % of the height, times the text scale */
    struct lb_backdrop *backdrop; /* counts the shades (and keeps them), or NULL */
};

/* The layout for output size w x h with text scaled by text_scale. */
struct lb_layout lb_ov_layout_for(struct lb_text *text, int w, int h, double text_scale);

/* Draw for a routine in `language` (BCP 47): its line breaking, and for a right-to-left
 * language the screen mirrored (l->rtl). Paragraphs read right to left by default only when
 * Limber's own words are in a right-to-left language too; the author's text goes by its
 * letters. */
void lb_ov_use_language(struct lb_layout *l, const char *language);

/* x from the other edge in a mirrored layout. */
int lb_ov_mirror_x(const struct lb_layout *l, int x);

/* An anchor's left and right swapped in a mirrored layout. */
enum lb_anchor lb_ov_mirror_anchor(const struct lb_layout *l, enum lb_anchor a);

/* `percent` of the height (times the text scale) in pixels, at least 8. */
int lb_ov_px(const struct lb_layout *l, double percent);

/* `percent` of `unit` in pixels, at least min_px: the same for the full-screen views
 * (library, check-in, progress) that size by a unit of their own. */
int lb_ov_px_unit(double unit, double percent, int min_px);

/* An opaque filled rectangle on r (the full-screen views). */
void lb_ov_fill_opaque(SDL_Renderer *r, SDL_Rect rect, SDL_Color c);

/* A filled rectangle; below alpha 255 blended over what is there. */
void lb_ov_fill(const struct lb_layout *l, SDL_Rect r, SDL_Color c, int alpha);

/* The full-screen shade a question or the pain stop dims the screen under it with, LB_OV_SHADE
 * at `alpha` (counted in l->backdrop). The one translucent fill of the whole screen: with the
 * software renderer, every pixel of the output blended. */
void lb_ov_shade(const struct lb_layout *l, int alpha);

/* An opaque slate box. */
void lb_ov_box(const struct lb_layout *l, SDL_Rect r);

/* A text style of `size` % of the height. */
struct lb_text_style lb_ov_style(const struct lb_layout *l, double size, bool bold, SDL_Color c);

/* One line of text anchored at (x, y); returns where it went. */
SDL_Rect lb_ov_text_at(const struct lb_layout *l, const char *s, double size, bool bold,
                       SDL_Color c, int x, int y, enum lb_anchor a);

/* A paragraph wrapped to `wrap` pixels, its lines centred on x; returns where it went. */
SDL_Rect lb_ov_para(const struct lb_layout *l, const char *s, double size, bool bold,
                    SDL_Color c, int x, int y, int wrap, enum lb_anchor a);

/* Rectangle b (its x, y the anchor point) moved so that point is its anchor `a`. */
SDL_Rect lb_ov_anchored(SDL_Rect b, enum lb_anchor a);

/* Text (wrapped and centred when wrap > 0) on its own box; returns the box. */
SDL_Rect lb_ov_boxed(const struct lb_layout *l, const char *s, double size, bool bold,
                     SDL_Color c, int x, int y, enum lb_anchor a, int wrap);

/* A choice as a boxed label; the highlighted one in a white frame. Returns the box. */
SDL_Rect lb_ov_button(const struct lb_layout *l, const char *s, int x, int y,
                      enum lb_anchor a, bool highlighted);

/* A bar filled to `fraction` (0..1) in fg. */
void lb_ov_bar(const struct lb_layout *l, SDL_Rect r, double fraction, SDL_Color fg);

/* A clock for people, "0:42", rounded up; returns buf. */
const char *lb_ov_clock_up(int64_t ms, char *buf, size_t size);

/* The amber warning strip with its sign, anchored at (x, bottom); returns its rectangle. */
SDL_Rect lb_ov_warning_strip(const struct lb_layout *l, const char *warning, int x, int bottom,
                             enum lb_anchor a);

/* A panel in the middle: a headline, a large number or clock, a line and a small line under
 * it ("" leaves a line out). */
void lb_ov_centre_panel(const struct lb_layout *l, const char *headline, const char *big,
                        const char *line, const char *small);

/* A calm full-screen card with a title and a body (may be NULL); returns where it ended. */
int lb_ov_card(const struct lb_layout *l, const char *title, const char *body);

/* The hint at the bottom of a card; returns where captions above it may end. */
int lb_ov_card_foot(const struct lb_layout *l, const char *foot);

/* A card's big clock in the space under `top`, with a bar of the time left. */
void lb_ov_card_clock(const struct lb_layout *l, int top, int64_t left_ms, int64_t len_ms);

/* A question with two answers over the screen (dim it first: lb_ov_shade): a panel in the
 * middle with a headline (one line), a line under it (wrapped), the two choices side by side
 * with choice `highlighted` (0 or 1) framed, and a key line ("" for none). Put the safe answer
 * first. */
void lb_ov_question(const struct lb_layout *l, const char *head, const char *sub,
                    const char *const choices[2], int highlighted, const char *keys);

#endif
