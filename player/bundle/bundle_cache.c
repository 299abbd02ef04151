/* The record of verified bundles: read whole, looked up, and written whole again with a bundle
 * added. Two Limbers writing at once lose one of their lines at worst: that bundle is hashed
 * again next time. */
#include "bundle_cache.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>

#include <linux/magic.h>

#include "i18n.h"
#include "log.h"
#include "manifest.h"
#include "paths.h"
#include "safe_file.h"

/* The first line of a record; a record without it is not Limber's (or of a newer format). */
#define RECORD_HEADER "limber-verified-bundles 1"
/* A line is under 200 bytes: a record past this is not one Limber wrote. */
#define RECORD_MAX_BYTES (LB_BUNDLE_CACHE_MAX * 256 + 512)

/* One bundle in the record, and when (UTC seconds) it was verified. */
struct remembered {
    struct lb_bundle_key key;
    int64_t verified_at;
};

struct record {
    struct remembered lines[LB_BUNDLE_CACHE_MAX];
    int n;
};

/* One line of the record into r; false when it is not a line Limber writes. */
static bool parse_line(const char *line, struct remembered *r)
{
    unsigned long long dev, ino;
    long long size, ms, mns, cs, cns, at;
    char hex[65];
    int end = -1;
    if (sscanf(line, "%llu %llu %lld %lld.%9lld %lld.%9lld %64[0-9a-f] %lld%n", &dev, &ino,
               &size, &ms, &mns, &cs, &cns, hex, &at, &end) != 9 || end < 0 || line[end] ||
        strlen(hex) != 64 || size < 0 || mns < 0 || mns >= 1000000000 || cns < 0 ||
        cns >= 1000000000)
        return false;
    *r = (struct remembered){.key = {.dev = dev, .ino = ino, .size = size, .mtime_s = ms,
                                     .mtime_ns = mns, .ctime_s = cs, .ctime_ns = cns},
                             .verified_at = at};
    return lb_sha256_from_hex(hex, r->key.manifest_sha256);
}

/* Read the record at path into rec: true when it is there and whole, or not there at all (an
 * empty record). False when it cannot be read or is damaged, with why (rec is then empty). */
static bool record_read(const char *path, struct record *rec, char *why, size_t why_size)
{
    rec->n = 0;
    char *text = NULL;
    size_t size = 0;
    if (!lb_file_read_all(path, LB_FILE_NOFOLLOW, RECORD_MAX_BYTES, &text, &size, why,
                          why_size)) {
        struct stat st;
        return lstat(path, &st) != 0 && errno == ENOENT;
    }
    bool header = false, ok = strlen(text) == size;
    int number = 0;
    for (char *line = text, *next; ok && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        number++;
        if (line[0] == '#')
            continue;
        if (!header)
            ok = header = !strcmp(line, RECORD_HEADER);
        else if ((ok = rec->n < LB_BUNDLE_CACHE_MAX && parse_line(line, &rec->lines[rec->n])))
            rec->n++;
        if (!ok)
            snprintf(why, why_size, _("line %d is not one Limber writes"), number);
    }
    if (ok && !header) {
        ok = false;
        snprintf(why, why_size, "%s", _("it is not a record Limber writes"));
    }
    if (!ok)
        rec->n = 0;
    free(text);
    return ok;
}

static bool same_file(const struct lb_bundle_key *a, const struct lb_bundle_key *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_s == b->mtime_s && a->mtime_ns == b->mtime_ns &&
           a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns;
}

static const struct remembered *record_find(const struct record *rec,
                                            const struct lb_bundle_key *key, bool manifest)
{
    for (int i = 0; i < rec->n; i++)
        if (same_file(&rec->lines[i].key, key) &&
            (!manifest || !memcmp(rec->lines[i].key.manifest_sha256, key->manifest_sha256, 32)))
            return &rec->lines[i];
    return NULL;
}

/* Add key to rec (verified at `at`): an older line for the same file (device and inode) goes,
 * and when full, the line verified longest ago. */
static void record_add(struct record *rec, const struct lb_bundle_key *key, int64_t at)
{
    int n = 0;
    for (int i = 0; i < rec->n; i++)
        if (rec->lines[i].key.dev != key->dev || rec->lines[i].key.ino != key->ino)
            rec->lines[n++] = rec->lines[i];
    rec->n = n;
    if (rec->n == LB_BUNDLE_CACHE_MAX) {
        int oldest = 0;
        for (int i = 1; i < rec->n; i++)
            if (rec->lines[i].verified_at < rec->lines[oldest].verified_at)
                oldest = i;
        rec->lines[oldest] = rec->lines[--rec->n];
    }
    rec->lines[rec->n++] = (struct remembered){.key = *key, .verified_at = at};
}

static bool record_write(const char *path, const struct record *rec, char *why,
                         size_t why_size)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (!lb_make_dirs(dir, 0700)) {
            snprintf(why, why_size, _("cannot make the folder %s: %s"), dir, strerror(errno));
            return false;
        }
    }
    char *text = malloc(RECORD_MAX_BYTES);
    if (!text) {
        snprintf(why, why_size, "%s", _("out of memory"));
        return false;
    }
    size_t size = RECORD_MAX_BYTES, n = (size_t)snprintf(text, size,
                                "# Limber: bundles verified whole, not hashed again while "
                                "unchanged. Safe to delete.\n%s\n", RECORD_HEADER);
    for (int i = 0; i < rec->n && n < size; i++) {
        const struct lb_bundle_key *k = &rec->lines[i].key;
        char hex[65];
        lb_sha256_to_hex(k->manifest_sha256, hex);
        n += (size_t)snprintf(text + n, size - n,
                              "%" PRIu64 " %" PRIu64 " %" PRId64 " %" PRId64 ".%09" PRId64
                              " %" PRId64 ".%09" PRId64 " %s %" PRId64 "\n", k->dev, k->ino,
                              k->size, k->mtime_s, k->mtime_ns, k->ctime_s, k->ctime_ns, hex,
                              rec->lines[i].verified_at);
    }
    bool ok = n < size && lb_file_replace(path, text, n, 0600, why, why_size);
    free(text);
    return ok;
}

/* Whether the times of the file on fd can be trusted to change with its bytes: not on file
 * systems whose ctime is not the inode's change time (FAT's and exFAT's is when the file was
 * made; NTFS through FUSE or ntfs3 alike) or whose times another computer sets (network file
 * systems), and not within LB_BUNDLE_CACHE_SETTLE_NS of the check that began at `began`. */
static bool times_trusted(int fd, const struct lb_bundle_key *key, const struct timespec *began)
{
    struct statfs fs;
    if (fstatfs(fd, &fs) != 0)
        return false;
    switch ((unsigned long)fs.f_type) {
    case MSDOS_SUPER_MAGIC: case EXFAT_SUPER_MAGIC: case FUSE_SUPER_MAGIC:
    case NFS_SUPER_MAGIC: case SMB_SUPER_MAGIC: case CIFS_SUPER_MAGIC: case SMB2_SUPER_MAGIC:
    case V9FS_MAGIC: case CEPH_SUPER_MAGIC:
    case 0x5346544eUL: /* NTFS */
    case 0x7366746eUL: /* ntfs3 */
        return false;
    default:
        break;
    }
    int64_t began_ns = (int64_t)began->tv_sec * 1000000000LL + began->tv_nsec;
    int64_t mtime_ns = key->mtime_s * 1000000000LL + key->mtime_ns;
    int64_t ctime_ns = key->ctime_s * 1000000000LL + key->ctime_ns;
    return mtime_ns < began_ns - LB_BUNDLE_CACHE_SETTLE_NS &&
           ctime_ns < began_ns - LB_BUNDLE_CACHE_SETTLE_NS;
}

bool lb_bundle_open_cached_fd(struct lb_bundle *b, int fd, const char *cache_path, char *err,
                              size_t err_size)
{
    struct timespec began;
    clock_gettime(CLOCK_REALTIME, &began);
    if (!lb_bundle_list_fd(b, fd, NULL, err, err_size))
        return false;
    struct record rec = {.n = 0};
    char why[512];
    if (cache_path) {
        if (!record_read(cache_path, &rec, why, sizeof(why)))
            lb_log_warning(_("the record of verified bundles %s cannot be used (%s): each "
                             "bundle is checked in full again, and the record made anew"),
                           cache_path, why);
        if (record_find(&rec, &b->key, true)) {
            b->verified = b->remembered = true;
            return true;
        }
    }
    if (!lb_bundle_verify(b, err, err_size)) {
        lb_bundle_close(b);
        return false;
    }
    if (cache_path && times_trusted(b->fd, &b->key, &began)) {
        record_add(&rec, &b->key, (int64_t)began.tv_sec);
        if (!record_write(cache_path, &rec, why, sizeof(why)))
            lb_log_warning(_("%s (the bundle will be checked in full again next time)"), why);
    }
    return true;
}

bool lb_bundle_cache_knows(const char *cache_path, const char *bundle_path)
{
    struct stat st;
    if (!cache_path || lstat(bundle_path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    struct lb_bundle_key key;
    lb_bundle_key_of(&st, &key);
    struct record rec;
    char why[512];
    return record_read(cache_path, &rec, why, sizeof(why)) && record_find(&rec, &key, false);
}
