/* Bounded packet queue: a ring of reusable AVPackets guarded by one mutex and one condition. */
#include "packet_queue.h"

#include <stdlib.h>

bool lb_packet_queue_init(struct lb_packet_queue *q, int capacity, int64_t max_bytes,
                          int min_count)
{
    *q = (struct lb_packet_queue){ .capacity = capacity, .max_bytes = max_bytes,
                                   .min_count = min_count };
    q->slots = calloc((size_t)capacity, sizeof(*q->slots));
    if (!q->slots)
        return false;
    for (int i = 0; i < capacity; i++) {
        q->slots[i].packet = av_packet_alloc();
        if (!q->slots[i].packet)
            goto fail_packets;
    }
    if (pthread_mutex_init(&q->lock, NULL) != 0)
        goto fail_packets;
    if (pthread_cond_init(&q->cond, NULL) != 0)
        goto fail_mutex;
    return true;

fail_mutex:
    pthread_mutex_destroy(&q->lock);
fail_packets:
    for (int i = 0; i < capacity; i++)
        av_packet_free(&q->slots[i].packet);
    free(q->slots);
    q->slots = NULL;
    return false;
}

void lb_packet_queue_destroy(struct lb_packet_queue *q)
{
    if (!q->slots)
        return;
    for (int i = 0; i < q->capacity; i++)
        av_packet_free(&q->slots[i].packet);
    free(q->slots);
    q->slots = NULL;
    pthread_cond_destroy(&q->cond);
    pthread_mutex_destroy(&q->lock);
}

/* Is there no room for another entry? Lock held. */
static bool full(const struct lb_packet_queue *q)
{
    return q->count == q->capacity ||
           (q->max_bytes > 0 && q->bytes >= q->max_bytes && q->count >= q->min_count);
}

bool lb_packet_queue_put(struct lb_packet_queue *q, const struct lb_packet_meta *meta,
                         AVPacket *packet)
{
    pthread_mutex_lock(&q->lock);
    while (!q->abort && full(q) && meta->serial == q->serial)
        pthread_cond_wait(&q->cond, &q->lock);
    bool ok = !q->abort;
    if (ok && meta->serial == q->serial) {
        struct lb_packet_slot *slot = &q->slots[(q->head + q->count) % q->capacity];
        slot->meta = *meta;
        if (packet)
            av_packet_move_ref(slot->packet, packet);
        q->bytes += slot->packet->size;
        q->count++;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
    if (packet)
        av_packet_unref(packet); /* stale or aborted: dropped here */
    return ok;
}

bool lb_packet_queue_get(struct lb_packet_queue *q, struct lb_packet_meta *meta, AVPacket *packet)
{
    pthread_mutex_lock(&q->lock);
    while (!q->abort && q->count == 0)
        pthread_cond_wait(&q->cond, &q->lock);
    bool ok = !q->abort;
    if (ok) {
        struct lb_packet_slot *slot = &q->slots[q->head];
        *meta = slot->meta;
        q->bytes -= slot->packet->size;
        av_packet_move_ref(packet, slot->packet);
        q->head = (q->head + 1) % q->capacity;
        q->count--;
        pthread_cond_broadcast(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

void lb_packet_queue_flush(struct lb_packet_queue *q, int serial)
{
    pthread_mutex_lock(&q->lock);
    for (; q->count > 0; q->count--) {
        av_packet_unref(q->slots[q->head].packet);
        q->head = (q->head + 1) % q->capacity;
    }
    q->bytes = 0;
    q->serial = serial;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void lb_packet_queue_abort(struct lb_packet_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->abort = true;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

int lb_packet_queue_count(struct lb_packet_queue *q)
{
    pthread_mutex_lock(&q->lock);
    int count = q->count;
    pthread_mutex_unlock(&q->lock);
    return count;
}
