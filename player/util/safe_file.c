/* Opening, reading and replacing named files: open once, check the descriptor, use that. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

/* What a non-regular file is, for the person: "it is a folder, not a file". */
static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return _("it is a folder, not a file");
    if (S_ISFIFO(mode))
        return _("it is a named pipe (FIFO), not a file");
    if (S_ISSOCK(mode))
        return _("it is a socket, not a file");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return _("it is a device, not a file");
    return _("it is not a regular file");
}

int lb_file_open(const char *path, unsigned flags, int64_t max_size, struct stat *st,
                 char *err, size_t err_size)
{
    struct stat local;
    if (!st)
        st = &local;
    int oflags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
    if (flags & LB_FILE_NOFOLLOW)
        oflags |= O_NOFOLLOW;
    int fd;
    do
        fd = open(path, oflags);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        if (errno == ELOOP && (flags & LB_FILE_NOFOLLOW))
            snprintf(err, err_size, "%s", _("it is a symbolic link, which is not followed here"));
        else
            snprintf(err, err_size, "%s", strerror(errno));
        return -1;
    }
    if (fstat(fd, st) != 0) {
        snprintf(err, err_size, "%s", strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st->st_mode)) {
        snprintf(err, err_size, "%s", kind_of(st->st_mode));
        goto fail;
    }
    if (max_size > 0 && st->st_size > max_size) {
        snprintf(err, err_size, ngettext("it is %lld bytes; at most %lld byte is read",
                                         "it is %lld bytes; at most %lld bytes are read",
                                         (unsigned long)max_size),
                 (long long)st->st_size, (long long)max_size);
        goto fail;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        snprintf(err, err_size, "%s", strerror(errno));
        goto fail;
    }
    return fd;

fail:
    close(fd);
    return -1;
}

/* The file grew past the limit while it was read. */
static void grown_past(size_t max_size, char *err, size_t err_size)
{
    snprintf(err, err_size, ngettext("it is over %zu byte; at most that many are read",
                                     "it is over %zu bytes; at most that many are read",
                                     (unsigned long)max_size), max_size);
}

bool lb_file_read_all(const char *path, unsigned flags, size_t max_size, char **data,
                      size_t *size, char *err, size_t err_size)
{
    *data = NULL;
    *size = 0;
    struct stat st;
    int fd = lb_file_open(path, flags, (int64_t)max_size, &st, err, err_size);
    if (fd < 0)
        return false;
    /* The file may grow while it is read: read up to one byte past the limit to notice. */
    size_t cap = (size_t)st.st_size + 1;
    if (max_size > 0 && cap > max_size + 1)
        cap = max_size + 1;
    char *buf = malloc(cap + 1);
    size_t got = 0;
    if (!buf) {
        snprintf(err, err_size, "%s", _("out of memory"));
        goto fail;
    }
    for (;;) {
        if (got == cap) {
            if (max_size > 0 && got > max_size) {
                grown_past(max_size, err, err_size);
                goto fail;
            }
            size_t more = cap * 2;
            if (max_size > 0 && more > max_size + 1)
                more = max_size + 1;
            char *bigger = realloc(buf, more + 1);
            if (!bigger) {
                snprintf(err, err_size, "%s", _("out of memory"));
                goto fail;
            }
            buf = bigger;
            cap = more;
        }
        ssize_t n = read(fd, buf + got, cap - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(err, err_size, "%s", strerror(errno));
            goto fail;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    if (max_size > 0 && got > max_size) {
        grown_past(max_size, err, err_size);
        goto fail;
    }
    close(fd);
    buf[got] = '\0';
    *data = buf;
    *size = got;
    return true;

fail:
    free(buf);
    close(fd);
    return false;
}

/* A new name for a temporary beside path: ".<name>.<random>.tmp" (false: too long). */
static bool temporary_name(const char *path, char *tmp, size_t tmp_size)
{
    static atomic_uint counter;
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    const char *name = slash ? slash + 1 : path;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    unsigned tag = (unsigned)now.tv_nsec ^ ((unsigned)getpid() << 12)
                   ^ (atomic_fetch_add(&counter, 1) * 2654435761u);
    int n = snprintf(tmp, tmp_size, "%.*s.%s.%08x.tmp", dir_len, path, name, tag);
    if (n < 0 || (size_t)n >= tmp_size) {
        errno = ENAMETOOLONG;
        return false;
    }
    return true;
}

/* Open a new temporary file beside path, never an existing one; its name goes to tmp. */
static int create_temporary(const char *path, unsigned mode, char *tmp, size_t tmp_size)
{
    for (int attempt = 0; attempt < 64; attempt++) {
        if (!temporary_name(path, tmp, tmp_size))
            return -1;
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, (mode_t)mode);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

/* The folder part of path ("." when it has none). */
static void folder_of(const char *path, char *dir, size_t dir_size)
{
    const char *slash = strrchr(path, '/');
    snprintf(dir, dir_size, "%.*s", slash ? (int)(slash - path + 1) : 1, slash ? path : ".");
}

/* Open a file with no name in path's folder (O_TMPFILE): a process killed while writing it
 * leaves nothing behind. -1 where the system or the file system cannot (then a named temporary
 * is used). */
static int create_unnamed(const char *path, unsigned mode)
{
#ifdef O_TMPFILE
    char dir[4096];
    folder_of(path, dir, sizeof(dir));
    return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, (mode_t)mode);
#else
    (void)path;
    (void)mode;
    return -1;
#endif
}

/* Give the unnamed file fd a temporary name beside path (into tmp), to rename over path. */
static bool name_unnamed(int fd, const char *path, char *tmp, size_t tmp_size)
{
    char self[64];
    snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
    for (int attempt = 0; attempt < 64; attempt++) {
        if (!temporary_name(path, tmp, tmp_size))
            return false;
        if (linkat(AT_FDCWD, self, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0)
            return true;
        if (errno != EEXIST)
            return false;
    }
    return false;
}

static bool write_all(int fd, const char *data, size_t size)
{
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        data += n;
        size -= (size_t)n;
    }
    return true;
}

bool lb_file_replace(const char *path, const void *data, size_t size, unsigned mode,
                     char *err, size_t err_size)
{
    char tmp[4096 + 32];
    /* Unnamed while it is written, named only for the rename: a kill at any moment but that
     * instant leaves no temporary behind. */
    int fd = create_unnamed(path, mode);
    bool unnamed = fd >= 0;
    if (!unnamed)
        fd = create_temporary(path, mode, tmp, sizeof(tmp));
    if (fd < 0) {
        snprintf(err, err_size, _("cannot create a new file beside %s: %s"), path,
                 strerror(errno));
        return false;
    }
    bool ok = write_all(fd, data, size) && fsync(fd) == 0;
    bool named = !unnamed;
    if (ok && unnamed)
        ok = named = name_unnamed(fd, path, tmp, sizeof(tmp));
    int saved = ok ? 0 : errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        snprintf(err, err_size, _("cannot write %s: %s"), path, strerror(saved));
        if (named)
            unlink(tmp);
        return false;
    }
    /* Make the rename itself durable: sync the folder (best effort). */
    char dir[4096];
    folder_of(path, dir, sizeof(dir));
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return true;
}

bool lb_file_real_path(int fd, char *out, size_t out_size)
{
    char link[64];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, out_size - 1);
    if (n <= 0 || (size_t)n >= out_size - 1 || out[0] != '/')
        return false;
    out[n] = '\0';
    /* An unlinked file reads back as "/path (deleted)": that is not where it is. */
    static const char deleted[] = " (deleted)";
    size_t len = (size_t)n, dl = sizeof(deleted) - 1;
    if (len > dl && !strcmp(out + len - dl, deleted)) {
        struct stat st;
        if (fstat(fd, &st) == 0 && st.st_nlink == 0)
            return false;
    }
    return true;
}
