/* Looking inside a clip or a recorded voice file without playing it: what `limber check` needs
 * to know (is it media, has it a picture and sound this build can decode, how long is it). */
#ifndef LB_PROBE_H
#define LB_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* What a file turned out to be. */
enum lb_probe_verdict {
    LB_PROBE_MEDIA,       /* opened as media; see the stream fields */
    LB_PROBE_NOT_FILE,    /* could not be opened as a regular file (FIFO, device, folder, ...) */
    LB_PROBE_NOT_MEDIA,   /* opened, but no container this build reads recognised it */
    LB_PROBE_DAMAGED,     /* recognised, but its data runs out before its stated end */
    LB_PROBE_TIMEOUT,     /* looking took longer than the bound */
};

/* One stream kind (picture or sound) of a media file. */
struct lb_probe_stream {
    bool present;
    bool decodable;          /* this build has a decoder for it */
    char codec[48];          /* the codec's name ("h264"), or its tag ("vvc1") when unknown */
    int64_t duration_ms;     /* this stream's own length; -1 when the file does not say */
};

struct lb_probe_result {
    enum lb_probe_verdict verdict;
    char reason[256];        /* for every verdict but MEDIA: why, in words */
    struct lb_probe_stream video;
    struct lb_probe_stream audio;
    int64_t duration_ms;     /* -1 when the file does not say */
};

/* Results remembered by path, size, modification time and inode, so a file looked at once is
 * not opened again until it changes (several steps using one clip, several routines sharing
 * clips, a check run after each save). */
struct lb_probe_cache {
    struct lb_probe_entry *entries;
    int count;
    int cap;
    int hits;                /* lookups answered from the cache, for tests */
};

void lb_probe_cache_init(struct lb_probe_cache *cache);
void lb_probe_cache_destroy(struct lb_probe_cache *cache);

/* Look at the file at path, opened as a checked regular file (never a FIFO or device), read
 * through that descriptor only (no other file or protocol is ever opened), and bounded in time
 * (timeout_ms). Fills *out; a file that changed since it was last looked at is looked at
 * again. cache may be NULL. Never fails: problems are verdicts. */
void lb_probe_file(struct lb_probe_cache *cache, const char *path, int timeout_ms,
                   struct lb_probe_result *out);

/* How long a probed clip speaks between start_ms and end_ms (-1: to its end), from its
 * container's figures (nothing is decoded), so the coaching lines keep clear of its narration:
 * the length in ms, 0 when it has no sound, -1 when it could not be read. */
int64_t lb_probe_sound_ms(const struct lb_probe_result *r, int64_t start_ms, int64_t end_ms);

/* Look, as lb_probe_file does, at the bytes [offset, offset + length) of the open descriptor
 * fd (a member of a bundle, read in place; fd stays the caller's); name names it in the
 * format probe. Not cached: a bundle's members were verified as it was opened. Never fails:
 * problems are verdicts (an empty window is not media). */
void lb_probe_window(int fd, int64_t offset, int64_t length, const char *name, int timeout_ms,
                     struct lb_probe_result *out);

#endif
