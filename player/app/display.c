/* The process's one window, renderer, text cache and game controller. */
#include "display.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "log.h"

/* True when SDL found a screen to show things on. With no X server, no Wayland compositor and
 * no KMS/DRM device SDL falls back to a driver that draws nowhere, and a kiosk would then play
 * invisibly to its end: unless that driver was asked for (SDL_VIDEODRIVER, as the tests do),
 * say so and stop. */
static bool lb_display_is_real(void)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!driver || (strcmp(driver, "offscreen") && strcmp(driver, "dummy")))
        return true;
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (asked && strstr(asked, driver))
        return true;
    lb_log_error(_("no display was found (DISPLAY and WAYLAND_DISPLAY are not set and there is "
                   "no KMS/DRM screen), so nothing could be seen. Run Limber in a desktop "
                   "session, set DISPLAY, or on a kiosk start it with xinit or cage; to run "
                   "without a screen on purpose, set SDL_VIDEODRIVER=offscreen"));
    return false;
}

bool lb_display_open(struct lb_display *d, const struct lb_options *opts, const char *title,
                     bool offscreen)
{
    *d = (struct lb_display){.offscreen = offscreen};
    if (SDL_Init(offscreen ? 0 : SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        lb_log_error("cannot start SDL video: %s (is there a display? try SDL_VIDEODRIVER)",
                     SDL_GetError());
        return false;
    }
    if (!offscreen && !lb_display_is_real()) {
        SDL_Quit();
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
    d->kiosk = opts->kiosk;
    if (!offscreen) {
        /* A routine runs for minutes with nobody touching anything: no screensaver, no
         * blanking (SDL asks the X server, Wayland's idle inhibitor or D-Bus). */
        SDL_DisableScreenSaver();
        if (d->kiosk)
            SDL_ShowCursor(SDL_DISABLE);
    }
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

SDL_Keycode lb_display_key(struct lb_display *d, const SDL_Event *ev)
{
    if (ev->type == SDL_KEYUP) {
        SDL_Keycode k = ev->key.keysym.sym;
        if (k == SDLK_ESCAPE)
            d->esc_down_ms = 0;
        return SDLK_UNKNOWN;
    }
    if (ev->type != SDL_KEYDOWN || ev->key.repeat)
        return SDLK_UNKNOWN;
    SDL_Keycode k = ev->key.keysym.sym;
    /* Only a keyboard's Esc quits a kiosk when held: a remote's Back held by someone
     * waiting must not switch the TV off Limber. */
    if (k == SDLK_ESCAPE && !d->esc_down_ms)
        d->esc_down_ms = SDL_GetTicks() | 1; /* never 0 while held */
    switch (k) {
    case SDLK_SELECT: case SDLK_KP_ENTER: k = SDLK_RETURN; break;
    case SDLK_AC_BACK: k = SDLK_ESCAPE; break;
    case SDLK_AUDIOPLAY: case SDLK_AUDIOSTOP: case SDLK_PAUSE: k = SDLK_SPACE; break;
    case SDLK_AUDIONEXT: case SDLK_AUDIOFASTFORWARD: k = SDLK_RIGHT; break;
    case SDLK_AUDIOPREV: case SDLK_AUDIOREWIND: k = SDLK_LEFT; break;
    case SDLK_AUDIOMUTE: k = SDLK_m; break;
    default: break;
    }
    return k;
}

int lb_display_quit_countdown(const struct lb_display *d)
{
    if (!d->kiosk || !d->esc_down_ms)
        return 0;
    Uint32 held = SDL_GetTicks() - d->esc_down_ms;
    if (held < 400 || held >= LB_DISPLAY_QUIT_HOLD_MS)
        return 0;
    return (int)((LB_DISPLAY_QUIT_HOLD_MS - held + 999) / 1000);
}

void lb_display_draw_quit_hint(struct lb_display *d, double text_scale)
{
    int left = lb_display_quit_countdown(d);
    if (!left)
        return;
    char line[64];
    /* TRANSLATORS: %d counts down the seconds left to hold the key. */
    snprintf(line, sizeof(line), ngettext("Keep holding Esc to quit Limber: %d",
                                          "Keep holding Esc to quit Limber: %d",
                                          (unsigned long)left), left);
    lb_overlay_draw_notice(&d->text, line, d->video.width, d->video.height, text_scale);
}

bool lb_display_quit_held(const struct lb_display *d)
{
    /* Signed: esc_down_ms is the tick it went down with its low bit set, so just after the
     * press the difference can be -1 (which, unsigned, read as held for 49 days and quit a
     * kiosk on about every other Esc). Only a kiosk quits by holding Esc. */
    return d->kiosk && d->esc_down_ms &&
           (Sint32)(SDL_GetTicks() - d->esc_down_ms) >= LB_DISPLAY_QUIT_HOLD_MS;
}

bool lb_display_wait_event(SDL_Event *ev, int timeout_ms)
{
    Uint32 start = SDL_GetTicks();
    for (;;) {
        if (SDL_PollEvent(ev))
            return true;
        Uint32 waited = SDL_GetTicks() - start;
        if (waited >= (Uint32)timeout_ms)
            return false;
        /* Events wait at most 10 ms: a key is answered within a frame, and the main thread
         * sleeps instead of waking hundreds of times a second. */
        SDL_Delay(timeout_ms - waited < 10 ? timeout_ms - waited : 10);
    }
}

void lb_display_toggle_fullscreen(struct lb_display *d)
{
    if (!d->video.window)
        return;
    bool full = SDL_GetWindowFlags(d->video.window) & SDL_WINDOW_FULLSCREEN_DESKTOP;
    SDL_SetWindowFullscreen(d->video.window, full ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
}
