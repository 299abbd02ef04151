/* The history store: schema and migrations, every outcome, blocks and pain stops, interrupted
 * sessions, damaged, locked, read-only and full files; and the summaries the screens show. */
#define _DEFAULT_SOURCE /* mkdtemp, setenv */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "history_internal.h"
#include "lb_test.h"
#include "summary.h"

static char dir[256];

static void path_in(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", dir, name);
}

static struct lb_history *open_ok(const char *path)
{
    char err[512], notice[512];
    struct lb_history *h = lb_history_open(path, err, sizeof(err), notice, sizeof(notice));
    if (!h)
        fprintf(stderr, "open %s: %s\n", path, err);
    LB_CHECK(h != NULL);
    return h;
}

static int pragma_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char *pragma_text(sqlite3 *db, const char *sql, char *buf, size_t size)
{
    sqlite3_stmt *st;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

static int64_t session(struct lb_history *h, const char *title, time_t at, int pain_before)
{
    struct lb_history_session_start s = {.title = title, .path = "/r/back.yaml",
                                         .hash = "abc123", .started_at = at,
                                         .pain_before = pain_before};
    return lb_history_start_session(h, &s);
}

static bool block(struct lb_history *h, int64_t id, int step, const char *title,
                  const char *side, enum lb_block_result r, time_t at)
{
    struct lb_history_block b = {.step = step, .step_title = title, .side = side, .set = 1,
                                 .result = r, .planned_ms = 30000, .actual_ms = 29500,
                                 .ended_at = at};
    return lb_history_record_block(h, id, &b, 29500 * (step + 1));
}

/* A new file: its folder 0700, the file 0600, WAL, the current schema. */
static void test_new_file(void)
{
    char path[512], folder[512];
    path_in(folder, sizeof(folder), "new/limber");
    path_in(path, sizeof(path), "new/limber/history.sqlite3");
    struct lb_history *h = open_ok(path);
    struct stat st;
    LB_CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    LB_CHECK(stat(folder, &st) == 0 && (st.st_mode & 0777) == 0700);
    char buf[32];
    LB_CHECK_STR(pragma_text(h->db, "PRAGMA journal_mode", buf, sizeof(buf)), "wal");
    LB_CHECK_INT(pragma_int(h->db, "PRAGMA user_version"), LB_HISTORY_SCHEMA);
    LB_CHECK_INT(pragma_int(h->db, "PRAGMA synchronous"), 2); /* FULL */
    lb_history_close(h);
    /* Opened again: nothing migrates twice. */
    h = open_ok(path);
    LB_CHECK_INT(pragma_int(h->db, "PRAGMA user_version"), LB_HISTORY_SCHEMA);
    lb_history_close(h);
}

/* Every outcome, blocks, pain stops and check-ins come back as written. */
static void test_record_and_read(void)
{
    char path[512];
    path_in(path, sizeof(path), "record.sqlite3");
    struct lb_history *h = open_ok(path);
    static const char *const outcomes[] = {"finished", "quit", "pain-stop", "screening-stop"};
    time_t t0 = 1700000000;
    for (int i = 0; i < 4; i++) {
        int64_t id = session(h, "Back basics", t0 + i * 86400, i);
        LB_CHECK(id > 0);
        LB_CHECK(block(h, id, 0, "Knee to chest", "left", LB_BLOCK_DONE, t0 + i * 86400 + 40));
        LB_CHECK(block(h, id, 0, "Knee to chest", "right", LB_BLOCK_SKIPPED,
                       t0 + i * 86400 + 80));
        struct lb_history_pain_stop p = {.step = 1, .step_title = "Cat-cow", .set = 2, .rep = 3,
                                         .at = t0 + i * 86400 + 100};
        LB_CHECK(lb_history_record_pain_stop(h, id, &p));
        LB_CHECK(lb_history_pain_choice(h, id, "skip"));
        LB_CHECK(block(h, id, 1, "Cat-cow", NULL, LB_BLOCK_PAIN, t0 + i * 86400 + 101));
        LB_CHECK(lb_history_set_pain(h, id, true, i == 3 ? LB_PAIN_NONE : 7 - i));
        LB_CHECK(lb_history_end_session(h, id, outcomes[i], t0 + i * 86400 + 200, 61000));
    }
    struct lb_history_list list;
    LB_CHECK(lb_history_query(h, NULL, &list));
    LB_CHECK_INT(list.n, 4);
    for (int i = 0; i < list.n && i < 4; i++) {
        struct lb_history_session *s = &list.sessions[i];
        LB_CHECK_STR(s->outcome, outcomes[i]);
        LB_CHECK_STR(s->title, "Back basics");
        LB_CHECK_STR(s->hash, "abc123");
        LB_CHECK_INT(s->started_at, t0 + i * 86400);
        LB_CHECK_INT(s->ended_at, t0 + i * 86400 + 200);
        LB_CHECK_INT(s->pain_before, i);
        LB_CHECK_INT(s->pain_after, i == 3 ? LB_PAIN_NONE : 7 - i);
        LB_CHECK_INT(s->moving_ms, 61000);
        LB_CHECK_INT(s->n_blocks, 3);
        if (s->n_blocks == 3) {
            LB_CHECK_STR(s->blocks[0].side, "left");
            LB_CHECK_INT(s->blocks[0].result, LB_BLOCK_DONE);
            LB_CHECK_INT(s->blocks[1].result, LB_BLOCK_SKIPPED);
            LB_CHECK_INT(s->blocks[2].result, LB_BLOCK_PAIN);
            LB_CHECK(s->blocks[2].side == NULL);
            LB_CHECK_INT(s->blocks[0].planned_ms, 30000);
            LB_CHECK_INT(s->blocks[0].actual_ms, 29500);
        }
        LB_CHECK_INT(s->n_pains, 1);
        if (s->n_pains == 1) {
            LB_CHECK_STR(s->pains[0].step_title, "Cat-cow");
            LB_CHECK_STR(s->pains[0].choice, "skip");
            LB_CHECK_INT(s->pains[0].set, 2);
            LB_CHECK_INT(s->pains[0].rep, 3);
        }
    }
    lb_history_list_free(&list);
    /* Filters: since a date, a title in any case, the newest n. */
    struct lb_history_filter f = {.since = t0 + 2 * 86400};
    LB_CHECK(lb_history_query(h, &f, &list));
    LB_CHECK_INT(list.n, 2);
    lb_history_list_free(&list);
    f = (struct lb_history_filter){.title = "BACK BASICS", .last = 3};
    LB_CHECK(lb_history_query(h, &f, &list));
    LB_CHECK_INT(list.n, 3);
    LB_CHECK(list.n == 3 && list.sessions[0].started_at == t0 + 86400 &&
             list.sessions[2].started_at == t0 + 3 * 86400);
    lb_history_list_free(&list);
    f = (struct lb_history_filter){.title = "Other"};
    LB_CHECK(lb_history_query(h, &f, &list));
    LB_CHECK_INT(list.n, 0);
    lb_history_list_free(&list);
    /* Forget: nothing is left, the file still works. */
    LB_CHECK(lb_history_forget(h));
    LB_CHECK(lb_history_query(h, NULL, &list));
    LB_CHECK_INT(list.n, 0);
    LB_CHECK_INT(pragma_int(h->db, "SELECT count(*) FROM blocks"), 0);
    lb_history_list_free(&list);
    LB_CHECK(session(h, "After forgetting", t0, LB_PAIN_NONE) > 0);
    lb_history_close(h);
}

/* A session whose process died is `interrupted`, ended at its last block; a live one is not. */
static void test_interrupted(void)
{
    char path[512];
    path_in(path, sizeof(path), "killed.sqlite3");
    struct lb_history *h = open_ok(path);
    int64_t mine = session(h, "Mine", 1700000000, LB_PAIN_NONE);
    int64_t dead = session(h, "Dead", 1700000100, 4);
    LB_CHECK(block(h, dead, 0, "Knee to chest", "left", LB_BLOCK_DONE, 1700000150));
    LB_CHECK(block(h, dead, 1, "Cat-cow", NULL, LB_BLOCK_DONE, 1700000190));
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, NULL, 0); /* a process id that is gone */
    sqlite3_stmt *st;
    sqlite3_prepare_v2(h->db, "UPDATE sessions SET pid = ? WHERE id = ?", -1, &st, NULL);
    sqlite3_bind_int(st, 1, (int)child);
    sqlite3_bind_int64(st, 2, dead);
    LB_CHECK(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    LB_CHECK_INT(lb_history_mark_interrupted(h), 1);
    LB_CHECK_INT(lb_history_mark_interrupted(h), 0);
    struct lb_history_list list;
    LB_CHECK(lb_history_query(h, NULL, &list));
    LB_CHECK_INT(list.n, 2);
    if (list.n == 2) {
        LB_CHECK(list.sessions[0].outcome == NULL); /* this process: still playing */
        LB_CHECK_STR(list.sessions[1].outcome, "interrupted");
        LB_CHECK_INT(list.sessions[1].ended_at, 1700000190);
        LB_CHECK_INT(list.sessions[1].n_blocks, 2);
        LB_CHECK_INT(list.sessions[1].moving_ms, 29500 * 2);
    }
    lb_history_list_free(&list);
    (void)mine;
    lb_history_close(h);
}

/* A file of schema version 1 (before pain check-ins) is brought forward with its data. */
static void test_migration(void)
{
    char path[512];
    path_in(path, sizeof(path), "v1.sqlite3");
    sqlite3 *db;
    LB_CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    /* Version 1 as an older Limber wrote it. */
    const char *v1 =
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, title TEXT NOT NULL, path TEXT NOT NULL,"
        " hash TEXT, started_at TEXT NOT NULL, ended_at TEXT, outcome TEXT,"
        " moving_ms INTEGER NOT NULL DEFAULT 0, pid INTEGER, pid_start INTEGER);"
        "CREATE TABLE blocks (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL"
        " REFERENCES sessions(id) ON DELETE CASCADE, step INTEGER NOT NULL,"
        " step_title TEXT NOT NULL, side TEXT, set_no INTEGER NOT NULL, result TEXT NOT NULL,"
        " planned_ms INTEGER NOT NULL, actual_ms INTEGER NOT NULL, ended_at TEXT NOT NULL);"
        "CREATE INDEX blocks_by_session ON blocks(session_id);"
        "INSERT INTO sessions VALUES (1, 'Old routine', '/old.yaml', NULL,"
        " '2026-01-05T08:00:00Z', '2026-01-05T08:10:00Z', 'finished', 540000, NULL, NULL);"
        "INSERT INTO blocks VALUES (1, 1, 0, 'Pelvic tilt', NULL, 1, 'done', 60000, 60000,"
        " '2026-01-05T08:01:00Z');"
        "PRAGMA user_version = 1;";
    LB_CHECK(sqlite3_exec(db, v1, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    struct lb_history *h = open_ok(path);
    LB_CHECK_INT(pragma_int(h->db, "PRAGMA user_version"), 2);
    struct lb_history_list list;
    LB_CHECK(lb_history_query(h, NULL, &list));
    LB_CHECK_INT(list.n, 1);
    if (list.n == 1) {
        LB_CHECK_STR(list.sessions[0].title, "Old routine");
        LB_CHECK_INT(list.sessions[0].pain_before, LB_PAIN_NONE);
        LB_CHECK_INT(list.sessions[0].n_blocks, 1);
        LB_CHECK_INT(list.sessions[0].moving_ms, 540000);
    }
    lb_history_list_free(&list);
    /* What version 2 added works on the old session. */
    struct lb_history_pain_stop p = {.step = 0, .step_title = "Pelvic tilt", .at = 1767600000};
    LB_CHECK(lb_history_record_pain_stop(h, 1, &p));
    LB_CHECK(lb_history_set_pain(h, 1, true, 3));
    lb_history_close(h);

    /* A file from a newer Limber is left alone, with a message. */
    path_in(path, sizeof(path), "v99.sqlite3");
    LB_CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    LB_CHECK(sqlite3_exec(db, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL, NULL,
                          NULL) == SQLITE_OK);
    sqlite3_close(db);
    char err[512], notice[512];
    h = lb_history_open(path, err, sizeof(err), notice, sizeof(notice));
    LB_CHECK(h == NULL);
    LB_CHECK(strstr(err, "newer Limber") != NULL);
    LB_CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    LB_CHECK_INT(pragma_int(db, "PRAGMA user_version"), 99);
    sqlite3_close(db);
}

/* A damaged file is moved aside, never overwritten, and a new history starts. */
static void test_damaged(void)
{
    char path[512];
    path_in(path, sizeof(path), "damaged.sqlite3");
    static const char garbage[] = "this is not a database, but somebody's notes\n";
    FILE *f = fopen(path, "w");
    for (int i = 0; i < 200; i++)
        fputs(garbage, f);
    fclose(f);
    char err[512], notice[512];
    struct lb_history *h = lb_history_open(path, err, sizeof(err), notice, sizeof(notice));
    LB_CHECK(h != NULL);
    LB_CHECK(strstr(notice, "damaged") && strstr(notice, ".corrupt-"));
    const char *moved = strstr(notice, "kept as ");
    char aside[600] = "";
    if (moved)
        sscanf(moved + 8, "%599s", aside);
    f = fopen(aside, "r");
    char line[128] = "";
    LB_CHECK(f && fgets(line, sizeof(line), f));
    LB_CHECK_STR(line, garbage);
    if (f)
        fclose(f);
    LB_CHECK(h && session(h, "Fresh start", 1700000000, LB_PAIN_NONE) > 0);
    lb_history_close(h);

    /* A real database with a page overwritten in the middle. */
    path_in(path, sizeof(path), "torn.sqlite3");
    h = open_ok(path);
    for (int i = 0; i < 300; i++) {
        int64_t id = session(h, "A long routine title to fill pages", 1700000000 + i, 2);
        block(h, id, 0, "Knee to chest", "left", LB_BLOCK_DONE, 1700000000 + i);
    }
    LB_CHECK(lb_history_exec(h, "PRAGMA wal_checkpoint(TRUNCATE)"));
    lb_history_close(h);
    int fd = open(path, O_WRONLY);
    char junk[4096];
    memset(junk, 0x5a, sizeof(junk));
    LB_CHECK(pwrite(fd, junk, sizeof(junk), 4096 * 3) == (ssize_t)sizeof(junk));
    close(fd);
    h = lb_history_open(path, err, sizeof(err), notice, sizeof(notice));
    LB_CHECK(h != NULL);
    LB_CHECK(strstr(notice, "damaged") != NULL);
    lb_history_close(h);
}

/* Another program holding the file: a clear message, nothing hangs. */
static void test_locked(void)
{
    char path[512], err[512], notice[512];
    /* WAL: this reads, but a write waits about a second and then gives up, saying why. */
    path_in(path, sizeof(path), "locked.sqlite3");
    struct lb_history *h = open_ok(path);
    sqlite3 *other;
    LB_CHECK(sqlite3_open(path, &other) == SQLITE_OK);
    LB_CHECK(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO sessions (title, path, "
                          "started_at) VALUES ('x', 'y', 'z')", NULL, NULL, NULL) == SQLITE_OK);
    LB_CHECK(session(h, "Blocked", 1700000000, LB_PAIN_NONE) < 0);
    LB_CHECK(strstr(lb_history_error(h), "locked") != NULL);
    LB_CHECK(!block(h, 1, 0, "x", NULL, LB_BLOCK_DONE, 1700000000)); /* stays off, quietly */
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    lb_history_close(h);
    /* A file another program keeps exclusively: opening says so. */
    path_in(path, sizeof(path), "exclusive.sqlite3");
    LB_CHECK(sqlite3_open(path, &other) == SQLITE_OK);
    LB_CHECK(sqlite3_exec(other, "PRAGMA locking_mode=EXCLUSIVE; CREATE TABLE t (x);"
                          "BEGIN EXCLUSIVE; INSERT INTO t VALUES (1)", NULL, NULL, NULL)
             == SQLITE_OK);
    h = lb_history_open(path, err, sizeof(err), notice, sizeof(notice));
    LB_CHECK(h == NULL);
    LB_CHECK(strstr(err, "locked") != NULL);
    LB_CHECK_STR(notice, ""); /* a locked file is not taken for a damaged one */
    sqlite3_close(other);
}

/* A read-only file: a clear message (as a user other than root, who could write anyway). */
static void test_read_only(void)
{
    char path[512];
    path_in(path, sizeof(path), "ro/history.sqlite3");
    struct lb_history *h = open_ok(path);
    lb_history_close(h);
    char folder[512];
    path_in(folder, sizeof(folder), "ro");
    chmod(path, 0444);
    chmod(folder, 0555);
    chmod(dir, 0755);
    pid_t child = fork();
    if (child == 0) {
        struct passwd *nobody = getpwnam("nobody");
        if (geteuid() == 0 && (!nobody || setgid(nobody->pw_gid) || setuid(nobody->pw_uid)))
            _exit(3);
        char err[512], notice[512];
        struct lb_history *r = lb_history_open(path, err, sizeof(err), notice, sizeof(notice));
        _exit(r == NULL && strstr(err, "read-only") ? 0 : (fprintf(stderr, "%s\n", err), 1));
    }
    int status = 0;
    waitpid(child, &status, 0);
    LB_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    chmod(folder, 0700);
    chmod(dir, 0700);
}

/* A full disk: the write fails with a message and the store records nothing more. */
static void test_full(void)
{
    char path[512];
    path_in(path, sizeof(path), "full.sqlite3");
    struct lb_history *h = open_ok(path);
    int pages = pragma_int(h->db, "PRAGMA page_count");
    char sql[64];
    snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %d", pages + 2);
    LB_CHECK(lb_history_exec(h, sql));
    int64_t id = session(h, "Filling", 1700000000, LB_PAIN_NONE);
    bool failed = false;
    for (int i = 0; i < 2000 && !failed; i++)
        failed = !block(h, id, i, "A step with a rather long title to fill the disk", "left",
                        LB_BLOCK_DONE, 1700000000 + i);
    LB_CHECK(failed);
    LB_CHECK(strstr(lb_history_error(h), "disk is full") != NULL);
    LB_CHECK(!lb_history_end_session(h, id, "finished", 1700009999, 1));
    lb_history_close(h);
    /* What was committed before is all there, and the file is sound. */
    h = open_ok(path);
    char buf[16];
    LB_CHECK_STR(pragma_text(h->db, "PRAGMA integrity_check", buf, sizeof(buf)), "ok");
    LB_CHECK(pragma_int(h->db, "SELECT count(*) FROM blocks") > 0);
    lb_history_close(h);
}

static void test_dates(void)
{
    char iso[32];
    lb_history_iso8601(1764936092, iso, sizeof(iso));
    LB_CHECK_STR(iso, "2025-12-05T12:01:32Z");
    time_t t;
    LB_CHECK(lb_history_parse_date("2025-12-05T12:01:32Z", &t) && t == 1764936092);
    LB_CHECK(lb_history_parse_date("2025-12-05", &t) && t == 1764892800);
    LB_CHECK(!lb_history_parse_date("2025-13-05", &t));
    LB_CHECK(!lb_history_parse_date("yesterday", &t));
    LB_CHECK(!lb_history_parse_date("2025-12-05x", &t));
}

/* The summaries: "last time", the physiotherapist warning, the progress figures. */
static void test_summaries(void)
{
    struct lb_history_session s[6] = {0};
    struct lb_history_pain_row knee = {.step = 2, .step_title = "Knee to chest", .side = "left"};
    time_t day = 86400, t0 = 1764892800; /* Friday 2025-12-05, UTC */
    for (int i = 0; i < 6; i++) {
        s[i].started_at = t0 - (5 - i) * day + 3600 * 8;
        s[i].pain_before = 4;
        s[i].pain_after = 3;
        s[i].moving_ms = 10 * 60000;
        s[i].outcome = "finished";
    }
    struct lb_history_list list = {s, 6};
    struct lb_last_time lt;
    lb_last_time_of(&list, &lt);
    LB_CHECK(lt.played && lt.last_at == s[5].started_at && !lt.hurt_step &&
             lt.warn == LB_WARN_NONE);
    /* A pain stop in the session before last: offered to skip. */
    s[4].pains = &knee;
    s[4].n_pains = 1;
    lb_last_time_of(&list, &lt);
    LB_CHECK_STR(lt.hurt_step, "Knee to chest");
    LB_CHECK_STR(lt.hurt_side, "left");
    LB_CHECK_INT(lt.hurt_index, 2);
    LB_CHECK_INT(lt.warn, LB_WARN_NONE);
    /* Three sessions in a row: the warning. */
    s[3].pains = s[5].pains = &knee;
    s[3].n_pains = s[5].n_pains = 1;
    lb_last_time_of(&list, &lt);
    LB_CHECK_INT(lt.warn, LB_WARN_STEP_HURTS);
    LB_CHECK_STR(lt.warn_step, "Knee to chest");
    s[3].n_pains = 0; /* not in a row */
    lb_last_time_of(&list, &lt);
    LB_CHECK_INT(lt.warn, LB_WARN_NONE);
    /* Pain after above before in 3 of the last 5 (one without a rating does not count). */
    s[1].pain_after = s[3].pain_after = 6;
    s[4].pain_after = LB_PAIN_NONE;
    lb_last_time_of(&list, &lt);
    LB_CHECK_INT(lt.warn, LB_WARN_NONE);
    s[5].pain_after = 5;
    lb_last_time_of(&list, &lt);
    LB_CHECK_INT(lt.warn, LB_WARN_PAIN_WORSE);
    s[1].pain_after = 3; /* two of the last five */
    s[0].pain_after = 9; /* outside the last five */
    lb_last_time_of(&list, &lt);
    LB_CHECK_INT(lt.warn, LB_WARN_NONE);
    char text[256];
    LB_CHECK(strstr(lb_warn_text(LB_WARN_PAIN_WORSE, NULL, text, sizeof(text)),
                    "physiotherapist or doctor") != NULL);
    LB_CHECK(strstr(lb_warn_text(LB_WARN_STEP_HURTS, "Cat-cow", text, sizeof(text)),
                    "Cat-cow was stopped for pain in the last 3 sessions") != NULL);
    /* Progress, on Friday 2025-12-05 (UTC): sessions Sun 30 Nov .. Fri 5 Dec. */
    struct lb_progress p;
    lb_progress_of(&list, t0 + 20 * 3600, &p);
    LB_CHECK_INT(p.today, 7 * 7 + 4);
    LB_CHECK_INT(p.sessions_total, 6);
    LB_CHECK_INT(p.sessions_week, 5); /* Monday 1 Dec to Friday */
    LB_CHECK_INT(p.days_week, 5);
    LB_CHECK_INT(p.minutes_week, 50);
    LB_CHECK_INT(p.days[p.today - 5], 1); /* Sunday */
    LB_CHECK_INT(p.days[p.today + 1], 0);
    LB_CHECK_INT(p.n_pain, 6);
    LB_CHECK_INT(p.n_hurts, 1);
    LB_CHECK(p.n_hurts == 1 && !strcmp(p.hurts[0].step, "Knee to chest") &&
             p.hurts[0].count == 2);
    struct lb_history_list empty = {0};
    lb_progress_of(&empty, t0, &p);
    LB_CHECK(p.sessions_total == 0 && p.n_pain == 0 && p.n_hurts == 0);
    lb_last_time_of(&empty, &lt);
    LB_CHECK(!lt.played);
}

int main(void)
{
    setenv("TZ", "UTC", 1);
    snprintf(dir, sizeof(dir), "/tmp/lb-history-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_new_file();
    test_record_and_read();
    test_interrupted();
    test_migration();
    test_damaged();
    test_locked();
    test_read_only();
    test_full();
    test_dates();
    test_summaries();
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return lb_test_finish();
}
