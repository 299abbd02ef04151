/* A test shim (LD_PRELOAD): the process kills itself (SIGKILL) at the moment it starts writing
 * a PNG file (through write() or stdio's fwrite()), as if it were stopped for good halfway
 * through a snapshot. test_hardening.sh uses it to show that a snapshot killed while writing
 * leaves the picture that was there. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void kill_at_png(const void *data, size_t size)
{
    static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (size >= sizeof(png) && !memcmp(data, png, sizeof(png)))
        raise(SIGKILL);
}

/* The next definition of `name` (POSIX: dlsym's pointer may be used as a function's). */
static void *next(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

ssize_t write(int fd, const void *data, size_t size)
{
    kill_at_png(data, size);
    ssize_t (*real)(int, const void *, size_t);
    void *found = next("write");
    memcpy(&real, &found, sizeof(real));
    return real(fd, data, size);
}

size_t fwrite(const void *data, size_t size, size_t n, FILE *f)
{
    kill_at_png(data, size * n);
    size_t (*real)(const void *, size_t, size_t, FILE *);
    void *found = next("fwrite");
    memcpy(&real, &found, sizeof(real));
    return real(data, size, n, f);
}
