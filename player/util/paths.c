/* Paths relative to the running binary (through /proc/self/exe). */
#include "paths.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
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
