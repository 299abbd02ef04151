/* Cached text rendering with SDL_ttf and fontconfig. */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <hb.h>

#include "log.h"

/* Ask fontconfig for the file of `pattern` ("DejaVu Sans:weight=bold"); with `chars`, for a
 * font that has glyphs for them, and only when the one it finds has some of them (then, with
 * `has_out`, the characters that font has: a new set to destroy). */
static bool find_font(const char *pattern, FcCharSet *chars, char *out, size_t size,
                      FcCharSet **has_out)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)pattern);
    if (!pat)
        return false;
    if (chars)
        FcPatternAddCharSet(pat, FC_CHARSET, chars);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcPattern *match = FcFontMatch(NULL, pat, &result);
    bool ok = false;
    FcChar8 *file = NULL;
    FcCharSet *has = NULL;
    if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        (!chars || (FcPatternGetCharSet(match, FC_CHARSET, 0, &has) == FcResultMatch &&
                    FcCharSetIntersectCount(has, chars) > 0))) {
        snprintf(out, size, "%s", (const char *)file);
        ok = true;
        if (has_out)
            *has_out = chars ? FcCharSetCopy(has) : NULL;
    }
    if (match)
        FcPatternDestroy(match);
    FcPatternDestroy(pat);
    return ok;
}

bool lb_text_init(struct lb_text *t, SDL_Renderer *renderer, const char *font_file)
{
    *t = (struct lb_text){.renderer = renderer};
    if (!TTF_WasInit() && TTF_Init() != 0) {
        lb_log_error("cannot start SDL_ttf: %s", TTF_GetError());
        return false;
    }
    if (font_file) {
        snprintf(t->regular_path, sizeof(t->regular_path), "%s", font_file);
        snprintf(t->bold_path, sizeof(t->bold_path), "%s", font_file);
    } else if (!(t->used_fontconfig = FcInit()) ||
               !find_font("DejaVu Sans", NULL, t->regular_path, sizeof(t->regular_path),
                         NULL)) {
        lb_log_error("no font found through fontconfig; install fonts-dejavu-core or give "
                     "--font FILE");
        TTF_Quit();
        return false;
    } else if (!find_font("DejaVu Sans:weight=bold", NULL, t->bold_path, sizeof(t->bold_path),
                          NULL)) {
        snprintf(t->bold_path, sizeof(t->bold_path), "%s", t->regular_path);
    }
    TTF_Font *probe = TTF_OpenFont(t->regular_path, 20);
    if (!probe) {
        lb_log_error("cannot open the font '%s': %s", t->regular_path, TTF_GetError());
        TTF_Quit();
        return false;
    }
    TTF_CloseFont(probe);
    lb_log_info("font: %s (bold: %s)", t->regular_path, t->bold_path);
    /* For tests and translators: every string drawn, with where it went (see text.h). */
    const char *record = getenv("LIMBER_DRAWN_TEXT");
    if (record && *record && !(t->record = fopen(record, "a")))
        lb_log_warning("cannot write the drawn text to %s", record);
    return true;
}

static void forget_all(struct lb_text *t);

void lb_text_destroy(struct lb_text *t)
{
    forget_all(t);
    if (t->record)
        fclose(t->record);
    for (int i = 0; i < LB_TEXT_FONTS; i++)
        if (t->fonts[i].font)
            TTF_CloseFont(t->fonts[i].font);
    for (int i = 0; i < LB_TEXT_FALLBACKS; i++) {
        if (t->fallbacks[i].asked)
            FcCharSetDestroy(t->fallbacks[i].asked);
        if (t->fallbacks[i].has)
            FcCharSetDestroy(t->fallbacks[i].has);
    }
    bool fontconfig = t->used_fontconfig;
    *t = (struct lb_text){0};
    TTF_Quit();
    if (fontconfig)
        FcFini(); /* fontconfig's caches, so leak checkers see only real leaks */
}

/* Every cached picture of text, dropped (the language it was laid out for changed). */
static void forget_all(struct lb_text *t)
{
    for (int i = 0; i < LB_TEXT_CACHE; i++) {
        free(t->cache[i].text);
        if (t->cache[i].texture)
            SDL_DestroyTexture(t->cache[i].texture);
        t->cache[i].text = NULL;
        t->cache[i].texture = NULL;
    }
}

void lb_text_set_language(struct lb_text *t, const char *language, enum lb_text_base base)
{
    const char *lang = language ? language : "";
    if (!strcmp(lang, t->language) && base == t->base)
        return;
    forget_all(t);
    snprintf(t->language, sizeof(t->language), "%s", lang);
    t->base = base;
}

void lb_text_begin_frame(struct lb_text *t)
{
    t->frame++;
}

/* The index of font file `path` in t->paths, added when new; -1 when the list is full. */
static int path_index(struct lb_text *t, const char *path)
{
    for (int i = 0; i < LB_TEXT_PATHS; i++) {
        if (!t->paths[i][0]) {
            snprintf(t->paths[i], sizeof(t->paths[i]), "%s", path);
            return i;
        }
        if (!strcmp(t->paths[i], path))
            return i;
    }
    return -1;
}

/* Font file `path_i` (an index into t->paths) at px pixels, opened once. */
static TTF_Font *font(struct lb_text *t, int path_i, int px)
{
    int free_slot = -1, oldest = 0;
    for (int i = 0; i < LB_TEXT_FONTS; i++) {
        if (t->fonts[i].font && t->fonts[i].px == px && t->fonts[i].path == path_i)
            return t->fonts[i].font;
        if (!t->fonts[i].font && free_slot < 0)
            free_slot = i;
    }
    if (free_slot < 0) {
        free_slot = oldest; /* many sizes in use (window resizing): recycle the first */
        TTF_CloseFont(t->fonts[free_slot].font);
        t->fonts[free_slot].font = NULL;
    }
    TTF_Font *f = TTF_OpenFont(t->paths[path_i], px);
    if (!f) {
        lb_log_error("cannot open the font '%s' at %d px: %s", t->paths[path_i], px,
                     TTF_GetError());
        return NULL;
    }
    t->fonts[free_slot].font = f;
    t->fonts[free_slot].px = px;
    t->fonts[free_slot].path = path_i;
    return f;
}

/* The script and direction of `text` as HarfBuzz guesses them (from its first letters of a
 * real script), and the characters `f` has no glyph for, added to `missing` when not NULL.
 * Returns the number of those characters. */
static int text_props(TTF_Font *f, const char *text, char script[5], bool *rtl,
                      FcCharSet *missing)
{
    hb_buffer_t *b = hb_buffer_create();
    hb_buffer_add_utf8(b, text, -1, 0, -1);
    hb_buffer_guess_segment_properties(b);
    hb_tag_to_string(hb_script_to_iso15924_tag(hb_buffer_get_script(b)), script);
    script[4] = 0;
    *rtl = hb_buffer_get_direction(b) == HB_DIRECTION_RTL;
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
    int n_missing = 0;
    for (unsigned i = 0; i < n; i++) {
        uint32_t cp = info[i].codepoint; /* before shaping: the characters */
        if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x200b || cp == 0x200c ||
            cp == 0x200d || TTF_GlyphIsProvided32(f, cp))
            continue;
        n_missing++;
        if (missing)
            FcCharSetAddChar(missing, cp);
    }
    hb_buffer_destroy(b);
    return n_missing;
}

/* The font file (index into t->paths) for characters the main font lacks: fontconfig's
 * choice for them, e.g. Droid Sans Fallback or Noto for CJK, Loma for Thai; -1 when none has
 * them. Asking fontconfig takes milliseconds and wrapping a paragraph measures many pieces of
 * it, so an answer is reused for any of the characters it was asked for that its font has. */
static int fallback_font(struct lb_text *t, FcCharSet *missing, bool bold)
{
    for (int k = 0; k < LB_TEXT_FALLBACKS; k++) {
        const struct lb_text_fallback *fb = &t->fallbacks[k];
        if (fb->asked && fb->bold == bold && FcCharSetIsSubset(missing, fb->asked) &&
            (fb->path < 0 || FcCharSetIsSubset(missing, fb->has)))
            return fb->path;
    }
    char path[1024];
    FcCharSet *has = NULL;
    int i = find_font(bold ? "sans-serif:weight=bold" : "sans-serif", missing, path,
                      sizeof(path), &has) ? path_index(t, path) : -1;
    struct lb_text_fallback *fb = &t->fallbacks[t->next_fallback];
    t->next_fallback = (t->next_fallback + 1) % LB_TEXT_FALLBACKS;
    if (fb->asked)
        FcCharSetDestroy(fb->asked);
    if (fb->has)
        FcCharSetDestroy(fb->has);
    *fb = (struct lb_text_fallback){.asked = FcCharSetCopy(missing), .has = has, .bold = bold,
                                    .path = i};
    return i;
}

/* The font for `text` in `style`, set up to shape it: the default font, or a fallback that
 * has its characters; the script and direction HarfBuzz shapes it with. */
static TTF_Font *font_for(struct lb_text *t, const char *text, const struct lb_text_style *st)
{
    int px = st->px < 4 ? 4 : st->px;
    int main_i = path_index(t, st->bold ? t->bold_path : t->regular_path);
    TTF_Font *f = font(t, main_i, px);
    if (!f)
        return NULL;
    char script[5];
    bool rtl;
    FcCharSet *missing = t->used_fontconfig ? FcCharSetCreate() : NULL;
    if (text_props(f, text, script, &rtl, missing) > 0 && missing) {
        int i = fallback_font(t, missing, st->bold);
        if (i >= 0 && i != main_i) {
            TTF_Font *g = font(t, i, px);
            f = g ? g : font(t, main_i, px); /* reopen: the slot may have been recycled */
        }
    }
    if (missing)
        FcCharSetDestroy(missing);
    if (!f)
        return NULL;
#if SDL_TTF_VERSION_ATLEAST(2, 20, 0)
    /* Fonts are shared by every string of their size: set these for each one. */
    TTF_SetFontScriptName(f, script);
    TTF_SetFontDirection(f, rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
#endif
    return f;
}

/* The font for one run (len bytes at s) of a laid-out line, set to shape it in its
 * direction; the run's text, NUL-terminated, in *copy (to free). */
static TTF_Font *run_font(struct lb_text *t, const char *s, int len, bool rtl,
                          const struct lb_text_style *st, char **copy)
{
    *copy = malloc((size_t)len + 1);
    if (!*copy)
        return NULL;
    memcpy(*copy, s, (size_t)len);
    (*copy)[len] = '\0';
    TTF_Font *f = font_for(t, *copy, st);
#if SDL_TTF_VERSION_ATLEAST(2, 20, 0)
    if (f)
        TTF_SetFontDirection(f, rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
#else
    (void)rtl;
#endif
    return f;
}

struct measure {
    struct lb_text *t;
    const struct lb_text_style *st;
};

static int run_width(void *ctx, const char *s, int len, bool rtl)
{
    struct measure *m = ctx;
    char *copy;
    TTF_Font *f = run_font(m->t, s, len, rtl, m->st, &copy);
    int w = 0;
    if (f && TTF_SizeUTF8(f, copy, &w, NULL) != 0)
        w = 0;
    free(copy);
    return w;
}

/* `text` drawn in `st` onto a new surface: laid out in lines and runs (text_layout.c), each
 * run rendered by SDL_ttf in its direction and font, on the main font's baseline. */
static SDL_Surface *render(struct lb_text *t, const char *text, const struct lb_text_style *st)
{
    TTF_Font *main_font = font(t, path_index(t, st->bold ? t->bold_path : t->regular_path),
                               st->px < 4 ? 4 : st->px);
    if (!main_font)
        return NULL;
    int ascent = TTF_FontAscent(main_font), skip = TTF_FontLineSkip(main_font);
    int height = TTF_FontHeight(main_font);
    const char *lang = t->language[0] ? t->language : NULL;
    if (lb_text_plain(text, st->wrap > 0, t->base, lang)) {
        /* Left-to-right words broken at spaces: SDL_ttf's own rendering gives the same lines
         * (and the pixels every screen was first made with). */
        TTF_Font *f = font_for(t, text, st);
        if (!f)
            return NULL;
#if SDL_TTF_VERSION_ATLEAST(2, 20, 0)
        TTF_SetFontDirection(f, TTF_DIRECTION_LTR);
        TTF_SetFontWrappedAlign(f, st->align == LB_ALIGN_CENTER  ? TTF_WRAPPED_ALIGN_CENTER
                                   : st->align == LB_ALIGN_RIGHT ? TTF_WRAPPED_ALIGN_RIGHT
                                                                 : TTF_WRAPPED_ALIGN_LEFT);
#endif
        return st->wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(f, text, st->color,
                                                             (Uint32)st->wrap)
                            : TTF_RenderUTF8_Blended(f, text, st->color);
    }
    struct measure m = {t, st};
    struct lb_text_layout lay;
    if (!lb_text_layout_make(&lay, text, st->wrap, t->base, lang, run_width, &m))
        return NULL;
    /* Every run rendered first: each line is as tall as its tallest piece (a fallback
     * font's, or marks below the letters), the pieces on the line's common baseline. */
    SDL_Surface **pieces = calloc((size_t)lay.n_runs + 1, sizeof(*pieces));
    int *ascents = calloc((size_t)lay.n_runs + 1, sizeof(*ascents));
    int *top = calloc((size_t)lay.n_lines + 1, sizeof(*top));
    int *base = calloc((size_t)lay.n_lines + 1, sizeof(*base));
    SDL_Surface *out = NULL;
    if (!pieces || !ascents || !top || !base)
        goto done;
    for (int k = 0; k < lay.n_runs; k++) {
        const struct lb_text_run *r = &lay.runs[k];
        char *copy;
        TTF_Font *f = run_font(t, text + r->start, r->len, r->rtl, st, &copy);
        pieces[k] = f ? TTF_RenderUTF8_Blended(f, copy, st->color) : NULL;
        ascents[k] = f ? TTF_FontAscent(f) : ascent;
        if (f && !pieces[k])
            lb_log_error("cannot draw text: %s", TTF_GetError());
        free(copy);
    }
    int w = 1;
    for (int i = 0; i < lay.n_lines; i++) {
        const struct lb_text_line *line = &lay.lines[i];
        w = line->w > w ? line->w : w;
        int asc = ascent, below = height - ascent;
        for (int k = line->first_run; k < line->first_run + line->n_runs; k++) {
            if (!pieces[k])
                continue;
            asc = ascents[k] > asc ? ascents[k] : asc;
            below = pieces[k]->h - ascents[k] > below ? pieces[k]->h - ascents[k] : below;
        }
        base[i] = top[i] + asc;
        /* lines a line skip apart, or more when a piece is taller */
        top[i + 1] = top[i] + (asc + below > skip ? asc + below : skip);
    }
    /* As wide as SDL_ttf's own wrapping makes a paragraph (the screens were laid out with
     * it): the wrap width when it has several lines or is not left aligned. */
    if (st->wrap > 0 && (lay.n_lines > 1 || st->align != LB_ALIGN_LEFT) && st->wrap > w)
        w = st->wrap;
    /* ... and never wider: only the space a line broke at goes past it, and it is blank */
    if (st->wrap > 0 && w > st->wrap)
        w = st->wrap;
    out = SDL_CreateRGBSurfaceWithFormat(0, w, top[lay.n_lines] > 0 ? top[lay.n_lines] : 1, 32,
                                         SDL_PIXELFORMAT_ARGB8888);
    for (int i = 0; out && i < lay.n_lines; i++) {
        const struct lb_text_line *line = &lay.lines[i];
        bool right = st->align == LB_ALIGN_RIGHT || (st->align == LB_ALIGN_LEFT && line->rtl);
        int x0 = st->align == LB_ALIGN_CENTER ? (w - line->w) / 2 : right ? w - line->w : 0;
        if (x0 < 0 && !line->rtl)
            x0 = 0; /* its trailing space is what does not fit (on the left when rtl) */
        for (int k = line->first_run; k < line->first_run + line->n_runs; k++) {
            if (!pieces[k])
                continue;
            /* copied, not blended: the runs do not overlap, and blending onto the
             * transparent surface would darken the letters' edges */
            SDL_SetSurfaceBlendMode(pieces[k], SDL_BLENDMODE_NONE);
            SDL_Rect at = {x0 + lay.runs[k].x, base[i] - ascents[k], pieces[k]->w,
                           pieces[k]->h};
            SDL_BlitSurface(pieces[k], NULL, out, &at);
        }
    }
done:
    for (int k = 0; pieces && k < lay.n_runs; k++)
        SDL_FreeSurface(pieces[k]);
    free(pieces);
    free(ascents);
    free(top);
    free(base);
    lb_text_layout_free(&lay);
    return out;
}

static bool same_style(const struct lb_text_style *a, const struct lb_text_style *b)
{
    return a->px == b->px && a->bold == b->bold && a->wrap == b->wrap && a->align == b->align &&
           a->color.r == b->color.r && a->color.g == b->color.g && a->color.b == b->color.b &&
           a->color.a == b->color.a;
}

/* The cached texture for (text, style), made when missing. Returns the cache index or -1. */
static int lookup(struct lb_text *t, const char *text, const struct lb_text_style *style)
{
    int victim = 0;
    for (int i = 0; i < LB_TEXT_CACHE; i++) {
        if (t->cache[i].text && same_style(&t->cache[i].style, style) &&
            !strcmp(t->cache[i].text, text)) {
            t->cache[i].used = t->frame;
            return i;
        }
        if (!t->cache[victim].text)
            continue;
        if (!t->cache[i].text || t->cache[i].used < t->cache[victim].used)
            victim = i;
    }
    SDL_Surface *s = render(t, text, style);
    if (!s) {
        lb_log_error("cannot draw text: %s", SDL_GetError());
        return -1;
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(t->renderer, s);
    int w = s->w, h = s->h;
    SDL_FreeSurface(s);
    if (!tex) {
        lb_log_error("cannot make a text texture: %s", SDL_GetError());
        return -1;
    }
    char *copy = strdup(text);
    if (!copy) {
        SDL_DestroyTexture(tex);
        return -1;
    }
    free(t->cache[victim].text);
    if (t->cache[victim].texture)
        SDL_DestroyTexture(t->cache[victim].texture);
    t->cache[victim].text = copy;
    t->cache[victim].style = *style;
    t->cache[victim].texture = tex;
    t->cache[victim].w = w;
    t->cache[victim].h = h;
    t->cache[victim].used = t->frame;
    t->renders++;
    return victim;
}

static SDL_Rect place(int w, int h, int x, int y, enum lb_anchor anchor)
{
    SDL_Rect r = {x, y, w, h};
    switch (anchor) {
    case LB_ANCHOR_TOP_CENTER: r.x -= w / 2; break;
    case LB_ANCHOR_TOP_RIGHT: r.x -= w; break;
    case LB_ANCHOR_CENTER: r.x -= w / 2; r.y -= h / 2; break;
    case LB_ANCHOR_BOTTOM_LEFT: r.y -= h; break;
    case LB_ANCHOR_BOTTOM_CENTER: r.x -= w / 2; r.y -= h; break;
    case LB_ANCHOR_BOTTOM_RIGHT: r.x -= w; r.y -= h; break;
    default: break;
    }
    return r;
}

SDL_Rect lb_text_draw(struct lb_text *t, const char *text, const struct lb_text_style *style,
                      int x, int y, enum lb_anchor anchor)
{
    if (!text || !text[0])
        return (SDL_Rect){x, y, 0, 0};
    int i = lookup(t, text, style);
    if (i < 0)
        return (SDL_Rect){x, y, 0, 0};
    SDL_Rect r = place(t->cache[i].w, t->cache[i].h, x, y, anchor);
    if (t->record) { /* "x y w h<TAB>text", the text on one line */
        fprintf(t->record, "%d %d %d %d\t", r.x, r.y, r.w, r.h);
        for (const char *c = text; *c; c++)
            fputc(*c == '\n' ? ' ' : *c, t->record);
        fputc('\n', t->record);
    }
    SDL_RenderCopy(t->renderer, t->cache[i].texture, NULL, &r);
    return r;
}

void lb_text_record_box(struct lb_text *t, SDL_Rect box)
{
    if (t->record)
        fprintf(t->record, "BOX %d %d %d %d\n", box.x, box.y, box.w, box.h);
}

SDL_Rect lb_text_measure(struct lb_text *t, const char *text, const struct lb_text_style *st)
{
    if (!text || !text[0])
        return (SDL_Rect){0, 0, 0, 0};
    int i = lookup(t, text, st);
    return i < 0 ? (SDL_Rect){0, 0, 0, 0} : (SDL_Rect){0, 0, t->cache[i].w, t->cache[i].h};
}

const char *lb_text_fit(struct lb_text *t, const char *text, const struct lb_text_style *st,
                        int max_w, char *out, size_t size)
{
    snprintf(out, size, "%s", text ? text : "");
    TTF_Font *f = out[0] ? font_for(t, out, st) : NULL;
    int w = 0;
    if (!f || TTF_SizeUTF8(f, out, &w, NULL) != 0 || w <= max_w)
        return out;
    /* The longest beginning (whole UTF-8 characters) that fits with the ellipsis. */
    size_t lo = 0, hi = strlen(out);
    char *probe = malloc(hi + 4);
    if (!probe)
        return out;
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        while (mid > lo && ((unsigned char)text[mid] & 0xc0) == 0x80)
            mid--;
        if (mid == lo)
            break;
        snprintf(probe, hi + 4, "%.*s\u2026", (int)mid, text);
        if (TTF_SizeUTF8(f, probe, &w, NULL) == 0 && w <= max_w)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && text[lo - 1] == ' ')
        lo--;
    snprintf(out, size, "%.*s\u2026", (int)lo, text);
    free(probe);
    return out;
}
