/* One-line log messages on stderr: "limber: ..." with a level. Any thread. */
#ifndef LB_LOG_H
#define LB_LOG_H

#include <stdbool.h>

void lb_log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lb_log_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Something the person should know that is no fault, such as a feature left out of this build:
 * printed by default, as "limber: note: ...". */
void lb_log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Details for finding out what happened (renderer, font, resyncs): only with verbose on. */
void lb_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Show info lines too (off by default: the person sees errors, warnings and notes only). */
void lb_log_set_verbose(bool verbose);

#endif
