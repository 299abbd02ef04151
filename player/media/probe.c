/* Probing clips and recorded voice files for `check`: container, streams, decoders, length,
 * and whether the data reaches the stated end; remembered by path, size and time. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
#include <libavutil/time.h>

#include "avio_fd.h"
#include "clip.h"
#include "clip_internal.h"
#include "safe_file.h"

struct lb_probe_entry {
    char *path;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    struct lb_probe_result result;
};

void lb_probe_cache_init(struct lb_probe_cache *cache)
{
    *cache = (struct lb_probe_cache){0};
}

void lb_probe_cache_destroy(struct lb_probe_cache *cache)
{
    for (int i = 0; i < cache->count; i++)
        free(cache->entries[i].path);
    free(cache->entries);
    *cache = (struct lb_probe_cache){0};
}

static bool same_file(const struct lb_probe_entry *e, const char *path, const struct stat *st)
{
    return !strcmp(e->path, path) && e->dev == st->st_dev && e->ino == st->st_ino &&
           e->size == st->st_size && e->mtime.tv_sec == st->st_mtim.tv_sec &&
           e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static void remember(struct lb_probe_cache *cache, const char *path, const struct stat *st,
                     const struct lb_probe_result *r)
{
    for (int i = 0; i < cache->count; i++) {
        struct lb_probe_entry *e = &cache->entries[i];
        if (!strcmp(e->path, path)) {
            *e = (struct lb_probe_entry){e->path, st->st_dev, st->st_ino, st->st_size,
                                         st->st_mtim, *r};
            return;
        }
    }
    if (cache->count == cache->cap) {
        int cap = cache->cap ? cache->cap * 2 : 16;
        struct lb_probe_entry *entries = realloc(cache->entries, (size_t)cap * sizeof(*entries));
        if (!entries)
            return; /* not remembered: looked at again next time */
        cache->entries = entries;
        cache->cap = cap;
    }
    char *copy = strdup(path);
    if (copy)
        cache->entries[cache->count++] = (struct lb_probe_entry){copy, st->st_dev, st->st_ino,
                                                                 st->st_size, st->st_mtim, *r};
}

/* FFmpeg's blocking calls poll this: true once the time bound has passed. */
static int past_deadline(void *opaque)
{
    const int64_t *deadline = opaque;
    return av_gettime_relative() > *deadline;
}

static void describe_stream(const AVFormatContext *fmt, enum AVMediaType type,
                            struct lb_probe_stream *out)
{
    int i = av_find_best_stream((AVFormatContext *)fmt, type, -1, -1, NULL, 0);
    if (i < 0 && type == AVMEDIA_TYPE_VIDEO) {
        /* av_find_best_stream skips streams without a decoder: find those too. */
        for (unsigned k = 0; k < fmt->nb_streams && i < 0; k++)
            if (fmt->streams[k]->codecpar->codec_type == type)
                i = (int)k;
    }
    if (i < 0 && type == AVMEDIA_TYPE_AUDIO) {
        for (unsigned k = 0; k < fmt->nb_streams && i < 0; k++)
            if (fmt->streams[k]->codecpar->codec_type == type)
                i = (int)k;
    }
    if (i < 0)
        return;
    const AVStream *st = fmt->streams[i];
    if (type == AVMEDIA_TYPE_VIDEO && (st->disposition & AV_DISPOSITION_ATTACHED_PIC))
        return; /* cover art of a sound file is no picture to play */
    const AVCodecParameters *par = st->codecpar;
    out->present = true;
    out->duration_ms = st->duration != AV_NOPTS_VALUE
                           ? av_rescale_q(st->duration, st->time_base, (AVRational){1, 1000})
                           : -1;
    out->decodable = par->codec_id != AV_CODEC_ID_NONE && avcodec_find_decoder(par->codec_id);
    if (par->codec_id != AV_CODEC_ID_NONE) {
        snprintf(out->codec, sizeof(out->codec), "%s", avcodec_get_name(par->codec_id));
    } else {
        char tag[AV_FOURCC_MAX_STRING_SIZE];
        av_fourcc_make_string(tag, par->codec_tag);
        snprintf(out->codec, sizeof(out->codec), "%s", tag);
    }
}

/* Does the stream have data near its stated end? A copy that stopped early keeps the index of
 * a whole file (the MP4 'moov' written first) but not the pictures it points at. */
static bool reaches_end(AVFormatContext *fmt, int64_t duration_ms)
{
    int index = -1;
    for (unsigned k = 0; k < fmt->nb_streams && index < 0; k++)
        if (fmt->streams[k]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO ||
            fmt->streams[k]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
            index = (int)k;
    if (index < 0 || duration_ms <= 0)
        return true;
    int64_t start = fmt->start_time == AV_NOPTS_VALUE ? 0 : fmt->start_time;
    int64_t target = start + (duration_ms * 9 / 10) * 1000; /* AV_TIME_BASE units */
    if (av_seek_frame(fmt, -1, target, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY) < 0)
        return true; /* cannot tell: not every container seeks */
    AVPacket *pkt = av_packet_alloc();
    if (!pkt)
        return true;
    bool whole = false;
    for (int i = 0; i < 200; i++) {
        if (av_read_frame(fmt, pkt) < 0)
            break;
        bool good = pkt->size > 0 && !(pkt->flags & AV_PKT_FLAG_CORRUPT);
        av_packet_unref(pkt);
        if (good) {
            whole = true;
            break;
        }
    }
    av_packet_free(&pkt);
    return whole;
}

/* Open, recognise and describe: the probe itself, on the window [offset, offset + length)
 * (length -1: to the end) of an open descriptor it takes over. */
static void probe_fd(int fd, int64_t offset, int64_t length, const char *path, int timeout_ms,
                     struct lb_probe_result *r)
{
    int64_t deadline = av_gettime_relative() + (int64_t)timeout_ms * 1000;
    AVIOContext *pb = lb_avio_fd_open(fd, offset, length, true);
    AVFormatContext *fmt = pb ? avformat_alloc_context() : NULL;
    if (!fmt) {
        r->verdict = LB_PROBE_NOT_FILE;
        snprintf(r->reason, sizeof(r->reason), "out of memory");
        lb_avio_fd_close(&pb);
        return;
    }
    const AVInputFormat *format = NULL;
    /* Recognise the container from its bytes; a score at or under the one a matching file
     * name extension alone gives means the content itself was not recognised. */
    int score = av_probe_input_buffer2(pb, &format, path, NULL, 0, 0);
    bool recognised = score > AVPROBE_SCORE_EXTENSION && format;
    if (score < 0 || !format || !recognised || !av_match_list(format->name,
                                                              lb_clip_format_whitelist, ',')) {
        r->verdict = av_gettime_relative() > deadline ? LB_PROBE_TIMEOUT : LB_PROBE_NOT_MEDIA;
        if (format && recognised)
            snprintf(r->reason, sizeof(r->reason), "it is %s, not a video or sound file Limber "
                     "plays", format->long_name ? format->long_name : format->name);
        else
            snprintf(r->reason, sizeof(r->reason), "it is not a video or sound file (its "
                     "content is no format that Limber plays)");
        avformat_free_context(fmt);
        lb_avio_fd_close(&pb);
        return;
    }
    fmt->pb = pb;
    fmt->io_open = lb_clip_refuse_io;
    fmt->interrupt_callback = (AVIOInterruptCB){past_deadline, &deadline};
    int ret = avformat_open_input(&fmt, path, format, NULL);
    if (ret >= 0) {
        /* Decoders opened to fill in the streams' details run on this thread: starting a pool
         * of decoder threads costs more than the few frames they look at. */
        AVDictionary *one[16] = {0};
        unsigned n = fmt->nb_streams < 16 ? fmt->nb_streams : 16;
        for (unsigned i = 0; i < n; i++)
            av_dict_set(&one[i], "threads", "1", 0);
        ret = avformat_find_stream_info(fmt, fmt->nb_streams <= 16 ? one : NULL);
        for (unsigned i = 0; i < n; i++)
            av_dict_free(&one[i]);
    }
    if (ret < 0) {
        r->verdict = av_gettime_relative() > deadline ? LB_PROBE_TIMEOUT : LB_PROBE_DAMAGED;
        snprintf(r->reason, sizeof(r->reason), "it starts like %s but cannot be read (%s); "
                 "the copy may have stopped early: copy it again",
                 format->long_name ? format->long_name : format->name, av_err2str(ret));
        avformat_close_input(&fmt);
        lb_avio_fd_close(&pb);
        return;
    }
    r->verdict = LB_PROBE_MEDIA;
    r->duration_ms = fmt->duration == AV_NOPTS_VALUE ? -1 : fmt->duration / 1000;
    describe_stream(fmt, AVMEDIA_TYPE_VIDEO, &r->video);
    describe_stream(fmt, AVMEDIA_TYPE_AUDIO, &r->audio);
    if (!reaches_end(fmt, r->duration_ms)) {
        r->verdict = LB_PROBE_DAMAGED;
        char len[32];
        snprintf(len, sizeof(len), "%.1f s", (double)r->duration_ms / 1000.0);
        snprintf(r->reason, sizeof(r->reason), "its data ends before its stated length of %s; "
                 "the copy may have stopped early: copy it again", len);
    }
    if (av_gettime_relative() > deadline) {
        r->verdict = LB_PROBE_TIMEOUT;
        snprintf(r->reason, sizeof(r->reason), "looking inside it took over %d s",
                 timeout_ms / 1000);
    }
    avformat_close_input(&fmt);
    lb_avio_fd_close(&pb);
}

void lb_probe_file(struct lb_probe_cache *cache, const char *path, int timeout_ms,
                   struct lb_probe_result *out)
{
    *out = (struct lb_probe_result){.duration_ms = -1};
    struct stat st;
    char why[256];
    int fd = lb_file_open(path, 0, 0, &st, why, sizeof(why));
    if (fd < 0) {
        out->verdict = LB_PROBE_NOT_FILE;
        snprintf(out->reason, sizeof(out->reason), "%s", why);
        return;
    }
    for (int i = 0; cache && i < cache->count; i++) {
        if (same_file(&cache->entries[i], path, &st)) {
            *out = cache->entries[i].result;
            cache->hits++;
            close(fd);
            return;
        }
    }
    probe_fd(fd, 0, -1, path, timeout_ms, out);
    if (cache)
        remember(cache, path, &st, out);
}

int64_t lb_probe_sound_ms(const struct lb_probe_result *r, int64_t start_ms, int64_t end_ms)
{
    if (r->verdict != LB_PROBE_MEDIA && r->verdict != LB_PROBE_DAMAGED)
        return -1;
    if (!r->audio.present)
        return 0;
    int64_t len = r->audio.duration_ms >= 0 ? r->audio.duration_ms
                  : r->duration_ms >= 0     ? r->duration_ms
                                            : 0;
    int64_t end = end_ms >= 0 && end_ms < len ? end_ms : len;
    return end > start_ms ? end - start_ms : 0;
}

void lb_probe_window(int fd, int64_t offset, int64_t length, const char *name, int timeout_ms,
                     struct lb_probe_result *out)
{
    *out = (struct lb_probe_result){.duration_ms = -1};
    int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (own < 0) {
        out->verdict = LB_PROBE_NOT_FILE;
        snprintf(out->reason, sizeof(out->reason), "%s", strerror(errno));
        return;
    }
    if (length <= 0) { /* an empty window would mean "to the end of the file" */
        close(own);
        out->verdict = LB_PROBE_NOT_MEDIA;
        snprintf(out->reason, sizeof(out->reason), "it is empty");
        return;
    }
    probe_fd(own, offset, length, name, timeout_ms, out);
}
