/* Importing a bundle into a routine folder (the person's library, a kiosk's SD card): checked
 * first, copied to a hidden temporary file, verified again and only then renamed into place, so
 * an import cut short (a USB stick pulled out, the power gone) leaves no half-written routine. */
#ifndef LB_BUNDLE_IMPORT_H
#define LB_BUNDLE_IMPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "bundle.h"
#include "routine.h"

enum lb_import_status {
    LB_IMPORT_DONE,      /* copied: `dest` is the new file */
    LB_IMPORT_EXISTS,    /* a bundle with the same title is there (`existing`) and replace was
                          * not asked: nothing was written */
    LB_IMPORT_REFUSED,   /* the bundle cannot be used or its routine has errors: the reason or
                          * the routine's errors are in diags; nothing was written */
    LB_IMPORT_FAILED,    /* the copy failed (err says why); nothing was left behind */
};

struct lb_import {
    char title[512];             /* the routine's title */
    char dest[PATH_MAX];         /* where it went (DONE) */
    char existing[PATH_MAX];     /* the bundle of the same title (EXISTS, or replaced) */
    char err[PATH_MAX + 256];    /* FAILED: why */
};

/* Import the bundle at src into folder dest_dir (created if missing): opened and verified,
 * its routine loaded as `limber check` does (opts, may be NULL; diags initialised by the
 * caller with src). A bundle in dest_dir with the same title is replaced only with replace.
 * The file is named after src (made unique unless it replaces). Stale temporary files of an
 * import that was killed are removed first. */
enum lb_import_status lb_bundle_import(const char *src, const char *dest_dir, bool replace,
                                       const struct lb_load_options *opts,
                                       struct lb_diags *diags, struct lb_import *out);

/* The title of the bundle at path, as its manifest says (opened for listing: its members'
 * bytes are not read); false if it is not a usable bundle. */
bool lb_bundle_title(const char *path, char *title, size_t size);

#endif
