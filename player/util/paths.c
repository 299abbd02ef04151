/* Paths relative to the running binary (through /proc/self/exe), and making folders. */
#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool lb_path_beside_exe(const char *relative, char *buf, size_t size)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    int len = snprintf(buf, size, "%s/%s", exe, relative);
    return len > 0 && (size_t)len < size && access(buf, R_OK) == 0;
}

bool lb_make_dirs(const char *dir, unsigned mode)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof(path), "%s", dir) >= (int)sizeof(path)) {
        errno = ENAMETOOLONG;
        return false;
    }
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        bool made = mkdir(path, (mode_t)mode) == 0 || errno == EEXIST;
        *p = '/';
        if (!made)
            return false;
    }
    return mkdir(path, (mode_t)mode) == 0 || errno == EEXIST;
}
