/* Bounded, thread-safe queue of compressed packets from a clip's demux thread to one decoder. */
#ifndef LB_PACKET_QUEUE_H
#define LB_PACKET_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>

enum lb_packet_kind {
    LB_PACKET_DATA,    /* a compressed packet */
    LB_PACKET_SEGMENT, /* a run of packets starts: after open, a seek or a loop restart */
    LB_PACKET_END,     /* the run ends (trimmed end or end of file): drain the decoder */
};

/* What travels with a packet; the packet itself is moved separately. */
struct lb_packet_meta {
    enum lb_packet_kind kind;
    int serial;        /* seek generation; entries of an older serial are dropped */
    int iteration;     /* SEGMENT: loop iteration of the packets that follow */
    int64_t target_ms; /* SEGMENT: first wanted position, ms from the trimmed start */
    bool last;         /* END: no run follows unless the player seeks (no loop, or failure) */
};

struct lb_packet_slot {
    struct lb_packet_meta meta;
    AVPacket *packet; /* allocated once at init, reused; empty unless kind == DATA */
};

struct lb_packet_queue {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    /* The following fields are protected by lock. */
    struct lb_packet_slot *slots; /* ring of capacity slots */
    int capacity;
    int64_t max_bytes; /* full at this many payload bytes too, once min_count entries wait */
    int min_count;
    int head;   /* oldest entry */
    int count;
    int64_t bytes; /* payload bytes waiting */
    int serial; /* current seek generation: put() drops entries of another serial */
    bool abort; /* set once by lb_packet_queue_abort: every wait returns false */
};

/* Prepare an empty queue holding at most capacity entries, and fewer once max_bytes of payload
 * wait (0: no byte bound), though never fewer than min_count: the count bounds a clip of small
 * packets, the bytes one of large packets (a phone's 4K video), and min_count keeps enough for
 * a loosely interleaved file's other stream to be reached. Returns false on allocation failure. */
bool lb_packet_queue_init(struct lb_packet_queue *q, int capacity, int64_t max_bytes,
                          int min_count);

/* Free the queue and any packets still in it. No thread may be using it any more. */
void lb_packet_queue_destroy(struct lb_packet_queue *q);

/* Append an entry, moving *packet's reference in (packet may be NULL for markers; it is left
 * blank either way). Blocks while the queue is full. An entry of a stale serial is dropped and
 * counts as done. Returns false only if the queue was aborted. */
bool lb_packet_queue_put(struct lb_packet_queue *q, const struct lb_packet_meta *meta,
                         AVPacket *packet);

/* Take the oldest entry, moving its packet reference into packet (must be blank). Blocks while
 * the queue is empty. Returns false only if the queue was aborted. */
bool lb_packet_queue_get(struct lb_packet_queue *q, struct lb_packet_meta *meta, AVPacket *packet);

/* Drop every entry and make serial the current generation (wakes a blocked put). */
void lb_packet_queue_flush(struct lb_packet_queue *q, int serial);

/* Make every current and future wait return false at once (used on close). */
void lb_packet_queue_abort(struct lb_packet_queue *q);

/* Number of entries waiting (a snapshot). */
int lb_packet_queue_count(struct lb_packet_queue *q);

#endif
