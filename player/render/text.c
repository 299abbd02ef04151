/* Cached text rendering with SDL_ttf and fontconfig. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include <fontconfig/fontconfig.h>

#include "log.h"

/* Ask fontconfig for the file of `pattern` ("DejaVu Sans:weight=bold"). */
static bool find_font(const char *pattern, char *out, size_t size)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)pattern);
    if (!pat)
        return false;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    FcPattern *match = FcFontMatch(NULL, pat, &result);
    bool ok = false;
    FcChar8 *file = NULL;
    if (match && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        snprintf(out, size, "%s", (const char *)file);
        ok = true;
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
               !find_font("DejaVu Sans", t->regular_path, sizeof(t->regular_path))) {
        lb_log_error("no font found through fontconfig; install fonts-dejavu-core or give "
                     "--font FILE");
        TTF_Quit();
        return false;
    } else if (!find_font("DejaVu Sans:weight=bold", t->bold_path, sizeof(t->bold_path))) {
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
    return true;
}

void lb_text_destroy(struct lb_text *t)
{
    for (int i = 0; i < LB_TEXT_CACHE; i++) {
        free(t->cache[i].text);
        if (t->cache[i].texture)
            SDL_DestroyTexture(t->cache[i].texture);
    }
    for (int i = 0; i < LB_TEXT_FONTS; i++)
        if (t->fonts[i].font)
            TTF_CloseFont(t->fonts[i].font);
    bool fontconfig = t->used_fontconfig;
    *t = (struct lb_text){0};
    TTF_Quit();
    if (fontconfig)
        FcFini(); /* fontconfig's caches, so leak checkers see only real leaks */
}

void lb_text_begin_frame(struct lb_text *t)
{
    t->frame++;
}

static TTF_Font *font(struct lb_text *t, int px, bool bold)
{
    int free_slot = -1, oldest = 0;
    for (int i = 0; i < LB_TEXT_FONTS; i++) {
        if (t->fonts[i].font && t->fonts[i].px == px && t->fonts[i].bold == bold)
            return t->fonts[i].font;
        if (!t->fonts[i].font && free_slot < 0)
            free_slot = i;
    }
    if (free_slot < 0) {
        free_slot = oldest; /* many sizes in use (window resizing): recycle the first */
        TTF_CloseFont(t->fonts[free_slot].font);
        t->fonts[free_slot].font = NULL;
    }
    TTF_Font *f = TTF_OpenFont(bold ? t->bold_path : t->regular_path, px);
    if (!f) {
        lb_log_error("cannot open the font at %d px: %s", px, TTF_GetError());
        return NULL;
    }
    t->fonts[free_slot].font = f;
    t->fonts[free_slot].px = px;
    t->fonts[free_slot].bold = bold;
    return f;
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
    TTF_Font *f = font(t, style->px < 4 ? 4 : style->px, style->bold);
    if (!f)
        return -1;
#if SDL_TTF_VERSION_ATLEAST(2, 20, 0)
    /* The font is shared by every string of its size: set the alignment for each one. */
    TTF_SetFontWrappedAlign(f, style->align == LB_ALIGN_CENTER  ? TTF_WRAPPED_ALIGN_CENTER
                               : style->align == LB_ALIGN_RIGHT ? TTF_WRAPPED_ALIGN_RIGHT
                                                                : TTF_WRAPPED_ALIGN_LEFT);
#endif
    SDL_Surface *s = style->wrap > 0
                         ? TTF_RenderUTF8_Blended_Wrapped(f, text, style->color,
                                                          (Uint32)style->wrap)
                         : TTF_RenderUTF8_Blended(f, text, style->color);
    if (!s) {
        lb_log_error("cannot draw text: %s", TTF_GetError());
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
    SDL_RenderCopy(t->renderer, t->cache[i].texture, NULL, &r);
    return r;
}

SDL_Rect lb_text_measure(struct lb_text *t, const char *text, const struct lb_text_style *st)
{
    if (!text || !text[0])
        return (SDL_Rect){0, 0, 0, 0};
    int i = lookup(t, text, st);
    return i < 0 ? (SDL_Rect){0, 0, 0, 0} : (SDL_Rect){0, 0, t->cache[i].w, t->cache[i].h};
}
