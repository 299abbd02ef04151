/* Resolving and vetting the file paths a routine names. */
#include "clip_path.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suggest.h"

/* "http://", "ftp:", "file:", "concat:", "pipe:": anything FFmpeg would take as a protocol. */
static bool looks_like_url(const char *s)
{
    if (!isalpha((unsigned char)s[0]))
        return false;
    const char *p = s + 1;
    while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    return *p == ':';
}

/* Make `path` absolute and drop '.', '..' and repeated slashes, without touching the disk. */
static bool normalise(const char *path, char *out, size_t size)
{
    char joined[PATH_MAX * 2];
    if (path[0] == '/') {
        snprintf(joined, sizeof(joined), "%s", path);
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof(cwd)))
            return false;
        snprintf(joined, sizeof(joined), "%s/%s", cwd, path);
    }
    size_t len = 0;
    out[0] = '\0';
    for (char *part = strtok(joined, "/"); part; part = strtok(NULL, "/")) {
        if (!strcmp(part, "."))
            continue;
        if (!strcmp(part, "..")) {
            char *slash = strrchr(out, '/');
            len = slash ? (size_t)(slash - out) : 0;
            out[len] = '\0';
            continue;
        }
        size_t n = strlen(part);
        if (len + n + 2 > size)
            return false;
        out[len++] = '/';
        memcpy(out + len, part, n + 1);
        len += n;
    }
    if (len == 0)
        snprintf(out, size, "/");
    return true;
}

/* The real location: symbolic links resolved when the file exists, else the lexical form. */
static bool locate(const char *path, char *out, size_t size)
{
    char real[PATH_MAX];
    if (realpath(path, real))
        return snprintf(out, size, "%s", real) < (int)size;
    return normalise(path, out, size);
}

bool lb_path_inside(const char *path, const char *root)
{
    char p[PATH_MAX], r[PATH_MAX];
    if (!locate(path, p, sizeof(p)) || !locate(root, r, sizeof(r)))
        return false;
    size_t n = strlen(r);
    if (n == 1)
        return true; /* root is "/" */
    return strncmp(p, r, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

/* In folder `dir`, the entry named most like `name`: the same but for letter case, or a few
 * edits away (a typo). Reads at most a few thousand entries, so a huge folder costs little. */
static bool nearest_entry(const char *dir, const char *name, char *out, size_t size)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    size_t len = strlen(name);
    int limit = len <= 4 ? 1 : len <= 10 ? 2 : 3, best = limit + 1, seen = 0;
    for (struct dirent *e; (e = readdir(d)) && seen < 5000; seen++) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        int dist = lb_edit_distance(e->d_name, name);
        /* Letter case alone counts as closer than any real edit. */
        bool same_letters = strlen(e->d_name) == len && dist == 0;
        int score = same_letters ? 0 : dist + 1;
        if (score < best || (same_letters && best == 0 && strcmp(e->d_name, out) < 0)) {
            best = score;
            snprintf(out, size, "%s", e->d_name);
        }
    }
    closedir(d);
    return best <= limit;
}

/* A path like `written` that names a file that is there: its file name, and failing that its
 * folder's name, replaced by the nearest entry on disk. `path` is written resolved. */
static bool suggest_path(const char *path, const char *written, char *out, size_t size)
{
    const char *slash = strrchr(path, '/'), *wslash = strrchr(written, '/');
    if (!slash)
        return false;
    char dir[PATH_MAX], name[256];
    snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
    if (!dir[0])
        snprintf(dir, sizeof(dir), "/");
    int wdir = wslash ? (int)(wslash - written) + 1 : 0; /* the written folder, with its '/' */
    if (nearest_entry(dir, slash + 1, name, sizeof(name)))
        return snprintf(out, size, "%.*s%s", wdir, written, name) < (int)size;
    /* The folder itself may be misspelt ("Clips/" for "clips/"): one level up. */
    struct stat st;
    if (!wslash || stat(dir, &st) == 0)
        return false;
    const char *dslash = strrchr(dir, '/');
    const char *wd = wslash;
    while (wd > written && wd[-1] != '/')
        wd--;
    size_t dlen = (size_t)(wslash - wd);
    if (!dslash || dlen == 0 || strncmp(wd, dslash + 1, dlen) || dslash[1 + dlen])
        return false; /* the written folder is not the last part of the path ('..' etc.) */
    char parent[PATH_MAX], folder[256], inside[PATH_MAX + 256];
    snprintf(parent, sizeof(parent), "%.*s", (int)(dslash - dir), dir);
    if (!parent[0])
        snprintf(parent, sizeof(parent), "/");
    if (!nearest_entry(parent, dslash + 1, folder, sizeof(folder)))
        return false;
    snprintf(inside, sizeof(inside), "%s/%s", parent, folder);
    const char *file = slash + 1;
    if (nearest_entry(inside, slash + 1, name, sizeof(name)))
        file = name;
    return snprintf(out, size, "%.*s%s/%s", (int)(wd - written), written, folder, file) <
           (int)size;
}

char *lb_clip_path_resolve(const char *dir, const char *written, const char *assets_dir,
                           bool allow_any, bool check_file, char *why, size_t why_size)
{
    if (looks_like_url(written)) {
        snprintf(why, why_size, "is a URL; clips must be files in the routine's folder");
        return NULL;
    }
    char joined[PATH_MAX * 2];
    if (written[0] == '/')
        snprintf(joined, sizeof(joined), "%s", written);
    else
        snprintf(joined, sizeof(joined), "%s/%s", dir, written);
    char path[PATH_MAX];
    if (!normalise(joined, path, sizeof(path))) {
        snprintf(why, why_size, "is too long a path");
        return NULL;
    }
    if (!allow_any && !lb_path_inside(path, dir) &&
        !(assets_dir && lb_path_inside(path, assets_dir))) {
        snprintf(why, why_size, "leaves the routine's folder; keep clips beside the routine "
                 "(or run with --allow-any-path)");
        return NULL;
    }
    if (check_file) {
        struct stat st;
        if (stat(path, &st) != 0) {
            int err = errno;
            char hint[PATH_MAX];
            if (err == ENOENT && suggest_path(path, written, hint, sizeof(hint)))
                snprintf(why, why_size, "not found (looked for %s; did you mean '%s'?)", path,
                         hint);
            else
                snprintf(why, why_size, "%s (looked for %s)",
                         err == ENOENT ? "not found" : strerror(err), path);
            return NULL;
        }
        if (!S_ISREG(st.st_mode)) {
            snprintf(why, why_size, "is not a file (%s)", path);
            return NULL;
        }
        if (access(path, R_OK) != 0) {
            snprintf(why, why_size, "cannot be read: %s (%s)", strerror(errno), path);
            return NULL;
        }
    }
    return strdup(path);
}
