/* The backdrop of a shaded screen (the pain stop, the leave question, the keys overlay): the
 * frozen clip picture, the overlay under the shade and the shade itself, kept once composed, so
 * a change above the shade (a highlighted choice, the volume) is drawn again by one copy instead
 * of converting the picture and blending every pixel of a full-screen shade once more (38 ms a
 * draw at 3840x2160 with SDL's software renderer). Kept only with the software renderer: a GPU
 * blends the shade for nothing, and reading its pixels back would cost more. Main thread only. */
#ifndef LB_BACKDROP_H
#define LB_BACKDROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

struct lb_backdrop {
    SDL_Renderer *renderer;  /* borrowed */
    Uint32 format;           /* the output's pixel format: the copy back is a plain copy */
    bool on;                 /* keeping is worth it (the software renderer) */
    SDL_Texture *kept;       /* the composed backdrop, or NULL */
    int w, h;                /* its size */
    uint64_t key;            /* what it shows (lb_overlay_backdrop_key and the picture) */
    /* Counters for --stats and the tests: full-screen shades blended, backdrops kept, draws
     * that copied a kept backdrop instead of composing it. */
    int64_t shades, keeps, reuses;
};

/* Keep backdrops for `renderer`, whose output is in `format`, when `on` (else only count the
 * shades). Nothing is allocated until a backdrop is kept. */
void lb_backdrop_init(struct lb_backdrop *b, SDL_Renderer *renderer, Uint32 format, bool on);

/* Free the kept backdrop; the renderer must still be alive. */
void lb_backdrop_destroy(struct lb_backdrop *b);

/* Draw the kept backdrop over the whole w x h output if it shows `key` (not 0) at that size:
 * then the caller draws only what goes above the shade. False (nothing drawn) otherwise. */
bool lb_backdrop_show(struct lb_backdrop *b, uint64_t key, int w, int h);

/* The whole w x h output as drawn so far (up to and including the shade) becomes the backdrop
 * for `key`. Does nothing when keeping is off, key is 0 or the output cannot be read back. */
void lb_backdrop_keep(struct lb_backdrop *b, uint64_t key, int w, int h);

/* No shade on screen: free the kept backdrop (33 MB at 3840x2160). */
void lb_backdrop_forget(struct lb_backdrop *b);

/* 64-bit FNV-1a over n bytes, continuing from h (start with LB_BACKDROP_KEY_SEED): for the
 * summaries that say what a backdrop shows. */
#define LB_BACKDROP_KEY_SEED 1469598103934665603ULL
uint64_t lb_backdrop_hash(uint64_t h, const void *bytes, size_t n);

#endif
