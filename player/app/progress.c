/* The progress screen: reading the history for it, drawing it live or into a PNG. */
#include "progress.h"

#include <stdio.h>
#include <string.h>

#include "history_open.h"
#include "i18n.h"
#include "png.h"
#include "progress_view.h"

/* What the screen shows, read from the history. */
struct progress_data {
    struct lb_history_list list;
    struct lb_progress progress;
    bool empty;
    char problem[600];
};

static void load(struct progress_data *d, const struct lb_options *opts, time_t today)
{
    *d = (struct progress_data){0};
    char path[4096];
    if (!lb_history_file(opts, path, sizeof(path), true)) {
        snprintf(d->problem, sizeof(d->problem), "%s",
                 _("No history is kept (--no-history, or no home folder)."));
        return;
    }
    bool missing = false;
    struct lb_history *h = lb_history_open_tool(path, true, &missing);
    if (!h && !missing) {
        snprintf(d->problem, sizeof(d->problem), _("%s cannot be used: the message on the "
                                                   "terminal says why."), path);
        return;
    }
    struct lb_history_filter f = {.since = today - (LB_PROGRESS_DAYS + 8) * 86400};
    if (h && !lb_history_query(h, &f, &d->list))
        snprintf(d->problem, sizeof(d->problem), "%s", lb_history_error(h));
    lb_history_close(h);
    lb_progress_of(&d->list, today, &d->progress);
    d->empty = d->progress.sessions_total == 0;
}

static void draw(struct lb_display *s, const struct progress_data *d,
                 const struct lb_options *opts)
{
    struct lb_progress_view v = {.progress = &d->progress, .empty = d->empty,
                                 .problem = d->problem[0] ? d->problem : NULL,
                                 .text_scale = opts->text_scale};
    lb_video_out_clear_picture(&s->video);
    lb_video_out_draw_picture(&s->video);
    lb_text_begin_frame(&s->text);
    lb_progress_view_draw(&s->text, &v, s->video.width, s->video.height);
    lb_display_draw_quit_hint(s, opts->text_scale);
    lb_video_out_present(&s->video);
}

void lb_progress_show(struct lb_display *display, const struct lb_options *opts)
{
    struct progress_data d;
    load(&d, opts, time(NULL));
    bool dirty = true, back = false;
    int shown_hint = 0;
    while (!back) {
        int hint = lb_display_quit_countdown(display);
        if (dirty || hint != shown_hint) {
            draw(display, &d, opts);
            dirty = false;
            shown_hint = hint;
        }
        if (lb_display_quit_held(display))
            break;
        SDL_Event ev;
        if (!lb_display_wait_event(&ev, 100))
            continue;
        SDL_Keycode k = SDLK_UNKNOWN;
        if (ev.type == SDL_QUIT)
            break;
        if (ev.type == SDL_KEYDOWN || ev.type == SDL_KEYUP)
            k = lb_display_key(display, &ev);
        else if (ev.type == SDL_CONTROLLERBUTTONDOWN)
            k = ev.cbutton.button == SDL_CONTROLLER_BUTTON_B ||
                ev.cbutton.button == SDL_CONTROLLER_BUTTON_A ? SDLK_ESCAPE : SDLK_UNKNOWN;
        else if (lb_display_event(display, &ev))
            dirty = true;
        back = k == SDLK_ESCAPE || k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_g ||
               k == SDLK_q || k == SDLK_BACKSPACE;
        if (k == SDLK_f) {
            lb_display_toggle_fullscreen(display);
            dirty = true;
        }
    }
    lb_history_list_free(&d.list);
}

int lb_progress_snapshot(const struct lb_options *opts, time_t today, const char *out_path)
{
    struct progress_data d;
    load(&d, opts, today);
    struct lb_display s;
    int status = 1;
    if (lb_display_open(&s, opts, "Limber", true)) {
        draw(&s, &d, opts);
        SDL_Surface *surface = lb_video_out_read(&s.video);
        status = surface && lb_png_write(surface, out_path) ? 0 : 1;
        SDL_FreeSurface(surface);
        lb_display_close(&s);
    }
    lb_history_list_free(&d.list);
    return status;
}
