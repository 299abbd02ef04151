/* PNG files through libavcodec, written whole or not at all (util/safe_file). */
#include "png.h"


#include <libavcodec/avcodec.h>
#include <libavutil/imgutils.h>

#include "log.h"
#include "safe_file.h"

bool lb_png_write(SDL_Surface *s, const char *path)
{
    bool ok = false;
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
    AVCodecContext *ctx = codec ? avcodec_alloc_context3(codec) : NULL;
    AVFrame *frame = av_frame_alloc();
    AVPacket *pkt = av_packet_alloc();
    if (!ctx || !frame || !pkt) {
        lb_log_error("cannot write %s: no PNG encoder in libavcodec", path);
        goto done;
    }
    ctx->width = s->w;
    ctx->height = s->h;
    ctx->pix_fmt = AV_PIX_FMT_RGB24;
    ctx->time_base = (AVRational){1, 1};
    int err = avcodec_open2(ctx, codec, NULL);
    frame->format = AV_PIX_FMT_RGB24;
    frame->width = s->w;
    frame->height = s->h;
    if (err >= 0)
        err = av_frame_get_buffer(frame, 0);
    if (err < 0) {
        lb_log_error("cannot write %s: %s", path, av_err2str(err));
        goto done;
    }
    /* ARGB8888 words are B, G, R, A bytes in memory on little endian: pick out R, G, B. */
    for (int y = 0; y < s->h; y++) {
        const Uint32 *src = (const Uint32 *)(const void *)((const Uint8 *)s->pixels +
                                                           (size_t)y * s->pitch);
        uint8_t *dst = frame->data[0] + (size_t)y * frame->linesize[0];
        for (int x = 0; x < s->w; x++) {
            dst[3 * x] = (uint8_t)(src[x] >> 16);
            dst[3 * x + 1] = (uint8_t)(src[x] >> 8);
            dst[3 * x + 2] = (uint8_t)src[x];
        }
    }
    err = avcodec_send_frame(ctx, frame);
    if (err >= 0)
        err = avcodec_send_frame(ctx, NULL);
    if (err >= 0)
        err = avcodec_receive_packet(ctx, pkt);
    if (err < 0) {
        lb_log_error("cannot encode %s: %s", path, av_err2str(err));
        goto done;
    }
    /* Whole or not at all: a temporary beside the file, fsync'd and renamed over it, so a kill
     * or a full disk leaves the picture that was there (or none), never half of one, and a
     * link planted at the path is replaced, not written through. */
    char why[4400];
    if (!lb_file_replace(path, pkt->data, (size_t)pkt->size, 0666, why, sizeof(why))) {
        lb_log_error("%s", why);
        goto done;
    }
    ok = true;
done:
    av_packet_free(&pkt);
    av_frame_free(&frame);
    avcodec_free_context(&ctx);
    return ok;
}
