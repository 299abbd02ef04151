/* Polling the files of a routine for --watch. */
#include "watch.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void look(struct lb_watch_file *f)
{
    struct stat st;
    if (stat(f->path, &st) != 0) {
        f->mtime_ns = -1;
        f->size = -1;
        f->inode = 0;
        return;
    }
    f->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    f->size = (int64_t)st.st_size;
    f->inode = (uint64_t)st.st_ino;
}

static void add(struct lb_watch *w, const char *path)
{
    if (!path || w->n >= LB_WATCH_FILES)
        return;
    for (int i = 0; i < w->n; i++)
        if (!strcmp(w->files[i].path, path))
            return;
    char *copy = strdup(path);
    if (!copy)
        return;
    w->files[w->n] = (struct lb_watch_file){.path = copy};
    look(&w->files[w->n]);
    w->n++;
}

void lb_watch_destroy(struct lb_watch *w)
{
    for (int i = 0; i < w->n; i++)
        free(w->files[i].path);
    w->n = 0;
}

void lb_watch_init(struct lb_watch *w, const char *path)
{
    *w = (struct lb_watch){0};
    add(w, path);
}

void lb_watch_set(struct lb_watch *w, const char *path, const struct lb_routine *r)
{
    double last = w->last_poll_ms;
    lb_watch_destroy(w);
    lb_watch_init(w, path);
    w->last_poll_ms = last;
    for (int i = 0; r && i < r->n_steps; i++) {
        const struct lb_step *s = &r->steps[i];
        add(w, s->clip_path);
        for (int k = 0; s->side_clip_paths && k < s->n_sides; k++)
            add(w, s->side_clip_paths[k]);
        for (int c = 0; c < s->n_cues; c++)
            add(w, s->cues[c].audio);
    }
}

bool lb_watch_changed(struct lb_watch *w, double now_ms)
{
    if (now_ms - w->last_poll_ms < LB_WATCH_POLL_MS)
        return false;
    w->last_poll_ms = now_ms;
    bool changed = false;
    for (int i = 0; i < w->n; i++) {
        struct lb_watch_file was = w->files[i];
        look(&w->files[i]);
        if (was.mtime_ns != w->files[i].mtime_ns || was.size != w->files[i].size ||
            was.inode != w->files[i].inode)
            changed = true;
    }
    return changed;
}
