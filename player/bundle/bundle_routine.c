/* A bundle's routine: its routine file loaded as any routine file is, with the files it names
 * found in the bundle instead of on disk. */
#include "bundle_routine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_cache.h"
#include "clock.h"
#include "log.h"
#include "safe_file.h"

static char *lookup_member(void *ctx, const char *written, char *why, size_t why_size)
{
    const struct lb_bundle *b = ctx;
    const struct lb_bundle_member *m = lb_bundle_lookup(b, written);
    if (!m) {
        snprintf(why, why_size, "is not in the bundle");
        return NULL;
    }
    char *name = strdup(m->name);
    if (!name)
        snprintf(why, why_size, "cannot be kept: out of memory");
    return name;
}

struct lb_routine *lb_bundle_load_routine(const struct lb_bundle *b, const char *bundle_path,
                                          const struct lb_load_options *opts,
                                          struct lb_diags *diags)
{
    struct lb_load_options load = opts ? *opts : (struct lb_load_options){0};
    load.lookup = lookup_member;
    load.lookup_ctx = (void *)b;
    return lb_routine_load_buffer(bundle_path, (const unsigned char *)b->routine_text,
                                  b->routine_size, &load, diags);
}

bool lb_bundle_is_path(const char *path)
{
    size_t n = strlen(path);
    return n > 7 && !strcmp(path + n - 7, ".limber");
}

/* How a bundle is opened: listed, verified in full, or verified unless the record of verified
 * bundles at a path has it. */
struct open_how {
    bool verify;
    const char *cache_path;
};

static bool open_path(struct lb_bundle *b, const char *path, struct open_how how, char *err,
                      size_t err_size)
{
    int fd = lb_file_open(path, LB_FILE_NOFOLLOW, 0, NULL, err, err_size);
    if (fd < 0) {
        *b = (struct lb_bundle){.fd = -1, .routine = -1};
        return false;
    }
    if (!how.verify)
        return lb_bundle_list_fd(b, fd, NULL, err, err_size);
    double began = lb_now_ms_f();
    if (!lb_bundle_open_cached_fd(b, fd, how.cache_path, err, err_size))
        return false;
    if (b->remembered)
        lb_log_info("%s: verified before and unchanged since: not hashed again", path);
    else
        lb_log_info("%s: verified, %d files, %.1f %s hashed in %.2f s", path, b->n_members,
                    (double)b->hashed / (b->hashed < (1 << 20) ? 1 << 10 : 1 << 20),
                    b->hashed < (1 << 20) ? "KiB" : "MiB", (lb_now_ms_f() - began) / 1000.0);
    return true;
}

bool lb_bundle_open(struct lb_bundle *b, const char *path, char *err, size_t err_size)
{
    return open_path(b, path, (struct open_how){.verify = true}, err, err_size);
}

bool lb_bundle_open_cached(struct lb_bundle *b, const char *path, const char *cache_path,
                           char *err, size_t err_size)
{
    return open_path(b, path, (struct open_how){.verify = true, .cache_path = cache_path}, err,
                     err_size);
}

bool lb_bundle_open_listing(struct lb_bundle *b, const char *path, char *err, size_t err_size)
{
    return open_path(b, path, (struct open_how){.verify = false}, err, err_size);
}

static struct lb_routine *load_any(const char *path, const struct lb_load_options *opts,
                                   struct lb_bundle *b, struct open_how how,
                                   struct lb_diags *diags)
{
    *b = (struct lb_bundle){.fd = -1, .routine = -1};
    if (!lb_bundle_is_path(path))
        return lb_routine_load(path, opts, diags);
    char why[512];
    if (!open_path(b, path, how, why, sizeof(why))) {
        lb_diags_add(diags, LB_SEV_ERROR, 0, 0, "cannot use this bundle: %s", why);
        return NULL;
    }
    struct lb_routine *r = lb_bundle_load_routine(b, path, opts, diags);
    if (!r)
        lb_bundle_close(b);
    return r;
}

struct lb_routine *lb_routine_load_any(const char *path, const struct lb_load_options *opts,
                                       const char *cache_path, struct lb_bundle *b,
                                       struct lb_diags *diags)
{
    return load_any(path, opts, b, (struct open_how){.verify = true, .cache_path = cache_path},
                    diags);
}

struct lb_routine *lb_routine_list_any(const char *path, const struct lb_load_options *opts,
                                       struct lb_bundle *b, struct lb_diags *diags)
{
    return load_any(path, opts, b, (struct open_how){.verify = false}, diags);
}
