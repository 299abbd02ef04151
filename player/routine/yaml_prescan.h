/* A light line-by-line look at a routine file for the YAML mistakes authors make, reported in
 * their words and all at once (libyaml stops at the first, and names it in its own terms). */
#ifndef LB_YAML_PRESCAN_H
#define LB_YAML_PRESCAN_H

#include <stddef.h>

#include "diag.h"

/* Report each common syntax mistake in data (UTF-8, no byte order mark) into diags, at the
 * line and column of the mistake with the fix: a tab in the indentation, no space after a
 * field's ':', a ':' inside unquoted text, indentation that lines up with nothing above (with
 * the column it should be at), a quote or bracket left open. Returns how many it reported.
 * Heuristic: call it only for a file libyaml refused, so valid files never get its messages. */
int lb_yaml_prescan(const unsigned char *data, size_t size, struct lb_diags *diags);

#endif
