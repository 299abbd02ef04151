/* Reading a bundle: libzip parses the archive through a source over the descriptor (pread), each
 * member is checked before it is used, and stored members are located as byte windows of the
 * file, which is how clips are played in place. */
#include "bundle.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavutil/mem.h>
#include <libavutil/sha.h>
#include <zip.h>

#include "manifest.h"

/* libzip reads the archive through this: pread on the bundle's descriptor. `last_read` is
 * where the latest read began, which is how a stored member's bytes are found in the file. */
struct fd_source {
    int fd;
    int64_t size;
    int64_t pos;
    int64_t last_read;
    zip_error_t error;
};

static zip_int64_t fd_source_cb(void *userdata, void *data, zip_uint64_t len,
                                zip_source_cmd_t cmd)
{
    struct fd_source *s = userdata;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        s->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        if (s->pos >= s->size)
            return 0;
        if (len > (zip_uint64_t)(s->size - s->pos))
            len = (zip_uint64_t)(s->size - s->pos);
        s->last_read = s->pos;
        ssize_t got;
        do
            got = pread(s->fd, data, len, s->pos);
        while (got < 0 && errno == EINTR);
        if (got < 0) {
            zip_error_set(&s->error, ZIP_ER_READ, errno);
            return -1;
        }
        s->pos += got;
        return got;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &s->error);
        if (!st)
            return -1;
        zip_stat_init(st);
        st->size = (zip_uint64_t)s->size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&s->error, data, len);
    case ZIP_SOURCE_SEEK: {
        zip_int64_t pos = zip_source_seek_compute_offset((zip_uint64_t)s->pos,
                                                         (zip_uint64_t)s->size, data, len,
                                                         &s->error);
        if (pos < 0)
            return -1;
        s->pos = pos;
        return 0;
    }
    case ZIP_SOURCE_TELL:
        return s->pos;
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_SEEKABLE;
    default:
        zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

bool lb_bundle_name_ok(const char *name, char *why, size_t why_size)
{
    size_t len = strlen(name);
    const char *problem = NULL;
    if (!len)
        problem = "is empty";
    else if (len > LB_BUNDLE_NAME_MAX)
        problem = "is too long";
    else if (name[0] == '/')
        problem = "is an absolute path";
    else if (strchr(name, '\\'))
        problem = "contains a backslash";
    for (const char *p = name; !problem && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            problem = "contains a control character";
    for (const char *part = name; !problem && part;) {
        const char *slash = strchr(part, '/');
        size_t n = slash ? (size_t)(slash - part) : strlen(part);
        if (n == 2 && !strncmp(part, "..", 2))
            problem = "contains '..'";
        else if ((n == 1 && part[0] == '.') || n == 0)
            problem = "has an empty or '.' part";
        part = slash ? slash + 1 : NULL;
    }
    if (problem)
        snprintf(why, why_size, "%s", problem);
    return !problem;
}

/* One archive entry while the bundle is checked. */
struct entry {
    const char *name;   /* libzip's, valid while the archive is open */
    zip_uint64_t index;
    int64_t size;
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* The file type an entry says it is (Unix mode in its external attributes), if any. */
static const char *special_type(zip_t *za, zip_uint64_t i)
{
    zip_uint8_t opsys;
    zip_uint32_t attr;
    if (zip_file_get_external_attributes(za, i, 0, &opsys, &attr) != 0 ||
        opsys != ZIP_OPSYS_UNIX)
        return NULL;
    switch ((attr >> 16) & S_IFMT) {
    case 0: case S_IFREG: case S_IFDIR: return NULL;
    case S_IFLNK: return "a symbolic link";
    case S_IFCHR: case S_IFBLK: return "a device";
    case S_IFIFO: return "a named pipe";
    default: return "not a regular file";
    }
}

/* Where entry i's stored bytes start in the file: libzip reads its local header and then its
 * first byte, and that read is watched. The member's SHA-256, checked over the window found,
 * confirms it. */
static bool locate(zip_t *za, struct fd_source *src, zip_uint64_t i, int64_t *offset)
{
    zip_file_t *zf = zip_fopen_index(za, i, 0);
    if (!zf)
        return false;
    char byte;
    src->last_read = -1;
    bool ok = zip_fread(zf, &byte, 1) == 1 && src->last_read >= 0;
    zip_fclose(zf);
    *offset = src->last_read;
    return ok;
}

bool lb_bundle_sha256(int fd, int64_t offset, int64_t size, uint8_t out[32], int64_t *hashed)
{
    struct AVSHA *sha = av_sha_alloc();
    unsigned char *buf = malloc(1 << 16);
    bool ok = sha && buf && av_sha_init(sha, 256) == 0;
    int64_t done = 0;
    while (ok && (size < 0 || done < size)) {
        size_t want = size < 0 || size - done > (1 << 16) ? (1 << 16) : (size_t)(size - done);
        ssize_t got = pread(fd, buf, want, offset + done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got == 0 && size < 0)
            break;
        if (got <= 0) {
            ok = false;
            break;
        }
        av_sha_update(sha, buf, (size_t)got);
        done += got;
    }
    if (ok)
        av_sha_final(sha, out);
    if (hashed)
        *hashed = done;
    free(buf);
    av_freep(&sha);
    return ok;
}

static bool read_window(int fd, int64_t offset, int64_t size, char **out)
{
    char *text = malloc((size_t)size + 1);
    if (!text)
        return false;
    for (int64_t done = 0; done < size;) {
        ssize_t got = pread(fd, text + done, (size_t)(size - done), offset + done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            free(text);
            return false;
        }
        done += got;
    }
    text[size] = '\0';
    *out = text;
    return true;
}

static const char *open_error(int code)
{
    switch (code) {
    case ZIP_ER_NOZIP: return "it is not a ZIP file (a bundle is made by 'limber pack')";
    case ZIP_ER_EXISTS: return "two of its members have the same name";
    case ZIP_ER_INCONS: return "it is a damaged ZIP file (its directory and contents disagree)";
    case ZIP_ER_ENCRNOTSUPP: return "it is encrypted";
    case ZIP_ER_COMPNOTSUPP: return "it uses a compression Limber cannot read";
    default: return NULL;
    }
}

/* Everything the check of one bundle carries. */
struct reader {
    struct lb_bundle *b;
    zip_t *za;
    struct fd_source src;
    struct entry *entries;
    int n_entries;
    struct lb_manifest m;
    struct lb_bundle_limits limits;
    char *err;
    size_t err_size;
};

static bool fail(struct reader *rd, const char *fmt, const char *name, const char *why)
{
    snprintf(rd->err, rd->err_size, fmt, name, why);
    return false;
}

/* Every entry: its name, type, encryption, storage and size; directories are left out. */
static bool check_entries(struct reader *rd)
{
    zip_int64_t n = zip_get_num_entries(rd->za, 0);
    if (n > rd->limits.max_members) {
        snprintf(rd->err, rd->err_size, "it has %lld members; a bundle holds at most %d",
                 (long long)n, rd->limits.max_members);
        return false;
    }
    rd->entries = calloc(n > 0 ? (size_t)n : 1, sizeof(*rd->entries));
    if (!rd->entries)
        return fail(rd, "%s%s", "out of memory", "");
    int64_t total = 0;
    char why[64];
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        if (zip_stat_index(rd->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) != 0 || !st.name)
            return fail(rd, "%s%s", "one of its members cannot be read", "");
        char name[LB_BUNDLE_NAME_MAX + 2];
        size_t len = strlen(st.name);
        bool dir = len > 0 && st.name[len - 1] == '/';
        snprintf(name, sizeof(name), "%.*s", (int)(dir ? len - 1 : len), st.name);
        if (len > LB_BUNDLE_NAME_MAX + 1 || !lb_bundle_name_ok(name, why, sizeof(why)))
            return fail(rd, "the member name '%s' %s", name, len > LB_BUNDLE_NAME_MAX + 1
                        ? "is too long" : why);
        const char *type = special_type(rd->za, (zip_uint64_t)i);
        if (type)
            return fail(rd, "the member '%s' is %s", name, type);
        if (st.encryption_method != ZIP_EM_NONE)
            return fail(rd, "the member '%s' is %s", name, "encrypted");
        if (dir) {
            if (st.size)
                return fail(rd, "the member '%s' %s", name, "is a folder with contents");
            continue;
        }
        if (st.comp_method != ZIP_CM_STORE || st.comp_size != st.size)
            return fail(rd, "the member '%s' is %s", name, "compressed; a bundle's files are "
                        "stored as they are (make it with 'limber pack')");
        if (st.size > (zip_uint64_t)rd->limits.max_total ||
            (total += (int64_t)st.size) > rd->limits.max_total) {
            snprintf(rd->err, rd->err_size, "its members come to over %lld bytes, more than a "
                     "bundle may hold", (long long)rd->limits.max_total);
            return false;
        }
        rd->entries[rd->n_entries++] = (struct entry){st.name, (zip_uint64_t)i,
                                                      (int64_t)st.size};
    }
    qsort(rd->entries, (size_t)rd->n_entries, sizeof(*rd->entries), by_name);
    for (int i = 1; i < rd->n_entries; i++)
        if (!strcmp(rd->entries[i].name, rd->entries[i - 1].name))
            return fail(rd, "the member name '%s' %s", rd->entries[i].name, "is there twice");
    return true;
}

static const struct entry *find_entry(const struct reader *rd, const char *name)
{
    struct entry key = {.name = name};
    return bsearch(&key, rd->entries, (size_t)rd->n_entries, sizeof(key), by_name);
}

/* Read and parse the manifest. */
static bool read_manifest(struct reader *rd)
{
    const struct entry *e = find_entry(rd, LB_BUNDLE_MANIFEST);
    if (!e)
        return fail(rd, "it has no %s: it is not a Limber bundle%s", LB_BUNDLE_MANIFEST, "");
    if (e->size > LB_BUNDLE_MAX_TEXT)
        return fail(rd, "its %s is over 1 MiB%s", LB_BUNDLE_MANIFEST, "");
    int64_t offset = 0;
    char *text = NULL;
    if (e->size > 0 && (!locate(rd->za, &rd->src, e->index, &offset) ||
                        offset + e->size > rd->src.size))
        return fail(rd, "its %s cannot be read%s", LB_BUNDLE_MANIFEST, "");
    if (!read_window(rd->src.fd, offset, e->size, &text))
        return fail(rd, "its %s cannot be read%s", LB_BUNDLE_MANIFEST, "");
    if (!lb_bundle_sha256(rd->src.fd, offset, e->size, rd->b->key.manifest_sha256, NULL)) {
        free(text);
        return fail(rd, "its %s cannot be read%s", LB_BUNDLE_MANIFEST, "");
    }
    bool ok = lb_manifest_parse(&rd->m, text, (size_t)e->size, rd->limits.max_members, rd->err,
                                rd->err_size);
    free(text);
    if (ok && rd->m.format > LB_BUNDLE_FORMAT) {
        snprintf(rd->err, rd->err_size, "it was made by a newer Limber (bundle format %d; this "
                 "Limber reads format %d): update Limber", rd->m.format, LB_BUNDLE_FORMAT);
        return false;
    }
    return ok;
}

/* The member's bytes against its SHA-256 in the manifest; the bytes hashed go to *hashed. */
static bool hash_member(int fd, const struct lb_bundle_member *mb, int64_t *hashed, char *err,
                        size_t err_size)
{
    uint8_t sha[32];
    int64_t done = 0;
    bool read = lb_bundle_sha256(fd, mb->offset, mb->size, sha, &done);
    *hashed += done;
    if (!read || memcmp(sha, mb->sha256, 32)) {
        snprintf(err, err_size, "the member '%s' %s", mb->name, !read ? "cannot be read" :
                 "does not match its SHA-256 in the manifest: the bundle was changed or "
                 "damaged");
        return false;
    }
    return true;
}

/* Each member against the manifest: listed, same size; the routine file (whose text is read)
 * the same SHA-256 over its bytes. The others are hashed by lb_bundle_verify. */
static bool verify_members(struct reader *rd)
{
    struct lb_bundle *b = rd->b;
    for (int i = 0; i < rd->n_entries; i++) {
        bool listed = !strcmp(rd->entries[i].name, LB_BUNDLE_MANIFEST);
        for (int k = 0; k < rd->m.n_files && !listed; k++)
            listed = !strcmp(rd->m.files[k].name, rd->entries[i].name);
        if (!listed)
            return fail(rd, "the member '%s' %s", rd->entries[i].name,
                        "is not in its manifest");
    }
    if (rd->m.n_files != rd->n_entries - 1)
        return fail(rd, "its manifest lists %s%s", "a file twice or one that is not there", "");
    b->members = calloc((size_t)rd->m.n_files + 1, sizeof(*b->members));
    if (!b->members)
        return fail(rd, "%s%s", "out of memory", "");
    for (int i = 0; i < rd->m.n_files; i++) {
        const struct lb_manifest_file *f = &rd->m.files[i];
        const struct entry *e = find_entry(rd, f->name);
        if (!e || !strcmp(f->name, LB_BUNDLE_MANIFEST))
            return fail(rd, "its manifest lists '%s', %s", f->name, "which is not in it");
        struct lb_bundle_member *mb = &b->members[b->n_members++];
        *mb = (struct lb_bundle_member){.name = strdup(f->name), .size = e->size};
        if (!mb->name)
            return fail(rd, "%s%s", "out of memory", "");
        memcpy(mb->sha256, f->sha256, 32);
        if (f->size != e->size)
            return fail(rd, "the member '%s' %s", f->name, "is not the size its manifest says");
        if (e->size > 0 && (!locate(rd->za, &rd->src, e->index, &mb->offset) ||
                            mb->offset > rd->src.size - e->size))
            return fail(rd, "the member '%s' %s", f->name, "cannot be read");
        if (!strcmp(f->name, rd->m.routine) &&
            !hash_member(rd->src.fd, mb, &b->hashed, rd->err, rd->err_size))
            return false;
    }
    return true;
}

static int member_by_name(const void *a, const void *b)
{
    return strcmp(((const struct lb_bundle_member *)a)->name,
                  ((const struct lb_bundle_member *)b)->name);
}

static int member_index(const struct lb_bundle *b, const char *name)
{
    struct lb_bundle_member key = {.name = (char *)name};
    const struct lb_bundle_member *m = bsearch(&key, b->members, (size_t)b->n_members,
                                               sizeof(key), member_by_name);
    return m ? (int)(m - b->members) : -1;
}

/* The routine member's text and the manifest's references, into b. */
static bool take_routine(struct reader *rd)
{
    struct lb_bundle *b = rd->b;
    qsort(b->members, (size_t)b->n_members, sizeof(*b->members), member_by_name);
    b->routine = member_index(b, rd->m.routine);
    if (b->routine < 0)
        return fail(rd, "its routine file '%s' %s", rd->m.routine, "is not in it");
    const struct lb_bundle_member *r = &b->members[b->routine];
    if (r->size > LB_BUNDLE_MAX_TEXT)
        return fail(rd, "its routine file '%s' %s", r->name, "is over 1 MiB");
    if (!read_window(b->fd, r->offset, r->size, &b->routine_text))
        return fail(rd, "its routine file '%s' %s", r->name, "cannot be read");
    b->routine_size = (size_t)r->size;
    b->refs = calloc((size_t)rd->m.n_refs + 1, sizeof(*b->refs));
    if (!b->refs)
        return fail(rd, "%s%s", "out of memory", "");
    for (int i = 0; i < rd->m.n_refs; i++) {
        int k = member_index(b, rd->m.refs[i].name);
        if (k < 0)
            return fail(rd, "its manifest names '%s', %s", rd->m.refs[i].name,
                        "which is not in it");
        b->refs[b->n_refs++] = (struct lb_bundle_ref){.written = rd->m.refs[i].written,
                                                      .member = k};
        rd->m.refs[i].written = NULL;
    }
    b->title = rd->m.title;
    b->made_by = rd->m.made_by;
    b->format = rd->m.format;
    rd->m.title = rd->m.made_by = NULL;
    return true;
}

bool lb_bundle_list_fd(struct lb_bundle *b, int fd, const struct lb_bundle_limits *limits,
                       char *err, size_t err_size)
{
    *b = (struct lb_bundle){.fd = fd, .routine = -1};
    struct reader rd = {.b = b, .src = {.fd = fd}, .err = err, .err_size = err_size,
                        .limits = {LB_BUNDLE_MAX_MEMBERS, LB_BUNDLE_MAX_TOTAL}};
    if (limits)
        rd.limits = *limits;
    zip_error_init(&rd.src.error);
    struct stat st;
    bool ok = false;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_size, "it is not a file");
        goto done;
    }
    rd.src.size = st.st_size;
    lb_bundle_key_of(&st, &b->key);
    if (st.st_size < 22) { /* libzip takes an empty file for an empty archive */
        snprintf(err, err_size, "%s", open_error(ZIP_ER_NOZIP));
        goto done;
    }
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *source = zip_source_function_create(fd_source_cb, &rd.src, &zerr);
    if (source)
        rd.za = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!rd.za) {
        const char *why = open_error(zip_error_code_zip(&zerr));
        snprintf(err, err_size, "%s", why ? why : zip_error_strerror(&zerr));
        zip_source_free(source);
        zip_error_fini(&zerr);
        goto done;
    }
    zip_error_fini(&zerr);
    ok = check_entries(&rd) && read_manifest(&rd) && verify_members(&rd) && take_routine(&rd);
done:
    if (rd.za)
        zip_discard(rd.za);
    free(rd.entries);
    lb_manifest_free(&rd.m);
    zip_error_fini(&rd.src.error);
    if (!ok)
        lb_bundle_close(b);
    return ok;
}

void lb_bundle_key_of(const struct stat *st, struct lb_bundle_key *key)
{
    *key = (struct lb_bundle_key){.dev = (uint64_t)st->st_dev, .ino = (uint64_t)st->st_ino,
                                  .size = st->st_size, .mtime_s = st->st_mtim.tv_sec,
                                  .mtime_ns = st->st_mtim.tv_nsec,
                                  .ctime_s = st->st_ctim.tv_sec,
                                  .ctime_ns = st->st_ctim.tv_nsec};
}

bool lb_bundle_verify(struct lb_bundle *b, char *err, size_t err_size)
{
    for (int i = 0; i < b->n_members; i++)
        if (i != b->routine && !hash_member(b->fd, &b->members[i], &b->hashed, err, err_size))
            return false;
    b->verified = true;
    return true;
}

bool lb_bundle_open_fd(struct lb_bundle *b, int fd, const struct lb_bundle_limits *limits,
                       char *err, size_t err_size)
{
    if (!lb_bundle_list_fd(b, fd, limits, err, err_size))
        return false;
    if (lb_bundle_verify(b, err, err_size))
        return true;
    lb_bundle_close(b);
    return false;
}

void lb_bundle_close(struct lb_bundle *b)
{
    for (int i = 0; i < b->n_members; i++)
        free(b->members[i].name);
    for (int i = 0; i < b->n_refs; i++)
        free(b->refs[i].written);
    free(b->members);
    free(b->refs);
    free(b->title);
    free(b->made_by);
    free(b->routine_text);
    if (b->fd >= 0)
        close(b->fd);
    *b = (struct lb_bundle){.fd = -1, .routine = -1};
}

const struct lb_bundle_member *lb_bundle_lookup(const struct lb_bundle *b, const char *written)
{
    for (int i = 0; i < b->n_refs; i++)
        if (!strcmp(b->refs[i].written, written))
            return &b->members[b->refs[i].member];
    /* A hand-made bundle: the path itself, without "./" and repeated slashes. */
    char plain[LB_BUNDLE_NAME_MAX + 1];
    size_t n = 0;
    for (const char *p = written; *p && n + 1 < sizeof(plain); p++) {
        if (*p == '/' && (n == 0 || plain[n - 1] == '/'))
            continue;
        if (*p == '.' && p[1] == '/' && (n == 0 || plain[n - 1] == '/')) {
            p++;
            continue;
        }
        plain[n++] = *p;
    }
    plain[n] = '\0';
    int k = member_index(b, plain);
    return k >= 0 ? &b->members[k] : NULL;
}
