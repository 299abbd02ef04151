/* The decoder threads: packets to frames; video frames and resampled audio stamped with their
 * position in the trimmed clip, cut to the trimmed range, queued for the player. */
#include "clip_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/pixdesc.h>

#define LB_MAX_DECODE_ERRORS 25 /* consecutive errors before the clip is declared broken */

bool lb_clip_open_decoder(struct lb_clip *clip, struct lb_clip_stream *s, char *err,
                          size_t err_size);

/* Offered formats: the hardware one if the device took, else the first software one. */
static enum AVPixelFormat lb_pick_format(AVCodecContext *codec, const enum AVPixelFormat *fmts)
{
    const struct lb_clip_stream *s = codec->opaque;
    for (const enum AVPixelFormat *p = fmts; *p != AV_PIX_FMT_NONE; p++)
        if ((int)*p == s->hw_format)
            return *p;
    for (const enum AVPixelFormat *p = fmts; *p != AV_PIX_FMT_NONE; p++) {
        const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(*p);
        if (desc && !(desc->flags & AV_PIX_FMT_FLAG_HWACCEL))
            return *p;
    }
    return AV_PIX_FMT_NONE;
}

/* Attach a hardware device to the video decoder if params->hwdec asks for one and one opens. */
static void lb_try_hwdec(struct lb_clip *clip, struct lb_clip_stream *s, const AVCodec *codec)
{
    const char *name = clip->params.hwdec;
    if (!name || !name[0] || strcmp(name, "no") == 0)
        return;
    bool any = strcmp(name, "auto") == 0;
    enum AVHWDeviceType wanted = any ? AV_HWDEVICE_TYPE_NONE : av_hwdevice_find_type_by_name(name);
    if (!any && wanted == AV_HWDEVICE_TYPE_NONE) {
        av_log(NULL, AV_LOG_WARNING, "[media] unknown hwdec '%s', decoding '%s' in software\n",
               name, clip->path);
        return;
    }
    const AVCodecHWConfig *config;
    for (int i = 0; (config = avcodec_get_hw_config(codec, i)); i++) {
        if (!(config->methods & AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX))
            continue;
        if (!any && config->device_type != wanted)
            continue;
        AVBufferRef *device = NULL;
        int ret = av_hwdevice_ctx_create(&device, config->device_type, NULL, NULL, 0);
        if (ret < 0) {
            av_log(NULL, AV_LOG_VERBOSE, "[media] hwdec %s unavailable: %s\n",
                   av_hwdevice_get_type_name(config->device_type), av_err2str(ret));
            continue;
        }
        s->codec->hw_device_ctx = av_buffer_ref(device);
        if (!s->codec->hw_device_ctx) {
            av_buffer_unref(&device);
            break;
        }
        clip->hw_device = device;
        s->hw_format = config->pix_fmt;
        s->codec->opaque = s;
        s->codec->get_format = lb_pick_format;
        snprintf(clip->info.hwdec, sizeof(clip->info.hwdec), "%s",
                 av_hwdevice_get_type_name(config->device_type));
        av_log(NULL, AV_LOG_INFO, "[media] %s: hardware decoding with %s\n", clip->name,
               clip->info.hwdec);
        return;
    }
    av_log(NULL, AV_LOG_WARNING, "[media] %s: no hardware decoder (hwdec=%s) for %s, "
           "decoding in software\n", clip->name, name, codec->name);
}

bool lb_clip_open_decoder(struct lb_clip *clip, struct lb_clip_stream *s, char *err,
                          size_t err_size)
{
    const AVCodecParameters *par = s->stream->codecpar;
    const char *what = par->codec_type == AVMEDIA_TYPE_VIDEO ? "video" : "audio";
    s->hw_format = -1;
    const AVCodec *codec = avcodec_find_decoder(par->codec_id);
    if (!codec) {
        snprintf(err, err_size, "cannot play %s: no decoder for its %s (%s)", clip->name,
                 what, avcodec_get_name(par->codec_id));
        return false;
    }
    s->codec = avcodec_alloc_context3(codec);
    if (!s->codec) {
        snprintf(err, err_size, "cannot open %s: out of memory", clip->name);
        return false;
    }
    int ret = avcodec_parameters_to_context(s->codec, par);
    if (ret >= 0) {
        s->codec->pkt_timebase = s->stream->time_base;
        /* Two threads: 1080p30 needs a fraction of one core, and every frame thread keeps its
         * own reference frames (auto threads cost ~20 MB more at 1080p, measured). */
        s->codec->thread_count = par->codec_type == AVMEDIA_TYPE_VIDEO ? 2 : 1;
        if (par->codec_type == AVMEDIA_TYPE_VIDEO)
            lb_try_hwdec(clip, s, codec);
        ret = avcodec_open2(s->codec, codec, NULL);
    }
    if (ret < 0) {
        snprintf(err, err_size, "cannot decode the %s of %s (%s): %s", what, clip->name,
                 codec->name, av_err2str(ret));
        return false;
    }
    return true;
}

static void lb_decode_error(struct lb_clip_stream *s, int ret)
{
    struct lb_clip *clip = s->clip;
    const char *what = s == &clip->video ? "video" : "audio";
    if (++s->errors == LB_MAX_DECODE_ERRORS)
        lb_clip_fail(clip, "%s: too many %s decoding errors: %s", clip->name, what,
                     av_err2str(ret));
    else if (s->errors < 4)
        av_log(NULL, AV_LOG_WARNING, "[media] %s: %s decoding error: %s\n", clip->name,
               what, av_err2str(ret));
}

typedef bool (*lb_frame_handler)(struct lb_clip_stream *s, AVFrame *frame);

/* Send one packet (NULL: drain) and pass every frame that comes out to handle. Returns false
 * only when the clip is closing. */
static bool lb_decode(struct lb_clip_stream *s, const AVPacket *packet, AVFrame *frame,
                      lb_frame_handler handle)
{
    int ret = avcodec_send_packet(s->codec, packet);
    if (ret < 0 && ret != AVERROR_EOF)
        lb_decode_error(s, ret);
    for (;;) {
        ret = avcodec_receive_frame(s->codec, frame);
        if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF)
            return true;
        if (ret < 0) {
            lb_decode_error(s, ret);
            return !atomic_load(&s->clip->abort);
        }
        s->errors = 0;
        if (!handle(s, frame))
            return false;
    }
}

/* Hand a frame to the player: stamp its serial, iteration and times; moves frame's references. */
static bool lb_emit(struct lb_clip_stream *s, AVFrame *frame, int64_t pos, int64_t length)
{
    struct lb_frame_meta meta = { .serial = s->serial, .iteration = s->iteration, .pos = pos,
                                  .time = (int64_t)s->iteration * (length > 0 ? length : 0)
                                          + pos };
    atomic_fetch_add(&s->delivered, 1);
    return lb_frame_queue_put(&s->frames, &meta, frame);
}

static bool lb_video_frame(struct lb_clip_stream *s, AVFrame *frame)
{
    struct lb_clip *clip = s->clip;
    if (frame->hw_frames_ctx && frame->format == s->hw_format) {
        AVFrame *soft = av_frame_alloc();
        int ret = soft ? av_hwframe_transfer_data(soft, frame, 0) : AVERROR(ENOMEM);
        if (ret >= 0)
            ret = av_frame_copy_props(soft, frame);
        av_frame_unref(frame);
        if (ret < 0) {
            av_frame_free(&soft);
            lb_decode_error(s, ret);
            return true;
        }
        av_frame_move_ref(frame, soft);
        av_frame_free(&soft);
    }
    int64_t pos;
    if (frame->best_effort_timestamp != AV_NOPTS_VALUE) {
        pos = lb_clip_ts_to_ms(clip, s->stream, frame->best_effort_timestamp);
    } else {
        double rate = clip->info.frame_rate > 0 ? clip->info.frame_rate : 25.0;
        pos = s->last_pos_ms + (int64_t)(1000.0 / rate);
    }
    s->last_pos_ms = pos;
    int64_t length = lb_clip_length(clip);
    if (length > 0 && pos >= length) {
        av_frame_unref(frame);
        return true;
    }
    if (pos < s->target) {
        /* Before the wanted start: keep the latest, it is what shows at the start. */
        av_frame_unref(s->held);
        av_frame_move_ref(s->held, frame);
        s->held_valid = true;
        return true;
    }
    if (s->held_valid) {
        s->held_valid = false;
        if (pos > s->target && !lb_emit(s, s->held, s->target, length))
            return false;
        av_frame_unref(s->held);
    }
    return lb_emit(s, frame, pos, length);
}

/* Make s->swr convert frame's format to the output format. */
static bool lb_audio_converter(struct lb_clip_stream *s, const AVFrame *frame)
{
    struct lb_clip *clip = s->clip;
    if (s->swr && frame->format == s->swr_in_format && frame->sample_rate == s->swr_in_rate
        && av_channel_layout_compare(&frame->ch_layout, &s->swr_in_layout) == 0)
        return true;
    swr_free(&s->swr);
    av_channel_layout_uninit(&s->swr_in_layout);
    AVChannelLayout in = { 0 };
    AVChannelLayout out = { 0 };
    int ret = 0;
    if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
        av_channel_layout_default(&in, frame->ch_layout.nb_channels);
    else
        ret = av_channel_layout_copy(&in, &frame->ch_layout);
    av_channel_layout_default(&out, clip->params.channels);
    if (ret >= 0)
        ret = swr_alloc_set_opts2(&s->swr, &out, AV_SAMPLE_FMT_FLT, clip->params.sample_rate,
                                  &in, frame->format, frame->sample_rate, 0, NULL);
    /* Mono goes to both speakers at full level, not the -3 dB of a centre channel. */
    static const double both_full[2] = { 1.0, 1.0 };
    if (ret >= 0 && in.nb_channels == 1 && out.nb_channels == 2)
        ret = swr_set_matrix(s->swr, both_full, 1);
    if (ret >= 0)
        ret = swr_init(s->swr);
    if (ret >= 0)
        ret = av_channel_layout_copy(&s->swr_in_layout, &frame->ch_layout);
    av_channel_layout_uninit(&in);
    av_channel_layout_uninit(&out);
    if (ret < 0) {
        swr_free(&s->swr);
        lb_clip_fail(clip, "%s: cannot convert its audio (%d Hz, %d channels): %s",
                     clip->name, frame->sample_rate, frame->ch_layout.nb_channels,
                     av_err2str(ret));
        return false;
    }
    s->swr_in_format = frame->format;
    s->swr_in_rate = frame->sample_rate;
    return true;
}

/* Convert input (NULL: flush the converter) and queue the part inside the wanted range. */
static bool lb_audio_convert(struct lb_clip_stream *s, const AVFrame *input)
{
    struct lb_clip *clip = s->clip;
    int rate = clip->params.sample_rate;
    int channels = clip->params.channels;
    int room = swr_get_out_samples(s->swr, input ? input->nb_samples : 0);
    if (room <= 0)
        return true;
    AVFrame *out = av_frame_alloc();
    if (!out)
        return true;
    out->format = AV_SAMPLE_FMT_FLT;
    out->sample_rate = rate;
    out->nb_samples = room;
    av_channel_layout_default(&out->ch_layout, channels);
    int n = av_frame_get_buffer(out, 0);
    if (n >= 0)
        n = swr_convert(s->swr, out->data, room,
                        input ? (const uint8_t **)input->extended_data : NULL,
                        input ? input->nb_samples : 0);
    int64_t length = lb_clip_length(clip);
    int64_t length_samples = length > 0 ? av_rescale(length, rate, 1000) : INT64_MAX;
    int64_t start = s->next_sample;
    s->next_sample += n > 0 ? n : 0;
    int64_t front = s->target > start ? s->target - start : 0;
    int64_t back = start + n > length_samples ? start + n - length_samples : 0;
    bool ok = true;
    if (n > 0 && front + back < n) {
        int keep = (int)(n - front - back);
        size_t frame_size = sizeof(float) * (size_t)channels;
        if (front)
            memmove(out->data[0], out->data[0] + front * frame_size, keep * frame_size);
        out->nb_samples = keep;
        ok = lb_emit(s, out, start + front, length > 0 ? length_samples : 0);
    }
    av_frame_free(&out);
    return ok;
}

static bool lb_audio_frame(struct lb_clip_stream *s, AVFrame *frame)
{
    struct lb_clip *clip = s->clip;
    int rate = clip->params.sample_rate;
    bool ok = true;
    if (lb_audio_converter(s, frame)) {
        if (frame->best_effort_timestamp != AV_NOPTS_VALUE) {
            int64_t at = av_rescale_q(frame->best_effort_timestamp, s->stream->time_base,
                                      (AVRational){ 1, rate })
                         - av_rescale(clip->origin_ms + clip->start_ms, rate, 1000);
            /* Count samples; follow the timestamps only across real jumps. */
            if (!s->next_sample_valid || llabs(at - s->next_sample) > rate / 20)
                s->next_sample = at;
        } else if (!s->next_sample_valid) {
            s->next_sample = s->target;
        }
        s->next_sample_valid = true;
        ok = lb_audio_convert(s, frame);
    }
    av_frame_unref(frame);
    return ok;
}

/* A new run: after a seek forget the decoder's state, then note the wanted start. */
static void lb_decoder_segment(struct lb_clip_stream *s, const struct lb_packet_meta *meta)
{
    if (meta->serial != s->serial) {
        avcodec_flush_buffers(s->codec);
        s->serial = meta->serial;
        s->errors = 0; /* a loop restart keeps counting: a clip of bad packets must fail */
        if (s->swr)
            swr_init(s->swr);
    }
    bool audio = s == &s->clip->audio;
    s->iteration = meta->iteration;
    s->target = audio ? av_rescale(meta->target_ms, s->clip->params.sample_rate, 1000)
                      : meta->target_ms;
    s->last_pos_ms = meta->target_ms;
    s->run_delivered = atomic_load(&s->delivered);
    s->next_sample_valid = false;
    av_frame_unref(s->held);
    s->held_valid = false;
}

/* The run ended: get every frame out of the decoder and reset it for the next run. */
static bool lb_decoder_end(struct lb_clip_stream *s, const struct lb_packet_meta *meta,
                           AVFrame *frame, lb_frame_handler handle)
{
    bool ok = lb_decode(s, NULL, frame, handle);
    avcodec_flush_buffers(s->codec);
    if (ok && s->held_valid) {
        s->held_valid = false;
        ok = lb_emit(s, s->held, s->target, lb_clip_length(s->clip));
    }
    if (ok && s->swr) {
        ok = lb_audio_convert(s, NULL);
        swr_init(s->swr);
    }
    /* A whole run of packets and not one picture: the video is broken beyond what error
     * concealment can show. Say so (the player shows the clip's card) instead of a blank. */
    if (ok && s == &s->clip->video && meta->serial == s->serial
        && atomic_load(&s->delivered) == s->run_delivered && !atomic_load(&s->clip->abort))
        lb_clip_fail(s->clip, "%s: no picture could be decoded from it", s->clip->name);
    if (meta->last)
        lb_frame_queue_set_end(&s->frames, meta->serial);
    return ok;
}

static void *lb_decoder_main(struct lb_clip_stream *s, lb_frame_handler handle)
{
    AVPacket *packet = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    s->held = av_frame_alloc();
    if (!packet || !frame || !s->held) {
        lb_clip_fail(s->clip, "%s: out of memory", s->clip->name);
        lb_frame_queue_set_end(&s->frames, 0);
        goto done;
    }
    struct lb_packet_meta meta;
    bool ok = true;
    while (ok && lb_packet_queue_get(&s->packets, &meta, packet)) {
        switch (meta.kind) {
        case LB_PACKET_SEGMENT:
            lb_decoder_segment(s, &meta);
            break;
        case LB_PACKET_DATA:
            if (!atomic_load(&s->clip->failed))
                ok = lb_decode(s, packet, frame, handle);
            av_packet_unref(packet);
            break;
        case LB_PACKET_END:
            ok = lb_decoder_end(s, &meta, frame, handle);
            break;
        }
    }
done:
    av_frame_free(&frame);
    av_packet_free(&packet);
    return NULL;
}

void *lb_clip_video_main(void *arg)
{
    return lb_decoder_main(arg, lb_video_frame);
}

void *lb_clip_audio_main(void *arg)
{
    return lb_decoder_main(arg, lb_audio_frame);
}
