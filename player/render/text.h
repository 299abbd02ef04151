/* Text on screen with SDL_ttf: fonts found through fontconfig, each string rasterised once per
 * (text, size, weight, colour, wrap width) and its texture reused until it is no longer drawn.
 * Main thread only. */
#ifndef LB_TEXT_H
#define LB_TEXT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <SDL.h>
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>

#include "text_layout.h"

#define LB_TEXT_FONTS 16
#define LB_TEXT_CACHE 160
#define LB_TEXT_PATHS 8      /* font files: regular, bold and fallbacks for other scripts */
#define LB_TEXT_FALLBACKS 16 /* fontconfig's answers kept (see lb_text.fallbacks) */

/* fontconfig's answer for characters the main font has no glyph for. */
struct lb_text_fallback {
    FcCharSet *asked;        /* the characters asked for (owned; NULL: a free slot) */
    FcCharSet *has;          /* those the font found has (owned; NULL when none found) */
    bool bold;
    int path;                /* the font (index into paths), -1: none has them */
};

enum lb_anchor {
    LB_ANCHOR_TOP_LEFT,
    LB_ANCHOR_TOP_CENTER,
    LB_ANCHOR_TOP_RIGHT,
    LB_ANCHOR_CENTER,
    LB_ANCHOR_BOTTOM_LEFT,
    LB_ANCHOR_BOTTOM_CENTER,
    LB_ANCHOR_BOTTOM_RIGHT,
};

/* How the lines of a wrapped paragraph line up with each other. */
enum lb_text_align {
    LB_ALIGN_LEFT,
    LB_ALIGN_CENTER,
    LB_ALIGN_RIGHT,
};

struct lb_text_style {
    int px;                  /* font size in pixels */
    bool bold;
    SDL_Color color;
    int wrap;                /* wrap width in pixels, 0 = one line */
    enum lb_text_align align; /* wrapped lines: left (default), centred or right */
};

struct lb_text {
    SDL_Renderer *renderer;  /* borrowed */
    char regular_path[1024];
    char bold_path[1024];
    bool used_fontconfig;    /* FcInit was called: FcFini at the end */
    char paths[LB_TEXT_PATHS][1024]; /* font files opened so far ("" = free) */
    /* fontconfig's recent answers, reused for the same characters or fewer (a lookup costs
     * milliseconds; wrapping measures many pieces of a paragraph), replaced oldest first */
    struct lb_text_fallback fallbacks[LB_TEXT_FALLBACKS];
    int next_fallback;
    struct {
        int px;
        int path;            /* index into paths */
        TTF_Font *font;
    } fonts[LB_TEXT_FONTS];
    struct {
        char *text;          /* owned; NULL = free slot */
        struct lb_text_style style;
        SDL_Texture *texture;
        int w, h;
        uint64_t used;       /* frame number it was last drawn in */
    } cache[LB_TEXT_CACHE];
    uint64_t frame;
    int64_t renders;         /* strings rasterised since init (tests check the cache works) */
    char language[24];       /* the words' language: line breaking, and a right-to-left base */
    enum lb_text_base base;
    /* With $LIMBER_DRAWN_TEXT set to a file: every string drawn is added to it as a line
     * "X Y W H<TAB>TEXT" (where it went, in pixels; newlines in the text as spaces), and every
     * box text may stand on as "BOX X Y W H" (lb_text_record_box), in drawing order, so tests
     * can check what a screen says and that it stays on the screen and in its box. NULL
     * otherwise. */
    FILE *record;
};

/* Find the fonts (font_file, or DejaVu Sans through fontconfig) and get ready to draw on
 * `renderer` (borrowed). Returns false, with the reason logged, when no font can be opened. */
bool lb_text_init(struct lb_text *t, SDL_Renderer *renderer, const char *font_file);
void lb_text_destroy(struct lb_text *t);

/* The language of the text drawn from now on (a BCP 47 tag; NULL: unknown), for where lines
 * may break, and the direction of a paragraph whose letters do not decide it: LB_BASE_RTL
 * sets even a line that starts with a Latin word or a number right to left (for a
 * right-to-left language's own words); LB_BASE_AUTO takes each paragraph's first letter. */
void lb_text_set_language(struct lb_text *t, const char *language, enum lb_text_base base);

/* Start a new frame: entries not drawn for a while may be evicted. */
void lb_text_begin_frame(struct lb_text *t);

/* Draw `text` (UTF-8) with its anchor at (x, y): wrapped at `style->wrap` between the words
 * (or, in Chinese and Japanese, between characters, as UAX #14 allows), each line in the
 * visual order of the bidirectional algorithm, each run shaped in its own direction and in a
 * font that has its characters. Returns the rectangle it took (w = 0 when nothing was
 * drawn: an empty string or no font). */
SDL_Rect lb_text_draw(struct lb_text *t, const char *text, const struct lb_text_style *style,
                      int x, int y, enum lb_anchor anchor);

/* Add a filled rectangle that text may be drawn on (a box, a strip, a shade) to the record
 * of what was drawn, when there is one (see `record`). Draws nothing. */
void lb_text_record_box(struct lb_text *t, SDL_Rect box);

/* `text` as it fits on one line of max_w pixels in `style`: itself, or its beginning with "…"
 * (cut between characters), written into out. Returns out. */
const char *lb_text_fit(struct lb_text *t, const char *text, const struct lb_text_style *st,
                        int max_w, char *out, size_t size);

/* The size `text` takes in `style` without drawing it. */
SDL_Rect lb_text_measure(struct lb_text *t, const char *text, const struct lb_text_style *st);

#endif
