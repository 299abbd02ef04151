/* Log lines on stderr. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static bool verbose;

void lb_log_set_verbose(bool on)
{
    verbose = on;
}

static void put(const char *level, const char *fmt, va_list ap)
{
    char line[1024];
    vsnprintf(line, sizeof(line), fmt, ap);
    fprintf(stderr, "limber: %s%s\n", level, line); /* one call: lines do not interleave */
}

void lb_log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put("error: ", fmt, ap);
    va_end(ap);
}

void lb_log_warning(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put("warning: ", fmt, ap);
    va_end(ap);
}

void lb_log_notice(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put("note: ", fmt, ap);
    va_end(ap);
}

void lb_log_info(const char *fmt, ...)
{
    if (!verbose)
        return;
    va_list ap;
    va_start(ap, fmt);
    put("", fmt, ap);
    va_end(ap);
}
