/* Encoding a clip: H.264 video and AAC narration muxed into a fast-start, bit-exact MP4. */
#ifndef LB_ENCODE_H
#define LB_ENCODE_H

#include <stdbool.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>

#define LB_CLIP_AUDIO_RATE 48000

struct lb_encoder {
    AVFormatContext *mux;
    AVCodecContext *video, *audio;
    AVStream *video_stream, *audio_stream;
    struct SwsContext *to_yuv;
    AVFrame *picture;
    AVPacket *packet;
    int fps;
    int64_t frames;      /* video frames encoded so far */
    const float *voice;  /* mono narration at 48 kHz; owned by the caller, valid until close */
    int64_t voice_len;   /* samples in voice */
    int64_t voice_done;  /* samples encoded so far */
};

/*
 * Opens `path` for a width x height clip at `fps`, with `voice_len` samples of narration
 * (the caller makes it exactly as long as the video). The output is the same bytes every
 * time for the same input: single-threaded x264 and bit-exact flags on codecs and muxer.
 */
bool lb_encoder_open(struct lb_encoder *enc, const char *path, int width, int height, int fps,
                     const float *voice, int64_t voice_len);

/* Encodes one picture (cairo ARGB32, `stride` bytes a row) and the narration up to its end. */
bool lb_encoder_push(struct lb_encoder *enc, const uint8_t *argb, int stride);

/* Encodes what is left of the narration, drains both encoders and writes the index. */
bool lb_encoder_finish(struct lb_encoder *enc);

/* Frees everything; safe after a failed open and after finish. */
void lb_encoder_close(struct lb_encoder *enc);

#endif
