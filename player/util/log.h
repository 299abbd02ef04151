/* One-line log messages on stderr: "limber: ..." with a level. Any thread. */
#ifndef LB_LOG_H
#define LB_LOG_H

#include <stdbool.h>

void lb_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lb_log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lb_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Show info lines too (off by default: the person sees errors and warnings only). */
void lb_log_set_verbose(bool verbose);

#endif
