/* The history store's file: where it lives, opening it safely (mode, lock, damage, a full or
 * read-only disk), closing it, and the helpers its other files share. */
#define _DEFAULT_SOURCE /* timegm */
#include "history_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "paths.h"

/* A lock held by another program is waited for this long, then the history is given up. */
#define LB_HISTORY_BUSY_MS 1000

bool lb_history_default_path(char *buf, size_t size)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, size, "%s/limber/history.sqlite3", xdg);
    else if (home && home[0])
        n = snprintf(buf, size, "%s/.local/share/limber/history.sqlite3", home);
    else
        return false;
    return n > 0 && (size_t)n < size;
}

bool lb_history_fail(struct lb_history *h)
{
    if (!h->error[0]) {
        int code = sqlite3_extended_errcode(h->db) & 0xff;
        if (code == SQLITE_FULL)
            snprintf(h->error, sizeof(h->error),
                     _("cannot write to the history %s: the disk is full"), h->path);
        else if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
            snprintf(h->error, sizeof(h->error),
                     _("cannot write to the history %s: another program holds it locked"),
                     h->path);
        else if (code == SQLITE_READONLY)
            snprintf(h->error, sizeof(h->error),
                     _("cannot write to the history %s: it is read-only"), h->path);
        else
            snprintf(h->error, sizeof(h->error), _("cannot use the history %s: %s"), h->path,
                     sqlite3_errmsg(h->db));
    }
    h->broken = true;
    return false;
}

const char *lb_history_error(const struct lb_history *h)
{
    return h ? h->error : "";
}

bool lb_history_exec(struct lb_history *h, const char *sql)
{
    if (sqlite3_exec(h->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return lb_history_fail(h);
    return true;
}

sqlite3_stmt *lb_history_prepare(struct lb_history *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
        lb_history_fail(h);
        return NULL;
    }
    return st;
}

void lb_history_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

long long lb_history_process_start(int pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* Field 22 (starttime); the name in field 2 may hold spaces, so count after its ')'. */
    char *p = strrchr(buf, ')');
    for (int field = 2; p && field < 22; field++)
        p = strchr(p + 1, ' ');
    return p ? atoll(p + 1) : 0;
}

/* The folders above file made (mkdir -p), new ones 0700. */
static bool make_dirs(const char *file)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", file);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return true;
    *slash = '\0';
    return lb_make_dirs(dir, 0700);
}

/* Make sure the file exists as a regular file of ours with mode 0600, before SQLite opens it
 * (SQLite gives its -wal and -shm files the database's mode). */
static bool prepare_file(const char *path, char *err, size_t err_size)
{
    if (!make_dirs(path)) {
        snprintf(err, err_size, _("cannot make the folder of the history %s: %s"), path,
                 strerror(errno));
        return false;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
    if (fd < 0) {
        if (errno == ELOOP)
            snprintf(err, err_size, _("cannot open the history %s: it is a symbolic link"),
                     path);
        else if (errno == EISDIR)
            snprintf(err, err_size, _("cannot open the history %s: it is a folder, not a "
                                      "regular file"), path);
        else if (errno == EROFS || errno == EACCES)
            snprintf(err, err_size, _("cannot write to the history %s: it is read-only"), path);
        else
            snprintf(err, err_size, _("cannot open the history %s: %s"), path, strerror(errno));
        return false;
    }
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (!ok)
        snprintf(err, err_size, _("cannot open the history %s: it is not a regular file"),
                 path);
    else if ((st.st_mode & 077) && st.st_uid == geteuid())
        fchmod(fd, 0600);
    close(fd);
    return ok;
}

/* Move a damaged database (and its -wal, -shm) aside as PATH.corrupt-DATE. */
static bool move_aside(const char *path, char *moved, size_t size)
{
    char date[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof(date), "%Y%m%d-%H%M%S", &tm);
    snprintf(moved, size, "%s.corrupt-%s", path, date);
    if (rename(path, moved) != 0)
        return false;
    static const char *const extra[] = {"-wal", "-shm"};
    for (int i = 0; i < 2; i++) {
        char from[PATH_MAX + 8], to[PATH_MAX + 64];
        snprintf(from, sizeof(from), "%s%s", path, extra[i]);
        snprintf(to, sizeof(to), "%s%s", moved, extra[i]);
        rename(from, to);
    }
    return true;
}

enum open_result { OPENED, DAMAGED, FAILED };

/* Open, check and set up the file; DAMAGED when it is not a sound SQLite database. */
static enum open_result open_db(struct lb_history *h, char *err, size_t err_size)
{
    if (!prepare_file(h->path, err, err_size))
        return FAILED;
    if (sqlite3_open_v2(h->path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW,
                        NULL) != SQLITE_OK) {
        snprintf(err, err_size, _("cannot open the history %s: %s"), h->path,
                 h->db ? sqlite3_errmsg(h->db) : strerror(ENOMEM));
        return FAILED;
    }
    sqlite3_busy_timeout(h->db, LB_HISTORY_BUSY_MS);
    sqlite3_extended_result_codes(h->db, 1);
    if (sqlite3_db_readonly(h->db, "main") == 1) {
        snprintf(err, err_size, _("cannot write to the history %s: it is read-only"), h->path);
        return FAILED;
    }
    /* quick_check reads every page: a damaged file is found before anything is written. */
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h->db, "PRAGMA quick_check", -1, &st, NULL);
    bool sound = false;
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
        sound = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    int code = rc & 0xff;
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT || (rc == SQLITE_ROW && !sound))
        return DAMAGED;
    if (rc != SQLITE_ROW) {
        if (code == SQLITE_BUSY)
            snprintf(err, err_size, _("cannot read the history %s: another program holds it "
                                      "locked"), h->path);
        else
            snprintf(err, err_size, _("cannot read the history %s: %s"), h->path,
                     sqlite3_errmsg(h->db));
        return FAILED;
    }
    /* WAL: a reader never waits for the writer, and a commit appends to the log instead of
     * rewriting pages. synchronous=FULL: each commit reaches the card before it returns, so a
     * finished block survives a power cut too, not only a crash (NORMAL would lose the last
     * commits on power loss). The cost is one fsync per ended block, off the frame loop. */
    static const char *const setup[] = {
        "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
    };
    for (int i = 0; i < 3; i++) {
        if (sqlite3_exec(h->db, setup[i], NULL, NULL, NULL) != SQLITE_OK) {
            code = sqlite3_errcode(h->db);
            if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
                return DAMAGED;
            h->error[0] = '\0';
            lb_history_fail(h);
            snprintf(err, err_size, "%s", h->error);
            return FAILED;
        }
    }
    if (!lb_history_migrate(h)) {
        snprintf(err, err_size, "%s", h->error);
        return FAILED;
    }
    return OPENED;
}

struct lb_history *lb_history_open(const char *path, char *err, size_t err_size,
                                   char *notice, size_t notice_size)
{
    if (notice_size)
        notice[0] = '\0';
    err[0] = '\0';
    struct lb_history *h = calloc(1, sizeof(*h));
    if (!h) {
        snprintf(err, err_size, _("cannot open the history %s: %s"), path, strerror(ENOMEM));
        return NULL;
    }
    snprintf(h->path, sizeof(h->path), "%s", path);
    enum open_result r = open_db(h, err, err_size);
    if (r == DAMAGED) {
        sqlite3_close(h->db);
        h->db = NULL;
        char moved[PATH_MAX + 48];
        if (!move_aside(path, moved, sizeof(moved))) {
            snprintf(err, err_size, _("the history %s is damaged and cannot be moved aside: %s"),
                     path, strerror(errno));
            r = FAILED;
        } else {
            snprintf(notice, notice_size, _("the history %s was damaged: it is kept as %s and a "
                                            "new history starts"), path, moved);
            r = open_db(h, err, err_size);
            if (r == DAMAGED) {
                snprintf(err, err_size, _("the new history %s cannot be made"), path);
                r = FAILED;
            }
        }
    }
    if (r != OPENED) {
        lb_history_close(h);
        return NULL;
    }
    return h;
}

void lb_history_close(struct lb_history *h)
{
    if (!h)
        return;
    sqlite3_close(h->db);
    free(h);
}

int lb_history_mark_interrupted(struct lb_history *h)
{
    if (h->broken)
        return -1;
    sqlite3_stmt *open = lb_history_prepare(h, "SELECT id, pid, pid_start FROM sessions "
                                               "WHERE outcome IS NULL");
    sqlite3_stmt *mark = lb_history_prepare(
        h, "UPDATE sessions SET outcome = 'interrupted', ended_at = COALESCE("
           "(SELECT MAX(ended_at) FROM blocks WHERE session_id = ?1), started_at) "
           "WHERE id = ?1");
    int marked = 0;
    if (!open || !mark) {
        marked = -1;
        goto done;
    }
    while (sqlite3_step(open) == SQLITE_ROW) {
        int pid = sqlite3_column_int(open, 1);
        long long started = sqlite3_column_int64(open, 2);
        bool alive = pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) &&
                     lb_history_process_start(pid) == started;
        if (alive)
            continue; /* still playing (another Limber beside this one) */
        sqlite3_bind_int64(mark, 1, sqlite3_column_int64(open, 0));
        if (sqlite3_step(mark) != SQLITE_DONE) {
            lb_history_fail(h);
            marked = -1;
            break;
        }
        sqlite3_reset(mark);
        marked++;
    }
done:
    sqlite3_finalize(open);
    sqlite3_finalize(mark);
    return marked;
}

void lb_history_iso8601(time_t t, char *buf, size_t size)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool lb_history_parse_date(const char *s, time_t *out)
{
    struct tm tm = {0};
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 6 && s[n] == '\0') {
    } else if (tm = (struct tm){0}, n = 0,
               sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) == 3 &&
               s[n] == '\0') {
    } else {
        return false;
    }
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
        tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 1970)
        return false;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = timegm(&tm);
    return true;
}
