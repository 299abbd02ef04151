/* Limber's state file: key=value lines. */
#include "state.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"

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

/* mkdir -p for the folder and its parents. */
static bool make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        bool ok = mkdir(path, 0700) == 0 || errno == EEXIST;
        *p = '/';
        if (!ok)
            return false;
    }
    return mkdir(path, 0700) == 0 || errno == EEXIST;
}

void lb_state_load(struct lb_state *s)
{
    *s = (struct lb_state){0};
    char dir[PATH_MAX], path[PATH_MAX + 16], line[PATH_MAX + 64];
    if (!state_dir(dir, sizeof(dir)))
        return;
    snprintf(path, sizeof(path), "%s/state", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!strncmp(line, "last_routine=", 13) && strlen(line + 13) < sizeof(s->last_routine))
            strcpy(s->last_routine, line + 13);
    }
    fclose(f);
}

bool lb_state_save(const struct lb_state *s)
{
    char dir[PATH_MAX], path[PATH_MAX + 16], tmp[PATH_MAX + 32];
    if (!state_dir(dir, sizeof(dir)))
        return false;
    snprintf(path, sizeof(path), "%s/state", dir);
    snprintf(tmp, sizeof(tmp), "%s/state.new", dir);
    FILE *f = make_dirs(dir) ? fopen(tmp, "w") : NULL;
    bool ok = f && fprintf(f, "# Limber's state: rewritten as it runs\nlast_routine=%s\n",
                           s->last_routine) > 0;
    ok = f && fclose(f) == 0 && ok && rename(tmp, path) == 0; /* whole, or not at all */
    if (!ok) {
        lb_log_warning("cannot write %s: %s (Limber will not remember the last routine)", path,
                       strerror(errno));
        remove(tmp);
    }
    return ok;
}
