/* Durations as people write them in routine files: 90, 90s, 1m30s, 1:30, 1h, 250ms, 0.5s. */
#ifndef LB_DURATION_H
#define LB_DURATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest duration a routine may state anywhere: one day. */
#define LB_DURATION_MAX_MS (24LL * 3600 * 1000)

/* Parse `text` into milliseconds (rounded to the nearest ms). A leading '-' is accepted only when
 * allow_negative. Returns false with a short reason in `why` (e.g. "unknown unit 'sec'"). */
bool lb_duration_parse(const char *text, bool allow_negative, int64_t *ms, char *why,
                       size_t why_size);

/* Format ms for people: "45s", "1:30", "1:02:03", "250ms", "2.5s". Writes into buf. */
const char *lb_duration_format(int64_t ms, char *buf, size_t size);

/* Format as a clock for timelines: "m:ss" or "h:mm:ss" (whole seconds, rounded down). */
const char *lb_duration_clock(int64_t ms, char *buf, size_t size);

#endif
