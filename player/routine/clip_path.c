/* Resolving and vetting the file paths a routine names. */
#include "clip_path.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
            snprintf(why, why_size, "%s (looked for %s)",
                     errno == ENOENT ? "not found" : strerror(errno), path);
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
