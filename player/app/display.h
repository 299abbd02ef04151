/* The display: one window (or offscreen surface) with its renderer, text cache and game
 * controller, opened once per process and shared by the library and every routine played
 * from it, so moving between them never closes or reopens a window. Main thread only. */
#ifndef LB_DISPLAY_H
#define LB_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "options.h"
#include "overlay.h"
#include "text.h"
#include "video_out.h"

struct lb_display {
    struct lb_video_out video;
    struct lb_text text;
    SDL_GameController *pad;     /* the first controller plugged in, or NULL */
    bool offscreen;
    bool kiosk;                  /* --kiosk: Q/Esc do not quit; holding Esc does */
    uint32_t esc_down_ms;        /* SDL_GetTicks() when the keyboard's Esc went down; 0: up */
};

#define LB_DISPLAY_QUIT_HOLD_MS 3000  /* kiosk: hold Esc this long to quit */

/* Start SDL (video, events and game controllers unless offscreen), open the window at opts'
 * size titled `title`, and the fonts. Returns false with the reason logged. */
bool lb_display_open(struct lb_display *d, const struct lb_options *opts, const char *title,
                     bool offscreen);
void lb_display_close(struct lb_display *d);

/* The window's title (what task bars and xdotool see). */
void lb_display_set_title(struct lb_display *d, const char *title);

/* Events every screen handles the same way: a controller plugged in or out, and a resized
 * window. Returns true when `ev` changed what must be drawn. */
bool lb_display_event(struct lb_display *d, const SDL_Event *ev);

/* The key an event stands for, the same for a keyboard, a TV remote (HDMI-CEC keys arrive as
 * Select, Back, Play, Stop, Next, Previous) and media keys: Select is Enter, Back is Esc, Play
 * and Stop are Space, Next and Previous are Right and Left, Mute is M. SDLK_UNKNOWN for
 * events that are not key presses (and key repeats). Also follows the keyboard's Esc being
 * held. */
SDL_Keycode lb_display_key(struct lb_display *d, const SDL_Event *ev);

/* Kiosk, while Esc is held: the whole seconds left before it quits (3, 2, 1), so the screen
 * can say so; 0 when it is not held (or only just pressed: a tap goes back). */
int lb_display_quit_countdown(const struct lb_display *d);

/* Draw "Keep holding Esc to quit Limber: N" when lb_display_quit_countdown says so. */
void lb_display_draw_quit_hint(struct lb_display *d, double text_scale);

/* Kiosk: the keyboard's Esc has been held down for LB_DISPLAY_QUIT_HOLD_MS (a remote's Back
 * held as long does not quit). */
bool lb_display_quit_held(const struct lb_display *d);

/* Wait up to timeout_ms for an event: like SDL_WaitEventTimeout (ev NULL: leave it queued),
 * but by polling, every 10 ms at most. SDL's own wait wakes the main thread with an X event
 * sent to the window from another connection, and an event pushed from another thread as the
 * window goes away made that a fatal BadWindow error at exit (seen in the Xvfb tests). */
bool lb_display_wait_event(SDL_Event *ev, int timeout_ms);

/* Fullscreen on or off (F). */
void lb_display_toggle_fullscreen(struct lb_display *d);

#endif
