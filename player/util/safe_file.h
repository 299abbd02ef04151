/* Opening, reading and replacing the files a person names (routines, clips, state), so that the
 * file that was checked is the file that is read and a write never goes through a planted link. */
#ifndef LB_SAFE_FILE_H
#define LB_SAFE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* Refuse a symbolic link as the last part of the path (links in the folders above are followed). */
#define LB_FILE_NOFOLLOW 1u

/* Open path for reading without ever blocking in open() (O_NONBLOCK, so a FIFO or a device
 * cannot hang the caller), check the opened descriptor with fstat: a regular file only, at most
 * max_size bytes (0: no limit); then clear O_NONBLOCK. With LB_FILE_NOFOLLOW a symbolic link is
 * refused. Fills *st (may be NULL) with the descriptor's fstat. Returns the descriptor (the caller
 * closes it; O_CLOEXEC), or -1 with the reason in err, without the path, e.g. "it is a named
 * pipe (FIFO), not a file" or "No such file or directory". */
int lb_file_open(const char *path, unsigned flags, int64_t max_size, struct stat *st,
                 char *err, size_t err_size);

/* Read the whole of path as lb_file_open opens it, at most max_size bytes (0: no limit); a file
 * that grows past max_size while read is refused too. On success *data is malloc'd (the caller
 * frees it) with a NUL after the *size bytes. Returns false with the reason in err (as
 * lb_file_open's, or "it is 2000000 bytes; at most 1048576 are read"). */
bool lb_file_read_all(const char *path, unsigned flags, size_t max_size, char **data,
                      size_t *size, char *err, size_t err_size);

/* Replace path with size bytes of data, whole or not at all: written to a new file with no
 * name in path's folder (O_TMPFILE, permissions mode; where the file system cannot, a new
 * ".NAME.RANDOM.tmp" beside it, O_CREAT|O_EXCL|O_NOFOLLOW), fsync'd, given a temporary name and
 * renamed over path (a symbolic link at path is replaced, never followed). A process killed
 * while writing leaves path as it was and, with O_TMPFILE, nothing beside it. The folder must
 * exist. Returns false with the reason in err (path included) and leaves path as it was. */
bool lb_file_replace(const char *path, const void *data, size_t size, unsigned mode,
                     char *err, size_t err_size);

/* Where descriptor fd really is: its absolute path with every link resolved (from
 * /proc/self/fd), into out. False if the system cannot tell (no /proc, deleted file). */
bool lb_file_real_path(int fd, char *out, size_t out_size);

#endif
