/* The demux thread: reads the chosen streams' packets, cuts them at the trimmed end, seeks back to
 * the trimmed start to loop, and restarts where the player seeks. */
#include "clip_internal.h"

#define LB_MAX_READ_ERRORS 8 /* consecutive read errors before the clip is declared broken */

/* The demux thread's own state. */
struct lb_demux {
    struct lb_clip *clip;
    AVPacket *packet;
    int serial;         /* seek generation being read */
    int iteration;      /* loop iteration being read */
    bool video_done;    /* this run reached the trimmed end of the stream */
    bool audio_done;
    bool got_packets;   /* this run delivered a packet: a loop of nothing is an error */
    int64_t max_end_ms; /* furthest packet end seen, to learn an unknown length */
    bool ended;         /* nothing more to read until a seek (no loop, or failure) */
    int read_errors;    /* consecutive */
};

static void lb_demux_push_all(struct lb_demux *d, const struct lb_packet_meta *meta)
{
    struct lb_clip *clip = d->clip;
    if (clip->video.active)
        lb_packet_queue_put(&clip->video.packets, meta, NULL);
    if (clip->audio.active)
        lb_packet_queue_put(&clip->audio.packets, meta, NULL);
}

/* Tell the decoders that nothing follows until a seek. */
static void lb_demux_finish(struct lb_demux *d)
{
    struct lb_packet_meta end = { .kind = LB_PACKET_END, .serial = d->serial, .last = true };
    lb_demux_push_all(d, &end);
    d->ended = true;
}

/* Seek the file to just before pos_ms of the trimmed clip (a keyframe at or before it). */
static bool lb_demux_seek(struct lb_demux *d, int64_t pos_ms)
{
    struct lb_clip *clip = d->clip;
    int64_t ts = (clip->origin_ms + clip->start_ms + pos_ms) * (AV_TIME_BASE / 1000);
    int ret = avformat_seek_file(clip->format, -1, INT64_MIN, ts, ts, 0);
    if (ret < 0)
        ret = av_seek_frame(clip->format, -1, ts, AVSEEK_FLAG_BACKWARD);
    if (ret < 0 && !atomic_load(&clip->abort)) {
        lb_clip_fail(clip, "%s: cannot seek to %" PRId64 " ms: %s", clip->name,
                     clip->start_ms + pos_ms, av_err2str(ret));
        return false;
    }
    return ret >= 0;
}

static void lb_demux_start_run(struct lb_demux *d, int iteration, int64_t target_ms)
{
    d->iteration = iteration;
    d->video_done = false;
    d->audio_done = false;
    d->got_packets = false;
    d->ended = false;
    struct lb_packet_meta segment = { .kind = LB_PACKET_SEGMENT, .serial = d->serial,
                                      .iteration = iteration, .target_ms = target_ms };
    lb_demux_push_all(d, &segment);
}

/* The trimmed end or the end of file: loop back to the start, or finish. */
static void lb_demux_end_run(struct lb_demux *d)
{
    struct lb_clip *clip = d->clip;
    if (lb_clip_length(clip) < 0) {
        if (d->max_end_ms > 0)
            atomic_store(&clip->length_ms, d->max_end_ms);
        else
            lb_clip_fail(clip, "%s: no packets in the trimmed range", clip->name);
    }
    if (!clip->params.loop || atomic_load(&clip->failed)) {
        lb_demux_finish(d);
        return;
    }
    if (!d->got_packets) {
        lb_clip_fail(clip, "%s: no packets between clip_start and clip_end", clip->name);
        lb_demux_finish(d);
        return;
    }
    if (!lb_demux_seek(d, 0)) {
        lb_demux_finish(d);
        return;
    }
    struct lb_packet_meta end = { .kind = LB_PACKET_END, .serial = d->serial };
    lb_demux_push_all(d, &end);
    lb_demux_start_run(d, d->iteration + 1, 0);
}

/* Take a pending seek from lb_clip_seek, if any, and restart there. */
static void lb_demux_take_seek(struct lb_demux *d)
{
    struct lb_clip *clip = d->clip;
    pthread_mutex_lock(&clip->lock);
    bool pending = clip->seek_pending;
    int64_t time_ms = clip->seek_time_ms;
    if (pending) {
        d->serial = clip->seek_serial;
        clip->seek_pending = false;
    }
    pthread_mutex_unlock(&clip->lock);
    if (!pending)
        return;
    int64_t length = lb_clip_length(clip);
    int iteration = 0;
    int64_t pos = time_ms;
    if (length > 0 && clip->params.loop) {
        iteration = (int)(time_ms / length);
        pos = time_ms % length;
    } else if (length > 0 && time_ms >= length) {
        pos = length - 1; /* past the end without loop: the last frame */
    }
    if (atomic_load(&clip->failed) || !lb_demux_seek(d, pos)) {
        lb_demux_finish(d);
        return;
    }
    lb_demux_start_run(d, iteration, pos);
}

/* Hand one packet to its decoder, or drop it if it is past the trimmed end. */
static void lb_demux_route(struct lb_demux *d, AVPacket *packet)
{
    struct lb_clip *clip = d->clip;
    struct lb_clip_stream *s = NULL;
    bool *done = NULL;
    if (clip->video.active && packet->stream_index == clip->video.index) {
        s = &clip->video;
        done = &d->video_done;
    } else if (clip->audio.active && packet->stream_index == clip->audio.index) {
        s = &clip->audio;
        done = &d->audio_done;
    }
    if (!s || *done) {
        av_packet_unref(packet);
        return;
    }
    int64_t ts = packet->dts != AV_NOPTS_VALUE ? packet->dts : packet->pts;
    if (ts != AV_NOPTS_VALUE) {
        int64_t pos = lb_clip_ts_to_ms(clip, s->stream, ts);
        int64_t length = lb_clip_length(clip);
        /* Decode order: once dts reaches the end, no later packet shows anything before it. */
        if (length > 0 && pos >= length) {
            *done = true;
            av_packet_unref(packet);
            if ((d->video_done || !clip->video.active) && (d->audio_done || !clip->audio.active))
                lb_demux_end_run(d);
            return;
        }
        int64_t end = pos + av_rescale_q(packet->duration, s->stream->time_base,
                                         (AVRational){ 1, 1000 });
        if (end > d->max_end_ms)
            d->max_end_ms = end;
    }
    d->got_packets = true;
    struct lb_packet_meta meta = { .kind = LB_PACKET_DATA, .serial = d->serial };
    lb_packet_queue_put(&s->packets, &meta, packet);
}

static void lb_demux_wait_for_seek(struct lb_clip *clip)
{
    pthread_mutex_lock(&clip->lock);
    while (!atomic_load(&clip->abort) && !clip->seek_pending)
        pthread_cond_wait(&clip->cond, &clip->lock);
    pthread_mutex_unlock(&clip->lock);
}

void *lb_clip_demux_main(void *arg)
{
    struct lb_clip *clip = arg;
    struct lb_demux d = { .clip = clip, .packet = av_packet_alloc() };
    if (!d.packet) {
        lb_clip_fail(clip, "%s: out of memory", clip->name);
        lb_demux_finish(&d);
        return NULL;
    }
    if (clip->start_ms > 0 && !lb_demux_seek(&d, 0))
        lb_demux_finish(&d);
    else
        lb_demux_start_run(&d, 0, 0);

    while (!atomic_load(&clip->abort)) {
        lb_demux_take_seek(&d);
        if (atomic_load(&clip->failed) && !d.ended)
            lb_demux_finish(&d);
        if (d.ended) {
            lb_demux_wait_for_seek(clip);
            continue;
        }
        int ret = av_read_frame(clip->format, d.packet);
        if (ret < 0) {
            if (atomic_load(&clip->abort))
                break;
            if (ret == AVERROR_EOF || avio_feof(clip->format->pb)) {
                lb_demux_end_run(&d);
            } else if (++d.read_errors >= LB_MAX_READ_ERRORS) {
                lb_clip_fail(clip, "%s: cannot read the file: %s", clip->name,
                             av_err2str(ret));
            }
            continue;
        }
        d.read_errors = 0;
        lb_demux_route(&d, d.packet);
    }
    av_packet_free(&d.packet);
    return NULL;
}
