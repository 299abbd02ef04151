/* The video output: a window (or an offscreen surface) with an SDL renderer, and the clip
 * picture drawn letterboxed from a streaming texture. Main thread only. */
#ifndef LB_VIDEO_OUT_H
#define LB_VIDEO_OUT_H

#include <stdbool.h>

#include <SDL.h>

#include "backdrop.h"
#include "clip.h"
#include "picture.h"

struct lb_video_out_params {
    int width, height;
    bool fullscreen;
    bool offscreen;          /* no window: render into a surface (snapshots, export) */
    int renderer;            /* enum lb_renderer_choice */
    const char *title;
};

struct lb_video_out {
    SDL_Window *window;      /* NULL when offscreen */
    SDL_Surface *surface;    /* the offscreen target, or NULL */
    SDL_Renderer *renderer;
    bool software;           /* the software renderer is in use */
    char renderer_name[64];  /* for logs and stats: "software", "opengl", ... */
    int width, height;       /* output size in pixels */
    /* With the software renderer the picture is converted straight into the output's pixels
     * at each draw (no texture, one full-frame copy less): `held` keeps the frame (a reference,
     * not a copy) so a draw for an overlay change can put the same picture under it again.
     * Otherwise the picture goes through the `picture` texture. */
    bool direct;
    AVFrame *held;           /* direct: the frame on show (a reference), empty if none */
    int held_rotation;       /* the picture's clip's rotation, degrees clockwise */
    bool held_mirror;        /* the picture is shown mirrored */
    struct lb_picture convert; /* direct: the converter */
    SDL_Texture *picture;    /* not direct: the clip picture, or NULL: with a GPU the frame's
                              * YUV planes at their coded size (picture_yuv), otherwise BGRA
                              * at its letterboxed size */
    bool picture_yuv;
    int picture_mode;        /* picture_yuv: its SDL_YUV_CONVERSION_MODE */
    int picture_w, picture_h;
    SDL_Rect picture_rect;   /* where it goes on the output */
    int display_w, display_h; /* the picture's display size (its aspect) */
    bool has_picture;        /* there is a frame worth drawing */
    uint64_t picture_serial; /* changes whenever the picture drawn would (a frame, a resize) */
    struct lb_backdrop backdrop; /* a shaded screen's, kept with the software renderer in a
                                  * window (offscreen, a picture is drawn once) */
};

/* Open the window (or offscreen surface) and a renderer as params->renderer asks: auto takes
 * the accelerated renderer unless OpenGL is a software rasteriser (llvmpipe, softpipe, swrast)
 * or missing, where the software renderer costs far less. Returns false with SDL's reason
 * logged. */
bool lb_video_out_init(struct lb_video_out *vo, const struct lb_video_out_params *params);
void lb_video_out_destroy(struct lb_video_out *vo);

/* Take the output size again after the window changed size. */
void lb_video_out_resized(struct lb_video_out *vo);

/* Take `frame` of `clip` as the picture, scaled to fit the output with the clip's display aspect
 * (letterboxed), mirrored on request. Returns false on a conversion error. The frame may go
 * (its clip may close) after the call: direct output keeps its own reference. */
bool lb_video_out_set_frame(struct lb_video_out *vo, struct lb_clip *clip,
                            const struct lb_video_frame *frame, bool mirror);

/* Forget the picture (the next draw shows no clip) and the backdrop kept with it. */
void lb_video_out_clear_picture(struct lb_video_out *vo);

/* Draw the picture letterboxed on the background colour (the whole output is drawn: call it
 * first). */
void lb_video_out_draw_picture(struct lb_video_out *vo);

/* Show what was drawn (a no-op offscreen). */
void lb_video_out_present(struct lb_video_out *vo);

/* Read the output's pixels as ARGB8888 into a new surface (snapshots, tests). */
SDL_Surface *lb_video_out_read(struct lb_video_out *vo);

#endif
