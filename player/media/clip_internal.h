/* The inside of struct lb_clip, shared by clip.c, clip_demux.c, clip_decode.c, clip_video.c and
 * clip_audio.c; not for use outside player/media. */
#ifndef LB_CLIP_INTERNAL_H
#define LB_CLIP_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswresample/swresample.h>
#include "clip.h"
#include "frame_queue.h"
#include "packet_queue.h"
#include "picture.h"

#define LB_VIDEO_PACKETS 192 /* room for ~6 s at 30 fps: covers loose interleaving */
#define LB_AUDIO_PACKETS 256
/* ...but not for megabytes of a high-bitrate clip: 192 packets of a phone's 4K video are ~40 MB.
 * Past these bytes a queue takes no more once it holds LB_MIN_PACKETS (over 1 s at 30 fps, and
 * well over the interleaving distance of phone and camera files). */
#define LB_VIDEO_PACKET_BYTES (2 * 1024 * 1024)
#define LB_AUDIO_PACKET_BYTES (1024 * 1024)
#define LB_MIN_PACKETS 48
#define LB_VIDEO_FRAMES 3
#define LB_AUDIO_FRAMES 9

/* One decoded stream with its decoder thread. */
struct lb_clip_stream {
    struct lb_clip *clip;
    bool active;            /* false: the file has no such stream (or audio is skipped) */
    int index;              /* stream index in the format context */
    AVStream *stream;       /* owned by clip->format */
    AVCodecContext *codec;  /* owned; used only by the decoder thread after open */
    struct lb_packet_queue packets;
    struct lb_frame_queue frames;
    pthread_t thread;
    bool thread_started;
    atomic_llong delivered; /* frames put into the frame queue */
    int hw_format;          /* video: enum AVPixelFormat of hardware frames, or -1 */

    /* Decoder-thread state (no lock: only the decoder thread touches it after open). */
    int serial;
    int iteration;
    int64_t target;         /* first wanted position of this run, ms (video) or samples (audio) */
    int64_t last_pos_ms;    /* video: position of the previous frame, for missing timestamps */
    int errors;             /* consecutive decoding errors */
    int64_t run_delivered;  /* delivered when this run began: a run that adds none shows
                             * nothing, and a clip whose video never shows anything fails */
    AVFrame *held;          /* video: last frame before target, shown at target */
    bool held_valid;
    SwrContext *swr;        /* audio: to the output format; rebuilt on input format change */
    AVChannelLayout swr_in_layout;
    int swr_in_format, swr_in_rate;
    int64_t next_sample;    /* audio: position of the next output sample in the trimmed clip */
    bool next_sample_valid;
};

struct lb_clip {
    struct lb_clip_params params; /* path points at path below; kind is NULL */
    char *path;
    char *name;                   /* "clip 'PATH'", "recording 'PATH'": what messages call it */
    struct lb_clip_info info;
    AVFormatContext *format;      /* used by the demux thread after open */
    AVIOContext *input;           /* format's reader over the clip's descriptor; owned, freed
                                   * after format is closed */
    AVBufferRef *hw_device;       /* hardware device, or NULL */
    int64_t origin_ms;            /* file start time: position 0 of the untrimmed file */
    int64_t start_ms;             /* trim start */
    int64_t end_ms;               /* trim end, INT64_MAX while unknown */
    atomic_llong length_ms;       /* end - start; -1 while unknown (found at the first EOF) */
    struct lb_clip_stream video;
    struct lb_clip_stream audio;
    pthread_t demux_thread;
    bool demux_started;

    atomic_bool abort;            /* close in progress: every thread leaves */
    atomic_int serial;            /* seek generation, bumped by lb_clip_seek */
    atomic_bool failed;           /* error[] is final once this is set */

    pthread_mutex_t lock;
    pthread_cond_t cond;          /* wakes the demux thread: seek or abort */
    /* The following fields are protected by lock. */
    bool seek_pending;
    int64_t seek_time_ms;
    int seek_serial;
    char error[256];

    /* Video output state: only the player's video thread. */
    struct lb_video_frame current;
    AVFrame *current_frame;
    bool current_valid;
    bool current_shown;
    int current_serial;
    atomic_llong dropped;
    struct lb_picture picture;    /* converts current frames for lb_clip_convert */

    /* Audio output state: only the audio thread (audio_time is read anywhere). */
    AVFrame *chunk;
    struct lb_frame_meta chunk_meta;
    bool chunk_valid;
    int chunk_offset;             /* samples of chunk already read */
    int reader_serial;
    atomic_llong audio_time;      /* next sample's timeline position, in output samples */
    atomic_llong seek_samples;    /* timeline position a seek restarts audio at */
};

/* Record the first failure (later ones are only logged) and log it. Any thread. */
void lb_clip_fail(struct lb_clip *clip, const char *fmt, ...) av_printf_format(2, 3);

/* Position of stream timestamp ts in the trimmed clip, in ms. */
int64_t lb_clip_ts_to_ms(const struct lb_clip *clip, const AVStream *stream, int64_t ts);

/* The trimmed length in ms, or -1 while unknown. */
static inline int64_t lb_clip_length(const struct lb_clip *clip)
{
    return atomic_load(&clip->length_ms);
}

/* Thread bodies; arg is the struct lb_clip (demux) or struct lb_clip_stream (decoders). */
void *lb_clip_demux_main(void *arg);
void *lb_clip_video_main(void *arg);
void *lb_clip_audio_main(void *arg);

/* Free the video output state (clip_video.c) and the audio output state (clip_audio.c). */
void lb_clip_video_out_free(struct lb_clip *clip);
void lb_clip_audio_out_free(struct lb_clip *clip);

/* An AVFormatContext.io_open that refuses every request (a playlist or reference asking to
 * open another file), so a container reads nothing but its own descriptor. Used by clips and
 * by check's probe. */
int lb_clip_refuse_io(AVFormatContext *s, AVIOContext **pb, const char *url, int flags,
                      AVDictionary **options);

#endif
