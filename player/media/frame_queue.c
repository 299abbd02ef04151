/* Bounded frame queue: a ring of reusable AVFrames guarded by one mutex and one condition. */
#include "frame_queue.h"

#include <stdlib.h>
#include <time.h>

bool lb_frame_queue_init(struct lb_frame_queue *q, int capacity)
{
    *q = (struct lb_frame_queue){ .capacity = capacity, .end_serial = -1 };
    q->slots = calloc((size_t)capacity, sizeof(*q->slots));
    if (!q->slots)
        return false;
    for (int i = 0; i < capacity; i++) {
        q->slots[i].frame = av_frame_alloc();
        if (!q->slots[i].frame)
            goto fail_frames;
    }
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0)
        goto fail_frames;
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (pthread_mutex_init(&q->lock, NULL) != 0)
        goto fail_attr;
    if (pthread_cond_init(&q->cond, &attr) != 0)
        goto fail_mutex;
    pthread_condattr_destroy(&attr);
    return true;

fail_mutex:
    pthread_mutex_destroy(&q->lock);
fail_attr:
    pthread_condattr_destroy(&attr);
fail_frames:
    for (int i = 0; i < capacity; i++)
        av_frame_free(&q->slots[i].frame);
    free(q->slots);
    q->slots = NULL;
    return false;
}

void lb_frame_queue_destroy(struct lb_frame_queue *q)
{
    if (!q->slots)
        return;
    for (int i = 0; i < q->capacity; i++)
        av_frame_free(&q->slots[i].frame);
    free(q->slots);
    q->slots = NULL;
    pthread_cond_destroy(&q->cond);
    pthread_mutex_destroy(&q->lock);
}

bool lb_frame_queue_put(struct lb_frame_queue *q, const struct lb_frame_meta *meta, AVFrame *frame)
{
    pthread_mutex_lock(&q->lock);
    while (!q->abort && q->count == q->capacity && meta->serial == q->serial)
        pthread_cond_wait(&q->cond, &q->lock);
    bool ok = !q->abort;
    if (ok && meta->serial == q->serial) {
        struct lb_frame_slot *slot = &q->slots[(q->head + q->count) % q->capacity];
        slot->meta = *meta;
        av_frame_move_ref(slot->frame, frame);
        q->count++;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
    av_frame_unref(frame); /* stale or aborted: dropped here */
    return ok;
}

bool lb_frame_queue_peek(struct lb_frame_queue *q, struct lb_frame_meta *meta)
{
    pthread_mutex_lock(&q->lock);
    bool ok = q->count > 0;
    if (ok)
        *meta = q->slots[q->head].meta;
    pthread_mutex_unlock(&q->lock);
    return ok;
}

bool lb_frame_queue_pop(struct lb_frame_queue *q, struct lb_frame_meta *meta, AVFrame *frame)
{
    pthread_mutex_lock(&q->lock);
    bool ok = q->count > 0;
    if (ok) {
        struct lb_frame_slot *slot = &q->slots[q->head];
        *meta = slot->meta;
        av_frame_move_ref(frame, slot->frame);
        q->head = (q->head + 1) % q->capacity;
        q->count--;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

bool lb_frame_queue_wait(struct lb_frame_queue *q, int timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&q->lock);
    int err = 0;
    while (!q->abort && q->count == 0 && q->end_serial != q->serial && err == 0)
        err = pthread_cond_timedwait(&q->cond, &q->lock, &deadline);
    bool ok = !q->abort && q->count > 0;
    pthread_mutex_unlock(&q->lock);
    return ok;
}

void lb_frame_queue_set_end(struct lb_frame_queue *q, int serial)
{
    pthread_mutex_lock(&q->lock);
    q->end_serial = serial;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

bool lb_frame_queue_drained(struct lb_frame_queue *q)
{
    pthread_mutex_lock(&q->lock);
    bool drained = q->count == 0 && q->end_serial == q->serial;
    pthread_mutex_unlock(&q->lock);
    return drained;
}

void lb_frame_queue_flush(struct lb_frame_queue *q, int serial)
{
    pthread_mutex_lock(&q->lock);
    for (; q->count > 0; q->count--) {
        av_frame_unref(q->slots[q->head].frame);
        q->head = (q->head + 1) % q->capacity;
    }
    q->serial = serial;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void lb_frame_queue_abort(struct lb_frame_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->abort = true;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

int lb_frame_queue_count(struct lb_frame_queue *q)
{
    pthread_mutex_lock(&q->lock);
    int count = q->count;
    pthread_mutex_unlock(&q->lock);
    return count;
}
