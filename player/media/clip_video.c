/* Video output: picks the frame for a timeline position and converts it (picture.c) with the
 * clip's rotation. Runs on the player's video thread only. */
#include "clip_internal.h"

#include <stdlib.h>
#include <string.h>


/* Audio this far behind the shown video has no reader (a muted clip): drop it, or the full audio
 * queues would stop the demuxer and starve the video. */
#define LB_AUDIO_STALE_MS 1000

static void lb_pop_discard(struct lb_frame_queue *queue)
{
    struct lb_frame_meta meta;
    AVFrame *frame = av_frame_alloc();
    if (frame)
        lb_frame_queue_pop(queue, &meta, frame);
    av_frame_free(&frame);
}

static void lb_discard_unread_audio(struct lb_clip *clip, int64_t video_ms, int serial)
{
    struct lb_frame_meta meta;
    int rate = clip->params.sample_rate;
    while (lb_frame_queue_peek(&clip->audio.frames, &meta)
           && (meta.serial != serial
               || av_rescale(meta.time, 1000, rate) < video_ms - LB_AUDIO_STALE_MS))
        lb_pop_discard(&clip->audio.frames);
}

/* Take the oldest queued frame as the current one. */
static void lb_take_frame(struct lb_clip *clip)
{
    struct lb_frame_meta meta;
    av_frame_unref(clip->current_frame);
    if (!lb_frame_queue_pop(&clip->video.frames, &meta, clip->current_frame))
        return;
    clip->current = (struct lb_video_frame){ .frame = clip->current_frame, .pos_ms = meta.pos,
                                             .time_ms = meta.time, .iteration = meta.iteration };
    clip->current_serial = meta.serial;
    clip->current_valid = true;
    clip->current_shown = false;
}

const struct lb_video_frame *lb_clip_video_frame(struct lb_clip *clip, int64_t time_ms,
                                                 bool *settled)
{
    if (settled)
        *settled = true;
    if (!clip->video.active)
        return NULL;
    struct lb_frame_queue *queue = &clip->video.frames;
    int serial = atomic_load(&clip->serial);
    bool later = false; /* a queued frame is due after time_ms */
    struct lb_frame_meta next;
    while (lb_frame_queue_peek(queue, &next)) {
        if (next.serial != serial) {
            lb_pop_discard(queue);
            continue;
        }
        bool fresh = clip->current_valid && clip->current_serial == serial;
        if (fresh && next.time > time_ms) {
            later = true;
            break;
        }
        /* A frame taken over before anyone saw it was dropped (its time passed). */
        if (fresh && !clip->current_shown)
            atomic_fetch_add(&clip->dropped, 1);
        lb_take_frame(clip);
    }
    if (settled)
        *settled = later || atomic_load(&clip->failed) || lb_frame_queue_drained(queue);
    if (!clip->current_valid)
        return NULL;
    if (clip->audio.active && clip->current_serial == serial)
        lb_discard_unread_audio(clip, clip->current.time_ms, serial);
    clip->current_shown = true;
    return &clip->current;
}

int64_t lb_clip_next_frame_time(struct lb_clip *clip)
{
    struct lb_frame_meta next;
    if (!clip->video.active || !lb_frame_queue_peek(&clip->video.frames, &next) ||
        next.serial != atomic_load(&clip->serial))
        return -1;
    return next.time;
}

int lb_clip_convert(struct lb_clip *clip, const struct lb_video_frame *video, uint8_t *dst,
                    int pitch, int width, int height, bool mirror)
{
    if (!video)
        return AVERROR(EINVAL);
    return lb_picture_convert(&clip->picture, video->frame, clip->info.rotation, mirror, dst,
                              pitch, width, height);
}

void lb_clip_video_out_free(struct lb_clip *clip)
{
    av_frame_free(&clip->current_frame);
    lb_picture_destroy(&clip->picture);
}
