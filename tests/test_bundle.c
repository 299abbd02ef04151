/* Bundles: writing is byte-identical for the same input; reading verifies every member; every
 * kind of hostile archive is refused with its own message, and reading writes nothing. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "bundle.h"
#include "bundle_cache.h"
#include "lb_test.h"
#include "manifest.h"

static char dir[256];

static char *in_dir(const char *name)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, size, f);
    fclose(f);
}

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc((size_t)n + 1);
    *size = fread(data, 1, (size_t)n, f);
    fclose(f);
    return data;
}

/* Open path as a bundle, verified (else only listed); the reason of a refusal into err. */
static bool open_mode(struct lb_bundle *b, const char *path, const struct lb_bundle_limits *l,
                      bool verify, char *err, size_t size)
{
    int fd = open(path, O_RDONLY);
    err[0] = '\0';
    return verify ? lb_bundle_open_fd(b, fd, l, err, size)
                  : lb_bundle_list_fd(b, fd, l, err, size);
}

static bool open_bundle(struct lb_bundle *b, const char *path, const struct lb_bundle_limits *l,
                        char *err, size_t size)
{
    return open_mode(b, path, l, true, err, size);
}

/* Refused, with a message that contains `want`: when opened, and when listed too unless it is
 * a member's hash (`hash`: listing does not read members but the routine file). */
static void check_refused_as(const char *path, const struct lb_bundle_limits *limits,
                             const char *want, bool hash)
{
    for (int verify = 1; verify >= 0; verify--) {
        struct lb_bundle b;
        char err[512];
        bool ok = open_mode(&b, path, limits, verify, err, sizeof(err));
        if (!verify && hash) { /* listed, and marked as not verified */
            LB_CHECK(ok && !b.verified && b.n_members > 0);
            lb_bundle_close(&b);
            continue;
        }
        LB_CHECK(!ok);
        if (!strstr(err, want)) {
            fprintf(stderr, "FAIL %s (%s): message '%s' lacks '%s'\n", path,
                    verify ? "opened" : "listed", err, want);
            lb_test_failed++;
        } else {
            lb_test_passed++;
        }
        LB_CHECK_INT(b.n_members, 0);
        LB_CHECK_INT(b.fd, -1);
    }
}

static void check_refused(const char *path, const struct lb_bundle_limits *limits,
                          const char *want)
{
    check_refused_as(path, limits, want, false);
}

static const char routine_text[] = "limber: 1\ntitle: Test\nsteps:\n  - title: A\n"
                                   "    clip: ../assets/a.mp4\n    duration: 5s\n";

/* A routine folder: the routine and two clips, one beside it and one outside. */
static void make_sources(void)
{
    mkdir(in_dir("src"), 0755);
    mkdir(in_dir("assets"), 0755);
    write_file(in_dir("src/routine.yaml"), routine_text, strlen(routine_text));
    unsigned char clip[70000];
    for (size_t i = 0; i < sizeof(clip); i++)
        clip[i] = (unsigned char)(i * 7 + i / 256);
    write_file(in_dir("assets/a.mp4"), clip, sizeof(clip));
    write_file(in_dir("src/b.mp4"), "bbbb", 4);
}

static bool pack(const char *out, char *err, size_t size)
{
    const char *written_a[] = {"../assets/a.mp4"};
    const char *written_b[] = {"b.mp4", "./b.mp4"};
    struct lb_bundle_input files[] = {
        {.name = "clips/a.mp4", .path = in_dir("assets/a.mp4"), .written = written_a,
         .n_written = 1},
        {.name = "b.mp4", .path = in_dir("src/b.mp4"), .written = written_b, .n_written = 2},
    };
    struct lb_bundle_spec spec = {.title = "Test: \"quoted\" title", .routine_name =
                                  "routine.yaml", .routine_path = in_dir("src/routine.yaml"),
                                  .files = files, .n_files = 2};
    return lb_bundle_write(out, &spec, err, size);
}

static void test_write_read(void)
{
    char err[512];
    LB_CHECK(pack(in_dir("one.limber"), err, sizeof(err)));
    /* Later, in another time zone, with the files touched: the same bytes. */
    sleep(1);
    utimensat(AT_FDCWD, in_dir("assets/a.mp4"), NULL, 0);
    setenv("TZ", "Pacific/Auckland", 1);
    tzset();
    LB_CHECK(pack(in_dir("two.limber"), err, sizeof(err)));
    setenv("TZ", "UTC", 1);
    tzset();
    size_t n1 = 0, n2 = 0;
    unsigned char *d1 = read_file(in_dir("one.limber"), &n1);
    unsigned char *d2 = read_file(in_dir("two.limber"), &n2);
    LB_CHECK(d1 && d2 && n1 == n2 && n1 > 70000 && !memcmp(d1, d2, n1));
    /* The manifest comes first. */
    LB_CHECK(d1 && n1 > 30 && !memcmp(d1 + 30, LB_BUNDLE_MANIFEST, strlen(LB_BUNDLE_MANIFEST)));
    free(d2);

    struct lb_bundle b;
    LB_CHECK(open_bundle(&b, in_dir("one.limber"), NULL, err, sizeof(err)));
    LB_CHECK_STR(err, "");
    LB_CHECK_INT(b.n_members, 3);
    LB_CHECK_STR(b.title, "Test: \"quoted\" title");
    LB_CHECK_STR(b.made_by, LIMBER_VERSION);
    LB_CHECK_STR(b.routine_text, routine_text);
    const struct lb_bundle_member *a = lb_bundle_lookup(&b, "../assets/a.mp4");
    LB_CHECK(a && !strcmp(a->name, "clips/a.mp4") && a->size == 70000);
    /* The member is a byte window of the file: its bytes are the clip's. */
    size_t clip_size = 0;
    unsigned char *clip = read_file(in_dir("assets/a.mp4"), &clip_size);
    LB_CHECK(a && d1 && a->offset + a->size <= (int64_t)n1 &&
             !memcmp(d1 + a->offset, clip, clip_size));
    const struct lb_bundle_member *bb = lb_bundle_lookup(&b, "./b.mp4");
    LB_CHECK(bb && !strcmp(bb->name, "b.mp4"));
    LB_CHECK(lb_bundle_lookup(&b, ".//b.mp4") == bb);
    LB_CHECK(lb_bundle_lookup(&b, "c.mp4") == NULL);
    LB_CHECK(lb_bundle_lookup(&b, "../b.mp4") == NULL);
    lb_bundle_close(&b);
    free(d1);
    free(clip);
}

/* A ZIP made by hand: entries with given names and bytes, a manifest listing them unless
 * `manifest` is false; `mode` the Unix type and permissions of every entry. */
struct entry {
    const char *name;
    const char *data;
    size_t size;
    bool deflate;
    unsigned mode;
};

static void make_zip(const char *path, const struct entry *e, int n, bool manifest, int format)
{
    struct lb_manifest m = {.format = format, .title = "Hand made", .made_by = "0",
                            .routine = "routine.yaml"};
    m.files = calloc((size_t)n + 1, sizeof(*m.files));
    for (int i = 0; i < n; i++) {
        m.files[m.n_files].name = (char *)e[i].name;
        m.files[m.n_files].size = (int64_t)e[i].size;
        FILE *f = tmpfile();
        fwrite(e[i].data, 1, e[i].size, f);
        fflush(f);
        lb_bundle_sha256(fileno(f), 0, -1, m.files[m.n_files++].sha256, NULL);
        fclose(f);
    }
    char *text = NULL;
    size_t size = 0;
    lb_manifest_emit(&m, &text, &size);
    free(m.files);
    unlink(path);
    zip_t *za = zip_open(path, ZIP_CREATE, NULL);
    if (manifest) {
        zip_int64_t k = zip_file_add(za, LB_BUNDLE_MANIFEST,
                                     zip_source_buffer(za, text, size, 0), 0);
        zip_set_file_compression(za, (zip_uint64_t)k, ZIP_CM_STORE, 0);
    }
    for (int i = 0; i < n; i++) {
        zip_int64_t k = zip_file_add(za, e[i].name,
                                     zip_source_buffer(za, e[i].data, e[i].size, 0), 0);
        if (k < 0)
            fprintf(stderr, "cannot add %s: %s\n", e[i].name, zip_strerror(za));
        zip_set_file_compression(za, (zip_uint64_t)k, e[i].deflate ? ZIP_CM_DEFLATE
                                                                   : ZIP_CM_STORE, 0);
        zip_file_set_external_attributes(za, (zip_uint64_t)k, 0, ZIP_OPSYS_UNIX,
                                         (e[i].mode ? e[i].mode : S_IFREG | 0644) << 16);
    }
    if (zip_close(za) != 0)
        fprintf(stderr, "cannot write %s\n", path);
    free(text);
}

/* Replace every `from` in the file by `to` (same length); names: only a member's name in its
 * local and central headers. */
static void patch(const char *path, const void *from, const void *to, size_t n, bool names)
{
    size_t size = 0;
    unsigned char *d = read_file(path, &size);
    for (size_t i = 0; i + n <= size; i++) {
        bool name = (i >= 30 && !memcmp(d + i - 30, "PK\3\4", 4)) ||
                    (i >= 46 && !memcmp(d + i - 46, "PK\1\2", 4));
        if ((name || !names) && !memcmp(d + i, from, n))
            memcpy(d + i, to, n);
    }
    write_file(path, d, size);
    free(d);
}

/* Set general-purpose flag bit 0 (encrypted) in every local and central header. */
static void mark_encrypted(const char *path)
{
    size_t size = 0;
    unsigned char *d = read_file(path, &size);
    for (size_t i = 0; i + 10 <= size; i++) {
        if (!memcmp(d + i, "PK\3\4", 4))
            d[i + 6] |= 1;
        else if (!memcmp(d + i, "PK\1\2", 4))
            d[i + 8] |= 1;
    }
    write_file(path, d, size);
    free(d);
}

#define ROUTINE {"routine.yaml", "limber: 1\n", 10, false, 0}

static void test_refusals(void)
{
    const char *bad = in_dir("bad.limber");
    struct entry good[] = {ROUTINE, {"clips/a.mp4", "aaaa", 4, false, 0}};
    make_zip(bad, good, 2, true, 1);
    struct lb_bundle b;
    char err[512];
    LB_CHECK(open_bundle(&b, bad, NULL, err, sizeof(err)));
    LB_CHECK(b.verified);
    lb_bundle_close(&b);
    LB_CHECK(open_mode(&b, bad, NULL, false, err, sizeof(err)));
    LB_CHECK(!b.verified && b.n_members == 2 && !strcmp(b.routine_text, "limber: 1\n"));
    lb_bundle_close(&b);

    struct entry absolute[] = {ROUTINE, {"/etc/a.mp4", "aaaa", 4, false, 0}};
    make_zip(bad, absolute, 2, true, 1);
    check_refused(bad, NULL, "the member name '/etc/a.mp4' is an absolute path");
    struct entry dotdot[] = {ROUTINE, {"clips/../../a.mp4", "aaaa", 4, false, 0}};
    make_zip(bad, dotdot, 2, true, 1);
    check_refused(bad, NULL, "the member name 'clips/../../a.mp4' contains '..'");
    struct entry backslash[] = {ROUTINE, {"clips\\a.mp4", "aaaa", 4, false, 0}};
    make_zip(bad, backslash, 2, true, 1);
    check_refused(bad, NULL, "contains a backslash");
    /* A NUL in a name (libzip shows it as a space: not the name the manifest lists). */
    make_zip(bad, good, 2, true, 1);
    patch(bad, "clips/a.mp4", "clips\0a.mp4", 11, true);
    check_refused(bad, NULL, "'clips a.mp4' is not in its manifest");
    struct entry link[] = {ROUTINE, {"clips/a.mp4", "/etc/passwd", 11, false, S_IFLNK | 0777}};
    make_zip(bad, link, 2, true, 1);
    check_refused(bad, NULL, "the member 'clips/a.mp4' is a symbolic link");
    struct entry device[] = {ROUTINE, {"clips/a.mp4", "", 0, false, S_IFCHR | 0644}};
    make_zip(bad, device, 2, true, 1);
    check_refused(bad, NULL, "the member 'clips/a.mp4' is a device");
    struct entry twice[] = {ROUTINE, {"clips/a.mp4", "aaaa", 4, false, 0},
                            {"clips/b.mp4", "bbbb", 4, false, 0}};
    make_zip(bad, twice, 3, true, 1);
    patch(bad, "clips/b.mp4", "clips/a.mp4", 11, true);
    check_refused(bad, NULL, "two of its members have the same name");
    /* A changed byte in a member. */
    make_zip(bad, good, 2, true, 1);
    patch(bad, "aaaa", "aaab", 4, false);
    check_refused_as(bad, NULL, "the member 'clips/a.mp4' does not match its SHA-256", true);
    /* The routine file's hash is checked when listing too: its text is what a list shows. */
    make_zip(bad, good, 2, true, 1);
    patch(bad, "limber: 1", "limber: 2", 9, false);
    check_refused(bad, NULL, "the member 'routine.yaml' does not match its SHA-256");
    /* Members and sizes over the limits. */
    struct entry many[1001];
    char names[1001][16];
    for (int i = 0; i < 1001; i++) {
        snprintf(names[i], sizeof(names[i]), "f%04d", i);
        many[i] = (struct entry){names[i], "", 0, false, 0};
    }
    make_zip(bad, many, 1001, false, 1);
    check_refused(bad, NULL, "it has 1001 members; a bundle holds at most 1000");
    make_zip(bad, good, 2, true, 1);
    struct lb_bundle_limits small = {LB_BUNDLE_MAX_MEMBERS, 100};
    check_refused(bad, &small, "its members come to over 100 bytes");
    /* A ZIP bomb: a megabyte of zeros deflated to a kilobyte is never inflated. */
    char *zeros = calloc(1, 1 << 20);
    struct entry bomb[] = {ROUTINE, {"clips/a.mp4", zeros, 1 << 20, true, 0}};
    make_zip(bad, bomb, 2, true, 1);
    struct stat st;
    stat(bad, &st);
    LB_CHECK(st.st_size < 10000);
    check_refused(bad, NULL, "the member 'clips/a.mp4' is compressed");
    free(zeros);
    make_zip(bad, good, 2, true, 1);
    mark_encrypted(bad);
    check_refused(bad, NULL, "encrypted");
    /* Not a bundle. */
    write_file(bad, routine_text, strlen(routine_text));
    check_refused(bad, NULL, "it is not a ZIP file");
    write_file(bad, "", 0);
    check_refused(bad, NULL, "it is not a ZIP file");
    size_t size = 0;
    unsigned char *d = read_file(in_dir("one.limber"), &size);
    write_file(bad, d, size - 200);
    free(d);
    check_refused(bad, NULL, "it is not a ZIP file");
    make_zip(bad, good, 2, false, 1);
    check_refused(bad, NULL, "it has no limber-bundle.yaml");
    struct entry unlisted[] = {ROUTINE};
    make_zip(bad, unlisted, 1, true, 1);
    zip_t *za = zip_open(bad, 0, NULL);
    zip_file_add(za, "extra.mp4", zip_source_buffer(za, "x", 1, 0), 0);
    zip_set_file_compression(za, 1, ZIP_CM_STORE, 0);
    zip_set_file_compression(za, 2, ZIP_CM_STORE, 0);
    zip_close(za);
    check_refused(bad, NULL, "the member 'extra.mp4' is not in its manifest");
    make_zip(bad, good, 2, true, 2);
    check_refused(bad, NULL, "made by a newer Limber (bundle format 2");
    struct entry no_routine[] = {{"clips/a.mp4", "aaaa", 4, false, 0}};
    make_zip(bad, no_routine, 1, true, 1);
    check_refused(bad, NULL, "its routine file 'routine.yaml' is not in it");
}

/* Names as the writer and the reader judge them. */
static void test_names(void)
{
    char why[64];
    LB_CHECK(lb_bundle_name_ok("clips/a b.mp4", why, sizeof(why)));
    LB_CHECK(lb_bundle_name_ok("a..b.mp4", why, sizeof(why)));
    LB_CHECK(!lb_bundle_name_ok("", why, sizeof(why)));
    LB_CHECK(!lb_bundle_name_ok("a//b", why, sizeof(why)));
    LB_CHECK(!lb_bundle_name_ok("./a", why, sizeof(why)));
    LB_CHECK(!lb_bundle_name_ok("..", why, sizeof(why)));
    LB_CHECK(!lb_bundle_name_ok("a\nb", why, sizeof(why)));
}

/* Every file under path, as "name size" lines, to see that nothing was written. */
static void listing(const char *path, char *out, size_t size)
{
    DIR *d = opendir(path);
    out[0] = '\0';
    for (struct dirent *e; d && (e = readdir(d));) {
        struct stat st;
        char p[600];
        snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
        stat(p, &st);
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%s %lld %lld\n", e->d_name, (long long)st.st_size,
                 (long long)st.st_mtime);
    }
    if (d)
        closedir(d);
}

/* Open bundle path to use it, with the record at `record`: 1 when it was verified through the
 * record (not hashed), 0 when it was hashed, -1 when refused (the reason in err). */
static int open_with_record(const char *path, const char *record, char *err, size_t size)
{
    struct lb_bundle b;
    err[0] = '\0';
    if (!lb_bundle_open_cached_fd(&b, open(path, O_RDONLY), record, err, size))
        return -1;
    int how = b.verified ? b.remembered : -2;
    /* Hashed: every member's bytes; remembered: the routine file's alone (its text is read). */
    if (how == 0 && b.hashed != b.members[0].size + b.members[1].size + b.members[2].size)
        how = -3;
    if (how == 1 && b.hashed != b.members[b.routine].size)
        how = -4;
    lb_bundle_close(&b);
    return how;
}

/* Wait until a file changed now is past LB_BUNDLE_CACHE_SETTLE_NS, so it may be remembered. */
static void settle(void)
{
    nanosleep(&(struct timespec){1, 200000000}, NULL);
}

/* The record of verified bundles: a bundle opened again unchanged is not hashed again; a change
 * in it (even with its mtime put back), a copy, a damaged record and a full one. */
static void test_record(void)
{
    char err[512], *record = in_dir("state/verified-bundles");
    const char *path = in_dir("kept.limber"), *copy = in_dir("copy/kept.limber");
    LB_CHECK(pack(path, err, sizeof(err)));
    /* Just written: verified, and not remembered (a change in the same tick of the file
     * system's clock could go unseen). */
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 0);
    LB_CHECK(access(record, F_OK) != 0);
    LB_CHECK(!lb_bundle_cache_knows(record, path));
    mkdir(in_dir("copy"), 0755);
    size_t size = 0;
    unsigned char *bytes = read_file(path, &size);
    write_file(copy, bytes, size);
    settle();
    /* Verified once, then from the record; the folder is made. */
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 0);
    LB_CHECK(access(record, F_OK) == 0);
    LB_CHECK(lb_bundle_cache_knows(record, path));
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 1);
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 1);
    /* Without a record: hashed every time. */
    LB_CHECK_INT(open_with_record(path, NULL, err, sizeof(err)), 0);
    /* A copy elsewhere is another file: verified once too, and the first stays remembered. */
    LB_CHECK(!lb_bundle_cache_knows(record, copy));
    LB_CHECK_INT(open_with_record(copy, record, err, sizeof(err)), 0);
    LB_CHECK_INT(open_with_record(copy, record, err, sizeof(err)), 1);
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 1);

    /* A line whose manifest hash is not this bundle's does not count. */
    size_t rsize = 0;
    char *text = (char *)read_file(record, &rsize);
    struct stat st;
    stat(path, &st);
    char ino[32];
    snprintf(ino, sizeof(ino), " %llu ", (unsigned long long)st.st_ino);
    char *mine = text ? strstr(text, ino) : NULL;
    char *sha = mine; /* the sixth field: past " INO SIZE MTIME CTIME " */
    for (int i = 0; i < 4 && sha; i++)
        sha = strchr(sha + 1, ' ');
    LB_CHECK(sha != NULL);
    if (sha) {
        sha[1] = sha[1] == '0' ? '1' : '0';
        write_file(record, text, rsize);
        LB_CHECK(lb_bundle_cache_knows(record, path)); /* the file's times alone still agree */
        LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 0);
        LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 1);
    }
    free(text);

    /* One byte of a member changed, its mtime put back (touch -d): ctime tells. Refused, and
     * refused again next time (a failure is never remembered). */
    struct lb_bundle b;
    LB_CHECK(open_bundle(&b, path, NULL, err, sizeof(err)));
    const struct lb_bundle_member *clip = lb_bundle_lookup(&b, "../assets/a.mp4");
    int64_t at = clip ? clip->offset + clip->size / 2 : 0;
    LB_CHECK(clip != NULL);
    lb_bundle_close(&b);
    stat(path, &st);
    int fd = open(path, O_WRONLY);
    unsigned char flipped = (unsigned char)(bytes[at] ^ 0x40);
    LB_CHECK(pwrite(fd, &flipped, 1, at) == 1);
    close(fd);
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    LB_CHECK(utimensat(AT_FDCWD, path, times, 0) == 0);
    struct stat now;
    stat(path, &now);
    LB_CHECK(now.st_mtim.tv_sec == st.st_mtim.tv_sec && now.st_mtim.tv_nsec == st.st_mtim.tv_nsec
             && now.st_size == st.st_size);
    LB_CHECK(!lb_bundle_cache_knows(record, path));
    settle();
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), -1);
    LB_CHECK(strstr(err, "does not match its SHA-256") != NULL);
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), -1);
    LB_CHECK(strstr(err, "does not match its SHA-256") != NULL);
    write_file(path, bytes, size); /* whole again: verified again, then remembered */
    settle();
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 0);
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 1);

    /* A damaged record: ignored (said on stderr), every bundle hashed, and made anew. */
    const char *damaged[] = {"garbage\n", "", "limber-verified-bundles 1\n1 2 3\n",
                             "limber-verified-bundles 1\n1 2 3 4.5 6.7 ab 9 10\n",
                             "limber-verified-bundles 9\n"};
    for (size_t i = 0; i < sizeof(damaged) / sizeof(*damaged); i++) {
        write_file(record, damaged[i], strlen(damaged[i]));
        LB_CHECK(!lb_bundle_cache_knows(record, path));
        LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 0);
        LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 1);
        text = (char *)read_file(record, &rsize);
        LB_CHECK(text && !strncmp(text, "# Limber", 8) &&
                 strstr(text, "\nlimber-verified-bundles 1\n"));
        free(text);
    }

    /* Full: LB_BUNDLE_CACHE_MAX lines of bundles long gone; adding one drops the oldest. */
    FILE *f = fopen(record, "w");
    fprintf(f, "limber-verified-bundles 1\n");
    for (int i = 0; i < LB_BUNDLE_CACHE_MAX; i++)
        fprintf(f, "1 %d 100 5.000000000 5.000000000 %064d %d\n", 1000 + i, 0, 100 + i);
    fclose(f);
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 0);
    LB_CHECK_INT(open_with_record(path, record, err, sizeof(err)), 1);
    text = (char *)read_file(record, &rsize);
    int lines = 0;
    for (size_t i = 0; text && i < rsize; i++)
        lines += text[i] == '\n';
    LB_CHECK_INT(lines, LB_BUNDLE_CACHE_MAX + 2); /* and the comment and the format line */
    LB_CHECK(text && !strstr(text, " 1000 100 ") && strstr(text, " 1001 100 "));
    free(text);
    free(bytes);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "/tmp/lb-test-bundle-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    make_sources();
    test_names();
    test_write_read();
    test_record();
    char before[8192], after[8192];
    test_refusals();
    listing(dir, before, sizeof(before));
    check_refused(in_dir("bad.limber"), NULL, "its routine file");
    struct lb_bundle b;
    char err[256];
    LB_CHECK(open_bundle(&b, in_dir("one.limber"), NULL, err, sizeof(err)));
    lb_bundle_close(&b);
    listing(dir, after, sizeof(after));
    LB_CHECK_STR(after, before);
    char cmd[300];
    if (getenv("LB_TEST_KEEP"))
        return lb_test_finish();
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return lb_test_finish();
}
