/* Turning a decoded frame into the packed BGRA picture the screen shows: scale, colour matrix,
 * rotation and mirror. SDL-free; owned by whoever draws (a clip, the video output). */
#ifndef LB_PICTURE_H
#define LB_PICTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libavutil/frame.h>

#define LB_PICTURE_KEY 7

/* A converter keeps its swscale context and rotation buffer between frames, so converting a
 * stream of frames of one size allocates nothing. All-zero is a valid, empty converter. One
 * thread at a time. */
struct lb_picture {
    struct SwsContext *sws;
    uint8_t *rotate_buf;   /* the upright BGRA picture before rotation or mirror */
    size_t rotate_buf_size;
    int key[LB_PICTURE_KEY]; /* sws is for these sizes, formats, matrix and range */
    char source[64];       /* names the source in the one log line a failure writes */
};

/* Convert frame into packed BGRA (SDL_PIXELFORMAT_ARGB8888 / RGB888 on little endian) of
 * width x height at dst (height rows of pitch bytes), turned clockwise by rotation degrees
 * (0, 90, 180, 270) and then mirrored left/right if asked. Uses the frame's own colour matrix
 * and range (BT.709 for unspecified HD, BT.601 below 720 lines). Scales to exactly the given
 * size: pass a size with the display aspect to avoid stretching. Returns 0 or a negative
 * AVERROR. */
int lb_picture_convert(struct lb_picture *p, const AVFrame *frame, int rotation, bool mirror,
                       uint8_t *dst, int pitch, int width, int height);

/* Free the context and buffer; the converter is empty (all-zero) again. */
void lb_picture_destroy(struct lb_picture *p);

#endif
