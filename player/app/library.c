/* The routine library: scanning folders, and the choosing screen's own small loop. */
#include "library.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_import.h"
#include "bundle_routine.h"
#include "i18n.h"
#include "log.h"
#include "plan.h"
#include "png.h"
#include "routine.h"
#include "video_out.h"

int lb_library_default_folders(const char *folder, const char *data_dir,
                               char folders[2][LB_LIBRARY_PATH_MAX])
{
    if (folder) {
        snprintf(folders[0], LB_LIBRARY_PATH_MAX, "%s", folder);
        return 1;
    }
    int n = 0;
    if (data_dir)
        snprintf(folders[n++], LB_LIBRARY_PATH_MAX, "%s/routines", data_dir);
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(folders[n++], LB_LIBRARY_PATH_MAX, "%s/limber/routines", xdg);
    else if (home && home[0])
        snprintf(folders[n++], LB_LIBRARY_PATH_MAX, "%s/.local/share/limber/routines", home);
    return n;
}


/* A routine file or a bundle (.limber), not hidden (an import in progress is). */
static bool is_routine_file(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && ((n > 5 && !strcmp(name + n - 5, ".yaml")) ||
                              (n > 4 && !strcmp(name + n - 4, ".yml")) ||
                              lb_bundle_is_path(name));
}

/* Load one file and fill in its entry; the entry's strings are owned by it. */
static bool read_entry(struct lb_library_entry *e, const char *path, const char *name,
                       const char *assets_dir, bool allow_any_path)
{
    *e = (struct lb_library_entry){.path = strdup(path)};
    struct lb_diags diags;
    lb_diags_init(&diags, name);
    struct lb_load_options load = {.assets_dir = assets_dir, .allow_any_path = allow_any_path,
                                   .check_files = true};
    struct lb_bundle bundle;
    /* Listed, not verified: a bundle's members are hashed when it is opened to be used. */
    struct lb_routine *r = lb_routine_list_any(path, &load, &bundle, &diags);
    struct lb_plan plan;
    if (r && lb_plan_init(&plan, r)) {
        e->title = strdup(r->title);
        e->description = r->description ? strdup(r->description) : NULL;
        e->total_ms = plan.total_ms;
        e->steps = r->n_steps;
        e->waits = plan.waits;
        lb_plan_destroy(&plan);
    } else {
        char line[600];
        snprintf(line, sizeof(line), "%s", _("cannot be read"));
        lb_diags_sort(&diags);
        for (int i = 0; i < diags.count; i++) {
            if (diags.items[i].severity == LB_SEV_ERROR) {
                lb_diags_format(&diags, i, line, sizeof(line));
                break;
            }
        }
        e->title = strdup(name);
        e->error = strdup(line);
    }
    lb_routine_free(r);
    lb_bundle_close(&bundle);
    lb_diags_destroy(&diags);
    return e->path && e->title;
}

/* By title, the bundles on a USB stick after the library's own. */
static int by_title(const void *a, const void *b)
{
    const struct lb_library_entry *x = a, *y = b;
    if (x->import != y->import)
        return x->import ? 1 : -1;
    int c = strcasecmp(x->title, y->title);
    return c ? c : strcmp(x->path, y->path);
}

bool lb_library_init(struct lb_library *lib, const char *const *folders, int n_folders,
                     const char *assets_dir, bool allow_any_path)
{
    *lib = (struct lb_library){0};
    int cap = 0;
    size_t used = 0;
    for (int f = 0; f < n_folders; f++) {
        used += (size_t)snprintf(lib->where + used, sizeof(lib->where) - used, "%s%s",
                                 f ? " or " : "", folders[f]);
        if (used >= sizeof(lib->where))
            used = sizeof(lib->where) - 1;
        DIR *dir = opendir(folders[f]);
        if (!dir)
            continue;
        struct dirent *d;
        while ((d = readdir(dir))) {
            if (!is_routine_file(d->d_name))
                continue;
            if (lib->n_entries == cap) {
                cap = cap ? cap * 2 : 16;
                struct lb_library_entry *more = realloc(lib->entries,
                                                        (size_t)cap * sizeof(*more));
                if (!more) {
                    closedir(dir);
                    return false;
                }
                lib->entries = more;
            }
            char path[PATH_MAX];
            snprintf(path, sizeof(path), "%s/%s", folders[f], d->d_name);
            if (!read_entry(&lib->entries[lib->n_entries++], path, d->d_name, assets_dir,
                            allow_any_path)) {
                closedir(dir);
                return false;
            }
        }
        closedir(dir);
    }
    if (lib->n_entries > 1)
        qsort(lib->entries, (size_t)lib->n_entries, sizeof(*lib->entries), by_title);
    return true;
}

bool lb_library_add_imports(struct lb_library *lib, const char *dir, const char *assets_dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return true; /* no stick in */
    int own = lib->n_entries;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(d));) {
        char path[PATH_MAX];
        if (e->d_name[0] == '.' || !lb_bundle_is_path(e->d_name) ||
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
            continue;
        struct lb_library_entry *more = realloc(lib->entries, (size_t)(lib->n_entries + 1) *
                                                              sizeof(*more));
        if (!more)
            break;
        lib->entries = more;
        struct lb_library_entry *entry = &lib->entries[lib->n_entries++];
        ok = read_entry(entry, path, e->d_name, assets_dir, false);
        entry->import = true;
        for (int i = 0; i < own && !entry->error; i++)
            entry->replaces |= !lib->entries[i].error &&
                               !strcmp(lib->entries[i].title, entry->title) &&
                               lb_bundle_is_path(lib->entries[i].path);
    }
    closedir(d);
    qsort(lib->entries, (size_t)lib->n_entries, sizeof(*lib->entries), by_title);
    return ok;
}

int lb_library_import(struct lb_library *lib, int choice, const char *const *folders,
                      int n_folders, const char *assets_dir, const struct lb_options *opts)
{
    /* Into the library's last folder: the person's own (or the one folder it shows). */
    const char *into = n_folders > 0 ? folders[n_folders - 1] : NULL;
    if (!into) {
        lb_log_error("%s", _("no folder to add routines to: set HOME or XDG_DATA_HOME"));
        return -1;
    }
    struct lb_diags diags;
    lb_diags_init(&diags, lib->entries[choice].path);
    struct lb_load_options load = {.assets_dir = assets_dir, .check_files = true};
    struct lb_import im;
    /* Replacing was asked about when the entry said it replaces. */
    enum lb_import_status status = lb_bundle_import(lib->entries[choice].path, into,
                                                    lib->entries[choice].replaces, &load,
                                                    &diags, &im);
    lb_diags_print(&diags, stderr);
    lb_diags_destroy(&diags);
    if (status == LB_IMPORT_EXISTS) { /* a routine of its title came since it was listed */
        lib->entries[choice].replaces = true;
        lb_log_error(_("cannot add '%s' from the USB stick: %s"), lib->entries[choice].title,
                     _("a routine of that title is already there; choose it again to replace "
                       "it"));
        return -1;
    }
    if (status != LB_IMPORT_DONE) {
        lb_log_error(_("cannot add '%s' from the USB stick: %s"), lib->entries[choice].title,
                     status == LB_IMPORT_FAILED ? im.err : _("it has errors"));
        return -1;
    }
    lb_log_notice(_("'%s' added to the library (%s)"), im.title, im.dest);
    /* The library again, with the new routine chosen. */
    lb_library_destroy(lib);
    if (!lb_library_init(lib, folders, n_folders, assets_dir, opts->allow_any_path) ||
        !lb_library_add_imports(lib, opts->import_from, assets_dir))
        return -1;
    for (int i = 0; i < lib->n_entries; i++)
        if (!lib->entries[i].import && !strcmp(lib->entries[i].path, im.dest))
            lib->selected = i;
    return lib->selected;
}

void lb_library_set_error(struct lb_library *lib, int i, const char *errors)
{
    struct lb_library_entry *e = &lib->entries[i];
    /* Named by the file's name, as listing names it, not by its whole path. */
    const char *base = strrchr(e->path, '/');
    if (base && !strncmp(errors, e->path, strlen(e->path)))
        errors += base + 1 - e->path;
    size_t n = strcspn(errors, "\n");
    char *line = n ? strndup(errors, n) : strdup(_("cannot be read"));
    if (!line)
        return;
    free(e->error);
    e->error = line;
}

void lb_library_destroy(struct lb_library *lib)
{
    for (int i = 0; i < lib->n_entries; i++) {
        free(lib->entries[i].path);
        free(lib->entries[i].title);
        free(lib->entries[i].description);
        free(lib->entries[i].error);
    }
    free(lib->entries);
    *lib = (struct lb_library){0};
}

/* A window (or offscreen surface) with fonts, for the library alone. */
static void screen_draw(struct lb_display *s, const struct lb_library *lib,
                        const struct lb_options *opts)
{
    struct lb_library_view v = {.entries = lib->entries, .n_entries = lib->n_entries,
                                .selected = lib->selected, .where = lib->where,
                                .text_scale = opts->text_scale, .kiosk = s->kiosk,
                                .history = lib->history, .asking = lib->asking,
                                .answer = lib->answer, .busy = lib->busy};
    lb_video_out_draw_picture(&s->video);
    lb_text_begin_frame(&s->text);
    lb_library_view_draw(&s->text, &v, s->video.width, s->video.height);
    lb_display_draw_quit_hint(s, opts->text_scale);
    lb_video_out_present(&s->video);
}

/* Move the choice by `delta`, within the list. */
static void move(struct lb_library *lib, int delta)
{
    int n = lib->selected + delta, rows = lib->n_entries + (lib->history ? 1 : 0);
    lib->selected = n < 0 ? 0 : n >= rows ? rows - 1 : n;
    if (lib->selected < 0)
        lib->selected = 0;
}

/* A key while "Replace the routine in your library?" is up: arrows move between the answers,
 * Enter takes the highlighted one, Esc (Back on a remote) keeps the routine there. Returns the
 * entry to import when the answer is Replace, else -3. */
static int question_key(struct lb_library *lib, SDL_Keycode k)
{
    switch (k) {
    case SDLK_UP: case SDLK_DOWN: case SDLK_LEFT: case SDLK_RIGHT: case SDLK_TAB:
        lib->answer = !lib->answer;
        return -3;
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE:
        lib->asking = false;
        return lib->answer == 1 ? lib->selected : -3;
    case SDLK_ESCAPE: case SDLK_q:
        lib->asking = false;
        return -3;
    default:
        return -3;
    }
}

/* What a key does: returns the chosen index, -1 to quit, or -3 to stay. */
static int key(struct lb_library *lib, SDL_Keycode k, struct lb_display *s)
{
    if (lib->asking)
        return question_key(lib, k);
    switch (k) {
    case SDLK_UP: case SDLK_k: move(lib, -1); break;
    case SDLK_DOWN: case SDLK_j: move(lib, 1); break;
    case SDLK_PAGEUP: move(lib, -5); break;
    case SDLK_PAGEDOWN: move(lib, 5); break;
    case SDLK_HOME: move(lib, -lib->n_entries); break;
    case SDLK_END: move(lib, lib->n_entries - 1 - lib->selected); break; /* the last routine:
                                                                        * History is below it */
    case SDLK_ESCAPE: case SDLK_q: return s->kiosk ? -3 : -1; /* kiosk: hold Esc to quit */
    case SDLK_f: lb_display_toggle_fullscreen(s); break;
    case SDLK_g: return lib->history ? LB_LIBRARY_HISTORY : -3;
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE:
        if (lib->history && lib->selected == lib->n_entries)
            return LB_LIBRARY_HISTORY;
        if (lib->n_entries && lib->entries[lib->selected].import &&
            lib->entries[lib->selected].replaces && !lib->entries[lib->selected].error) {
            lib->asking = true; /* ask first, "Keep mine" highlighted */
            lib->answer = 0;
            break;
        }
        if (lib->n_entries && !lib->entries[lib->selected].error)
            return lib->selected;
        break;
    default: break;
    }
    return -3;
}

int lb_library_choose(struct lb_library *lib, struct lb_display *display,
                      const struct lb_options *opts)
{
    int result = -3, shown_hint = 0;
    bool dirty = true;
    while (result == -3) {
        SDL_Event ev;
        int hint = lb_display_quit_countdown(display);
        if (dirty || hint != shown_hint) {
            screen_draw(display, lib, opts);
            dirty = false;
            shown_hint = hint;
        }
        if (lb_display_quit_held(display)) {
            result = -1;
            break;
        }
        if (!lb_display_wait_event(&ev, 100))
            continue;
        switch (ev.type) {
        case SDL_QUIT:
            result = -1;
            break;
        case SDL_KEYDOWN:
        case SDL_KEYUP: {
            SDL_Keycode k = lb_display_key(display, &ev);
            if (k != SDLK_UNKNOWN) {
                result = key(lib, k, display);
                dirty = true;
            }
            break;
        }
        case SDL_CONTROLLERBUTTONDOWN: {
            Uint8 b = ev.cbutton.button;
            SDL_Keycode k = b == SDL_CONTROLLER_BUTTON_DPAD_UP     ? SDLK_UP
                            : b == SDL_CONTROLLER_BUTTON_DPAD_DOWN ? SDLK_DOWN
                            : b == SDL_CONTROLLER_BUTTON_A || b == SDL_CONTROLLER_BUTTON_START
                                ? SDLK_RETURN
                            : b == SDL_CONTROLLER_BUTTON_B ? SDLK_ESCAPE : SDLK_UNKNOWN;
            result = key(lib, k, display);
            dirty = true;
            break;
        }
        default:
            if (lb_display_event(display, &ev))
                dirty = true;
            break;
        }
    }
    return result;
}

void lb_library_show_busy(struct lb_library *lib, struct lb_display *display,
                          const struct lb_options *opts, const char *line)
{
    lib->busy = line;
    lb_log_info("library: %s", line); /* what the tests see of a line shown for a moment */
    screen_draw(display, lib, opts);
    lib->busy = NULL;
}

int lb_library_snapshot(struct lb_library *lib, const struct lb_options *opts,
                        const char *out_path)
{
    struct lb_display d;
    if (!lb_display_open(&d, opts, "Limber", true))
        return 1;
    screen_draw(&d, lib, opts);
    SDL_Surface *surface = lb_video_out_read(&d.video);
    int status = surface && lb_png_write(surface, out_path) ? 0 : 1;
    SDL_FreeSurface(surface);
    lb_display_close(&d);
    return status;
}
