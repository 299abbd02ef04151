/* Importing a bundle: verify, copy to a hidden temporary beside the target, fsync, verify the
 * copy, rename, fsync the folder. */
#include "bundle_import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle_routine.h"
#include "paths.h"

/* Temporary files are hidden (the library skips names starting with '.') and end so. */
#define TEMP_PREFIX ".import-"
#define TEMP_SUFFIX ".part"

bool lb_bundle_title(const char *path, char *title, size_t size)
{
    struct lb_bundle b;
    char why[256];
    if (!lb_bundle_open_listing(&b, path, why, sizeof(why)))
        return false;
    snprintf(title, size, "%s", b.title);
    lb_bundle_close(&b);
    return true;
}

/* Remove what an import that was killed left; look for a bundle titled `title`. */
static void scan_folder(const char *dir, const char *title, char *existing, size_t size)
{
    DIR *d = opendir(dir);
    existing[0] = '\0';
    for (struct dirent *e; d && (e = readdir(d));) {
        char path[PATH_MAX], other[512];
        size_t n = strlen(e->d_name);
        if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
            continue;
        if (!strncmp(e->d_name, TEMP_PREFIX, strlen(TEMP_PREFIX)) && n > strlen(TEMP_SUFFIX) &&
            !strcmp(e->d_name + n - strlen(TEMP_SUFFIX), TEMP_SUFFIX)) {
            unlink(path);
            continue;
        }
        if (!existing[0] && e->d_name[0] != '.' && lb_bundle_is_path(e->d_name) &&
            lb_bundle_title(path, other, sizeof(other)) && !strcmp(other, title))
            snprintf(existing, size, "%s", path);
    }
    if (d)
        closedir(d);
}

/* dest_dir/NAME.limber after src's name, not yet taken. */
static void pick_name(const char *src, const char *dir, char *out, size_t size)
{
    const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
    int stem = (int)strlen(base) - 7; /* without ".limber" */
    if (base[0] == '.') { /* never a hidden name */
        base++;
        stem--;
    }
    snprintf(out, size, "%s/%.*s.limber", dir, stem, base);
    struct stat st;
    for (int k = 2; lstat(out, &st) == 0 && k < 1000; k++)
        snprintf(out, size, "%s/%.*s-%d.limber", dir, stem, base, k);
}

/* Copy b's file into a new temporary in dir, fsync'd; its name into temp. */
static bool copy_to_temp(const struct lb_bundle *b, const char *dir, char *temp, size_t size,
                         char *err, size_t err_size)
{
    snprintf(temp, size, "%s/" TEMP_PREFIX "XXXXXX", dir);
    int fd = mkstemp(temp);
    if (fd < 0) {
        snprintf(err, err_size, "cannot write in '%s': %s", dir, strerror(errno));
        return false;
    }
    /* The name ends in ".part" once it is ours (mkstemp wants the X's last). */
    char named[PATH_MAX + sizeof(TEMP_SUFFIX)];
    snprintf(named, sizeof(named), "%s" TEMP_SUFFIX, temp);
    if (rename(temp, named) != 0) {
        snprintf(err, err_size, "cannot write in '%s': %s", dir, strerror(errno));
        unlink(temp);
        close(fd);
        return false;
    }
    if (snprintf(temp, size, "%s", named) >= (int)size) {
        unlink(named);
        close(fd);
        snprintf(err, err_size, "the folder '%s' has too long a name", dir);
        return false;
    }
    fchmod(fd, 0644);
    char *buf = malloc(1 << 20);
    bool ok = buf != NULL;
    struct stat st;
    ok = ok && fstat(b->fd, &st) == 0;
    for (off_t at = 0; ok && at < st.st_size;) {
        ssize_t got = pread(b->fd, buf, 1 << 20, at);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            snprintf(err, err_size, "the bundle could not be read to its end (%s): was the "
                     "stick taken out?", got < 0 ? strerror(errno) : "it got shorter");
            ok = false;
            break;
        }
        for (ssize_t put = 0; ok && put < got;) {
            ssize_t n = write(fd, buf + put, (size_t)(got - put));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                snprintf(err, err_size, "cannot write in '%s': %s", dir, strerror(errno));
                ok = false;
            } else {
                put += n;
            }
        }
        at += got;
    }
    if (ok && fsync(fd) != 0) {
        snprintf(err, err_size, "cannot write in '%s': %s", dir, strerror(errno));
        ok = false;
    }
    if (!buf)
        snprintf(err, err_size, "out of memory");
    free(buf);
    close(fd);
    if (!ok)
        unlink(temp);
    return ok;
}

enum lb_import_status lb_bundle_import(const char *src, const char *dest_dir, bool replace,
                                       const struct lb_load_options *opts,
                                       struct lb_diags *diags, struct lb_import *out)
{
    *out = (struct lb_import){0};
    struct lb_bundle b;
    struct lb_routine *r = lb_routine_load_any(src, opts, NULL, &b, diags);
    if (!r)
        return LB_IMPORT_REFUSED;
    snprintf(out->title, sizeof(out->title), "%s", r->title);
    lb_routine_free(r);
    enum lb_import_status status = LB_IMPORT_FAILED;
    char temp[PATH_MAX];
    if (!lb_make_dirs(dest_dir, 0755)) {
        snprintf(out->err, sizeof(out->err), "cannot make the folder '%s': %s", dest_dir,
                 strerror(errno));
        goto done;
    }
    scan_folder(dest_dir, b.title, out->existing, sizeof(out->existing));
    if (out->existing[0] && !replace) {
        status = LB_IMPORT_EXISTS;
        goto done;
    }
    if (out->existing[0])
        snprintf(out->dest, sizeof(out->dest), "%s", out->existing);
    else
        pick_name(src, dest_dir, out->dest, sizeof(out->dest));
    if (!copy_to_temp(&b, dest_dir, temp, sizeof(temp), out->err, sizeof(out->err)))
        goto done;
    /* The copy is what will be played: check it as a reader does before it gets its name. */
    struct lb_bundle copy;
    char why[512];
    int fd = open(temp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || !lb_bundle_open_fd(&copy, fd, NULL, why, sizeof(why))) {
        snprintf(out->err, sizeof(out->err), "the copy in '%s' does not read back: %s",
                 dest_dir, fd < 0 ? strerror(errno) : why);
        unlink(temp);
        goto done;
    }
    lb_bundle_close(&copy);
    if (rename(temp, out->dest) != 0) {
        snprintf(out->err, sizeof(out->err), "cannot write '%s': %s", out->dest,
                 strerror(errno));
        unlink(temp);
        goto done;
    }
    int dir_fd = open(dest_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) { /* the new name itself survives a power cut */
        fsync(dir_fd);
        close(dir_fd);
    }
    status = LB_IMPORT_DONE;
done:
    lb_bundle_close(&b);
    return status;
}
