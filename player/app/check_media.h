/* `limber check`'s look at the files a routine plays: every clip and recorded voice probed. */
#ifndef LB_CHECK_MEDIA_H
#define LB_CHECK_MEDIA_H

#include "bundle.h"
#include "diag.h"
#include "probe.h"
#include "routine.h"

/* Probe each step's clip and each cue's recorded voice of a loaded routine r (files through cache,
 * which may be NULL; with bundle, the routine's bundle, its members in place) and report, at the
 * field's line:col, what would go wrong on playing: errors for a file that is no media, damaged,
 * without a picture (clips) or sound (voices), in a codec this build cannot decode, or trimmed
 * past its length (the length is said); a warning for `clip_audio` given on a clip without sound.
 * Each file is looked at for at most a few seconds. */
void lb_check_media(const struct lb_routine *r, const struct lb_bundle *bundle,
                    struct lb_probe_cache *cache, struct lb_diags *diags);

#endif
