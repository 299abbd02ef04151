/* Lines and runs of a string: libunibreak's break opportunities (libthai's inside Thai words),
 * FriBidi's reordering. */
#include "text_layout.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <linebreak.h>
#include <thai/thbrk.h>
#include <thai/thwbrk.h>

#include "log.h"

/* One paragraph, indexed by character (code point). */
struct para {
    const char *s;
    int offset;                 /* of s in the whole text */
    int len;                    /* bytes */
    int n;                      /* characters */
    int *at;                    /* at[i]: byte offset of character i; at[n] = len */
    FriBidiChar *u;
    FriBidiCharType *types;
    FriBidiBracketType *brackets;
    FriBidiLevel *levels;
    FriBidiStrIndex *map;
    FriBidiParType dir;
    char *brks;                 /* libunibreak's, per byte */
    bool bidi;                  /* false: the UTF-8 did not decode cleanly; all left to right */
};

struct ctx {
    struct lb_text_layout *lay;
    lb_text_width_fn width;
    void *user;
};

static bool grow(void **items, int *cap, int need, size_t size)
{
    if (need <= *cap)
        return true;
    int cap2 = *cap ? *cap * 2 : 16;
    while (cap2 < need)
        cap2 *= 2;
    void *p = realloc(*items, (size_t)cap2 * size);
    if (!p)
        return false;
    *items = p;
    *cap = cap2;
    return true;
}

static bool is_rtl_level(const struct para *p, int i)
{
    return p->bidi && FRIBIDI_LEVEL_IS_RTL(p->levels[i]);
}

/* The width of characters [a, b): the sum of its same-direction stretches. */
static int span_width(const struct ctx *c, const struct para *p, int a, int b)
{
    int w = 0;
    while (a < b) {
        int e = a + 1;
        while (e < b && is_rtl_level(p, e) == is_rtl_level(p, a))
            e++;
        w += c->width(c->user, p->s + p->at[a], p->at[e] - p->at[a], is_rtl_level(p, a));
        a = e;
    }
    return w;
}

/* Whether character i is a combining mark (it is drawn on the letter before it). */
static bool is_mark(const struct para *p, int i)
{
    return p->bidi && p->types[i] == FRIBIDI_TYPE_NSM;
}

static bool is_space(const struct para *p, int i)
{
    char ch = p->s[p->at[i]];
    return ch == ' ' || ch == '\t';
}

/* Whether a line may end after character i (libunibreak marks the character's last byte). */
static bool may_break_after(const struct para *p, int i)
{
    char b = p->brks[p->at[i + 1] - 1];
    return b == LINEBREAK_ALLOWBREAK || b == LINEBREAK_MUSTBREAK;
}

/* The runs of line [a, b) in visual order, added to the layout. */
static bool add_line(struct ctx *c, struct para *p, int a, int b)
{
    struct lb_text_layout *lay = c->lay;
    if (!grow((void **)&lay->lines, &lay->cap_lines, lay->n_lines + 1, sizeof(*lay->lines)))
        return false;
    struct lb_text_line *line = &lay->lines[lay->n_lines++];
    *line = (struct lb_text_line){.first_run = lay->n_runs,
                                  .rtl = p->bidi && FRIBIDI_IS_RTL(p->dir)};
    if (a >= b)
        return true;
    if (p->bidi) {
        FriBidiFlags flags = FRIBIDI_FLAGS_DEFAULT & ~FRIBIDI_FLAG_REORDER_NSM;
        for (int i = a; i < b; i++)
            p->map[i] = i;
        if (!fribidi_reorder_line(flags, p->types, b - a, a, p->dir, p->levels, NULL, p->map))
            return false;
    }
    int x = 0;
    for (int v = a; v < b;) {
        int first = p->bidi ? p->map[v] : v;
        bool rtl = is_rtl_level(p, first);
        int last = first, e = v + 1;
        while (e < b) {
            int next = p->bidi ? p->map[e] : e;
            if (is_rtl_level(p, next) != rtl || next != last + (rtl ? -1 : 1))
                break;
            last = next;
            e++;
        }
        int lo = rtl ? last : first, hi = rtl ? first : last;
        if (!grow((void **)&lay->runs, &lay->cap_runs, lay->n_runs + 1, sizeof(*lay->runs)))
            return false;
        struct lb_text_run *r = &lay->runs[lay->n_runs++];
        *r = (struct lb_text_run){.start = p->offset + p->at[lo],
                                  .len = p->at[hi + 1] - p->at[lo], .rtl = rtl, .x = x};
        r->w = c->width(c->user, p->s + p->at[lo], r->len, rtl);
        x += r->w;
        line->n_runs++;
        lay->plain = lay->plain && !rtl;
        v = e;
    }
    line->w = x;
    return true;
}

/* Break paragraph p into lines of at most `wrap` pixels (0: one line). */
static bool wrap_para(struct ctx *c, struct para *p, int wrap)
{
    int start = 0;
    for (int i = 0; i + 1 < p->n && c->lay->plain; i++)
        c->lay->plain = !may_break_after(p, i) || is_space(p, i);
    if (p->n == 0)
        return add_line(c, p, 0, 0);
    while (start < p->n) {
        int end = p->n;
        if (wrap > 0) {
            end = -1;
            for (int i = start; i < p->n; i++) {
                if (!may_break_after(p, i) && i + 1 < p->n)
                    continue;
                int t = i + 1;
                while (t > start && is_space(p, t - 1))
                    t--;
                if (end >= 0 && span_width(c, p, start, t) > wrap)
                    break;
                end = i + 1;
                if (span_width(c, p, start, t) > wrap)
                    break; /* the first word alone is too wide: cut it below */
            }
            int t = end;
            while (t > start && is_space(p, t - 1))
                t--;
            if (span_width(c, p, start, t) > wrap) {
                /* One word wider than the line: as many characters as fit (one at least). */
                end = start + 1;
                while (end < t && span_width(c, p, start, end + 1) <= wrap)
                    end++;
                while (end < t && is_mark(p, end))
                    end++; /* a vowel or tone mark stays with its letter */
            }
        }
        /* The space a line broke at stays on it, invisible, as SDL_ttf keeps it (it counts
         * in the width a centred line is placed by: the screens were made that way). */
        if (!add_line(c, p, start, end))
            return false;
        start = end;
    }
    return true;
}

/* Thai letters, marks and digits (U+0E01..U+0E5B): written without spaces between words. */
static bool is_thai(FriBidiChar c)
{
    return c >= 0x0e01 && c <= 0x0e5b;
}

/* libthai's word breaker with its dictionary, loaded once, the first time Thai is laid out;
 * NULL when the dictionary cannot be read (Thai then breaks at spaces only). Never freed: it
 * is the program's, like libunibreak's tables. */
static ThBrk *thai_brk;

static void thai_open(void)
{
    thai_brk = th_brk_new(NULL);
    if (!thai_brk)
        lb_log_warning("cannot load libthai's word dictionary (is libthai-data installed?): "
                       "Thai text wraps at spaces only");
}

/* UAX #14 puts Thai in class SA ("complex context"), which needs a dictionary to find word
 * boundaries; libunibreak has none and never breaks inside a run of Thai. libthai's
 * dictionary gives those opportunities; libunibreak's stay everywhere else (at the spaces
 * between Thai phrases, before and after a Latin word). Needs p->u. */
static bool add_thai_breaks(struct para *p)
{
    int a = 0;
    while (a < p->n && !is_thai(p->u[a]))
        a++;
    if (a == p->n)
        return true;
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, thai_open);
    if (!thai_brk)
        return true;
    thwchar_t *word = malloc(((size_t)p->n + 1) * sizeof(*word));
    int *pos = malloc(((size_t)p->n + 1) * sizeof(*pos));
    bool ok = word && pos;
    while (ok && a < p->n) {
        int b = a;
        while (b < p->n && is_thai(p->u[b])) {
            word[b - a] = (thwchar_t)p->u[b];
            b++;
        }
        word[b - a] = 0;
        int n = b - a > 1 ? th_brk_wc_find_breaks(thai_brk, word, pos, (size_t)(b - a)) : 0;
        for (int k = 0; k < n; k++) {
            if (pos[k] <= 0 || pos[k] >= b - a)
                continue; /* the run's own ends are libunibreak's to decide */
            char *after = &p->brks[p->at[a + pos[k]] - 1]; /* the last byte before the word */
            if (*after == LINEBREAK_NOBREAK)
                *after = LINEBREAK_ALLOWBREAK;
        }
        for (a = b; a < p->n && !is_thai(p->u[a]); a++)
            ;
    }
    free(word);
    free(pos);
    return ok;
}

static void para_free(struct para *p)
{
    free(p->at);
    free(p->u);
    free(p->types);
    free(p->brackets);
    free(p->levels);
    free(p->map);
    free(p->brks);
}

/* Characters, bidi levels and break opportunities of the paragraph s[0..len). */
static bool para_init(struct para *p, const char *s, int offset, int len,
                      enum lb_text_base base, const char *lang)
{
    *p = (struct para){.s = s, .offset = offset, .len = len};
    size_t slots = (size_t)len + 1;
    p->at = malloc(slots * sizeof(*p->at));
    p->u = malloc(slots * sizeof(*p->u));
    p->types = malloc(slots * sizeof(*p->types));
    p->brackets = malloc(slots * sizeof(*p->brackets));
    p->levels = malloc(slots * sizeof(*p->levels));
    p->map = malloc(slots * sizeof(*p->map));
    p->brks = malloc(slots);
    if (!p->at || !p->u || !p->types || !p->brackets || !p->levels || !p->map || !p->brks)
        return false;
    for (int i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            p->at[p->n++] = i;
    p->at[p->n] = len;
    set_linebreaks_utf8((const utf8_t *)s, (size_t)len, lang, p->brks);
    int decoded = (int)fribidi_charset_to_unicode(FRIBIDI_CHAR_SET_UTF8, s, len, p->u);
    if (decoded != p->n || p->n == 0)
        return true; /* not clean UTF-8: laid out left to right, as it is */
    if (!add_thai_breaks(p))
        return false;
    p->dir = base == LB_BASE_RTL ? FRIBIDI_PAR_RTL : base == LB_BASE_LTR ? FRIBIDI_PAR_LTR
                                                                        : FRIBIDI_PAR_ON;
    fribidi_get_bidi_types(p->u, p->n, p->types);
    fribidi_get_bracket_types(p->u, p->n, p->types, p->brackets);
    if (!fribidi_get_par_embedding_levels_ex(p->types, p->brackets, p->n, &p->dir, p->levels))
        return false;
    p->bidi = true;
    return true;
}

bool lb_text_layout_make(struct lb_text_layout *lay, const char *text, int wrap,
                         enum lb_text_base base, const char *lang, lb_text_width_fn width,
                         void *user)
{
    static bool ready;
    if (!ready) {
        init_linebreak();
        ready = true;
    }
    *lay = (struct lb_text_layout){.plain = true};
    struct ctx c = {lay, width, user};
    const char *all = text ? text : "";
    for (const char *s = all;;) {
        const char *nl = strchr(s, '\n');
        int len = nl ? (int)(nl - s) : (int)strlen(s);
        struct para p;
        bool ok = para_init(&p, s, (int)(s - all), len, base, lang) && wrap_para(&c, &p, wrap);
        para_free(&p);
        if (!ok) {
            lb_text_layout_free(lay);
            return false;
        }
        if (!nl)
            break;
        s = nl + 1;
    }
    return true;
}

bool lb_text_plain(const char *text, bool wrapped, enum lb_text_base base, const char *lang)
{
    const char *all = text ? text : "";
    bool plain = true;
    for (const char *s = all; plain;) {
        const char *nl = strchr(s, '\n');
        int len = nl ? (int)(nl - s) : (int)strlen(s);
        struct para p;
        plain = para_init(&p, s, (int)(s - all), len, base, lang) &&
                !(p.bidi && FRIBIDI_IS_RTL(p.dir));
        for (int i = 0; plain && i < p.n; i++)
            plain = !is_rtl_level(&p, i) && (!wrapped || i + 1 == p.n ||
                                              !may_break_after(&p, i) || is_space(&p, i));
        para_free(&p);
        if (!nl)
            break;
        s = nl + 1;
    }
    return plain;
}

void lb_text_layout_free(struct lb_text_layout *lay)
{
    free(lay->runs);
    free(lay->lines);
    *lay = (struct lb_text_layout){0};
}

bool lb_text_language_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd",
                                      "ug", "ur", "yi", NULL};
    if (!lang)
        return false;
    size_t n = strcspn(lang, "-_");
    for (int i = 0; rtl[i]; i++)
        if (strlen(rtl[i]) == n && !strncmp(lang, rtl[i], n))
            return true;
    return false;
}
