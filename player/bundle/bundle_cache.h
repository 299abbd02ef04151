/* The record of bundles verified whole, so a bundle chosen again is not hashed again: one small
 * text file in the person's state (the caller names it), a line per bundle with what changes
 * whenever the file's bytes do (struct lb_bundle_key), replaced whole (lb_file_replace). The
 * record only ever saves time: a record that is missing, unreadable or damaged means every
 * bundle is hashed again. No SDL. */
#ifndef LB_BUNDLE_CACHE_H
#define LB_BUNDLE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "bundle.h"

/* Bundles remembered at most; past that, the one verified longest ago is forgotten. */
#define LB_BUNDLE_CACHE_MAX 64
/* A file changed less than this before it was verified is not remembered: a later change in
 * the same tick of the file system's clock could leave its times as they were. */
#define LB_BUNDLE_CACHE_SETTLE_NS 1000000000LL

/* Open the bundle on descriptor fd (taken over, as lb_bundle_open_fd) to use it. Every check of
 * lb_bundle_list_fd is made; then, when the record at cache_path has this file with the same
 * key (device, inode, size, mtime and ctime to the nanosecond, the manifest's SHA-256), it is
 * verified without hashing its members (b->remembered); else every member is hashed, and a
 * bundle that passes is added to the record, unless the file changed within
 * LB_BUNDLE_CACHE_SETTLE_NS of the check or lies on a file system whose times Limber cannot
 * trust (FAT, exFAT, NTFS, network and FUSE file systems). A bundle that fails is never
 * added. cache_path NULL: every member is hashed and nothing is remembered. A record that
 * cannot be read or is damaged is said once (a warning) and made anew; one that cannot be
 * written is said too; neither stops the bundle. Returns false with the reason in err (b is
 * then empty). */
bool lb_bundle_open_cached_fd(struct lb_bundle *b, int fd, const char *cache_path, char *err,
                              size_t err_size);

/* Whether the record at cache_path has the file at bundle_path as it is now (its device, inode,
 * size and times; its manifest is not read): whether opening it will hash it. Says nothing
 * when the record is damaged (opening it will). */
bool lb_bundle_cache_knows(const char *cache_path, const char *bundle_path);

#endif
