/* Limber's state file: key=value lines. */
#include "state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "log.h"
#include "paths.h"
#include "safe_file.h"

/* A state file is a few lines; anything larger is not ours. */
#define LB_STATE_MAX_BYTES (64 * 1024)

/* The state folder: $XDG_STATE_HOME/limber, or ~/.local/state/limber. */
static bool state_dir(char *buf, size_t size)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, size, "%s/limber", xdg);
    else if (home && home[0])
        n = snprintf(buf, size, "%s/.local/state/limber", home);
    else
        return false;
    return n > 0 && (size_t)n < size;
}

bool lb_state_file(const char *name, char *buf, size_t size)
{
    char dir[PATH_MAX];
    if (!state_dir(dir, sizeof(dir)))
        return false;
    int n = snprintf(buf, size, "%s/%s", dir, name);
    return n > 0 && (size_t)n < size;
}

void lb_state_load(struct lb_state *s)
{
    *s = (struct lb_state){0};
    char dir[PATH_MAX], path[PATH_MAX + 16];
    if (!state_dir(dir, sizeof(dir)))
        return;
    snprintf(path, sizeof(path), "%s/state", dir);
    /* A FIFO or a device planted at the path is refused at once, never waited on. */
    char *text = NULL, why[256];
    size_t size = 0;
    if (!lb_file_read_all(path, 0, LB_STATE_MAX_BYTES, &text, &size, why, sizeof(why))) {
        if (access(path, F_OK) == 0 || errno != ENOENT)
            lb_log_warning(_("cannot read %s: %s (starting without the last routine)"), path,
                           why);
        return;
    }
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "last_routine=", 13) && strlen(line + 13) < sizeof(s->last_routine))
            strcpy(s->last_routine, line + 13);
    }
    free(text);
}

bool lb_state_save(const struct lb_state *s)
{
    char dir[PATH_MAX], path[PATH_MAX + 16];
    if (!state_dir(dir, sizeof(dir)))
        return false;
    snprintf(path, sizeof(path), "%s/state", dir);
    char text[PATH_MAX + 128], why[PATH_MAX + 128];
    int n = snprintf(text, sizeof(text),
                     "# Limber's state: rewritten as it runs\nlast_routine=%s\n", s->last_routine);
    /* Whole or not at all, through a new temporary file: never a link planted beside it. */
    bool ok = false;
    if (n <= 0 || (size_t)n >= sizeof(text))
        snprintf(why, sizeof(why), "%s", _("the routine's path is too long"));
    else if (!lb_make_dirs(dir, 0700))
        snprintf(why, sizeof(why), _("cannot make the folder %s: %s"), dir, strerror(errno));
    else
        ok = lb_file_replace(path, text, (size_t)n, 0600, why, sizeof(why));
    if (!ok)
        lb_log_warning(_("%s (Limber will not remember the last routine)"), why);
    return ok;
}
