/* Tests for player/util/safe_file: what a named file may be, reading it whole, replacing it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lb_test.h"
#include "safe_file.h"

static char dir[64];

static const char *at(const char *name)
{
    static char paths[4][256];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 256, "%s/%s", dir, name);
    return p;
}

static void put(const char *name, const char *text)
{
    FILE *f = fopen(at(name), "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Files of every kind: only regular files open; a FIFO nobody writes to is refused at once. */
static void test_open_kinds(void)
{
    char err[256];
    struct stat st;
    put("plain.txt", "hello");
    int fd = lb_file_open(at("plain.txt"), 0, 0, &st, err, sizeof(err));
    LB_CHECK(fd >= 0);
    LB_CHECK_INT(st.st_size, 5);
    if (fd >= 0) {
        LB_CHECK((fcntl(fd, F_GETFL) & O_NONBLOCK) == 0); /* reads block as usual again */
        LB_CHECK((fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
        close(fd);
    }

    LB_CHECK(mkfifo(at("pipe.yaml"), 0600) == 0);
    double started = now_s();
    LB_CHECK_INT(lb_file_open(at("pipe.yaml"), 0, 0, NULL, err, sizeof(err)), -1);
    LB_CHECK(now_s() - started < 1.0);
    LB_CHECK_STR(err, "it is a named pipe (FIFO), not a file");

    LB_CHECK_INT(lb_file_open(dir, 0, 0, NULL, err, sizeof(err)), -1);
    LB_CHECK_STR(err, "it is a folder, not a file");
    LB_CHECK_INT(lb_file_open("/dev/null", 0, 0, NULL, err, sizeof(err)), -1);
    LB_CHECK_STR(err, "it is a device, not a file");
    LB_CHECK_INT(lb_file_open(at("missing"), 0, 0, NULL, err, sizeof(err)), -1);
    LB_CHECK_STR(err, strerror(ENOENT));

    /* A link is followed unless told not to. */
    LB_CHECK(symlink(at("plain.txt"), at("link.txt")) == 0);
    fd = lb_file_open(at("link.txt"), 0, 0, NULL, err, sizeof(err));
    LB_CHECK(fd >= 0);
    char real[4096];
    LB_CHECK(fd >= 0 && lb_file_real_path(fd, real, sizeof(real)));
    char want[4096];
    LB_CHECK(realpath(at("plain.txt"), want) != NULL);
    LB_CHECK_STR(real, want); /* where it really is, not the link's name */
    if (fd >= 0)
        close(fd);
    LB_CHECK_INT(lb_file_open(at("link.txt"), LB_FILE_NOFOLLOW, 0, NULL, err, sizeof(err)), -1);
    LB_CHECK_STR(err, "it is a symbolic link, which is not followed here");
    /* A link to a FIFO is no way around the check. */
    LB_CHECK(symlink(at("pipe.yaml"), at("pipe-link.yaml")) == 0);
    LB_CHECK_INT(lb_file_open(at("pipe-link.yaml"), 0, 0, NULL, err, sizeof(err)), -1);

    /* The size limit, with the sizes in the message. */
    LB_CHECK_INT(lb_file_open(at("plain.txt"), 0, 4, NULL, err, sizeof(err)), -1);
    LB_CHECK_STR(err, "it is 5 bytes; at most 4 bytes are read");
    fd = lb_file_open(at("plain.txt"), 0, 5, NULL, err, sizeof(err));
    LB_CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
}

static void test_read_all(void)
{
    char err[256], *data = NULL;
    size_t size = 99;
    put("routine.yaml", "title: x\n");
    LB_CHECK(lb_file_read_all(at("routine.yaml"), 0, 100, &data, &size, err, sizeof(err)));
    LB_CHECK_INT(size, 9);
    LB_CHECK_STR(data, "title: x\n"); /* NUL-terminated */
    free(data);

    put("empty.yaml", "");
    LB_CHECK(lb_file_read_all(at("empty.yaml"), 0, 100, &data, &size, err, sizeof(err)));
    LB_CHECK_INT(size, 0);
    LB_CHECK(data && data[0] == '\0');
    free(data);

    /* A file of 300 KB with no limit is read whole, one over the limit is refused. */
    char *big = malloc(300001);
    if (big) {
        memset(big, 'a', 300000);
        big[300000] = '\0';
        put("big.txt", big);
        free(big);
    }
    LB_CHECK(lb_file_read_all(at("big.txt"), 0, 0, &data, &size, err, sizeof(err)));
    LB_CHECK_INT(size, 300000);
    free(data);
    LB_CHECK(!lb_file_read_all(at("big.txt"), 0, 299999, &data, &size, err, sizeof(err)));
    LB_CHECK(data == NULL);
    LB_CHECK_STR(err, "it is 300000 bytes; at most 299999 bytes are read");

    double started = now_s();
    LB_CHECK(!lb_file_read_all(at("pipe.yaml"), 0, 100, &data, &size, err, sizeof(err)));
    LB_CHECK(now_s() - started < 1.0);
}

static void test_replace(void)
{
    char err[512], *data = NULL;
    size_t size = 0;
    char state[256];
    snprintf(state, sizeof(state), "%s", at("state"));
    LB_CHECK(lb_file_replace(state, "one\n", 4, 0600, err, sizeof(err)));
    LB_CHECK(lb_file_read_all(state, 0, 0, &data, &size, err, sizeof(err)));
    LB_CHECK_STR(data, "one\n");
    free(data);
    struct stat st;
    LB_CHECK(stat(state, &st) == 0 && (st.st_mode & 0777) == 0600);

    /* Links planted at the old temporary name and at the target: neither is written through. */
    put("victim", "precious");
    LB_CHECK(symlink(at("victim"), at("state.new")) == 0);
    LB_CHECK(lb_file_replace(state, "two\n", 4, 0600, err, sizeof(err)));
    LB_CHECK(unlink(state) == 0 && symlink(at("victim"), state) == 0);
    LB_CHECK(lb_file_replace(state, "three\n", 6, 0600, err, sizeof(err)));
    LB_CHECK(lb_file_read_all(at("victim"), 0, 0, &data, &size, err, sizeof(err)));
    LB_CHECK_STR(data, "precious");
    free(data);
    LB_CHECK(lstat(state, &st) == 0 && S_ISREG(st.st_mode));
    LB_CHECK(lb_file_read_all(state, 0, 0, &data, &size, err, sizeof(err)));
    LB_CHECK_STR(data, "three\n");
    free(data);

    /* A folder that does not exist: refused with the path, nothing left behind. */
    LB_CHECK(!lb_file_replace(at("nowhere/state"), "x", 1, 0600, err, sizeof(err)));
    LB_CHECK(strstr(err, "nowhere") != NULL);
    /* A folder in the way of the rename: the temporary file is removed again. */
    LB_CHECK(mkdir(at("taken"), 0700) == 0 && mkdir(at("taken/sub"), 0700) == 0);
    LB_CHECK(!lb_file_replace(at("taken"), "x", 1, 0600, err, sizeof(err)));
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "ls -A '%s' | grep -c '\\.tmp$'", dir);
    FILE *ls = popen(cmd, "r");
    int left = -1;
    if (ls) {
        if (fscanf(ls, "%d", &left) != 1)
            left = -1;
        pclose(ls);
    }
    LB_CHECK_INT(left, 0);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "/tmp/lb_safe_file_XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_open_kinds();
    test_read_all();
    test_replace();
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return lb_test_finish();
}
