/* The export back end: BGRA frames and float audio in, one faststart MP4 (H.264 + AAC) out. */
#include "encoder.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>

#define LB_ERROR_SIZE 512
#define LB_QUEUE 4              /* frames and sound chunks waiting for the encoding thread */

/* A piece of work for the encoding thread: a video frame (BGRA, owned) or sound (owned). */
struct lb_job {
    uint8_t *pixels;            /* NULL for sound */
    int pitch;
    float *samples;
    int frames;
};

struct lb_encoder {
    char *part;                 /* PATH.part, the file being written; owned */
    char *path;                 /* the final name it gets in lb_encoder_finish; owned */
    bool file_open;             /* PATH.part exists: remove it unless renamed */
    AVFormatContext *mux;
    AVCodecContext *video, *audio;
    AVStream *video_stream, *audio_stream;
    struct SwsContext *sws;
    AVFrame *picture;           /* yuv420p, refilled for each frame */
    AVFrame *sound;             /* planar float, audio->frame_size samples, filled bit by bit */
    AVPacket *packet;
    int64_t frames;             /* video frames given so far: the next one's pts */
    int64_t samples;            /* samples sent to the AAC encoder so far: the next frame's pts */
    int sound_fill;             /* samples waiting in sound */
    int64_t *keyframes;         /* frame numbers where a chapter starts, ascending; owned */
    int n_keyframes, next_keyframe;
    const volatile sig_atomic_t *stop; /* params.stop, borrowed */
    char error[LB_ERROR_SIZE];  /* the first error, "" while none; written by the encoding
                                 * thread, read once `failed` is seen under the lock */
    /* The encoding thread: the caller draws the next frame while this one is converted and
     * encoded. Everything below is guarded by `lock`. */
    pthread_t thread;
    bool thread_running;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct lb_job queue[LB_QUEUE];
    int head, count;            /* count includes the job being worked on (at head) */
    bool closing;               /* no more work comes: finish what is queued, then stop */
    bool discarding;            /* abort: drop what is queued */
    bool failed;                /* the thread met an error (in `error`) */
    uint8_t *pool[LB_QUEUE + 1];/* frame buffers for reuse */
    int n_pool;
    size_t frame_bytes;
};

/* One H.264 level: the largest picture and picture rate it allows (in 16x16 macroblocks) and
 * the High profile's bit rate and buffer limits (kbit/s, kbit). From the standard's Table A-1;
 * High allows 1.25 times the Main limits. */
struct lb_level {
    int idc;
    int max_frame_mbs;
    int max_mbs_per_s;
    int max_kbps, max_buffer_kbit;
};

/* 4.0 is the floor: every HD TV and set-top box decodes it, and it covers 1080p30. */
static const struct lb_level lb_levels[] = {
    { 40, 8192, 245760, 25000, 31250 },
    { 42, 8704, 522240, 62500, 78125 },
    { 50, 22080, 589824, 168750, 168750 },
    { 51, 36864, 983040, 300000, 300000 },
    { 52, 36864, 2073600, 300000, 300000 },
};

static void lb_fail(struct lb_encoder *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keep the first error only: later ones are usually its consequences. */
static void lb_fail(struct lb_encoder *e, const char *fmt, ...)
{
    if (e->error[0])
        return;
    va_list args;
    va_start(args, fmt);
    vsnprintf(e->error, sizeof e->error, fmt, args);
    va_end(args);
}

static void lb_copy_error(char *err, size_t size, const char *message)
{
    if (err && size)
        snprintf(err, size, "%s", message);
}

/* Free everything; remove PATH.part if it was created and not renamed. Takes NULL. */
static void lb_encoder_free(struct lb_encoder *e)
{
    if (!e)
        return;
    if (e->mux) {
        avio_closep(&e->mux->pb);
        avformat_free_context(e->mux);  /* frees the streams and the chapters too */
    }
    if (e->file_open)
        unlink(e->part);
    avcodec_free_context(&e->video);
    avcodec_free_context(&e->audio);
    sws_freeContext(e->sws);
    av_frame_free(&e->picture);
    av_frame_free(&e->sound);
    av_packet_free(&e->packet);
    free(e->keyframes);
    free(e->part);
    free(e->path);
    free(e);
}

static bool lb_check_params(const struct lb_encoder_params *p, char *msg, size_t size)
{
    if (!p->path || !p->path[0]) {
        snprintf(msg, size, "no output file given");
        return false;
    }
    if (p->width < 16 || p->height < 16 || p->width % 2 || p->height % 2 ||
        p->width > 8192 || p->height > 4320) {
        snprintf(msg, size, "cannot export at %dx%d: width and height must be even numbers "
                 "from 16x16 to 8192x4320", p->width, p->height);
        return false;
    }
    if (p->fps < 1 || p->fps > 120) {
        snprintf(msg, size, "cannot export at %d frames per second: give 1 to 120", p->fps);
        return false;
    }
    /* 0 means lossless, which needs the High 4:4:4 profile that TVs do not play. */
    if (p->crf < 1 || p->crf > 51) {
        snprintf(msg, size, "CRF %d is out of range: give 1 (best) to 51 (worst); "
                 "18 to 23 looks good", p->crf);
        return false;
    }
    if (p->n_chapters < 0 || (p->n_chapters > 0 && !p->chapters)) {
        snprintf(msg, size, "the chapter list is missing");
        return false;
    }
    /* The chapter track is a track like the others: its samples must follow each other. */
    for (int i = 0; i < p->n_chapters; i++) {
        const struct lb_chapter *c = &p->chapters[i];
        int64_t previous_end = i > 0 ? p->chapters[i - 1].end_ms : 0;
        if (c->start_ms < previous_end || c->end_ms <= c->start_ms) {
            snprintf(msg, size, "chapter %d ('%s') runs from %lld ms to %lld ms: chapters must "
                     "be in order, not overlap, and end after they start", i + 1,
                     c->title ? c->title : "", (long long)c->start_ms, (long long)c->end_ms);
            return false;
        }
    }
    return true;
}

/* The lowest level from 4.0 up that fits the picture size and rate. */
static const struct lb_level *lb_pick_level(int width, int height, int fps)
{
    int mbs = ((width + 15) / 16) * ((height + 15) / 16);
    size_t count = sizeof lb_levels / sizeof lb_levels[0];
    for (size_t i = 0; i < count; i++) {
        if (mbs <= lb_levels[i].max_frame_mbs &&
            (int64_t)mbs * fps <= lb_levels[i].max_mbs_per_s)
            return &lb_levels[i];
    }
    return &lb_levels[count - 1];
}

static bool lb_open_video(struct lb_encoder *e, const struct lb_encoder_params *p, char *msg,
                          size_t size)
{
    const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) {
        snprintf(msg, size, "this FFmpeg has no libx264 H.264 encoder: install a libavcodec "
                 "built with x264 (Debian's libavcodec59 is)");
        return false;
    }
    AVCodecContext *c = e->video = avcodec_alloc_context3(codec);
    if (!c) {
        snprintf(msg, size, "out of memory");
        return false;
    }
    const struct lb_level *level = lb_pick_level(p->width, p->height, p->fps);
    c->width = p->width;
    c->height = p->height;
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->sample_aspect_ratio = (AVRational){1, 1};
    c->time_base = (AVRational){1, p->fps};
    c->framerate = (AVRational){p->fps, 1};
    /* A keyframe every 2 s: TVs seek and skip chapters to keyframes only. */
    c->gop_size = 2 * p->fps;
    c->level = level->idc;
    /* Capping the rate at the level's limit makes the file really conform to the level it
     * claims; CRF alone could exceed it on noisy footage and stutter on a strict TV. */
    c->rc_max_rate = (int64_t)level->max_kbps * 1000;
    c->rc_buffer_size = level->max_buffer_kbit * 1000;
    c->thread_count = p->threads > 0 ? p->threads : 0;
    /* TVs guess the matrix from the size when the tags are missing: tag them anyway, and use
     * the matrix the guess would give (BT.709 for HD, BT.601 below). */
    bool hd = p->height >= 720;
    c->color_range = AVCOL_RANGE_MPEG;
    c->color_primaries = hd ? AVCOL_PRI_BT709 : AVCOL_PRI_SMPTE170M;
    c->color_trc = hd ? AVCOL_TRC_BT709 : AVCOL_TRC_SMPTE170M;
    c->colorspace = hd ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
    c->chroma_sample_location = AVCHROMA_LOC_LEFT;
    if (e->mux->oformat->flags & AVFMT_GLOBALHEADER)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    const char *preset = p->preset ? p->preset : "veryfast";
    char crf[16];
    snprintf(crf, sizeof crf, "%d", p->crf);
    int ret = av_opt_set(c->priv_data, "preset", preset, 0);
    if (ret >= 0)
        ret = av_opt_set(c->priv_data, "crf", crf, 0);
    if (ret >= 0)
        ret = av_opt_set(c->priv_data, "profile", "high", 0);
    /* Chapter starts are forced keyframes: make them IDR so a TV can start playing there. */
    if (ret >= 0)
        ret = av_opt_set(c->priv_data, "forced-idr", "1", 0);
    if (ret >= 0)
        ret = avcodec_open2(c, codec, NULL);
    if (ret < 0) {
        snprintf(msg, size, "cannot start the H.264 encoder (libx264, %dx%d at %d fps, "
                 "preset '%s', CRF %d): %s", p->width, p->height, p->fps, preset, p->crf,
                 av_err2str(ret));
        return false;
    }
    e->video_stream = avformat_new_stream(e->mux, NULL);
    if (!e->video_stream) {
        snprintf(msg, size, "out of memory");
        return false;
    }
    e->video_stream->time_base = c->time_base;
    e->video_stream->avg_frame_rate = c->framerate;
    ret = avcodec_parameters_from_context(e->video_stream->codecpar, c);
    if (ret < 0) {
        snprintf(msg, size, "cannot set up the video track: %s", av_err2str(ret));
        return false;
    }
    e->picture = av_frame_alloc();
    ret = e->picture ? 0 : AVERROR(ENOMEM);
    if (ret >= 0) {
        e->picture->format = c->pix_fmt;
        e->picture->width = c->width;
        e->picture->height = c->height;
        ret = av_frame_get_buffer(e->picture, 0);
    }
    if (ret < 0) {
        snprintf(msg, size, "cannot allocate a %dx%d picture: %s", c->width, c->height,
                 av_err2str(ret));
        return false;
    }
    /* Same size in and out: the filter only matters for the chroma, which halves both ways.
     * Full-width chroma input takes swscale's SIMD path: about 3 ms a 1080p frame here
     * instead of 5 with the default half-width one, and a better filtered chroma. */
    e->sws = sws_getContext(c->width, c->height, AV_PIX_FMT_BGRA, c->width, c->height,
                            AV_PIX_FMT_YUV420P, SWS_BILINEAR | SWS_FULL_CHR_H_INP,
                            NULL, NULL, NULL);
    if (!e->sws) {
        snprintf(msg, size, "cannot set up the BGRA to YUV conversion at %dx%d",
                 c->width, c->height);
        return false;
    }
    const int *matrix = sws_getCoefficients(hd ? SWS_CS_ITU709 : SWS_CS_ITU601);
    sws_setColorspaceDetails(e->sws, matrix, 1, matrix, 0, 0, 1 << 16, 1 << 16);
    return true;
}

static bool lb_open_audio(struct lb_encoder *e, char *msg, size_t size)
{
    const AVCodec *codec = avcodec_find_encoder_by_name("aac");
    if (!codec) {
        snprintf(msg, size, "this FFmpeg has no AAC encoder");
        return false;
    }
    AVCodecContext *c = e->audio = avcodec_alloc_context3(codec);
    if (!c) {
        snprintf(msg, size, "out of memory");
        return false;
    }
    c->sample_fmt = AV_SAMPLE_FMT_FLTP;
    c->sample_rate = LB_ENCODER_RATE;
    c->time_base = (AVRational){1, LB_ENCODER_RATE};
    c->bit_rate = 160000;
    if (e->mux->oformat->flags & AVFMT_GLOBALHEADER)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    int ret = av_channel_layout_copy(&c->ch_layout, &(AVChannelLayout)AV_CHANNEL_LAYOUT_STEREO);
    if (ret >= 0)
        ret = avcodec_open2(c, codec, NULL);
    if (ret < 0) {
        snprintf(msg, size, "cannot start the AAC encoder: %s", av_err2str(ret));
        return false;
    }
    e->audio_stream = avformat_new_stream(e->mux, NULL);
    if (!e->audio_stream) {
        snprintf(msg, size, "out of memory");
        return false;
    }
    e->audio_stream->time_base = c->time_base;
    ret = avcodec_parameters_from_context(e->audio_stream->codecpar, c);
    e->sound = av_frame_alloc();
    if (ret >= 0 && !e->sound)
        ret = AVERROR(ENOMEM);
    if (ret >= 0) {
        e->sound->format = c->sample_fmt;
        e->sound->sample_rate = c->sample_rate;
        e->sound->nb_samples = c->frame_size;
        ret = av_channel_layout_copy(&e->sound->ch_layout, &c->ch_layout);
    }
    if (ret >= 0)
        ret = av_frame_get_buffer(e->sound, 0);
    if (ret < 0) {
        snprintf(msg, size, "cannot set up the audio track: %s", av_err2str(ret));
        return false;
    }
    return true;
}

/* Metadata, and a chapter per step (players list them and jump between them). The muxer
 * writes them both as a QuickTime chapter track and as Nero "chpl": different players read
 * different ones. */
static bool lb_add_tags(struct lb_encoder *e, const struct lb_encoder_params *p, char *msg,
                        size_t size)
{
    int ret = 0;
    if (p->title && p->title[0])
        ret = av_dict_set(&e->mux->metadata, "title", p->title, 0);
    if (ret >= 0 && p->author && p->author[0])
        ret = av_dict_set(&e->mux->metadata, "artist", p->author, 0);
    if (ret >= 0)
        ret = av_dict_set(&e->mux->metadata, "comment", "Made with Limber", 0);
    if (ret >= 0 && p->n_chapters > 0) {
        e->mux->chapters = av_calloc((size_t)p->n_chapters, sizeof *e->mux->chapters);
        e->keyframes = calloc((size_t)p->n_chapters, sizeof *e->keyframes);
        if (!e->mux->chapters || !e->keyframes)
            ret = AVERROR(ENOMEM);
    }
    for (int i = 0; ret >= 0 && i < p->n_chapters; i++) {
        const struct lb_chapter *step = &p->chapters[i];
        AVChapter *c = av_mallocz(sizeof *c);
        if (!c) {
            ret = AVERROR(ENOMEM);
            break;
        }
        /* Counted at once so that avformat_free_context frees it whatever happens next. */
        e->mux->chapters[e->mux->nb_chapters++] = c;
        c->id = i;
        c->time_base = (AVRational){1, 1000};
        c->start = step->start_ms;
        c->end = step->end_ms;
        char name[32];
        snprintf(name, sizeof name, "Chapter %d", i + 1);
        ret = av_dict_set(&c->metadata, "title", step->title ? step->title : name, 0);
        /* The frame on screen at the chapter's start: where a player's jump lands. */
        e->keyframes[i] = step->start_ms * p->fps / 1000;
    }
    if (ret < 0) {
        snprintf(msg, size, "cannot add the title and chapters: %s", av_err2str(ret));
        return false;
    }
    e->n_keyframes = p->n_chapters;
    return true;
}

static bool start_thread(struct lb_encoder *e);

/* The muxer's I/O polls this between reads and writes: nonzero makes it give up. */
static int lb_stopped(void *opaque)
{
    const struct lb_encoder *e = opaque;
    return e->stop && *e->stop;
}

/* A new PATH.part: an earlier run's (killed before it could remove it) or a link planted there
 * is removed first, and the file is made anew, exclusively, without following a link. */
static int lb_create_part(const char *part)
{
    struct stat st;
    if (lstat(part, &st) == 0 && (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
        unlink(part);
    int fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0)
        return AVERROR(errno);
    close(fd);
    return 0;
}

struct lb_encoder *lb_encoder_open(const struct lb_encoder_params *p, char *err, size_t size)
{
    char msg[LB_ERROR_SIZE] = "";
    if (!lb_check_params(p, msg, sizeof msg)) {
        lb_copy_error(err, size, msg);
        return NULL;
    }
    struct lb_encoder *e = calloc(1, sizeof *e);
    if (e) {
        size_t length = strlen(p->path);
        e->part = malloc(length + sizeof ".part");
        if (e->part)
            snprintf(e->part, length + sizeof ".part", "%s.part", p->path);
        e->path = strdup(p->path);
        e->packet = av_packet_alloc();
    }
    if (!e || !e->part || !e->path || !e->packet) {
        snprintf(msg, sizeof msg, "out of memory");
        goto fail;
    }
    int ret = avformat_alloc_output_context2(&e->mux, NULL, "mp4", e->part);
    if (ret < 0) {
        snprintf(msg, sizeof msg, "cannot set up an MP4 file: %s", av_err2str(ret));
        goto fail;
    }
    if (!lb_open_video(e, p, msg, sizeof msg) || !lb_open_audio(e, msg, sizeof msg) ||
        !lb_add_tags(e, p, msg, sizeof msg))
        goto fail;
    e->stop = p->stop;
    e->mux->interrupt_callback = (AVIOInterruptCB){ lb_stopped, e };
    ret = lb_create_part(e->part);
    if (ret == 0)
        e->file_open = true;
    if (ret == 0)
        ret = avio_open2(&e->mux->pb, e->part, AVIO_FLAG_WRITE, &e->mux->interrupt_callback,
                         NULL);
    if (ret < 0) {
        snprintf(msg, sizeof msg, "cannot create '%s': %s", e->part, av_err2str(ret));
        goto fail;
    }
    /* faststart: the index (moov) goes before the media at the end, so a TV reading from a
     * USB stick or a DLNA server can start without seeking to the end first. */
    AVDictionary *options = NULL;
    ret = av_dict_set(&options, "movflags", "+faststart", 0);
    if (ret >= 0)
        ret = avformat_write_header(e->mux, &options);
    av_dict_free(&options);
    if (ret < 0) {
        snprintf(msg, sizeof msg, "cannot write '%s': %s", e->part, av_err2str(ret));
        goto fail;
    }
    if (!start_thread(e)) {
        snprintf(msg, sizeof msg, "cannot start the encoding thread");
        goto fail;
    }
    return e;
fail:
    lb_copy_error(err, size, msg);
    lb_encoder_free(e);
    return NULL;
}

/* Hand every packet the encoder has ready to the muxer, which interleaves the two tracks. */
static bool lb_drain(struct lb_encoder *e, AVCodecContext *codec, AVStream *stream)
{
    for (;;) {
        int ret = avcodec_receive_packet(codec, e->packet);
        if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF)
            return true;
        if (ret < 0) {
            lb_fail(e, "cannot encode the %s: %s", codec == e->video ? "video" : "audio",
                    av_err2str(ret));
            return false;
        }
        /* libx264 leaves durations out; without them the last frame would have none. */
        if (codec == e->video)
            e->packet->duration = 1;
        av_packet_rescale_ts(e->packet, codec->time_base, stream->time_base);
        e->packet->stream_index = stream->index;
        ret = av_interleaved_write_frame(e->mux, e->packet);
        if (ret < 0) {
            lb_fail(e, "cannot write '%s': %s", e->part, av_err2str(ret));
            return false;
        }
    }
}

static bool lb_send(struct lb_encoder *e, AVCodecContext *codec, AVStream *stream,
                    const AVFrame *frame)
{
    int ret = avcodec_send_frame(codec, frame);
    if (ret < 0) {
        lb_fail(e, "cannot encode the %s: %s", codec == e->video ? "video" : "audio",
                av_err2str(ret));
        return false;
    }
    return lb_drain(e, codec, stream);
}

static bool encode_video(struct lb_encoder *e, const uint8_t *pixels, int pitch)
{
    if (e->error[0])
        return false;
    /* The encoder may still hold the last picture (frame threads): never write into it. */
    int ret = av_frame_make_writable(e->picture);
    if (ret < 0) {
        lb_fail(e, "cannot encode the video: %s", av_err2str(ret));
        return false;
    }
    const uint8_t *const planes[4] = { pixels };
    const int pitches[4] = { pitch };
    ret = sws_scale(e->sws, planes, pitches, 0, e->video->height, e->picture->data,
                    e->picture->linesize);
    if (ret < 0) {
        lb_fail(e, "cannot convert the video frame: %s", av_err2str(ret));
        return false;
    }
    e->picture->pts = e->frames;
    e->picture->pict_type = AV_PICTURE_TYPE_NONE;
    /* A keyframe where each chapter starts, so jumping to a step starts on its first frame. */
    while (e->next_keyframe < e->n_keyframes && e->keyframes[e->next_keyframe] <= e->frames) {
        if (e->keyframes[e->next_keyframe] == e->frames && e->frames > 0)
            e->picture->pict_type = AV_PICTURE_TYPE_I;
        e->next_keyframe++;
    }
    e->frames++;
    return lb_send(e, e->video, e->video_stream, e->picture);
}

static bool encode_audio(struct lb_encoder *e, const float *samples, int frames)
{
    if (e->error[0])
        return false;
    int frame_size = e->audio->frame_size;
    while (frames > 0) {
        if (e->sound_fill == 0) {
            int ret = av_frame_make_writable(e->sound);
            if (ret < 0) {
                lb_fail(e, "cannot encode the audio: %s", av_err2str(ret));
                return false;
            }
        }
        int count = frame_size - e->sound_fill;
        if (count > frames)
            count = frames;
        float *left = (float *)(void *)e->sound->data[0] + e->sound_fill;
        float *right = (float *)(void *)e->sound->data[1] + e->sound_fill;
        for (int i = 0; i < count; i++) {
            left[i] = samples[2 * i];
            right[i] = samples[2 * i + 1];
        }
        samples += 2 * count;
        frames -= count;
        e->sound_fill += count;
        if (e->sound_fill == frame_size) {
            e->sound->pts = e->samples;
            e->samples += frame_size;
            e->sound_fill = 0;
            if (!lb_send(e, e->audio, e->audio_stream, e->sound))
                return false;
        }
    }
    return true;
}

/* --- the encoding thread --- */

static void *encode_thread(void *arg)
{
    struct lb_encoder *e = arg;
    pthread_mutex_lock(&e->lock);
    for (;;) {
        while (e->count == 0 && !e->closing)
            pthread_cond_wait(&e->cond, &e->lock);
        if (e->count == 0)
            break;
        struct lb_job job = e->queue[e->head];
        bool skip = e->failed || e->discarding;
        pthread_mutex_unlock(&e->lock);
        bool ok = skip || (job.pixels ? encode_video(e, job.pixels, job.pitch)
                                      : encode_audio(e, job.samples, job.frames));
        free(job.samples);
        pthread_mutex_lock(&e->lock);
        if (job.pixels && e->n_pool < LB_QUEUE + 1)
            e->pool[e->n_pool++] = job.pixels;
        else
            free(job.pixels);
        e->failed = e->failed || !ok;
        e->head = (e->head + 1) % LB_QUEUE;
        e->count--;
        pthread_cond_broadcast(&e->cond);
    }
    pthread_mutex_unlock(&e->lock);
    return NULL;
}

static bool start_thread(struct lb_encoder *e)
{
    if (pthread_mutex_init(&e->lock, NULL) != 0)
        return false;
    if (pthread_cond_init(&e->cond, NULL) != 0) {
        pthread_mutex_destroy(&e->lock);
        return false;
    }
    e->thread_running = pthread_create(&e->thread, NULL, encode_thread, e) == 0;
    if (!e->thread_running) {
        pthread_cond_destroy(&e->cond);
        pthread_mutex_destroy(&e->lock);
    }
    return e->thread_running;
}

/* Let the thread finish (or, discarding, drop) what is queued, and wait for it. Returns
 * false when it met an error. */
static bool stop_thread(struct lb_encoder *e, bool discard)
{
    if (!e->thread_running)
        return !e->error[0];
    pthread_mutex_lock(&e->lock);
    e->closing = true;
    e->discarding = discard;
    pthread_cond_broadcast(&e->cond);
    pthread_mutex_unlock(&e->lock);
    pthread_join(e->thread, NULL);
    e->thread_running = false;
    for (int i = 0; i < e->n_pool; i++)
        free(e->pool[i]);
    e->n_pool = 0;
    pthread_cond_destroy(&e->cond);
    pthread_mutex_destroy(&e->lock);
    return !e->failed;
}

/* Hand a job to the thread, waiting while the queue is full. False (and the job freed) once
 * the thread has failed. */
static bool enqueue(struct lb_encoder *e, struct lb_job job)
{
    pthread_mutex_lock(&e->lock);
    while (e->count == LB_QUEUE && !e->failed)
        pthread_cond_wait(&e->cond, &e->lock);
    bool ok = !e->failed;
    if (ok) {
        e->queue[(e->head + e->count) % LB_QUEUE] = job;
        e->count++;
        pthread_cond_broadcast(&e->cond);
    }
    pthread_mutex_unlock(&e->lock);
    if (!ok) {
        free(job.pixels);
        free(job.samples);
    }
    return ok;
}

bool lb_encoder_video(struct lb_encoder *e, const uint8_t *pixels, int pitch)
{
    size_t bytes = (size_t)pitch * (size_t)e->video->height;
    uint8_t *copy = NULL;
    pthread_mutex_lock(&e->lock);
    if (e->n_pool > 0 && bytes == e->frame_bytes)
        copy = e->pool[--e->n_pool];
    pthread_mutex_unlock(&e->lock);
    if (!copy)
        copy = malloc(bytes);
    if (!copy) {
        snprintf(e->error, sizeof(e->error), "out of memory for a video frame");
        return false;
    }
    e->frame_bytes = bytes;
    memcpy(copy, pixels, bytes);
    return enqueue(e, (struct lb_job){.pixels = copy, .pitch = pitch});
}

bool lb_encoder_audio(struct lb_encoder *e, const float *samples, int frames)
{
    float *copy = malloc(sizeof(float) * 2 * (size_t)(frames > 0 ? frames : 1));
    if (!copy) {
        snprintf(e->error, sizeof(e->error), "out of memory for the sound");
        return false;
    }
    memcpy(copy, samples, sizeof(float) * 2 * (size_t)frames);
    return enqueue(e, (struct lb_job){.samples = copy, .frames = frames});
}

const char *lb_encoder_error(const struct lb_encoder *e)
{
    return e->error;
}

/* Send the last partial audio frame: short if the encoder takes it (the file then ends where
 * the sound does), else padded with silence. */
static bool lb_flush_sound(struct lb_encoder *e)
{
    if (e->sound_fill == 0)
        return true;
    if (e->audio->codec->capabilities & AV_CODEC_CAP_SMALL_LAST_FRAME) {
        e->sound->nb_samples = e->sound_fill;
    } else {
        size_t rest = (size_t)(e->audio->frame_size - e->sound_fill) * sizeof(float);
        for (int ch = 0; ch < 2; ch++)
            memset((float *)(void *)e->sound->data[ch] + e->sound_fill, 0, rest);
    }
    e->sound->pts = e->samples;
    e->samples += e->sound_fill;
    e->sound_fill = 0;
    return lb_send(e, e->audio, e->audio_stream, e->sound);
}

bool lb_encoder_finish(struct lb_encoder *e, char *err, size_t size)
{
    bool ok = stop_thread(e, false) && !e->error[0] && lb_flush_sound(e) &&
              lb_send(e, e->video, e->video_stream, NULL) &&
              lb_send(e, e->audio, e->audio_stream, NULL);
    int ret = 0;
    if (ok && (ret = av_write_trailer(e->mux)) < 0) {
        if (lb_stopped(e))
            lb_fail(e, "stopped while finishing '%s'", e->path);
        else
            lb_fail(e, "cannot write '%s': %s", e->part, av_err2str(ret));
        ok = false;
    }
    if (ok) {
        ret = avio_closep(&e->mux->pb);
        if (ret < 0) {
            lb_fail(e, "cannot write '%s': %s", e->part, av_err2str(ret));
            ok = false;
        }
    }
    /* On disk before it gets its name: a crash or a power cut right after the rename must not
     * leave a truncated PATH. Some file systems only report a full disk here. */
    if (ok) {
        int fd = open(e->part, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fsync(fd) != 0) {
            lb_fail(e, "cannot write '%s': %s", e->part, strerror(errno));
            ok = false;
        }
        if (fd >= 0)
            close(fd);
    }
    if (ok && lb_stopped(e)) {
        lb_fail(e, "stopped while finishing '%s'", e->path);
        ok = false;
    }
    if (ok && rename(e->part, e->path) != 0) {
        lb_fail(e, "cannot rename '%s' to '%s': %s", e->part, e->path, strerror(errno));
        ok = false;
    }
    if (ok)
        e->file_open = false;
    lb_copy_error(err, size, e->error);
    lb_encoder_free(e);
    return ok;
}

void lb_encoder_abort(struct lb_encoder *e)
{
    stop_thread(e, true);
    lb_encoder_free(e);
}
