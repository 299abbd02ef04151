/* Where a clip's sound stops being heard: its sound decoded on the calling thread and measured
 * in 10 ms stretches. */
#include "audible.h"

#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avstring.h>
#include <libavutil/channel_layout.h>
#include <libavutil/time.h>
#include <libswresample/swresample.h>

#include "avio_fd.h"
#include "clip.h"
#include "clip_internal.h"

/* What the measuring has found so far. */
struct listening {
    SwrContext *swr;         /* the decoder's samples to mono float at their own rate */
    int rate;
    float *mono;
    int mono_cap;
    double sum;              /* of squares in the stretch being filled */
    int in_stretch;          /* samples in it */
    int64_t next_ms;         /* the time of the next sample read, from the trim start */
    int64_t audible_ms;      /* the end of the last audible stretch */
};

static int past_deadline(void *opaque)
{
    const int64_t *deadline = opaque;
    return av_gettime_relative() > *deadline;
}

/* Take a decoded frame's samples (from `at_ms` on the trimmed timeline), stretch by stretch. */
static bool listen(struct listening *l, const AVFrame *frame, int64_t at_ms, int64_t until_ms)
{
    int n = swr_get_out_samples(l->swr, frame->nb_samples);
    if (n > l->mono_cap) {
        float *grown = realloc(l->mono, (size_t)n * sizeof(*grown));
        if (!grown)
            return false;
        l->mono = grown;
        l->mono_cap = n;
    }
    uint8_t *out[1] = {(uint8_t *)l->mono};
    n = swr_convert(l->swr, out, n, (const uint8_t **)frame->extended_data, frame->nb_samples);
    if (n < 0)
        return false;
    int per_stretch = l->rate / 100;
    for (int i = 0; i < n; i++) {
        int64_t t = at_ms + (int64_t)i * 1000 / l->rate;
        if (t < 0 || (until_ms >= 0 && t >= until_ms))
            continue; /* before the trim start, or after its end */
        l->sum += (double)l->mono[i] * l->mono[i];
        if (++l->in_stretch == per_stretch) {
            if (sqrt(l->sum / per_stretch) > LB_AUDIBLE_RMS)
                l->audible_ms = t + 1;
            l->sum = 0;
            l->in_stretch = 0;
        }
    }
    return true;
}

int64_t lb_audible_ms(int fd, int64_t offset, int64_t length, const char *name,
                      int64_t start_ms, int64_t end_ms, int timeout_ms)
{
    int64_t deadline = av_gettime_relative() + (int64_t)timeout_ms * 1000;
    int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (own < 0)
        return -1;
    AVIOContext *pb = lb_avio_fd_open(own, offset, length > 0 ? length : -1, true);
    AVFormatContext *fmt = pb ? avformat_alloc_context() : NULL;
    AVCodecContext *dec = NULL;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    struct listening l = {.audible_ms = 0};
    int64_t result = -1;
    bool opened = false;
    if (!fmt || !pkt || !frame)
        goto done;
    const AVInputFormat *format = NULL;
    if (av_probe_input_buffer2(pb, &format, name, NULL, 0, 0) <= AVPROBE_SCORE_EXTENSION ||
        !format || !av_match_list(format->name, lb_clip_format_whitelist, ','))
        goto done;
    fmt->pb = pb;
    fmt->io_open = lb_clip_refuse_io;
    fmt->interrupt_callback = (AVIOInterruptCB){past_deadline, &deadline};
    if (avformat_open_input(&fmt, name, format, NULL) < 0) {
        fmt = NULL; /* freed by avformat_open_input */
        goto done;
    }
    opened = true;
    if (avformat_find_stream_info(fmt, NULL) < 0)
        goto done;
    int index = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
    if (index < 0) {
        result = 0; /* no sound: nothing is heard */
        goto done;
    }
    AVStream *st = fmt->streams[index];
    for (unsigned i = 0; i < fmt->nb_streams; i++) /* the picture is not read at all */
        if ((int)i != index)
            fmt->streams[i]->discard = AVDISCARD_ALL;
    const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
    dec = codec ? avcodec_alloc_context3(codec) : NULL;
    if (!dec || avcodec_parameters_to_context(dec, st->codecpar) < 0)
        goto done;
    dec->thread_count = 1;
    if (avcodec_open2(dec, codec, NULL) < 0 || dec->sample_rate <= 0)
        goto done;
    l.rate = dec->sample_rate;
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    if (swr_alloc_set_opts2(&l.swr, &mono, AV_SAMPLE_FMT_FLT, l.rate, &dec->ch_layout,
                            dec->sample_fmt, l.rate, 0, NULL) < 0 || swr_init(l.swr) < 0)
        goto done;
    int64_t first = fmt->start_time == AV_NOPTS_VALUE ? 0 : fmt->start_time / 1000;
    int64_t until = end_ms >= 0 ? end_ms - start_ms : -1;
    bool ok = true, past = false;
    while (ok && !past && av_gettime_relative() <= deadline) {
        int got = av_read_frame(fmt, pkt);
        if (got >= 0 && pkt->stream_index != index) {
            av_packet_unref(pkt);
            continue;
        }
        ok = avcodec_send_packet(dec, got >= 0 ? pkt : NULL) >= 0 || got < 0;
        av_packet_unref(pkt);
        while (ok && avcodec_receive_frame(dec, frame) >= 0) {
            int64_t at = frame->pts == AV_NOPTS_VALUE
                             ? l.next_ms
                             : av_rescale_q(frame->pts, st->time_base, (AVRational){1, 1000}) -
                                   first - start_ms;
            ok = listen(&l, frame, at, until);
            l.next_ms = at + (int64_t)frame->nb_samples * 1000 / l.rate;
            past = (until >= 0 && l.next_ms >= until) || l.next_ms >= LB_AUDIBLE_SPAN_MS;
            av_frame_unref(frame);
        }
        if (got < 0)
            break;
    }
    /* heard at the span's end: as if to the end (the caller's whole length) */
    bool beyond = l.next_ms >= LB_AUDIBLE_SPAN_MS && (until < 0 || until > LB_AUDIBLE_SPAN_MS) &&
                  l.audible_ms >= LB_AUDIBLE_SPAN_MS - 1000;
    if (ok && !beyond && av_gettime_relative() <= deadline)
        result = l.audible_ms;
done:
    swr_free(&l.swr);
    free(l.mono);
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&dec);
    if (opened)
        avformat_close_input(&fmt);
    else
        avformat_free_context(fmt);
    lb_avio_fd_close(&pb);
    return result;
}
