/* What Limber remembers between runs, in $XDG_STATE_HOME/limber/state (by default
 * ~/.local/state/limber/state): the routine last chosen in the library, so a kiosk or a
 * daily user finds it selected. A missing or unreadable file is an empty state. Beside it,
 * the record of verified bundles (LB_STATE_VERIFIED_BUNDLES). */
#ifndef LB_STATE_H
#define LB_STATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct lb_state {
    char last_routine[PATH_MAX];    /* "" when none */
};

/* The record of bundles verified whole (bundle_cache.h), in the state folder. */
#define LB_STATE_VERIFIED_BUNDLES "verified-bundles"

/* The path of file `name` in the state folder ($XDG_STATE_HOME/limber, or
 * ~/.local/state/limber) into buf; false when neither variable gives a folder or it is too
 * long. The folder is not made here. */
bool lb_state_file(const char *name, char *buf, size_t size);

/* Read the state (an empty one when there is none). */
void lb_state_load(struct lb_state *s);

/* Write it, creating the folder; false (logged once) when it cannot be written: nothing else
 * depends on it. */
bool lb_state_save(const struct lb_state *s);

#endif
