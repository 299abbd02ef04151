/* Routine bundles (.limber): one ZIP file holding a routine file, exactly the files it names
 * (clips, recorded lines) stored uncompressed, and a manifest (format version, title, the
 * Limber version that made it, the SHA-256 of every member). Reading treats a bundle as
 * untrusted: every member is checked before anything is used. No SDL, no routine model. */
#ifndef LB_BUNDLE_H
#define LB_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The bundle format this build writes and reads. */
#define LB_BUNDLE_FORMAT 1
/* The manifest's member name; it comes first in a bundle. */
#define LB_BUNDLE_MANIFEST "limber-bundle.yaml"
/* Limits (docs/sharing.md): a bundle past them is refused before anything is read. */
#define LB_BUNDLE_MAX_MEMBERS 1000
#define LB_BUNDLE_MAX_TOTAL ((int64_t)2 * 1024 * 1024 * 1024) /* 2 GiB of members in all */
#define LB_BUNDLE_MAX_TEXT (1024 * 1024)   /* the manifest and the routine file */
#define LB_BUNDLE_NAME_MAX 255             /* a member's name, in bytes */

/* One member file of a verified bundle. */
struct lb_bundle_member {
    char *name;          /* its path inside the bundle, relative to the routine */
    int64_t offset;      /* where its bytes start in the bundle file (members are stored) */
    int64_t size;        /* its length in bytes */
    uint8_t sha256[32];
};

/* What changes whenever a bundle file's bytes do, read without reading them (fstat), and the
 * SHA-256 of its manifest (which holds every member's): the key of the record of verified
 * bundles (bundle_cache.h). st_ctime cannot be set by a user, so a rewrite that puts the old
 * mtime back is still a different key. */
struct lb_bundle_key {
    uint64_t dev, ino;
    int64_t size;
    int64_t mtime_s, mtime_ns;
    int64_t ctime_s, ctime_ns;
    uint8_t manifest_sha256[32];
};

/* The key of the file fstat or lstat described, without the manifest's SHA-256 (zeros). */
struct stat;
void lb_bundle_key_of(const struct stat *st, struct lb_bundle_key *key);

/* A path written in the routine file and the member it names. */
struct lb_bundle_ref {
    char *written;
    int member;          /* index into members */
};

struct lb_bundle {
    int fd;              /* the bundle file, read with pread (shared by every reader); owned */
    int format;          /* the manifest's format version */
    char *title;         /* the routine's title, as the manifest says */
    char *made_by;       /* the Limber version that made the bundle */
    int routine;         /* the routine file's member index */
    char *routine_text;  /* its bytes, NUL-terminated (verified) */
    size_t routine_size;
    struct lb_bundle_member *members; /* every member but the manifest, sorted by name */
    int n_members;
    struct lb_bundle_ref *refs;
    int n_refs;
    bool verified;       /* every member's SHA-256 was checked (lb_bundle_open_fd, or found
                          * in the record: lb_bundle_open_cached_fd): only then may a member's
                          * bytes be used */
    bool remembered;     /* verified through the record of verified bundles, not hashed now */
    int64_t hashed;      /* bytes hashed while it was opened (the routine file's when listed) */
    struct lb_bundle_key key; /* the file as it was opened */
};

/* How much a reader takes; the defaults above when not given. */
struct lb_bundle_limits {
    int max_members;
    int64_t max_total;
};

/* Read and verify the bundle on descriptor fd (taken over: closed by lb_bundle_close, or
 * here on failure): a ZIP archive of at most LB_BUNDLE_MAX_MEMBERS members and
 * LB_BUNDLE_MAX_TOTAL bytes, every name plain and relative (no "..", no backslash, no control
 * character, no duplicate), regular files only, not encrypted, stored, each listed in the
 * manifest with its SHA-256, which is checked over its bytes. limits: NULL for the defaults.
 * Nothing is written anywhere and nothing is inflated. Returns false with one person-readable
 * reason in err (b is then empty). */
bool lb_bundle_open_fd(struct lb_bundle *b, int fd, const struct lb_bundle_limits *limits,
                       char *err, size_t err_size);

/* As lb_bundle_open_fd, for listing a bundle (a library's row, a title to compare): every
 * check there, but of the SHA-256s only the routine file's (its text is read); the other
 * members' bytes are not read at all, so listing a large bundle costs its directory and not
 * its size. b->verified is false: no member may be used (played, copied) from such a bundle;
 * lb_bundle_verify it (or open it with lb_bundle_open_fd) for that. */
bool lb_bundle_list_fd(struct lb_bundle *b, int fd, const struct lb_bundle_limits *limits,
                       char *err, size_t err_size);

/* Hash every member of listed bundle b (lb_bundle_list_fd) against its manifest, so its
 * members may be used (b->verified; b->hashed grows by their bytes). False with the reason in
 * err (the same as lb_bundle_open_fd gives) and b left as it was, unverified. */
bool lb_bundle_verify(struct lb_bundle *b, char *err, size_t err_size);

/* Free what lb_bundle_open_fd made and close the descriptor. An empty bundle is fine. */
void lb_bundle_close(struct lb_bundle *b);

/* The member a path written in the routine names: through the manifest's references, else the
 * member with that name ("./" and repeated slashes dropped). NULL when the bundle has none. */
const struct lb_bundle_member *lb_bundle_lookup(const struct lb_bundle *b, const char *written);

/* One file that goes into a bundle. */
struct lb_bundle_input {
    const char *name;     /* its member name (relative, plain) */
    const char *path;     /* where it is on disk */
    const char **written; /* the paths the routine file names it by (n_written of them) */
    int n_written;
};

/* What lb_bundle_write makes. */
struct lb_bundle_spec {
    const char *title;
    const char *routine_name;  /* the routine file's member name */
    const char *routine_path;  /* and where it is */
    const struct lb_bundle_input *files; /* the files it names */
    int n_files;
};

/* Write the bundle `spec` describes to out_path (created or replaced through libzip's own
 * temporary file and rename): members sorted by name after the manifest, stored, with fixed
 * timestamps and permissions, so the same input gives the same bytes. The result is read back
 * and verified. Returns false with the reason in err; then out_path may be left partial (the
 * caller writes to a ".part" name and renames). */
bool lb_bundle_write(const char *out_path, const struct lb_bundle_spec *spec, char *err,
                     size_t err_size);

/* The SHA-256 of size bytes of fd from offset (size -1: to the end of the file), read with
 * pread; *hashed (may be NULL) gets how many bytes were read. False on a read error or a file
 * shorter than size. */
bool lb_bundle_sha256(int fd, int64_t offset, int64_t size, uint8_t out[32], int64_t *hashed);

/* Whether name is a plain relative member name (see lb_bundle_open_fd); if not, why. */
bool lb_bundle_name_ok(const char *name, char *why, size_t why_size);

#endif
