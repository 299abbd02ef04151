/* Clip lifecycle: open the file safely, describe its streams, start and stop the worker threads. */
#include "clip_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/avstring.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>

#include "avio_fd.h"
#include "safe_file.h"

/* Containers that never open other files or URLs on their own (no playlists, no concat lists,
 * no image patterns, no references). Matched against the demuxer's names. */
const char lb_clip_format_whitelist[] =
    "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,ogg,mp3,wav,flac,aac,mpegts,ivf,flv,asf";

bool lb_clip_open_decoder(struct lb_clip *clip, struct lb_clip_stream *s, char *err,
                          size_t err_size);

void lb_clip_fail(struct lb_clip *clip, const char *fmt, ...)
{
    char message[sizeof(clip->error)];
    va_list args;
    va_start(args, fmt);
    vsnprintf(message, sizeof(message), fmt, args);
    va_end(args);
    av_log(NULL, AV_LOG_ERROR, "[media] %s\n", message);
    pthread_mutex_lock(&clip->lock);
    if (!atomic_load(&clip->failed)) {
        memcpy(clip->error, message, sizeof(message));
        atomic_store(&clip->failed, true);
    }
    pthread_cond_broadcast(&clip->cond);
    pthread_mutex_unlock(&clip->lock);
}

int64_t lb_clip_ts_to_ms(const struct lb_clip *clip, const AVStream *stream, int64_t ts)
{
    return av_rescale_q(ts, stream->time_base, (AVRational){ 1, 1000 })
           - clip->origin_ms - clip->start_ms;
}

/* av_format's blocking calls poll this: true makes them give up (close in progress). */
static int lb_clip_interrupted(void *opaque)
{
    const struct lb_clip *clip = opaque;
    return atomic_load(&clip->abort);
}

static const uint8_t *lb_display_matrix(const AVStream *st)
{
#if LIBAVCODEC_VERSION_INT >= AV_VERSION_INT(60, 31, 100)
    const AVPacketSideData *sd = av_packet_side_data_get(st->codecpar->coded_side_data,
                                                         st->codecpar->nb_coded_side_data,
                                                         AV_PKT_DATA_DISPLAYMATRIX);
    return sd && sd->size >= 9 * 4 ? sd->data : NULL;
#else
    size_t size = 0;
    const uint8_t *data = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
    return data && size >= 9 * 4 ? data : NULL;
#endif
}

/* Clockwise rotation in degrees (0, 90, 180, 270) the display matrix asks for, as ffmpeg's
 * autorotate reads it. */
static int lb_stream_rotation(const AVStream *st)
{
    const uint8_t *matrix = lb_display_matrix(st);
    if (!matrix)
        return 0;
    double theta = -av_display_rotation_get((const int32_t *)matrix);
    if (isnan(theta))
        return 0;
    int quarter = (int)lround(theta / 90.0) % 4;
    return (quarter < 0 ? quarter + 4 : quarter) * 90;
}

static void lb_clip_describe(struct lb_clip *clip)
{
    struct lb_clip_info *info = &clip->info;
    AVFormatContext *fmt = clip->format;
    info->file_duration_ms = fmt->duration == AV_NOPTS_VALUE ? -1 : fmt->duration / 1000;
    info->length_ms = lb_clip_length(clip);
    if (!clip->hw_device)
        snprintf(info->hwdec, sizeof(info->hwdec), "no");
    if (clip->video.active) {
        const AVStream *st = clip->video.stream;
        const AVCodecParameters *par = st->codecpar;
        info->has_video = true;
        info->width = par->width;
        info->height = par->height;
        AVRational sar = av_guess_sample_aspect_ratio(fmt, (AVStream *)st, NULL);
        int w = par->width;
        if (sar.num > 0 && sar.den > 0)
            w = (int)av_rescale(par->width, sar.num, sar.den);
        info->rotation = lb_stream_rotation(st);
        bool sideways = info->rotation == 90 || info->rotation == 270;
        info->display_width = sideways ? par->height : w;
        info->display_height = sideways ? w : par->height;
        AVRational rate = av_guess_frame_rate(fmt, (AVStream *)st, NULL);
        info->frame_rate = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
        snprintf(info->video_codec, sizeof(info->video_codec), "%s",
                 avcodec_get_name(par->codec_id));
        const char *pix = av_get_pix_fmt_name((enum AVPixelFormat)par->format);
        snprintf(info->pixel_format, sizeof(info->pixel_format), "%s", pix ? pix : "unknown");
    }
    if (clip->audio.active) {
        info->has_audio = true;
        snprintf(info->audio_codec, sizeof(info->audio_codec), "%s",
                 avcodec_get_name(clip->audio.stream->codecpar->codec_id));
    }
    info->sample_rate = clip->params.sample_rate;
    info->channels = clip->params.channels;
}

/* Containers such as HLS, concat or MOV with references open other files through io_open:
 * refuse every such request, so the clip reads nothing but its own descriptor. */
int lb_clip_refuse_io(AVFormatContext *s, AVIOContext **pb, const char *url, int flags,
                      AVDictionary **options)
{
    (void)s;
    (void)pb;
    (void)flags;
    (void)options;
    av_log(NULL, AV_LOG_WARNING, "[media] a clip tried to open another file (%s): refused\n",
           url);
    return AVERROR(EPERM);
}

/* The descriptor to read: the caller's (duplicated) or path opened as a checked regular file. */
static bool lb_clip_open_input(struct lb_clip *clip, char *err, size_t err_size)
{
    const char *path = clip->path;
    int fd;
    int64_t offset = 0, length = -1;
    if (clip->params.from_fd) {
        fd = fcntl(clip->params.fd, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) {
            snprintf(err, err_size, "cannot open %s: %s", clip->name, strerror(errno));
            return false;
        }
        offset = clip->params.offset;
        length = clip->params.length > 0 ? clip->params.length : -1;
    } else {
        char why[256];
        fd = lb_file_open(path, 0, 0, NULL, why, sizeof(why));
        if (fd < 0) {
            snprintf(err, err_size, "cannot open %s: %s", clip->name, why);
            return false;
        }
    }
    clip->input = lb_avio_fd_open(fd, offset, length, true);
    if (!clip->input) {
        snprintf(err, err_size, "cannot open %s: the byte range %" PRId64 "+%" PRId64
                 " is not inside the file, or out of memory", clip->name, offset, length);
        return false;
    }
    return true;
}

/* Open the container from the clip's descriptor, whitelisted demuxers only. */
static bool lb_clip_open_format(struct lb_clip *clip, char *err, size_t err_size)
{
    const char *path = clip->path;
    if (strstr(path, "://")) {
        snprintf(err, err_size, "cannot open %s: only local files can be played, "
                 "not URLs", clip->name);
        return false;
    }
    if (!lb_clip_open_input(clip, err, err_size))
        return false;
    clip->format = avformat_alloc_context();
    if (!clip->format) {
        snprintf(err, err_size, "cannot open %s: out of memory", clip->name);
        return false;
    }
    clip->format->pb = clip->input;
    clip->format->io_open = lb_clip_refuse_io;
    clip->format->interrupt_callback = (AVIOInterruptCB){ lb_clip_interrupted, clip };
    AVDictionary *options = NULL;
    av_dict_set(&options, "format_whitelist", lb_clip_format_whitelist, 0);
    /* The name only guides the format probe (its extension); nothing opens it. */
    int ret = avformat_open_input(&clip->format, path, NULL, &options);
    av_dict_free(&options);
    if (ret < 0) {
        /* avformat_open_input freed the context (not our reader). */
        if (ret == AVERROR(EINVAL))
            snprintf(err, err_size, "cannot open %s: not a supported single-file video "
                     "or audio container (%s)", clip->name, av_err2str(ret));
        else
            snprintf(err, err_size, "cannot open %s: %s", clip->name, av_err2str(ret));
        return false;
    }
    ret = avformat_find_stream_info(clip->format, NULL);
    if (ret < 0) {
        snprintf(err, err_size, "cannot read the streams of %s: %s", clip->name,
                 av_err2str(ret));
        avformat_close_input(&clip->format);
        return false;
    }
    return true;
}

static void lb_clip_pick_streams(struct lb_clip *clip)
{
    AVFormatContext *fmt = clip->format;
    int video = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (video >= 0 && (fmt->streams[video]->disposition & AV_DISPOSITION_ATTACHED_PIC))
        video = -1; /* cover art of an audio file is not a video */
    int audio = clip->params.skip_audio ? -1
                : av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, video, NULL, 0);
    struct lb_clip_stream *streams[] = { &clip->video, &clip->audio };
    int indexes[] = { video, audio };
    for (int i = 0; i < 2; i++) {
        streams[i]->clip = clip;
        streams[i]->index = indexes[i];
        streams[i]->active = indexes[i] >= 0;
        streams[i]->stream = indexes[i] >= 0 ? fmt->streams[indexes[i]] : NULL;
    }
    for (unsigned i = 0; i < fmt->nb_streams; i++)
        if ((int)i != video && (int)i != audio)
            fmt->streams[i]->discard = AVDISCARD_ALL;
}

/* Work out start, end and length from the params and the file's duration. */
static bool lb_clip_trim(struct lb_clip *clip, char *err, size_t err_size)
{
    AVFormatContext *fmt = clip->format;
    clip->origin_ms = fmt->start_time == AV_NOPTS_VALUE ? 0 : fmt->start_time / 1000;
    clip->start_ms = clip->params.start_ms > 0 ? clip->params.start_ms : 0;
    int64_t duration = fmt->duration == AV_NOPTS_VALUE ? -1 : fmt->duration / 1000;
    clip->end_ms = clip->params.end_ms > 0 ? clip->params.end_ms
                   : duration > 0 ? duration : INT64_MAX;
    if (duration > 0 && clip->start_ms >= duration) {
        snprintf(err, err_size, "%s: clip_start %" PRId64 " ms is past the end of the "
                 "file (%" PRId64 " ms)", clip->name, clip->start_ms, duration);
        return false;
    }
    if (clip->end_ms <= clip->start_ms) {
        snprintf(err, err_size, "%s: clip_end %" PRId64 " ms is not after clip_start %"
                 PRId64 " ms", clip->name, clip->end_ms, clip->start_ms);
        return false;
    }
    atomic_store(&clip->length_ms,
                 clip->end_ms == INT64_MAX ? -1 : clip->end_ms - clip->start_ms);
    return true;
}

static bool lb_clip_stream_init(struct lb_clip_stream *s, int packets, int64_t packet_bytes,
                                int frames)
{
    if (!s->active)
        return true;
    if (!lb_packet_queue_init(&s->packets, packets, packet_bytes, LB_MIN_PACKETS))
        return false;
    if (!lb_frame_queue_init(&s->frames, frames)) {
        lb_packet_queue_destroy(&s->packets);
        return false;
    }
    return true;
}

static void lb_clip_stream_abort(struct lb_clip_stream *s)
{
    if (!s->active || !s->packets.slots || !s->frames.slots)
        return; /* queues never made: no thread can wait on them */
    lb_packet_queue_abort(&s->packets);
    lb_frame_queue_abort(&s->frames);
}

static void lb_clip_stream_destroy(struct lb_clip_stream *s)
{
    if (s->thread_started)
        pthread_join(s->thread, NULL);
    s->thread_started = false;
    if (s->active) {
        lb_frame_queue_destroy(&s->frames);
        lb_packet_queue_destroy(&s->packets);
    }
    avcodec_free_context(&s->codec);
    av_frame_free(&s->held);
    swr_free(&s->swr);
    av_channel_layout_uninit(&s->swr_in_layout);
}

/* Stop and join every thread that was started. */
static void lb_clip_stop(struct lb_clip *clip)
{
    atomic_store(&clip->abort, true);
    pthread_mutex_lock(&clip->lock);
    pthread_cond_broadcast(&clip->cond);
    pthread_mutex_unlock(&clip->lock);
    lb_clip_stream_abort(&clip->video);
    lb_clip_stream_abort(&clip->audio);
    if (clip->demux_started)
        pthread_join(clip->demux_thread, NULL);
    clip->demux_started = false;
}

struct lb_clip *lb_clip_open(const struct lb_clip_params *params, char *err, size_t err_size)
{
    err[0] = '\0';
    if (!params->path || !params->path[0]) {
        snprintf(err, err_size, "cannot open %s: no file name given", lb_clip_kind(params));
        return NULL;
    }
    struct lb_clip *clip = calloc(1, sizeof(*clip));
    if (!clip)
        goto fail_alloc;
    clip->params = *params;
    clip->path = strdup(params->path);
    size_t name_size = strlen(params->path) + strlen(lb_clip_kind(params)) + 4;
    clip->name = clip->path ? malloc(name_size) : NULL;
    if (!clip->name)
        goto fail_path;
    snprintf(clip->name, name_size, "%s '%s'", lb_clip_kind(params), params->path);
    clip->params.path = clip->path;
    clip->params.kind = NULL; /* the caller's string is not kept: clip->name says it */
    snprintf(clip->picture.source, sizeof(clip->picture.source), "%s", clip->name);
    if (clip->params.sample_rate <= 0)
        clip->params.sample_rate = 48000;
    if (clip->params.channels != 1)
        clip->params.channels = 2;
    if (pthread_mutex_init(&clip->lock, NULL) != 0)
        goto fail_mutex;
    if (pthread_cond_init(&clip->cond, NULL) != 0)
        goto fail_cond;
    if (!lb_clip_open_format(clip, err, err_size))
        goto fail_input;
    lb_clip_pick_streams(clip);
    if (!clip->video.active && !clip->audio.active) {
        snprintf(err, err_size, "cannot play %s: it has no video or audio stream",
                 clip->name);
        goto fail_streams;
    }
    if (!lb_clip_trim(clip, err, err_size))
        goto fail_streams;
    if ((clip->video.active && !lb_clip_open_decoder(clip, &clip->video, err, err_size))
        || (clip->audio.active && !lb_clip_open_decoder(clip, &clip->audio, err, err_size)))
        goto fail_streams;
    lb_clip_describe(clip);
    clip->current_frame = av_frame_alloc();
    clip->chunk = av_frame_alloc();
    if (!clip->current_frame || !clip->chunk)
        goto fail_streams;
    if (!lb_clip_stream_init(&clip->video, LB_VIDEO_PACKETS, LB_VIDEO_PACKET_BYTES,
                             LB_VIDEO_FRAMES))
        goto fail_streams;
    if (!lb_clip_stream_init(&clip->audio, LB_AUDIO_PACKETS, LB_AUDIO_PACKET_BYTES,
                             LB_AUDIO_FRAMES))
        goto fail_threads;
    void *(*mains[])(void *) = { lb_clip_video_main, lb_clip_audio_main };
    struct lb_clip_stream *streams[] = { &clip->video, &clip->audio };
    for (int i = 0; i < 2; i++) {
        if (!streams[i]->active)
            continue;
        if (pthread_create(&streams[i]->thread, NULL, mains[i], streams[i]) != 0)
            goto fail_threads;
        streams[i]->thread_started = true;
    }
    if (pthread_create(&clip->demux_thread, NULL, lb_clip_demux_main, clip) != 0)
        goto fail_threads;
    clip->demux_started = true;
    return clip;

fail_threads:
    snprintf(err, err_size, "cannot start decoding %s: out of resources", clip->name);
    lb_clip_stop(clip);
fail_streams:
    lb_clip_stream_destroy(&clip->video);
    lb_clip_stream_destroy(&clip->audio);
    av_frame_free(&clip->current_frame);
    av_frame_free(&clip->chunk);
    av_buffer_unref(&clip->hw_device);
    avformat_close_input(&clip->format);
fail_input:
    lb_avio_fd_close(&clip->input);
    pthread_cond_destroy(&clip->cond);
fail_cond:
    pthread_mutex_destroy(&clip->lock);
fail_mutex:
fail_path:
    free(clip->path);
    free(clip->name);
    free(clip);
fail_alloc:
    if (!err[0])
        snprintf(err, err_size, "cannot open %s '%s': out of memory", lb_clip_kind(params),
                 params->path);
    return NULL;
}

void lb_clip_close(struct lb_clip *clip)
{
    if (!clip)
        return;
    lb_clip_stop(clip);
    lb_clip_stream_destroy(&clip->video);
    lb_clip_stream_destroy(&clip->audio);
    lb_clip_video_out_free(clip);
    lb_clip_audio_out_free(clip);
    av_buffer_unref(&clip->hw_device);
    avformat_close_input(&clip->format);
    lb_avio_fd_close(&clip->input);
    pthread_cond_destroy(&clip->cond);
    pthread_mutex_destroy(&clip->lock);
    free(clip->path);
    free(clip->name);
    free(clip);
}

const struct lb_clip_info *lb_clip_info(const struct lb_clip *clip)
{
    return &clip->info;
}

bool lb_clip_preroll(struct lb_clip *clip, int timeout_ms)
{
    struct lb_clip_stream *s = clip->video.active ? &clip->video : &clip->audio;
    return lb_frame_queue_wait(&s->frames, timeout_ms);
}

void lb_clip_seek(struct lb_clip *clip, int64_t time_ms)
{
    if (time_ms < 0)
        time_ms = 0;
    /* The audio reader takes seek_samples once it sees the new serial: store it first. */
    int64_t samples = av_rescale(time_ms, clip->params.sample_rate, 1000);
    atomic_store(&clip->seek_samples, samples);
    atomic_store(&clip->audio_time, samples); /* the reader confirms it on its next call */
    int serial = atomic_fetch_add(&clip->serial, 1) + 1;
    /* Flush before the demuxer hears of the seek, so nothing of the new serial is lost. */
    struct lb_clip_stream *streams[] = { &clip->video, &clip->audio };
    for (int i = 0; i < 2; i++) {
        if (!streams[i]->active)
            continue;
        lb_packet_queue_flush(&streams[i]->packets, serial);
        lb_frame_queue_flush(&streams[i]->frames, serial);
    }
    pthread_mutex_lock(&clip->lock);
    clip->seek_pending = true;
    clip->seek_time_ms = time_ms;
    clip->seek_serial = serial;
    pthread_cond_broadcast(&clip->cond);
    pthread_mutex_unlock(&clip->lock);
}

void lb_clip_status(struct lb_clip *clip, struct lb_clip_status *status)
{
    bool failed = atomic_load(&clip->failed);
    bool drained = true;
    if (clip->video.active)
        drained = lb_frame_queue_drained(&clip->video.frames);
    if (clip->audio.active)
        drained = drained && lb_frame_queue_drained(&clip->audio.frames);
    *status = (struct lb_clip_status){
        .frames_decoded = clip->video.active ? atomic_load(&clip->video.delivered) : 0,
        .frames_dropped = atomic_load(&clip->dropped),
        .video_queued = clip->video.active ? lb_frame_queue_count(&clip->video.frames) : 0,
        .audio_queued = clip->audio.active ? lb_frame_queue_count(&clip->audio.frames) : 0,
        .ended = failed || drained,
        .failed = failed,
    };
}

const char *lb_clip_error(const struct lb_clip *clip)
{
    return atomic_load(&clip->failed) ? clip->error : NULL;
}
