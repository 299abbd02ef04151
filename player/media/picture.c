/* Decoded frame to packed BGRA: swscale for size, matrix and range; rotation and mirror after. */
#include "picture.h"

#include <string.h>

#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

/* The pixel format swscale should read: the full-range "J" formats are deprecated aliases. */
static enum AVPixelFormat source_format(const AVFrame *frame, bool *full_range)
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
static int scale(struct lb_picture *p, const AVFrame *frame, uint8_t *dst, int pitch,
                 int width, int height)
{
    bool full_range;
    enum AVPixelFormat format = source_format(frame, &full_range);
    int colorspace = frame->colorspace == AVCOL_SPC_UNSPECIFIED
                     ? (frame->height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601)
                     : (int)frame->colorspace;
    /* One context per sizes, formats and matrix, made (and its tables built) only when one
     * of them changes, not for every frame. */
    int key[LB_PICTURE_KEY] = {frame->width, frame->height, format, width, height, colorspace,
                               full_range};
    if (!p->sws || memcmp(key, p->key, sizeof(key)) != 0) {
        sws_freeContext(p->sws);
        p->sws = sws_getContext(frame->width, frame->height, format, width, height,
                                AV_PIX_FMT_BGRA, SWS_BILINEAR, NULL, NULL, NULL);
        if (!p->sws) {
            av_log(NULL, AV_LOG_ERROR, "[media] %s: cannot convert %dx%d %s to BGRA\n",
                   p->source[0] ? p->source : "picture", frame->width, frame->height,
                   av_get_pix_fmt_name(format));
            return AVERROR(EINVAL);
        }
        memcpy(p->key, key, sizeof(key));
        const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(format);
        if (desc && !(desc->flags & AV_PIX_FMT_FLAG_RGB))
            sws_setColorspaceDetails(p->sws, sws_getCoefficients(colorspace), full_range,
                                     sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16,
                                     1 << 16);
    }
    uint8_t *planes[4] = {dst};
    int pitches[4] = {pitch};
    int ret = sws_scale(p->sws, (const uint8_t *const *)frame->data, frame->linesize, 0,
                        frame->height, planes, pitches);
    return ret < 0 ? ret : 0;
}

/* Copy the upright source (src_w x src_h, tight 32-bit pixels) into dst turned clockwise by
 * rotation degrees and then mirrored if asked. One loop per case: this runs on every pixel of
 * every frame of a mirrored side. */
static void turn(const uint32_t *src, int src_w, int src_h, uint8_t *dst, int pitch,
                 int width, int height, int rotation, bool mirror)
{
    for (int y = 0; y < height; y++) {
        uint32_t *row = (uint32_t *)(void *)(dst + (size_t)y * (size_t)pitch);
        if (rotation == 0 || rotation == 180) {
            /* A whole source row, read forwards or backwards. */
            const uint32_t *in = rotation == 0 ? src + (size_t)y * (size_t)src_w
                                               : src + (size_t)(src_h - 1 - y) * (size_t)src_w;
            bool backwards = mirror != (rotation == 180);
            if (!backwards) {
                memcpy(row, in, (size_t)width * 4);
            } else {
                for (int x = 0; x < width; x++)
                    row[x] = in[width - 1 - x];
            }
            continue;
        }
        /* 90 or 270: a source column. */
        for (int x = 0; x < width; x++) {
            int ox = mirror ? width - 1 - x : x;
            int sx = rotation == 90 ? y : src_w - 1 - y;
            int sy = rotation == 90 ? src_h - 1 - ox : ox;
            row[x] = src[(size_t)sy * (size_t)src_w + (size_t)sx];
        }
    }
}

int lb_picture_convert(struct lb_picture *p, const AVFrame *frame, int rotation, bool mirror,
                       uint8_t *dst, int pitch, int width, int height)
{
    if (!frame || width <= 0 || height <= 0 || pitch < 4 * width || (pitch & 3))
        return AVERROR(EINVAL);
    if (rotation == 0 && !mirror)
        return scale(p, frame, dst, pitch, width, height);
    bool sideways = rotation == 90 || rotation == 270;
    int src_w = sideways ? height : width;
    int src_h = sideways ? width : height;
    size_t size = (size_t)src_w * (size_t)src_h * 4;
    if (size > p->rotate_buf_size) {
        uint8_t *buf = av_realloc(p->rotate_buf, size);
        if (!buf)
            return AVERROR(ENOMEM);
        p->rotate_buf = buf;
        p->rotate_buf_size = size;
    }
    int ret = scale(p, frame, p->rotate_buf, src_w * 4, src_w, src_h);
    if (ret < 0)
        return ret;
    turn((const uint32_t *)(void *)p->rotate_buf, src_w, src_h, dst, pitch, width, height,
         rotation, mirror);
    return 0;
}

void lb_picture_destroy(struct lb_picture *p)
{
    sws_freeContext(p->sws);
    av_freep(&p->rotate_buf);
    p->sws = NULL;
    p->rotate_buf_size = 0;
}
