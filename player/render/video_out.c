/* Window, renderer choice and the letterboxed clip picture: converted straight into the
 * software renderer's pixels, or handed to a GPU as YUV planes. */
#include "video_out.h"

#include <string.h>

#include <SDL_opengl.h>

#include "log.h"
#include "renderer_choice.h"

/* Background behind letterboxed pictures and cards: a calm dark blue-grey. */
#define BG_R 0x1b
#define BG_G 0x22
#define BG_B 0x2b

/* Is OpenGL here a software rasteriser? Without a DRI render node it cannot be anything
 * else (saves loading Mesa and LLVM: ~100 ms and ~50 MB); with one, ask a hidden probe
 * window's GL context, since Xvfb uses llvmpipe even on a machine with a GPU. */
static bool gl_is_software(void)
{
    SDL_RWops *node = SDL_RWFromFile("/dev/dri/renderD128", "rb");
    if (!node) {
        lb_log_info("no GPU render node: using the software renderer");
        return true;
    }
    SDL_RWclose(node);
    SDL_Window *w = SDL_CreateWindow("probe", 0, 0, 16, 16, SDL_WINDOW_OPENGL |
                                     SDL_WINDOW_HIDDEN);
    if (!w)
        return true; /* no GL at all */
    bool software = true;
    SDL_GLContext ctx = SDL_GL_CreateContext(w);
    if (ctx) {
        typedef const GLubyte *(APIENTRY *get_string_fn)(GLenum);
        void *symbol = SDL_GL_GetProcAddress("glGetString");
        get_string_fn get_string = NULL;
        memcpy(&get_string, &symbol, sizeof(get_string)); /* ISO C: no object-to-function cast */
        const char *name = get_string ? (const char *)get_string(GL_RENDERER) : NULL;
        software = !name || strstr(name, "llvmpipe") || strstr(name, "softpipe") ||
                   strstr(name, "Software") || strstr(name, "swrast");
        lb_log_info("OpenGL renderer: %s%s", name ? name : "unknown",
                    software ? " (a software rasteriser)" : "");
        SDL_GL_DeleteContext(ctx);
    }
    SDL_DestroyWindow(w);
    return software;
}

bool lb_video_out_init(struct lb_video_out *vo, const struct lb_video_out_params *p)
{
    *vo = (struct lb_video_out){.width = p->width, .height = p->height};
    bool software = p->offscreen || p->renderer == LB_RENDERER_SOFTWARE;
    if (!software && p->renderer == LB_RENDERER_AUTO)
        software = gl_is_software();
    if (software) {
        /* Straight to the window's framebuffer, no GL in between. */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
    if (p->offscreen) {
        vo->surface = SDL_CreateRGBSurfaceWithFormat(0, p->width, p->height, 32,
                                                     SDL_PIXELFORMAT_ARGB8888);
        if (!vo->surface) {
            lb_log_error("cannot make an offscreen picture: %s", SDL_GetError());
            return false;
        }
        vo->renderer = SDL_CreateSoftwareRenderer(vo->surface);
        if (!vo->renderer) {
            lb_log_error("cannot make a software renderer: %s", SDL_GetError());
            goto fail_surface;
        }
    } else {
        Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
        int x = SDL_WINDOWPOS_CENTERED, y = SDL_WINDOWPOS_CENTERED, w = p->width, h = p->height;
        SDL_Rect screen;
        if (p->fullscreen) {
            flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
            /* Made as large as the screen from the start: with no window manager (a kiosk's
             * bare X server, `xinit limber --kiosk`) nobody grants the fullscreen request,
             * and the window would stay at the default size in the middle. */
            if (SDL_GetDisplayBounds(0, &screen) == 0 && screen.w > 0 && screen.h > 0) {
                x = screen.x;
                y = screen.y;
                w = screen.w;
                h = screen.h;
            }
        }
        vo->window = SDL_CreateWindow(p->title ? p->title : "Limber", x, y, w, h, flags);
        if (!vo->window) {
            lb_log_error("cannot open a window: %s", SDL_GetError());
            return false;
        }
        Uint32 rflags = software ? SDL_RENDERER_SOFTWARE
                                 : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
        vo->renderer = SDL_CreateRenderer(vo->window, -1, rflags);
        if (!vo->renderer && !software) {
            lb_log_info("no accelerated renderer (%s); using the software one",
                        SDL_GetError());
            vo->renderer = SDL_CreateRenderer(vo->window, -1, SDL_RENDERER_SOFTWARE);
        }
        if (!vo->renderer) {
            lb_log_error("cannot make a renderer: %s", SDL_GetError());
            goto fail_window;
        }
    }
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(vo->renderer, &info) == 0) {
        snprintf(vo->renderer_name, sizeof(vo->renderer_name), "%s", info.name);
        vo->software = (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    }
    /* Filled rectangles are opaque unless a drawer asks for blending for one: the software
     * renderer then fills memory instead of mixing every pixel (alpha 255 still blends). */
    SDL_SetRenderDrawBlendMode(vo->renderer, SDL_BLENDMODE_NONE);
    vo->direct = vo->software;
    lb_backdrop_init(&vo->backdrop, vo->renderer,
                     vo->window ? SDL_GetWindowPixelFormat(vo->window) : SDL_PIXELFORMAT_ARGB8888,
                     vo->software && vo->window);
    if (vo->direct && !(vo->held = av_frame_alloc())) {
        lb_log_error("out of memory for the picture");
        goto fail_renderer;
    }
    lb_video_out_resized(vo);
    return true;

fail_renderer:
    SDL_DestroyRenderer(vo->renderer);
    vo->renderer = NULL;

fail_window:
    SDL_DestroyWindow(vo->window);
    vo->window = NULL;
    return false;
fail_surface:
    SDL_FreeSurface(vo->surface);
    vo->surface = NULL;
    return false;
}

void lb_video_out_destroy(struct lb_video_out *vo)
{
    lb_backdrop_destroy(&vo->backdrop);
    av_frame_free(&vo->held);
    lb_picture_destroy(&vo->convert);
    if (vo->picture)
        SDL_DestroyTexture(vo->picture);
    if (vo->renderer)
        SDL_DestroyRenderer(vo->renderer);
    if (vo->window)
        SDL_DestroyWindow(vo->window);
    if (vo->surface)
        SDL_FreeSurface(vo->surface);
    *vo = (struct lb_video_out){0};
}

/* The largest rectangle of the picture's aspect that fits the output, centred. */
static SDL_Rect fit(int out_w, int out_h, int pic_w, int pic_h)
{
    SDL_Rect r = {0, 0, out_w, out_h};
    if (pic_w <= 0 || pic_h <= 0)
        return r;
    if ((int64_t)out_w * pic_h > (int64_t)out_h * pic_w) {
        r.w = (int)((int64_t)out_h * pic_w / pic_h);
        r.x = (out_w - r.w) / 2;
    } else {
        r.h = (int)((int64_t)out_w * pic_h / pic_w);
        r.y = (out_h - r.h) / 2;
    }
    r.w &= ~1; /* even sizes keep chroma subsampling exact */
    r.h &= ~1;
    return r;
}

void lb_video_out_resized(struct lb_video_out *vo)
{
    int w = vo->width, h = vo->height;
    vo->picture_serial++;
    if (SDL_GetRendererOutputSize(vo->renderer, &w, &h) == 0 && w > 0 && h > 0) {
        vo->width = w;
        vo->height = h;
    }
    /* The held frame, or a YUV texture at the frame's own size, fits the new size at the next
     * draw; a BGRA texture was made for the old size. */
    if ((vo->direct || vo->picture_yuv) && vo->has_picture)
        vo->picture_rect = fit(vo->width, vo->height, vo->display_w, vo->display_h);
    else
        vo->has_picture = false; /* the texture's size follows the output's */
}

/* The SDL conversion mode for a frame the GPU can take as planar 8-bit 4:2:0 as it is, or -1:
 * SDL 2 knows BT.601 and BT.709 in limited range and BT.601 in full range (JPEG). */
static int yuv_mode(const AVFrame *frame)
{
    bool full = frame->color_range == AVCOL_RANGE_JPEG || frame->format == AV_PIX_FMT_YUVJ420P;
    if (frame->format != AV_PIX_FMT_YUV420P && frame->format != AV_PIX_FMT_YUVJ420P)
        return -1;
    if ((frame->width | frame->height) & 1)
        return -1; /* SDL's planes want even sizes */
    bool hd = frame->height >= 720;
    enum AVColorSpace cs = frame->colorspace;
    bool bt709 = cs == AVCOL_SPC_BT709 || (cs == AVCOL_SPC_UNSPECIFIED && hd);
    bool bt601 = cs == AVCOL_SPC_BT470BG || cs == AVCOL_SPC_SMPTE170M ||
                 (cs == AVCOL_SPC_UNSPECIFIED && !hd);
    if (full)
        return bt601 ? SDL_YUV_CONVERSION_JPEG : -1;
    return bt709 ? SDL_YUV_CONVERSION_BT709 : bt601 ? SDL_YUV_CONVERSION_BT601 : -1;
}

/* With a GPU: hand the decoded planes over as they are (an IYUV texture at the coded size);
 * the GPU converts, scales, turns and mirrors at draw time. False if it cannot. */
static bool fill_yuv_texture(struct lb_video_out *vo, const AVFrame *frame)
{
    int mode = yuv_mode(frame);
    if (mode < 0)
        return false;
    if (!vo->picture || !vo->picture_yuv || vo->picture_w != frame->width ||
        vo->picture_h != frame->height || vo->picture_mode != mode) {
        if (vo->picture)
            SDL_DestroyTexture(vo->picture);
        SDL_SetYUVConversionMode((SDL_YUV_CONVERSION_MODE)mode); /* read at creation */
        vo->picture = SDL_CreateTexture(vo->renderer, SDL_PIXELFORMAT_IYUV,
                                        SDL_TEXTUREACCESS_STREAMING, frame->width,
                                        frame->height);
        SDL_SetYUVConversionMode(SDL_YUV_CONVERSION_AUTOMATIC);
        vo->picture_yuv = vo->picture != NULL;
        if (!vo->picture) {
            lb_log_info("no YUV texture (%s): the picture is converted to BGRA",
                        SDL_GetError());
            return false;
        }
        lb_log_info("picture: %dx%d YUV planes to the GPU (%s)", frame->width, frame->height,
                    mode == SDL_YUV_CONVERSION_BT709 ? "BT.709"
                    : mode == SDL_YUV_CONVERSION_JPEG ? "full-range BT.601" : "BT.601");
        vo->picture_w = frame->width;
        vo->picture_h = frame->height;
        vo->picture_mode = mode;
    }
    return SDL_UpdateYUVTexture(vo->picture, NULL, frame->data[0], frame->linesize[0],
                                frame->data[1], frame->linesize[1], frame->data[2],
                                frame->linesize[2]) == 0;
}

/* Convert the frame into the picture texture at the picture rectangle's size. */
static bool fill_texture(struct lb_video_out *vo, const AVFrame *frame, int rotation, bool mirror)
{
    const SDL_Rect *r = &vo->picture_rect;
    if (!vo->picture || vo->picture_yuv || vo->picture_w != r->w || vo->picture_h != r->h) {
        if (vo->picture)
            SDL_DestroyTexture(vo->picture);
        /* XRGB8888: the same bytes as swscale's BGRA output, and the window surface's own
         * format on X11, so the software renderer copies rows instead of converting pixels. */
        vo->picture = SDL_CreateTexture(vo->renderer, SDL_PIXELFORMAT_RGB888,
                                        SDL_TEXTUREACCESS_STREAMING, r->w, r->h);
        if (!vo->picture) {
            lb_log_error("cannot make the picture texture: %s", SDL_GetError());
            return false;
        }
        /* The picture is opaque: a straight copy, not a per-pixel alpha blend. */
        SDL_SetTextureBlendMode(vo->picture, SDL_BLENDMODE_NONE);
        vo->picture_yuv = false;
        vo->picture_w = r->w;
        vo->picture_h = r->h;
    }
    void *pixels;
    int pitch;
    if (SDL_LockTexture(vo->picture, NULL, &pixels, &pitch) != 0) {
        lb_log_error("cannot lock the picture texture: %s", SDL_GetError());
        return false;
    }
    int err = lb_picture_convert(&vo->convert, frame, rotation, mirror, pixels, pitch, r->w,
                                 r->h);
    SDL_UnlockTexture(vo->picture);
    return err >= 0;
}

bool lb_video_out_set_frame(struct lb_video_out *vo, struct lb_clip *clip,
                            const struct lb_video_frame *frame, bool mirror)
{
    const struct lb_clip_info *info = lb_clip_info(clip);
    SDL_Rect r = fit(vo->width, vo->height, info->display_width, info->display_height);
    if (r.w < 2 || r.h < 2 || !frame || !frame->frame)
        return false;
    vo->picture_rect = r;
    vo->picture_serial++;
    vo->display_w = info->display_width;
    vo->display_h = info->display_height;
    if (vo->direct) {
        /* Converted at the next draw, straight into the output. */
        av_frame_unref(vo->held);
        vo->has_picture = av_frame_ref(vo->held, frame->frame) >= 0;
        vo->held_rotation = info->rotation;
        vo->held_mirror = mirror;
        return vo->has_picture;
    }
    vo->held_rotation = info->rotation;
    vo->held_mirror = mirror;
    vo->has_picture = (!vo->software && fill_yuv_texture(vo, frame->frame)) ||
                      fill_texture(vo, frame->frame, info->rotation, mirror);
    return vo->has_picture;
}

void lb_video_out_clear_picture(struct lb_video_out *vo)
{
    vo->has_picture = false;
    vo->picture_serial++;
    lb_backdrop_forget(&vo->backdrop); /* it showed the picture */
    if (vo->held)
        av_frame_unref(vo->held);
}

/* The pixels the software renderer draws into, if the picture can be converted straight into
 * them (32-bit, blue byte first: what swscale's BGRA writes); NULL otherwise. */
static SDL_Surface *direct_surface(struct lb_video_out *vo)
{
    SDL_Surface *s = vo->window ? SDL_GetWindowSurface(vo->window) : vo->surface;
    if (!s)
        return NULL;
    Uint32 f = s->format->format;
    return f == SDL_PIXELFORMAT_RGB888 || f == SDL_PIXELFORMAT_ARGB8888 ? s : NULL;
}

/* Direct output: the letterbox bars and the picture, written into the output's pixels. */
static void draw_direct(struct lb_video_out *vo, SDL_Surface *s)
{
    SDL_RenderFlush(vo->renderer); /* nothing queued may land on top of it later */
    Uint32 bg = SDL_MapRGB(s->format, BG_R, BG_G, BG_B);
    if (!vo->has_picture) {
        SDL_FillRect(s, NULL, bg);
        return;
    }
    /* The surface's own size: a resize may not have reached lb_video_out_resized yet. */
    SDL_Rect r = vo->picture_rect;
    if (r.x + r.w > s->w || r.y + r.h > s->h) {
        SDL_FillRect(s, NULL, bg);
        return;
    }
    SDL_Rect bars[4] = {
        {0, 0, s->w, r.y},                           /* above */
        {0, r.y + r.h, s->w, s->h - r.y - r.h},      /* below */
        {0, r.y, r.x, r.h},                          /* left */
        {r.x + r.w, r.y, s->w - r.x - r.w, r.h},     /* right */
    };
    for (int i = 0; i < 4; i++) {
        if (bars[i].w > 0 && bars[i].h > 0)
            SDL_FillRect(s, &bars[i], bg);
    }
    if (SDL_LockSurface(s) != 0)
        return;
    uint8_t *at = (uint8_t *)s->pixels + (size_t)r.y * (size_t)s->pitch + (size_t)r.x * 4;
    int err = lb_picture_convert(&vo->convert, vo->held, vo->held_rotation, vo->held_mirror, at,
                                 s->pitch, r.w, r.h);
    SDL_UnlockSurface(s);
    if (err < 0) {
        vo->has_picture = false;
        SDL_FillRect(s, &r, bg);
    }
}

void lb_video_out_draw_picture(struct lb_video_out *vo)
{
    if (vo->direct) {
        SDL_Surface *s = direct_surface(vo);
        if (s) {
            draw_direct(vo, s);
            return;
        }
        /* An output in another pixel format: through a texture from now on. */
        lb_log_info("the window's pixels are %s: the picture goes through a texture",
                    SDL_GetPixelFormatName(vo->window ? SDL_GetWindowPixelFormat(vo->window)
                                                      : 0));
        vo->direct = false;
        if (vo->has_picture)
            vo->has_picture = fill_texture(vo, vo->held, vo->held_rotation, vo->held_mirror);
        av_frame_unref(vo->held);
    }
    bool picture = vo->has_picture && vo->picture;
    const SDL_Rect *r = &vo->picture_rect;
    /* A picture that fills the output leaves nothing to clear: one full-screen fill less per
     * frame, which the software renderer pays for. */
    if (!picture || r->x > 0 || r->y > 0 || r->w < vo->width || r->h < vo->height) {
        SDL_SetRenderDrawColor(vo->renderer, BG_R, BG_G, BG_B, 255);
        SDL_RenderClear(vo->renderer);
    }
    if (picture && vo->picture_yuv) {
        /* The texture is the frame as coded: turned on its way to the screen, then mirrored
         * (SDL flips before it turns, so a sideways picture is flipped top to bottom). */
        bool sideways = vo->held_rotation == 90 || vo->held_rotation == 270;
        SDL_Rect upright = *r;
        if (sideways)
            upright = (SDL_Rect){r->x + (r->w - r->h) / 2, r->y + (r->h - r->w) / 2, r->h, r->w};
        SDL_RendererFlip flip = !vo->held_mirror ? SDL_FLIP_NONE
                                : sideways       ? SDL_FLIP_VERTICAL
                                                 : SDL_FLIP_HORIZONTAL;
        SDL_RenderCopyEx(vo->renderer, vo->picture, NULL, &upright, vo->held_rotation, NULL,
                         flip);
    } else if (picture) {
        SDL_RenderCopy(vo->renderer, vo->picture, NULL, r);
    }
}

void lb_video_out_present(struct lb_video_out *vo)
{
    SDL_RenderPresent(vo->renderer);
}

SDL_Surface *lb_video_out_read(struct lb_video_out *vo)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, vo->width, vo->height, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return NULL;
    if (SDL_RenderReadPixels(vo->renderer, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels,
                             s->pitch) != 0) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}
