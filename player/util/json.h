/* Writing JSON by hand: the one string escaper the JSON outputs (plan --json, history --json)
 * share. */
#ifndef LB_JSON_H
#define LB_JSON_H

#include <stdio.h>

/* Write s to out as a JSON string literal (quotes, backslashes and control characters
 * escaped; UTF-8 passed through), or `null` when s is NULL. */
void lb_json_string(FILE *out, const char *s);

#endif
