/* Writing a bundle with libzip: the manifest first, then every file sorted by name, all stored,
 * with one fixed time and mode, so the same routine always gives the same bytes. */
#include "bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "manifest.h"
#include "safe_file.h"

/* Every member's time: 2000-01-01 00:00 as the ZIP format writes it (local time, so the time
 * is made from local time too and reads back the same in every time zone). */
static time_t fixed_time(void)
{
    struct tm tm = {.tm_year = 100, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1};
    return mktime(&tm);
}

static bool file_sha256(const char *path, int64_t *size, uint8_t out[32], char *err,
                        size_t err_size)
{
    char why[256];
    int fd = lb_file_open(path, 0, 0, NULL, why, sizeof(why));
    bool ok = fd >= 0;
    if (!ok)
        snprintf(err, err_size, "cannot read '%s': %s", path, why);
    else if (!(ok = lb_bundle_sha256(fd, 0, -1, out, size)))
        snprintf(err, err_size, "cannot read '%s': %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    return ok;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct lb_manifest_file *)a)->name,
                  ((const struct lb_manifest_file *)b)->name);
}

static int ref_by_written(const void *a, const void *b)
{
    return strcmp(((const struct lb_manifest_ref *)a)->written,
                  ((const struct lb_manifest_ref *)b)->written);
}

/* The manifest for spec: every file with its size and SHA-256, sorted; the references. The
 * strings are borrowed from spec (free only the arrays). */
static bool make_manifest(const struct lb_bundle_spec *spec, struct lb_manifest *m,
                          const char **paths, char *err, size_t err_size)
{
    int n_refs = 0;
    for (int i = 0; i < spec->n_files; i++)
        n_refs += spec->files[i].n_written;
    *m = (struct lb_manifest){.format = LB_BUNDLE_FORMAT, .title = (char *)spec->title,
                              .made_by = LIMBER_VERSION, .routine = (char *)spec->routine_name};
    m->files = calloc((size_t)spec->n_files + 1, sizeof(*m->files));
    m->refs = calloc((size_t)n_refs + 1, sizeof(*m->refs));
    if (!m->files || !m->refs) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    for (int i = 0; i <= spec->n_files; i++) {
        const char *name = i ? spec->files[i - 1].name : spec->routine_name;
        const char *path = i ? spec->files[i - 1].path : spec->routine_path;
        char why[64];
        if (!lb_bundle_name_ok(name, why, sizeof(why)) || !strcmp(name, LB_BUNDLE_MANIFEST)) {
            snprintf(err, err_size, "cannot store '%s' as '%s': the name %s", path, name,
                     strcmp(name, LB_BUNDLE_MANIFEST) ? why : "is the manifest's");
            return false;
        }
        struct lb_manifest_file *f = &m->files[m->n_files++];
        f->name = (char *)name;
        if (!file_sha256(path, &f->size, f->sha256, err, err_size))
            return false;
        paths[i] = path;
        for (int k = 0; i && k < spec->files[i - 1].n_written; k++)
            m->refs[m->n_refs++] = (struct lb_manifest_ref){
                .written = (char *)spec->files[i - 1].written[k], .name = (char *)name};
    }
    /* Sorted, paths in the same order as the files. */
    for (int i = 0; i < m->n_files; i++)
        for (int k = i + 1; k < m->n_files; k++)
            if (by_name(&m->files[k], &m->files[i]) < 0) {
                struct lb_manifest_file t = m->files[i];
                m->files[i] = m->files[k];
                m->files[k] = t;
                const char *p = paths[i];
                paths[i] = paths[k];
                paths[k] = p;
            }
    for (int i = 1; i < m->n_files; i++)
        if (!by_name(&m->files[i], &m->files[i - 1])) {
            snprintf(err, err_size, "two files would be stored as '%s'", m->files[i].name);
            return false;
        }
    qsort(m->refs, (size_t)m->n_refs, sizeof(*m->refs), ref_by_written);
    return true;
}

/* Add one member, stored, with the fixed time and mode. */
static bool add_member(zip_t *za, const char *name, zip_source_t *src, char *err,
                       size_t err_size)
{
    zip_int64_t i = src ? zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) : -1;
    if (i < 0) {
        zip_source_free(src);
        snprintf(err, err_size, "cannot add '%s': %s", name, zip_strerror(za));
        return false;
    }
    if (zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0) != 0 ||
        zip_file_set_mtime(za, (zip_uint64_t)i, fixed_time(), 0) != 0 ||
        zip_file_set_external_attributes(za, (zip_uint64_t)i, 0, ZIP_OPSYS_UNIX,
                                         (zip_uint32_t)(S_IFREG | 0644) << 16) != 0) {
        snprintf(err, err_size, "cannot add '%s': %s", name, zip_strerror(za));
        return false;
    }
    return true;
}

bool lb_bundle_write(const char *out_path, const struct lb_bundle_spec *spec, char *err,
                     size_t err_size)
{
    if (spec->n_files + 2 > LB_BUNDLE_MAX_MEMBERS) {
        snprintf(err, err_size, "the routine names %d files; a bundle holds at most %d",
                 spec->n_files, LB_BUNDLE_MAX_MEMBERS - 2);
        return false;
    }
    struct lb_manifest m;
    const char **paths = calloc((size_t)spec->n_files + 1, sizeof(*paths));
    char *manifest = NULL;
    size_t manifest_size = 0;
    zip_t *za = NULL;
    bool ok = paths && make_manifest(spec, &m, paths, err, err_size);
    int64_t total = 0;
    for (int i = 0; ok && i < m.n_files; i++)
        if ((total += m.files[i].size) > LB_BUNDLE_MAX_TOTAL) {
            snprintf(err, err_size, "the files come to over 2 GiB, more than a bundle holds");
            ok = false;
        }
    if (ok && !lb_manifest_emit(&m, &manifest, &manifest_size)) {
        snprintf(err, err_size, "cannot write the manifest: out of memory");
        ok = false;
    }
    int zerr = 0;
    if (ok && !(za = zip_open(out_path, ZIP_CREATE | ZIP_TRUNCATE, &zerr))) {
        zip_error_t e;
        zip_error_init_with_code(&e, zerr);
        snprintf(err, err_size, "cannot write '%s': %s", out_path, zip_error_strerror(&e));
        zip_error_fini(&e);
        ok = false;
    }
    if (ok)
        ok = add_member(za, LB_BUNDLE_MANIFEST,
                        zip_source_buffer(za, manifest, manifest_size, 0), err, err_size);
    for (int i = 0; ok && i < m.n_files; i++)
        ok = add_member(za, m.files[i].name, zip_source_file(za, paths[i], 0, -1), err,
                        err_size);
    if (za) {
        if (ok && zip_close(za) != 0) {
            snprintf(err, err_size, "cannot write '%s': %s", out_path, zip_strerror(za));
            ok = false;
        }
        if (!ok)
            zip_discard(za);
    }
    free(manifest);
    free(m.files);
    free(m.refs);
    free(paths);
    if (!ok)
        return false;
    /* What was written is what a reader will see: check it as a reader does. */
    int fd = open(out_path, O_RDONLY | O_CLOEXEC);
    struct lb_bundle b;
    char why[512];
    if (fd < 0 || !lb_bundle_open_fd(&b, fd, NULL, why, sizeof(why))) {
        snprintf(err, err_size, "the bundle written to '%s' does not read back: %s", out_path,
                 fd < 0 ? strerror(errno) : why);
        return false;
    }
    lb_bundle_close(&b);
    return true;
}
