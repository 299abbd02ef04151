/* One instruction clip: demuxed, decoded and trimmed/looped on worker threads; frames and audio
 * handed out by position on the playing timeline. SDL-free. */
#ifndef LB_CLIP_H
#define LB_CLIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libavutil/frame.h>

/* The containers clips and recorded voices may be in (FFmpeg demuxer names, comma-separated):
 * ones that never open other files or URLs on their own. */
extern const char lb_clip_format_whitelist[];

/* How to open a clip. All-zero is valid: whole file, no loop, audio as 48 kHz stereo float,
 * software decoding. */
struct lb_clip_params {
    const char *path;  /* local file; URLs are refused. Copied by lb_clip_open. It is opened with
                        * lb_file_open (a regular file only; never blocks on a FIFO); with
                        * from_fd it only names the clip in messages and for the format probe. */
    bool from_fd;      /* read the already-opened source below instead of opening path: */
    int fd;            /* an open descriptor; lb_clip_open duplicates it (the caller keeps and
                        * closes its own), so the file checked is the file read at any time */
    int64_t offset;    /* the clip is the byte window [offset, offset + length) of the file; */
    int64_t length;    /* length <= 0: to the end of the file (e.g. a member of a bundle) */
    int64_t start_ms;  /* trim start (routine clip_start); 0: from the beginning */
    int64_t end_ms;    /* trim end (routine clip_end); <= 0: to the end of the file */
    bool loop;         /* at the trimmed end start over; otherwise hold the last frame */
    bool skip_audio;   /* do not decode audio even if the file has some */
    bool audio_once;   /* with loop: sound on the first pass only; later passes read silence
                        * (the audio clock runs on) */
    int sample_rate;   /* audio output rate; 0: 48000 */
    int channels;      /* audio output channels, 1 or 2; 0: 2 (interleaved float) */
    const char *hwdec; /* NULL or "no": software; "auto", "vaapi", "vdpau", ...: try hardware
                        * decoding, fall back to software with a log line */
    const char *kind;  /* what the file is called in messages ("cannot open recording 'x'"):
                        * NULL for "clip"; copied by lb_clip_open */
};

/* What messages call a file opened with params p: p->kind, or "clip". */
static inline const char *lb_clip_kind(const struct lb_clip_params *p)
{
    return p->kind ? p->kind : "clip";
}

/* What the file holds, fixed at open. */
struct lb_clip_info {
    bool has_video;
    bool has_audio;      /* false if the file has none or skip_audio was set */
    int width, height;   /* coded frame size */
    int display_width;   /* size to show the picture at: after sample aspect ratio and */
    int display_height;  /* rotation; letterbox with these */
    int rotation;        /* clockwise degrees the picture is turned when shown: 0, 90, 180, 270 */
    double frame_rate;   /* average, 0 if unknown (frames carry their own times: VFR is fine) */
    int64_t length_ms;   /* trimmed length (end - start); -1 while unknown */
    int64_t file_duration_ms; /* -1 if unknown */
    int sample_rate;     /* audio output rate */
    int channels;        /* audio output channels */
    char video_codec[32];
    char audio_codec[32];
    char pixel_format[32];
    char hwdec[32];      /* hardware device type in use, or "no" */
};

/* A decoded video frame as handed to the renderer. */
struct lb_video_frame {
    const AVFrame *frame; /* decoded picture; convert it with lb_clip_convert */
    int64_t pos_ms;       /* position in the trimmed clip (ms from clip_start) */
    int64_t time_ms;      /* position on the playing timeline: iteration * length + pos_ms */
    int iteration;        /* loop iteration, 0 for the first pass */
};

/* Counters for the player's stats overlay and for tests. */
struct lb_clip_status {
    int64_t frames_decoded; /* video frames delivered by the decoder */
    int64_t frames_dropped; /* video frames skipped because their time had passed */
    int video_queued;       /* decoded video frames waiting */
    int audio_queued;       /* resampled audio chunks waiting */
    bool ended;             /* no loop and everything has been handed out (or failed) */
    bool failed;            /* see lb_clip_error */
};

struct lb_clip;

/* Open params->path (or read params->fd's window), pick its best video and audio streams, and
 * start decoding from the trimmed start. Returns the clip, or NULL with a one-line reason in err
 * (err_size >= 1), e.g. "cannot open clip 'x.mp4': No such file or directory". Only regular
 * files and single-file containers are accepted; the container is read from the one descriptor
 * (through lb_avio_fd) and may open nothing else. */
struct lb_clip *lb_clip_open(const struct lb_clip_params *params, char *err, size_t err_size);

/* Stop the worker threads and free everything. Returns promptly even on a hung or corrupt file.
 * NULL is allowed. */
void lb_clip_close(struct lb_clip *clip);

/* The stream facts found at open. Valid until close. */
const struct lb_clip_info *lb_clip_info(const struct lb_clip *clip);

/* Wait up to timeout_ms for the first frame (video, or audio for audio-only clips) at the current
 * position to be decoded. Returns true if it is; false on timeout, end or failure. */
bool lb_clip_preroll(struct lb_clip *clip, int timeout_ms);

/* Restart at time_ms on the playing timeline (with loop, time_ms may exceed the length: the
 * iteration is time_ms / length). Drops everything queued; never blocks on decoding. Call it from
 * the thread that calls lb_clip_video_frame. */
void lb_clip_seek(struct lb_clip *clip, int64_t time_ms);

/* The frame to show at time_ms on the playing timeline: queued frames whose time has come are
 * taken, skipped ones are counted as dropped. Never blocks. Returns NULL until a first frame is
 * decoded (or if there is no video). *settled (may be NULL) is set true when the answer is final
 * for this time (the next frame is later, or the clip ended or failed), false when later frames
 * are still being decoded. The result stays valid until the next call, seek or close.
 * time_ms must not go backwards without a seek. Audio queued more than 1 s behind the returned
 * frame is discarded, so a clip whose audio nobody reads keeps playing. Single-threaded: the
 * player's video thread. */
const struct lb_video_frame *lb_clip_video_frame(struct lb_clip *clip, int64_t time_ms,
                                                 bool *settled);

/* When the frame after the current one is due, ms on the playing timeline, or -1 while none is
 * decoded (or there is no video). Lets the player sleep until then. Same thread as
 * lb_clip_video_frame. */
int64_t lb_clip_next_frame_time(struct lb_clip *clip);

/* Convert a frame into packed BGRA (SDL_PIXELFORMAT_ARGB8888 on little endian) at width x height,
 * already rotated to display orientation, mirrored left/right if asked. dst holds height rows of
 * pitch bytes. Scales to exactly the given size: pass a size with the display aspect to avoid
 * stretching. Returns 0 or a negative AVERROR. Same thread as lb_clip_video_frame. */
int lb_clip_convert(struct lb_clip *clip, const struct lb_video_frame *video, uint8_t *dst,
                    int pitch, int width, int height, bool mirror);

/* Fill out with frames interleaved float frames of clip audio in clip order, starting at the
 * audio position, which then advances. Where nothing is decoded yet (underrun), after the end, or
 * with no audio, silence is written and the position does not move. Returns how many frames
 * advanced the position (0: all silence). Never blocks: call it from the audio callback. */
int lb_clip_read_audio(struct lb_clip *clip, float *out, int frames);

/* The same for a live device, which plays on whether or not the decoder kept up: through an
 * underrun (a loop's seam, the moments after a seek) the position keeps real time, and samples
 * that arrive late are skipped, so the audio clock never falls behind the routine's. Returns
 * how many frames were real sound. */
int lb_clip_read_audio_live(struct lb_clip *clip, float *out, int frames);

/* Move the audio position on by ms without playing it (what comes before it is skipped). From
 * the thread that reads the audio. */
void lb_clip_skip_audio(struct lb_clip *clip, int64_t ms);

/* Position of the next audio sample lb_clip_read_audio will return, ms on the playing timeline
 * (the audio clock, before output latency). Any thread. */
int64_t lb_clip_audio_time(const struct lb_clip *clip);

/* Snapshot of the counters. Any thread. */
void lb_clip_status(struct lb_clip *clip, struct lb_clip_status *status);

/* NULL while all is well; otherwise why decoding stopped (e.g. "clip 'x.mp4': too many decoding
 * errors: Invalid data found when processing input"). Stays valid until close. Any thread. */
const char *lb_clip_error(const struct lb_clip *clip);

#endif
