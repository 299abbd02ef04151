/* Finding and opening the history for the player and the commands. */
#include "history_open.h"

#include <stdio.h>
#include <sys/stat.h>

#include "i18n.h"
#include "log.h"

bool lb_history_file(const struct lb_options *opts, char *buf, size_t size, bool quiet)
{
    if (opts->no_history)
        return false;
    if (opts->history_path) {
        snprintf(buf, size, "%s", opts->history_path);
        return true;
    }
    if (lb_history_default_path(buf, size))
        return true;
    if (!quiet)
        lb_log_warning(_("no folder for the history (HOME and XDG_DATA_HOME are not set): "
                         "nothing is recorded; give one with --history FILE"));
    return false;
}

struct lb_history *lb_history_open_tool(const char *path, bool must_exist, bool *missing)
{
    struct stat st;
    if (missing)
        *missing = false;
    if (must_exist && stat(path, &st) != 0) {
        if (missing)
            *missing = true;
        return NULL;
    }
    char err[5000], notice[5000];
    struct lb_history *h = lb_history_open(path, err, sizeof(err), notice, sizeof(notice));
    if (notice[0])
        lb_log_warning("%s", notice);
    if (!h) {
        lb_log_error("%s", err);
        return NULL;
    }
    if (lb_history_mark_interrupted(h) < 0)
        lb_log_warning("%s", lb_history_error(h));
    return h;
}
