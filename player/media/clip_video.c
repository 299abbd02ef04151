/* Video output: picks the frame for a timeline position, converts it to BGRA with rotation,
 * sample aspect and mirror applied. Runs on the player's video thread only. */
#include "clip_internal.h"

#include <stdlib.h>
#include <string.h>

#include <libavutil/pixdesc.h>

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

/* The pixel format swscale should read: the full-range "J" formats are deprecated aliases. */
static enum AVPixelFormat lb_source_format(const AVFrame *frame, bool *full_range)
{
    enum AVPixelFormat format = frame->format;
    *full_range = frame->color_range == AVCOL_RANGE_JPEG;
    switch (format) {
    case AV_PIX_FMT_YUVJ420P: *full_range = true; return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: *full_range = true; return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: *full_range = true; return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: *full_range = true; return AV_PIX_FMT_YUV440P;
    default: return format;
    }
}

/* Scale frame to width x height BGRA into dst with the frame's own colour matrix and range. */
static int lb_scale(struct lb_clip *clip, const AVFrame *frame, uint8_t *dst, int pitch,
                    int width, int height)
{
    bool full_range;
    enum AVPixelFormat format = lb_source_format(frame, &full_range);
    clip->sws = sws_getCachedContext(clip->sws, frame->width, frame->height, format, width,
                                     height, AV_PIX_FMT_BGRA, SWS_BILINEAR, NULL, NULL, NULL);
    if (!clip->sws) {
        av_log(NULL, AV_LOG_ERROR, "[media] clip '%s': cannot convert %dx%d %s to BGRA\n",
               clip->path, frame->width, frame->height, av_get_pix_fmt_name(format));
        return AVERROR(EINVAL);
    }
    int colorspace = frame->colorspace == AVCOL_SPC_UNSPECIFIED
                     ? (frame->height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601)
                     : (int)frame->colorspace;
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(format);
    if (desc && !(desc->flags & AV_PIX_FMT_FLAG_RGB)) {
        sws_setColorspaceDetails(clip->sws, sws_getCoefficients(colorspace), full_range,
                                 sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    }
    uint8_t *planes[4] = { dst };
    int pitches[4] = { pitch };
    int ret = sws_scale(clip->sws, (const uint8_t *const *)frame->data, frame->linesize, 0,
                        frame->height, planes, pitches);
    return ret < 0 ? ret : 0;
}

/* Copy the upright source (src_w x src_h, tight BGRA) into dst turned clockwise by rotation
 * degrees and then mirrored if asked. */
static void lb_turn(const uint8_t *src, int src_w, int src_h, uint8_t *dst, int pitch,
                    int width, int height, int rotation, bool mirror)
{
    for (int y = 0; y < height; y++) {
        uint8_t *row = dst + (size_t)y * (size_t)pitch;
        for (int x = 0; x < width; x++) {
            int ox = mirror ? width - 1 - x : x;
            int sx, sy;
            switch (rotation) {
            case 90: sx = y; sy = src_h - 1 - ox; break;
            case 180: sx = src_w - 1 - ox; sy = src_h - 1 - y; break;
            case 270: sx = src_w - 1 - y; sy = ox; break;
            default: sx = ox; sy = y; break;
            }
            memcpy(row + 4 * (size_t)x, src + 4 * ((size_t)sy * (size_t)src_w + (size_t)sx), 4);
        }
    }
}

int lb_clip_convert(struct lb_clip *clip, const struct lb_video_frame *video, uint8_t *dst,
                    int pitch, int width, int height, bool mirror)
{
    if (!video || !video->frame || width <= 0 || height <= 0 || pitch < 4 * width)
        return AVERROR(EINVAL);
    int rotation = clip->info.rotation;
    if (rotation == 0 && !mirror)
        return lb_scale(clip, video->frame, dst, pitch, width, height);
    bool sideways = rotation == 90 || rotation == 270;
    int src_w = sideways ? height : width;
    int src_h = sideways ? width : height;
    size_t size = (size_t)src_w * (size_t)src_h * 4;
    if (size > clip->rotate_buf_size) {
        uint8_t *buf = av_realloc(clip->rotate_buf, size);
        if (!buf)
            return AVERROR(ENOMEM);
        clip->rotate_buf = buf;
        clip->rotate_buf_size = size;
    }
    int ret = lb_scale(clip, video->frame, clip->rotate_buf, src_w * 4, src_w, src_h);
    if (ret < 0)
        return ret;
    lb_turn(clip->rotate_buf, src_w, src_h, dst, pitch, width, height, rotation, mirror);
    return 0;
}

void lb_clip_video_out_free(struct lb_clip *clip)
{
    av_frame_free(&clip->current_frame);
    sws_freeContext(clip->sws);
    clip->sws = NULL;
    av_freep(&clip->rotate_buf);
    clip->rotate_buf_size = 0;
}
