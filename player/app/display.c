/* The process's one window, renderer, text cache and game controller. */
#include "display.h"

#include "log.h"

bool lb_display_open(struct lb_display *d, const struct lb_options *opts, const char *title,
                     bool offscreen)
{
    *d = (struct lb_display){.offscreen = offscreen};
    if (SDL_Init(offscreen ? 0 : SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        lb_log_error("cannot start SDL video: %s (is there a display? try SDL_VIDEODRIVER)",
                     SDL_GetError());
        return false;
    }
    if (!offscreen)
        SDL_InitSubSystem(SDL_INIT_GAMECONTROLLER); /* optional: none is fine */
    struct lb_video_out_params vp = {.width = opts->width, .height = opts->height,
                                     .fullscreen = opts->fullscreen, .renderer = opts->renderer,
                                     .offscreen = offscreen, .title = title};
    if (!lb_video_out_init(&d->video, &vp))
        goto fail_sdl;
    if (!lb_text_init(&d->text, d->video.renderer, opts->font))
        goto fail_video;
    return true;

fail_video:
    lb_video_out_destroy(&d->video);
fail_sdl:
    SDL_Quit();
    return false;
}

void lb_display_close(struct lb_display *d)
{
    lb_text_destroy(&d->text);
    lb_video_out_destroy(&d->video);
    if (d->pad)
        SDL_GameControllerClose(d->pad);
    SDL_Quit();
    *d = (struct lb_display){0};
}

void lb_display_set_title(struct lb_display *d, const char *title)
{
    if (d->video.window)
        SDL_SetWindowTitle(d->video.window, title);
}

bool lb_display_event(struct lb_display *d, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_CONTROLLERDEVICEADDED:
        if (!d->pad)
            d->pad = SDL_GameControllerOpen(ev->cdevice.which);
        return false;
    case SDL_CONTROLLERDEVICEREMOVED:
        if (d->pad &&
            SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(d->pad)) == ev->cdevice.which) {
            SDL_GameControllerClose(d->pad);
            d->pad = NULL;
        }
        return false;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            lb_video_out_resized(&d->video);
        return true;
    default:
        return false;
    }
}

void lb_display_toggle_fullscreen(struct lb_display *d)
{
    if (!d->video.window)
        return;
    bool full = SDL_GetWindowFlags(d->video.window) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_SetWindowFullscreen(d->video.window, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
}
