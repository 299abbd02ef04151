/* The backdrop of a shaded screen, composed once and copied back while what is under the
 * shade stays the same. */
#include "backdrop.h"

#include "log.h"

void lb_backdrop_init(struct lb_backdrop *b, SDL_Renderer *renderer, Uint32 format, bool on)
{
    *b = (struct lb_backdrop){.renderer = renderer, .format = format, .on = on};
}

void lb_backdrop_destroy(struct lb_backdrop *b)
{
    lb_backdrop_forget(b);
}

void lb_backdrop_forget(struct lb_backdrop *b)
{
    if (b->kept)
        SDL_DestroyTexture(b->kept);
    b->kept = NULL;
    b->key = 0;
    b->w = b->h = 0;
}

bool lb_backdrop_show(struct lb_backdrop *b, uint64_t key, int w, int h)
{
    if (!b->kept || !key || key != b->key || w != b->w || h != b->h)
        return false;
    SDL_Rect all = {0, 0, w, h};
    if (SDL_RenderCopy(b->renderer, b->kept, NULL, &all) != 0)
        return false;
    b->reuses++;
    return true;
}

void lb_backdrop_keep(struct lb_backdrop *b, uint64_t key, int w, int h)
{
    if (!b->on || !key || w <= 0 || h <= 0)
        return;
    if (!b->kept || b->w != w || b->h != h) {
        lb_backdrop_forget(b);
        /* Streaming: with the software renderer its pixels are a surface the output is read
         * straight into, and copied back row by row (same format, no blending). */
        b->kept = SDL_CreateTexture(b->renderer, b->format, SDL_TEXTUREACCESS_STREAMING, w, h);
        if (!b->kept) {
            lb_log_info("no texture to keep the shaded screen in (%s): it is drawn in full "
                        "each time", SDL_GetError());
            b->on = false;
            return;
        }
        SDL_SetTextureBlendMode(b->kept, SDL_BLENDMODE_NONE);
        b->w = w;
        b->h = h;
    }
    void *pixels;
    int pitch;
    if (SDL_LockTexture(b->kept, NULL, &pixels, &pitch) != 0) {
        lb_backdrop_forget(b);
        return;
    }
    int err = SDL_RenderReadPixels(b->renderer, NULL, b->format, pixels, pitch);
    SDL_UnlockTexture(b->kept);
    if (err != 0) {
        lb_log_info("cannot read the shaded screen back (%s)", SDL_GetError());
        lb_backdrop_forget(b);
        return;
    }
    b->key = key;
    b->keeps++;
}

uint64_t lb_backdrop_hash(uint64_t h, const void *bytes, size_t n)
{
    const unsigned char *p = bytes;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}
