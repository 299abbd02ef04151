/* A bundle's routine, loaded through the routine loader (player/routine). */
#ifndef LB_BUNDLE_ROUTINE_H
#define LB_BUNDLE_ROUTINE_H

#include "bundle.h"
#include "routine.h"

/* Load and check the routine file of verified bundle b, as lb_routine_load does a file:
 * problems go into diags (initialised by the caller with bundle_path, which messages name).
 * Every clip and recorded line it names must be a member of b: one that is not is an error at
 * its line ("clip '...' is not in the bundle"). The routine's clip_path and cue audio are then
 * member names (lb_bundle_lookup finds them), never paths on disk. opts: assets and the like
 * (its lookup is replaced); may be NULL. The routine is the caller's (lb_routine_free); b must
 * outlive nothing of it. */
struct lb_routine *lb_bundle_load_routine(const struct lb_bundle *b, const char *bundle_path,
                                          const struct lb_load_options *opts,
                                          struct lb_diags *diags);

/* Whether path names a bundle (it ends in ".limber") rather than a routine file. */
bool lb_bundle_is_path(const char *path);

/* Open and verify the bundle file at path into b (see lb_bundle_open_fd): the file is opened
 * without following a symbolic link at its end and without blocking (a FIFO is refused).
 * Returns false with the reason in err (b is then empty). */
bool lb_bundle_open(struct lb_bundle *b, const char *path, char *err, size_t err_size);

/* As lb_bundle_open, with the record of verified bundles at cache_path (NULL: none): a bundle
 * the record has, unchanged, is not hashed again (lb_bundle_open_cached_fd). */
bool lb_bundle_open_cached(struct lb_bundle *b, const char *path, const char *cache_path,
                           char *err, size_t err_size);

/* As lb_bundle_open, for listing (lb_bundle_list_fd): names, sizes, the manifest and the
 * routine file are checked, the other members' bytes not read; b->verified is false. */
bool lb_bundle_open_listing(struct lb_bundle *b, const char *path, char *err, size_t err_size);

/* Load what path names: a bundle (lb_bundle_is_path) is opened into b, verified, and its
 * routine loaded from it (a bundle that cannot be used is one error in diags); any other path
 * is loaded as a routine file with opts, and b is left empty (fd -1). cache_path: the record
 * of verified bundles to look in and add to (lb_bundle_open_cached), or NULL to hash every
 * member and remember nothing (the author's tools). b stays open while the routine is used (its
 * clips are read from it): lb_bundle_close after lb_routine_free. */
struct lb_routine *lb_routine_load_any(const char *path, const struct lb_load_options *opts,
                                       const char *cache_path, struct lb_bundle *b,
                                       struct lb_diags *diags);

/* As lb_routine_load_any, for a list of routines (the library): a bundle is opened with
 * lb_bundle_open_listing, so its members are not hashed and none of them may be used; open it
 * again with lb_routine_load_any to play, check or import it. */
struct lb_routine *lb_routine_list_any(const char *path, const struct lb_load_options *opts,
                                       struct lb_bundle *b, struct lb_diags *diags);

#endif
