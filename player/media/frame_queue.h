/* Bounded, thread-safe queue of decoded frames from one decoder thread to the clip's reader. */
#ifndef LB_FRAME_QUEUE_H
#define LB_FRAME_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <libavutil/frame.h>

/* Where a decoded frame sits; the frame itself is moved separately. */
struct lb_frame_meta {
    int serial;    /* seek generation the frame was decoded in */
    int iteration; /* loop iteration */
    int64_t pos;   /* position in the trimmed clip: ms (video) or output samples (audio) */
    int64_t time;  /* position on the playing timeline: iteration * length + pos, same unit */
};

struct lb_frame_slot {
    struct lb_frame_meta meta;
    AVFrame *frame; /* allocated once at init, reused */
};

struct lb_frame_queue {
    pthread_mutex_t lock;
    pthread_cond_t cond; /* signalled on every change; waits use CLOCK_MONOTONIC */
    /* The following fields are protected by lock. */
    struct lb_frame_slot *slots;
    int capacity;
    int head;
    int count;
    int serial;     /* current generation: put() drops frames of another serial */
    int end_serial; /* the decoder has delivered everything of this serial (-1: not yet) */
    bool abort;
};

/* Prepare an empty queue of at most capacity frames. Returns false on allocation failure. */
bool lb_frame_queue_init(struct lb_frame_queue *q, int capacity);

/* Free the queue and the frames in it. No thread may be using it any more. */
void lb_frame_queue_destroy(struct lb_frame_queue *q);

/* Append a frame, moving frame's references in (frame is left blank). Blocks while full.
 * A frame of a stale serial is dropped. Returns false only if the queue was aborted. */
bool lb_frame_queue_put(struct lb_frame_queue *q, const struct lb_frame_meta *meta, AVFrame *frame);

/* Copy the oldest entry's meta without taking it. Never blocks. Returns false if empty. */
bool lb_frame_queue_peek(struct lb_frame_queue *q, struct lb_frame_meta *meta);

/* Take the oldest entry, moving its references into frame (must be blank). Never blocks.
 * Returns false if empty. */
bool lb_frame_queue_pop(struct lb_frame_queue *q, struct lb_frame_meta *meta, AVFrame *frame);

/* Wait up to timeout_ms until a frame of the current serial is queued. Returns true if one is;
 * false on timeout, abort, or when the decoder ended this serial with nothing queued. */
bool lb_frame_queue_wait(struct lb_frame_queue *q, int timeout_ms);

/* Record that the decoder has delivered every frame of serial (end of a run without loop). */
void lb_frame_queue_set_end(struct lb_frame_queue *q, int serial);

/* True if the decoder ended the current serial and nothing is left queued. */
bool lb_frame_queue_drained(struct lb_frame_queue *q);

/* Drop every frame and make serial the current generation (wakes a blocked put). */
void lb_frame_queue_flush(struct lb_frame_queue *q, int serial);

/* Make every current and future wait return at once (used on close). */
void lb_frame_queue_abort(struct lb_frame_queue *q);

/* Number of frames waiting (a snapshot). */
int lb_frame_queue_count(struct lb_frame_queue *q);

#endif
