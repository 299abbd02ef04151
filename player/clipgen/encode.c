/* H.264 + AAC encoding and MP4 muxing of a generated clip, made to be reproducible. */
#include <stdio.h>
#include <string.h>

#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>

#include "encode.h"

#define VIDEO_CRF "30"
#define VIDEO_PRESET "slow"
#define AUDIO_BITRATE 64000

static void log_av(const char *what, int err)
{
    fprintf(stderr, "limber-clipgen: %s: %s\n", what, av_err2str(err));
}

/* Sends `frame` (NULL to drain) and writes every packet the encoder gives back. */
static bool encode(struct lb_encoder *enc, AVCodecContext *codec, AVStream *stream,
                   AVFrame *frame)
{
    int err = avcodec_send_frame(codec, frame);
    if (err < 0) {
        log_av("sending a frame to the encoder", err);
        return false;
    }
    for (;;) {
        err = avcodec_receive_packet(codec, enc->packet);
        if (err == AVERROR(EAGAIN) || err == AVERROR_EOF)
            return true;
        if (err < 0) {
            log_av("encoding", err);
            return false;
        }
        if (enc->packet->duration == 0 && codec == enc->video)
            enc->packet->duration = 1; /* one frame, so the last one counts in the length */
        av_packet_rescale_ts(enc->packet, codec->time_base, stream->time_base);
        enc->packet->stream_index = stream->index;
        err = av_interleaved_write_frame(enc->mux, enc->packet);
        if (err < 0) {
            log_av("writing a packet", err);
            return false;
        }
    }
}

static AVCodecContext *open_video(struct lb_encoder *enc, int width, int height, int fps)
{
    const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) {
        fprintf(stderr, "limber-clipgen: this FFmpeg has no libx264 encoder\n");
        return NULL;
    }
    AVCodecContext *c = avcodec_alloc_context3(codec);
    if (!c)
        return NULL;
    c->width = width;
    c->height = height;
    c->time_base = (AVRational){1, fps};
    c->framerate = (AVRational){fps, 1};
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->gop_size = 2 * fps;
    c->thread_count = 1; /* several threads would make the output depend on timing */
    c->flags |= AV_CODEC_FLAG_BITEXACT;
    c->colorspace = AVCOL_SPC_BT709;
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_BT709;
    c->color_range = AVCOL_RANGE_MPEG;
    if (enc->mux->oformat->flags & AVFMT_GLOBALHEADER)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    av_opt_set(c->priv_data, "preset", VIDEO_PRESET, 0);
    av_opt_set(c->priv_data, "tune", "animation", 0);
    av_opt_set(c->priv_data, "crf", VIDEO_CRF, 0);
    int err = avcodec_open2(c, codec, NULL);
    if (err < 0) {
        log_av("opening libx264", err);
        avcodec_free_context(&c);
    }
    return c;
}

static AVCodecContext *open_audio(struct lb_encoder *enc)
{
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (!codec) {
        fprintf(stderr, "limber-clipgen: this FFmpeg has no AAC encoder\n");
        return NULL;
    }
    AVCodecContext *c = avcodec_alloc_context3(codec);
    if (!c)
        return NULL;
    c->sample_fmt = AV_SAMPLE_FMT_FLTP;
    c->sample_rate = LB_CLIP_AUDIO_RATE;
    c->ch_layout = (AVChannelLayout)AV_CHANNEL_LAYOUT_MONO;
    c->bit_rate = AUDIO_BITRATE;
    c->time_base = (AVRational){1, LB_CLIP_AUDIO_RATE};
    c->flags |= AV_CODEC_FLAG_BITEXACT;
    if (enc->mux->oformat->flags & AVFMT_GLOBALHEADER)
        c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    int err = avcodec_open2(c, codec, NULL);
    if (err < 0) {
        log_av("opening the AAC encoder", err);
        avcodec_free_context(&c);
    }
    return c;
}

static AVStream *add_stream(struct lb_encoder *enc, const AVCodecContext *codec)
{
    AVStream *st = avformat_new_stream(enc->mux, NULL);
    if (!st)
        return NULL;
    st->time_base = codec->time_base;
    if (avcodec_parameters_from_context(st->codecpar, codec) < 0)
        return NULL;
    return st;
}

bool lb_encoder_open(struct lb_encoder *enc, const char *path, int width, int height, int fps,
                     const float *voice, int64_t voice_len)
{
    memset(enc, 0, sizeof(*enc));
    enc->fps = fps;
    enc->voice = voice;
    enc->voice_len = voice_len;
    int err = avformat_alloc_output_context2(&enc->mux, NULL, "mp4", path);
    if (err < 0) {
        log_av(path, err);
        return false;
    }
    enc->mux->flags |= AVFMT_FLAG_BITEXACT;
    enc->video = open_video(enc, width, height, fps);
    enc->audio = open_audio(enc);
    if (!enc->video || !enc->audio)
        goto fail;
    enc->video_stream = add_stream(enc, enc->video);
    enc->audio_stream = add_stream(enc, enc->audio);
    enc->picture = av_frame_alloc();
    enc->packet = av_packet_alloc();
    if (!enc->video_stream || !enc->audio_stream || !enc->picture || !enc->packet)
        goto fail;
    enc->picture->format = AV_PIX_FMT_YUV420P;
    enc->picture->width = width;
    enc->picture->height = height;
    if (av_frame_get_buffer(enc->picture, 0) < 0)
        goto fail;

    enc->to_yuv = sws_getContext(width, height, AV_PIX_FMT_RGB32, width, height,
                                 AV_PIX_FMT_YUV420P,
                                 SWS_BICUBIC | SWS_ACCURATE_RND | SWS_BITEXACT, NULL, NULL,
                                 NULL);
    if (!enc->to_yuv)
        goto fail;
    sws_setColorspaceDetails(enc->to_yuv, sws_getCoefficients(SWS_CS_ITU709), 1,
                             sws_getCoefficients(SWS_CS_ITU709), 0, 0, 1 << 16, 1 << 16);

    err = avio_open(&enc->mux->pb, path, AVIO_FLAG_WRITE);
    if (err < 0) {
        log_av(path, err);
        goto fail;
    }
    AVDictionary *opts = NULL;
    av_dict_set(&opts, "movflags", "+faststart", 0);
    err = avformat_write_header(enc->mux, &opts);
    av_dict_free(&opts);
    if (err < 0) {
        log_av("writing the MP4 header", err);
        goto fail;
    }
    return true;

fail:
    fprintf(stderr, "limber-clipgen: could not start %s\n", path);
    lb_encoder_close(enc);
    return false;
}

/* Encodes narration up to sample `until` in encoder-sized frames (the last may be short). */
static bool push_voice(struct lb_encoder *enc, int64_t until)
{
    int size = enc->audio->frame_size;
    until = until < enc->voice_len ? until : enc->voice_len;
    while (enc->voice_done < until && (until - enc->voice_done >= size
                                       || until == enc->voice_len)) {
        int64_t left = enc->voice_len - enc->voice_done;
        int n = left < size ? (int)left : size;
        AVFrame *sound = av_frame_alloc();
        if (!sound)
            return false;
        sound->format = AV_SAMPLE_FMT_FLTP;
        sound->sample_rate = LB_CLIP_AUDIO_RATE;
        sound->ch_layout = (AVChannelLayout)AV_CHANNEL_LAYOUT_MONO;
        sound->nb_samples = n;
        sound->pts = enc->voice_done;
        bool ok = av_frame_get_buffer(sound, 0) >= 0;
        if (ok) {
            memcpy(sound->data[0], enc->voice + enc->voice_done, n * sizeof(float));
            ok = encode(enc, enc->audio, enc->audio_stream, sound);
        }
        av_frame_free(&sound);
        if (!ok)
            return false;
        enc->voice_done += n;
    }
    return true;
}

bool lb_encoder_push(struct lb_encoder *enc, const uint8_t *argb, int stride)
{
    if (av_frame_make_writable(enc->picture) < 0)
        return false;
    const uint8_t *src[1] = {argb};
    int src_stride[1] = {stride};
    sws_scale(enc->to_yuv, src, src_stride, 0, enc->picture->height, enc->picture->data,
              enc->picture->linesize);
    enc->picture->pts = enc->frames++;
    if (!encode(enc, enc->video, enc->video_stream, enc->picture))
        return false;
    return push_voice(enc, enc->frames * LB_CLIP_AUDIO_RATE / enc->fps);
}

bool lb_encoder_finish(struct lb_encoder *enc)
{
    if (!push_voice(enc, enc->voice_len))
        return false;
    if (!encode(enc, enc->video, enc->video_stream, NULL)
        || !encode(enc, enc->audio, enc->audio_stream, NULL))
        return false;
    int err = av_write_trailer(enc->mux);
    if (err < 0) {
        log_av("finishing the MP4", err);
        return false;
    }
    return true;
}

void lb_encoder_close(struct lb_encoder *enc)
{
    sws_freeContext(enc->to_yuv);
    av_frame_free(&enc->picture);
    av_packet_free(&enc->packet);
    avcodec_free_context(&enc->video);
    avcodec_free_context(&enc->audio);
    if (enc->mux) {
        if (enc->mux->pb)
            avio_closep(&enc->mux->pb);
        avformat_free_context(enc->mux);
    }
    memset(enc, 0, sizeof(*enc));
}
