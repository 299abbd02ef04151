/* Write a routine's rendered frames and mixed audio into one MP4 (H.264 + AAC) a TV plays. */
#ifndef LB_ENCODER_H
#define LB_ENCODER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The sample rate lb_encoder_audio takes and the file carries (stereo). */
#define LB_ENCODER_RATE 48000

/* One step of the routine, shown by players as a chapter. Times on the file's timeline; a
 * chapter's first frame is encoded as a keyframe so that a jump to it lands exactly there.
 * Chapters come in order and do not overlap (start >= the previous one's end). */
struct lb_chapter {
    int64_t start_ms, end_ms;   /* start < end */
    const char *title;          /* NULL gives "Chapter N" */
};

/* What to write. The strings and the chapters are read by lb_encoder_open only. */
struct lb_encoder_params {
    const char *path;           /* the final file; written as PATH.part, renamed at the end */
    int width, height;          /* even numbers, e.g. 1920 x 1080 */
    int fps;                    /* frames per second, e.g. 30 */
    int crf;                    /* libx264 constant rate factor 1..51, e.g. 20 */
    const char *preset;         /* libx264 preset, e.g. "veryfast"; NULL gives "veryfast" */
    const char *title, *author; /* metadata ("title", "artist"); either may be NULL */
    const struct lb_chapter *chapters;  /* may be NULL when n_chapters is 0 */
    int n_chapters;
    int threads;                /* libx264 threads, 0 = auto */
    /* NULL, or a flag a signal handler sets: once it is nonzero every write gives up at once
     * (also inside lb_encoder_finish's trailer and faststart rewrite), so the caller can stop
     * within a second in any phase. Read until the encoder is freed. */
    const volatile sig_atomic_t *stop;
};

struct lb_encoder;

/* Check the parameters, start both encoders, create PATH.part (same folder; a PATH.part left
 * by an earlier run that was killed is replaced, a link there is removed, never written
 * through) and write the MP4 header. Returns NULL with a message in err on failure, and then no
 * file is left. */
struct lb_encoder *lb_encoder_open(const struct lb_encoder_params *p, char *err, size_t size);

/* Encode frame n (n = how many frames were given before; it shows at n / fps). pixels is SDL
 * ARGB8888 surface memory (on little endian B, G, R, A bytes), pitch bytes per row, the
 * encoder's width x height; it is only read during the call. Returns false with the error kept
 * for lb_encoder_error; after a failure every call fails, and the caller should abort. */
bool lb_encoder_video(struct lb_encoder *e, const uint8_t *pixels, int pitch);

/* Encode `frames` stereo frames of interleaved float at LB_ENCODER_RATE, following the ones
 * given before (their time = samples given before / LB_ENCODER_RATE). Any count: they are
 * gathered into AAC frames internally. Returns false with the error kept, as above. */
bool lb_encoder_audio(struct lb_encoder *e, const float *samples, int frames);

/* The first error lb_encoder_video or lb_encoder_audio met, or "" when none. Valid until the
 * encoder is finished or aborted. */
const char *lb_encoder_error(const struct lb_encoder *e);

/* Flush both encoders, write the trailer (faststart moves the index to the front of the file:
 * this rereads and rewrites the whole file), sync it to disk, close it and rename PATH.part to
 * PATH. Frees e. Returns false with the message in err on any error (including an earlier
 * one from lb_encoder_video or lb_encoder_audio, or params.stop set meanwhile), and then
 * PATH.part is removed: PATH is whole or not there. */
bool lb_encoder_finish(struct lb_encoder *e, char *err, size_t size);

/* Stop without a file: close and remove PATH.part. Frees e (NULL is fine). For Ctrl-C and
 * for errors. */
void lb_encoder_abort(struct lb_encoder *e);

#endif
