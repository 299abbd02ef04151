/* The routine library: the routine files of some folders, each loaded and checked once, with
 * its title, total time and steps, or its first error; and the screen to choose one. */
#ifndef LB_LIBRARY_H
#define LB_LIBRARY_H

#include <stdbool.h>

#include "display.h"
#include "library_view.h"
#include "options.h"

#define LB_LIBRARY_FOLDERS 8
#define LB_LIBRARY_PATH_MAX 4160   /* PATH_MAX and room for a subfolder */

struct lb_library {
    struct lb_library_entry *entries;   /* owned, sorted by title */
    int n_entries;
    int selected;                       /* n_entries: the History row */
    bool history;                       /* show the History row (no --no-history) */
    /* "Replace the routine in your library?": asked when an entry from the USB stick would
     * replace a routine of its title; answer 0 keeps the one there (the safe choice,
     * highlighted first), 1 replaces it. */
    bool asking;
    int answer;
    const char *busy;                   /* shown instead of the key line while set */
    char where[1100];                   /* the folders, for messages */
};

/* The library's folders: `folder` when given, else Limber's routines/ (in data_dir, may be
 * NULL) and the person's $XDG_DATA_HOME/limber/routines (~/.local/share/limber/routines).
 * Returns how many were written to `folders`. */
int lb_library_default_folders(const char *folder, const char *data_dir,
                               char folders[2][LB_LIBRARY_PATH_MAX]);

/* Read every *.yaml / *.yml file and *.limber bundle of `folders` (missing folders are skipped) as
 * `limber check` does. Files with errors are kept, with their first error. Returns false when out
 * of memory. */
bool lb_library_init(struct lb_library *lib, const char *const *folders, int n_folders,
                     const char *assets_dir, bool allow_any_path);
void lb_library_destroy(struct lb_library *lib);

/* Mark entry i as unusable with the first line of `errors` (the loader's messages; "" for
 * none), as a file with errors is listed: opening it to play found what listing did not. */
void lb_library_set_error(struct lb_library *lib, int i, const char *errors);

/* What lb_library_choose returns when the person asks for the progress screen. */
#define LB_LIBRARY_HISTORY (-4)

/* Add the bundles (*.limber) of folder dir (a USB stick's mount point; missing: none) as
 * entries marked `import`, listed after the library's own under "Add from USB stick" (or
 * "Replace ..." when the library has a bundle of that title). False when out of memory. */
bool lb_library_add_imports(struct lb_library *lib, const char *dir, const char *assets_dir);

/* Import the `import` entry `choice` into the library's last folder (the person's own routines
 * folder, or the one folder given; lb_bundle_import, replacing a bundle of the same title only
 * when the entry was listed as replacing one, which lb_library_choose asked about), then read
 * the library again (folders, and opts->import_from) with the new routine selected. Returns
 * its index, or -1 when it could not be imported (the log says why; nothing half-written is
 * left; a routine of its title that appeared since it was listed marks it as replacing, to be
 * asked about when chosen again) or memory ran out. */
int lb_library_import(struct lb_library *lib, int choice, const char *const *folders,
                      int n_folders, const char *assets_dir, const struct lb_options *opts);

/* Show the library on `display` and let the person choose (arrows, Enter, Esc, a game
 * controller). Choosing a bundle on the USB stick that would replace a routine of its title
 * asks first, "Keep mine" highlighted; it is returned only when the person answers Replace
 * (Esc or Back keeps the one there). Returns the chosen entry's index, LB_LIBRARY_HISTORY for
 * the History row (or G), or -1 when the person quits. */
int lb_library_choose(struct lb_library *lib, struct lb_display *display,
                      const struct lb_options *opts);

/* Show the library with `line` instead of its key line (what it is busy with, before
 * something that may take seconds: verifying a large bundle, copying one). */
void lb_library_show_busy(struct lb_library *lib, struct lb_display *display,
                          const struct lb_options *opts, const char *line);

/* Draw the library offscreen at opts' size into the PNG file out_path. Returns the exit
 * status. */
int lb_library_snapshot(struct lb_library *lib, const struct lb_options *opts,
                        const char *out_path);

#endif
