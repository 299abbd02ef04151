/* Laying a string out in lines and runs: line-break opportunities from libunibreak (UAX #14:
 * Japanese and Chinese wrap between characters, never before "。" or "、") and libthai
 * (Thai, written without spaces, wraps between the words of its dictionary), the Unicode
 * bidirectional algorithm from GNU FriBidi (UAX #9: a Hebrew line with an English word or a
 * number in it reads right). No SDL: widths come from a callback, so it is tested alone. */
#ifndef LB_TEXT_LAYOUT_H
#define LB_TEXT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* The direction of a paragraph when its own letters do not decide it (or always, if forced). */
enum lb_text_base {
    LB_BASE_AUTO,       /* from the first strong letter; left to right when there is none */
    LB_BASE_LTR,
    LB_BASE_RTL,
};

/* A stretch of one line in one direction, in visual order within its line. */
struct lb_text_run {
    int start, len;     /* bytes of the text (logical order: shape it as it is) */
    bool rtl;           /* draw it right to left */
    int x, w;           /* from the line's left edge, in pixels */
};

struct lb_text_line {
    int first_run, n_runs;
    int w;              /* the runs' total width */
    bool rtl;           /* its paragraph reads right to left: aligned to the right by default */
};

struct lb_text_layout {
    /* Every run reads left to right and lines may only break after spaces: what SDL_ttf's
     * own wrapping does gives the same lines, and the renderer may use it. */
    bool plain;
    struct lb_text_run *runs;
    int n_runs, cap_runs;
    struct lb_text_line *lines;
    int n_lines, cap_lines;
};

/* The width in pixels of len bytes of UTF-8 at s, shaped in one direction. */
typedef int (*lb_text_width_fn)(void *ctx, const char *s, int len, bool rtl);

/* Lay `text` out: paragraphs at '\n', each wrapped to `wrap` pixels (0: no wrapping) at the
 * break opportunities for language `lang` (a BCP 47 tag or NULL) and, inside Thai, at the
 * word boundaries of libthai's dictionary, a word wider than the line cut between characters
 * (never before a combining mark); then each line's runs in visual order. Spaces at the end of a
 * wrapped line are dropped. Returns false when out of memory. Free with
 * lb_text_layout_free. */
bool lb_text_layout_make(struct lb_text_layout *lay, const char *text, int wrap,
                         enum lb_text_base base, const char *lang, lb_text_width_fn width,
                         void *ctx);
void lb_text_layout_free(struct lb_text_layout *lay);

/* Whether `text` is plain (see struct lb_text_layout; where lines break matters only when it
 * is `wrapped`), found without laying it out (no widths are asked for): so the renderer can
 * leave it to SDL_ttf at once. */
bool lb_text_plain(const char *text, bool wrapped, enum lb_text_base base, const char *lang);

/* Whether a language (BCP 47 tag) is written right to left: Hebrew, Arabic, Persian, Urdu,
 * Yiddish, ... */
bool lb_text_language_rtl(const char *lang);

#endif
