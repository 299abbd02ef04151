/* Tests for player/media: clips made at run time with the ffmpeg CLI, frame content checked. */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libavutil/log.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <libavformat/avformat.h>

#include "avio_fd.h"
#include "audible.h"
#include "clip.h"
#include "lb_test.h"
#include "packet_queue.h"
#include "probe.h"

static char dir[64]; /* temp folder holding the clips */

/* Run a shell command built like printf; true if it exited 0. */
static bool run(const char *fmt, ...)
{
    char cmd[4096];
    va_list args;
    va_start(args, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, args);
    va_end(args);
    int status = system(cmd);
    if (status != 0)
        fprintf(stderr, "command failed (%d): %s\n", status, cmd);
    return status == 0;
}

static const char *clip_path(const char *name)
{
    static char paths[8][256];
    static int next;
    char *path = paths[next++ % 8];
    snprintf(path, 256, "%s/%s", dir, name);
    return path;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(void)
{
    nanosleep(&(struct timespec){ .tv_nsec = 2 * 1000 * 1000 }, NULL);
}

static struct lb_clip *open_clip(struct lb_clip_params params)
{
    char err[512];
    struct lb_clip *clip = lb_clip_open(&params, err, sizeof(err));
    if (!clip)
        fprintf(stderr, "open failed: %s\n", err);
    return clip;
}

/* The frame for time t once it is certain (waits for decoding, up to 10 s). */
static const struct lb_video_frame *frame_at(struct lb_clip *clip, int64_t t)
{
    double deadline = now_s() + 10.0;
    for (;;) {
        bool settled = false;
        const struct lb_video_frame *f = lb_clip_video_frame(clip, t, &settled);
        if ((settled && f) || lb_clip_error(clip) || now_s() > deadline)
            return f;
        nap();
    }
}

/* Nearest test colour of a BGRA pixel: R(ed), G(reen), B(lue), Y(ellow), or '?' if none is close. */
static char colour(const uint8_t *bgra)
{
    static const struct { char name; int r, g, b; } palette[] = {
        { 'R', 255, 0, 0 }, { 'G', 0, 255, 0 }, { 'B', 0, 0, 255 }, { 'Y', 255, 255, 0 },
    };
    char best = '?';
    int best_d = 90 * 90 * 3;
    for (size_t i = 0; i < sizeof(palette) / sizeof(palette[0]); i++) {
        int dr = bgra[2] - palette[i].r, dg = bgra[1] - palette[i].g, db = bgra[0] - palette[i].b;
        int d = dr * dr + dg * dg + db * db;
        if (d < best_d) {
            best_d = d;
            best = palette[i].name;
        }
    }
    return best;
}

/* Colour at (x, y) of f converted at the clip's display size. */
static char pixel(struct lb_clip *clip, const struct lb_video_frame *f, int x, int y, bool mirror)
{
    if (!f)
        return '-';
    const struct lb_clip_info *info = lb_clip_info(clip);
    int w = info->display_width, h = info->display_height, pitch = w * 4 + 12;
    uint8_t *buf = calloc((size_t)pitch * (size_t)h, 1);
    char c = '!';
    if (buf && lb_clip_convert(clip, f, buf, pitch, w, h, mirror) == 0)
        c = colour(buf + (size_t)y * (size_t)pitch + (size_t)x * 4);
    free(buf);
    return c;
}

static char colour_at(struct lb_clip *clip, int64_t t)
{
    const struct lb_video_frame *f = frame_at(clip, t);
    return pixel(clip, f, lb_clip_info(clip)->display_width / 2,
                 lb_clip_info(clip)->display_height / 2, false);
}

static bool make_clips(void)
{
    const char *ff = "ffmpeg -nostdin -v error -y";
    /* 2 s at 20 fps: red, green, blue, yellow for 0.5 s each, with a 440 Hz tone. */
    bool ok = run("%s -f lavfi -i color=red:s=160x120:r=20:d=0.5 -f lavfi -i color=lime:s=160x120:"
                  "r=20:d=0.5 -f lavfi -i color=blue:s=160x120:r=20:d=0.5 -f lavfi -i color=yellow:"
                  "s=160x120:r=20:d=0.5 -f lavfi -i sine=frequency=440:sample_rate=48000:duration=2 "
                  "-filter_complex '[0][1][2][3]concat=n=4:v=1:a=0[v]' -map '[v]' -map 4 "
                  "-c:v libx264 -preset veryfast -bf 2 -g 12 -pix_fmt yuv420p -c:a aac "
                  "'%s'", ff, clip_path("colors.mp4"));
    ok = ok && run("%s -i '%s' -c copy -movflags +faststart '%s'", ff, clip_path("colors.mp4"),
                   clip_path("colors_fast.mp4"));
    /* Left half red, right half blue, no audio; and a copy tagged as rotated. */
    ok = ok && run("%s -f lavfi -i 'color=red:s=160x120:r=20:d=1,drawbox=x=80:y=0:w=80:h=120:"
                   "color=blue:t=fill' -c:v libx264 -preset veryfast -pix_fmt yuv420p '%s'", ff,
                   clip_path("halves.mp4"));
    ok = ok && run("%s -i '%s' -c copy -metadata:s:v:0 rotate=90 '%s'", ff,
                   clip_path("halves.mp4"), clip_path("rotated.mp4"));
    ok = ok && run("%s -f lavfi -i color=red:s=160x120:r=20:d=0.5,setsar=2 -c:v libx264 "
                   "-preset veryfast -pix_fmt yuv420p '%s'", ff, clip_path("anamorphic.mp4"));
    ok = ok && run("%s -i '%s' -frames:v 1 -f rawvideo -pix_fmt bgra '%s'", ff,
                   clip_path("rotated.mp4"), clip_path("rotated.bgra"));
    ok = ok && run("%s -f lavfi -i sine=frequency=440:sample_rate=44100:duration=1.5 -c:a aac "
                   "'%s'", ff, clip_path("tone.m4a"));
    ok = ok && run("printf '1\\n00:00:00,000 --> 00:00:01,000\\nhello\\n' > '%s' && "
                   "%s -i '%s' '%s'", clip_path("only.srt"), ff, clip_path("only.srt"),
                   clip_path("subtitles.mkv"));
    return ok;
}

static void test_open(void)
{
    struct lb_clip *clip = open_clip((struct lb_clip_params){ .path = clip_path("colors.mp4") });
    LB_CHECK(clip != NULL);
    if (!clip)
        return;
    const struct lb_clip_info *info = lb_clip_info(clip);
    LB_CHECK(info->has_video);
    LB_CHECK(info->has_audio);
    LB_CHECK_INT(info->width, 160);
    LB_CHECK_INT(info->height, 120);
    LB_CHECK_INT(info->display_width, 160);
    LB_CHECK_INT(info->display_height, 120);
    LB_CHECK_INT(info->rotation, 0);
    LB_CHECK(info->length_ms >= 1990 && info->length_ms <= 2100);
    LB_CHECK_STR(info->video_codec, "h264");
    LB_CHECK_STR(info->audio_codec, "aac");
    LB_CHECK_INT(info->sample_rate, 48000);
    LB_CHECK_INT(info->channels, 2);
    LB_CHECK_STR(info->hwdec, "no");
    LB_CHECK(lb_clip_preroll(clip, 10000));
    LB_CHECK(lb_clip_error(clip) == NULL);
    lb_clip_close(clip);
}

static void test_positions(void)
{
    struct lb_clip *clip = open_clip((struct lb_clip_params){ .path = clip_path("colors.mp4"),
                                                              .skip_audio = true });
    if (!clip)
        { LB_CHECK(false); return; }
    LB_CHECK(!lb_clip_info(clip)->has_audio);
    LB_CHECK_INT(colour_at(clip, 0), 'R');
    LB_CHECK_INT(colour_at(clip, 260), 'R');
    const struct lb_video_frame *f = frame_at(clip, 620);
    LB_CHECK(f && f->pos_ms == 600 && f->iteration == 0);
    LB_CHECK_INT(pixel(clip, f, 80, 60, false), 'G');
    /* A jump forward once three frames (650, 700, 750) wait: those passed over are counted as
     * dropped, never shown late (the decoder may refill while they are taken: at least two). */
    struct lb_clip_status status;
    double deadline = now_s() + 10;
    do {
        lb_clip_status(clip, &status);
    } while (status.video_queued < 3 && now_s() < deadline && (nap(), true));
    int64_t dropped_before = status.frames_dropped;
    f = lb_clip_video_frame(clip, 1230, NULL);
    LB_CHECK(f && f->pos_ms >= 750 && f->pos_ms <= 1200);
    lb_clip_status(clip, &status);
    LB_CHECK(status.frames_dropped - dropped_before >= 2);
    f = frame_at(clip, 1230);
    LB_CHECK(f && f->pos_ms == 1200);
    LB_CHECK_INT(pixel(clip, f, 80, 60, false), 'B');
    LB_CHECK_INT(colour_at(clip, 1760), 'Y');
    lb_clip_close(clip);
}

static void test_trim_and_hold(void)
{
    struct lb_clip *clip = open_clip((struct lb_clip_params){
        .path = clip_path("colors.mp4"), .start_ms = 1000, .end_ms = 2000, .skip_audio = true });
    if (!clip)
        { LB_CHECK(false); return; }
    LB_CHECK_INT(lb_clip_info(clip)->length_ms, 1000);
    /* Preroll: the first frame is ready without waiting. */
    LB_CHECK(lb_clip_preroll(clip, 10000));
    const struct lb_video_frame *f = lb_clip_video_frame(clip, 0, NULL);
    LB_CHECK(f && f->pos_ms == 0);
    LB_CHECK_INT(pixel(clip, f, 80, 60, false), 'B');
    LB_CHECK_INT(colour_at(clip, 700), 'Y');
    /* No loop: the last frame holds. */
    f = frame_at(clip, 5000);
    LB_CHECK(f && f->pos_ms == 950 && f->iteration == 0);
    LB_CHECK_INT(pixel(clip, f, 80, 60, false), 'Y');
    double deadline = now_s() + 10;
    struct lb_clip_status status;
    do {
        lb_clip_status(clip, &status);
    } while (!status.ended && now_s() < deadline && (nap(), true));
    LB_CHECK(status.ended);
    LB_CHECK(!status.failed);
    lb_clip_close(clip);
}

static void test_loop(void)
{
    /* Trimmed to green 0..400 ms then blue 400..800 ms, looped. */
    struct lb_clip *clip = open_clip((struct lb_clip_params){
        .path = clip_path("colors.mp4"), .start_ms = 600, .end_ms = 1400, .loop = true,
        .skip_audio = true });
    if (!clip)
        { LB_CHECK(false); return; }
    bool content_ok = true;
    for (int64_t t = 0; t < 800; t += 25) {
        char want = t < 400 ? 'G' : 'B';
        content_ok = content_ok && colour_at(clip, t) == want;
    }
    LB_CHECK(content_ok);
    const struct lb_video_frame *f = frame_at(clip, 790);
    LB_CHECK(f && f->pos_ms == 750 && f->iteration == 0);
    /* Just before the seam the decoder has already filled the queue past it... */
    double deadline = now_s() + 10;
    struct lb_clip_status status;
    do {
        lb_clip_status(clip, &status);
    } while (status.video_queued < 3 && now_s() < deadline && (nap(), true));
    LB_CHECK_INT(status.video_queued, 3);
    /* ...so one non-blocking call at the seam gives the first frame of the next pass. */
    bool settled = false;
    f = lb_clip_video_frame(clip, 800, &settled);
    LB_CHECK(settled);
    LB_CHECK(f && f->iteration == 1 && f->pos_ms == 0 && f->time_ms == 800);
    LB_CHECK_INT(pixel(clip, f, 80, 60, false), 'G');
    content_ok = true;
    for (int64_t t = 800; t < 2600; t += 25) {
        char want = t % 800 < 400 ? 'G' : 'B';
        f = frame_at(clip, t);
        content_ok = content_ok && f && f->iteration == t / 800
                     && pixel(clip, f, 80, 60, false) == want;
    }
    LB_CHECK(content_ok);
    lb_clip_status(clip, &status);
    LB_CHECK_INT(status.frames_dropped, 0); /* every frame shown, across three seams */
    /* Seek into the third pass, then back to the start. */
    lb_clip_seek(clip, 2 * 800 + 500);
    f = frame_at(clip, 2 * 800 + 500);
    LB_CHECK(f && f->iteration == 2 && f->pos_ms == 500);
    LB_CHECK_INT(pixel(clip, f, 80, 60, false), 'B');
    lb_clip_seek(clip, 120);
    f = frame_at(clip, 120);
    LB_CHECK(f && f->iteration == 0 && f->pos_ms == 120); /* the frame of 100 ms, shown from 120 */
    LB_CHECK_INT(pixel(clip, f, 80, 60, false), 'G');
    LB_CHECK(lb_clip_error(clip) == NULL);
    lb_clip_close(clip);
}

/* A looping clip whose audio nobody reads must not stall its video. */
static void test_unread_audio(void)
{
    struct lb_clip *clip = open_clip((struct lb_clip_params){ .path = clip_path("colors.mp4"),
                                                              .loop = true });
    if (!clip)
        { LB_CHECK(false); return; }
    int64_t length = lb_clip_info(clip)->length_ms;
    const struct lb_video_frame *f = NULL;
    for (int64_t t = 0; t <= 8 * length; t += 100)
        f = frame_at(clip, t);
    LB_CHECK(f && f->iteration == 8);
    lb_clip_close(clip);
}

static void test_mirror_and_no_audio(void)
{
    struct lb_clip *clip = open_clip((struct lb_clip_params){ .path = clip_path("halves.mp4") });
    if (!clip)
        { LB_CHECK(false); return; }
    LB_CHECK(lb_clip_info(clip)->has_video);
    LB_CHECK(!lb_clip_info(clip)->has_audio);
    const struct lb_video_frame *f = frame_at(clip, 100);
    LB_CHECK_INT(pixel(clip, f, 10, 60, false), 'R');
    LB_CHECK_INT(pixel(clip, f, 150, 60, false), 'B');
    LB_CHECK_INT(pixel(clip, f, 10, 60, true), 'B');
    LB_CHECK_INT(pixel(clip, f, 150, 60, true), 'R');
    float audio[64];
    for (int i = 0; i < 64; i++)
        audio[i] = 1.0f;
    LB_CHECK_INT(lb_clip_read_audio(clip, audio, 32), 0);
    LB_CHECK(audio[0] == 0.0f && audio[63] == 0.0f);
    lb_clip_close(clip);
}

static void test_aspect(void)
{
    struct lb_clip *clip = open_clip((struct lb_clip_params){
        .path = clip_path("anamorphic.mp4") });
    if (!clip) { LB_CHECK(false); return; }
    LB_CHECK_INT(lb_clip_info(clip)->width, 160);
    LB_CHECK_INT(lb_clip_info(clip)->display_width, 320);
    LB_CHECK_INT(lb_clip_info(clip)->display_height, 120);
    LB_CHECK_INT(colour_at(clip, 100), 'R');
    lb_clip_close(clip);
}

static void test_rotation(void)
{
    struct lb_clip *clip = open_clip((struct lb_clip_params){ .path = clip_path("rotated.mp4") });
    if (!clip)
        { LB_CHECK(false); return; }
    const struct lb_clip_info *info = lb_clip_info(clip);
    LB_CHECK(info->rotation == 90 || info->rotation == 270);
    LB_CHECK_INT(info->display_width, 120);
    LB_CHECK_INT(info->display_height, 160);
    const struct lb_video_frame *f = frame_at(clip, 100);
    char top = pixel(clip, f, 60, 10, false), bottom = pixel(clip, f, 60, 150, false);
    /* Turned clockwise the left (red) half goes on top; counter-clockwise the right (blue). */
    LB_CHECK_INT(top, info->rotation == 90 ? 'R' : 'B');
    LB_CHECK_INT(bottom, info->rotation == 90 ? 'B' : 'R');
    /* Same picture as ffmpeg's own autorotation. */
    uint8_t ref[120 * 160 * 4];
    FILE *file = fopen(clip_path("rotated.bgra"), "rb");
    LB_CHECK(file && fread(ref, 1, sizeof(ref), file) == sizeof(ref));
    if (file)
        fclose(file);
    LB_CHECK_INT(top, colour(ref + (10 * 120 + 60) * 4));
    LB_CHECK_INT(bottom, colour(ref + (150 * 120 + 60) * 4));
    lb_clip_close(clip);
}

/* Read frames of audio, waiting for the decoder (up to 10 s); returns how many came. */
static int read_audio(struct lb_clip *clip, float *audio, int frames)
{
    int got = 0;
    double deadline = now_s() + 10;
    while (got < frames && now_s() < deadline) {
        int want = frames - got < 1024 ? frames - got : 1024;
        int n = lb_clip_read_audio(clip, audio + got * 2, want);
        got += n;
        if (n == 0)
            nap();
    }
    return got;
}

/* Read a second of audio and check it is a 440 Hz sine. */
static void check_tone(struct lb_clip *clip, int rate)
{
    int frames = rate; /* one second */
    float *audio = calloc((size_t)frames * 2, sizeof(float));
    if (!audio)
        { LB_CHECK(false); return; }
    LB_CHECK_INT(read_audio(clip, audio, frames), frames);
    LB_CHECK(llabs(lb_clip_audio_time(clip) - 1000) <= 1);
    double sum = 0;
    int crossings = 0, from = rate / 10;
    for (int i = from; i < frames; i++) {
        sum += (double)audio[2 * i] * audio[2 * i];
        crossings += (audio[2 * i - 2] < 0) != (audio[2 * i] < 0);
    }
    double rms = sqrt(sum / (frames - from)), seconds = (double)(frames - from) / rate;
    /* lavfi's sine has amplitude 1/8: RMS 0.0884. */
    LB_CHECK(rms > 0.075 && rms < 0.10);
    LB_CHECK(fabs(crossings / 2.0 / seconds - 440.0) < 10.0);
    LB_CHECK(audio[2 * 5000] == audio[2 * 5000 + 1]); /* mono spread on both channels */
    if (rms <= 0.075 || rms >= 0.10 || fabs(crossings / 2.0 / seconds - 440.0) >= 10.0)
        fprintf(stderr, "tone: rms %.4f, %.1f Hz\n", rms, crossings / 2.0 / seconds);
    free(audio);
}

static void test_audio(void)
{
    struct lb_clip *clip = open_clip((struct lb_clip_params){ .path = clip_path("colors.mp4") });
    if (!clip)
        { LB_CHECK(false); return; }
    check_tone(clip, 48000);
    /* A seek moves the audio clock with the video: audio goes on from there. */
    lb_clip_seek(clip, 1100);
    LB_CHECK_INT(lb_clip_audio_time(clip), 1100);
    float audio[4800 * 2];
    LB_CHECK_INT(read_audio(clip, audio, 4800), 4800);
    LB_CHECK_INT(lb_clip_audio_time(clip), 1200);
    LB_CHECK(fabs(audio[2 * 2400]) + fabs(audio[2 * 2410]) > 0.01);
    lb_clip_close(clip);

    clip = open_clip((struct lb_clip_params){ .path = clip_path("tone.m4a"), .loop = true });
    if (!clip)
        { LB_CHECK(false); return; }
    LB_CHECK(!lb_clip_info(clip)->has_video);
    LB_CHECK(lb_clip_info(clip)->has_audio);
    LB_CHECK(lb_clip_preroll(clip, 10000));
    LB_CHECK(lb_clip_video_frame(clip, 0, NULL) == NULL);
    check_tone(clip, 48000);
    /* Looped 1.5 s tone: the audio clock runs on across the seam. */
    float *more = calloc(48000 * 2, sizeof(float));
    LB_CHECK(more && read_audio(clip, more, 48000) == 48000);
    LB_CHECK(llabs(lb_clip_audio_time(clip) - 2000) <= 1);
    free(more);
    lb_clip_close(clip);

    /* audio_once: the 1.5 s tone sounds on the first pass only; the clock runs on in silence
     * (a narrated clip says its line once per block, not at every loop). */
    clip = open_clip((struct lb_clip_params){ .path = clip_path("tone.m4a"), .loop = true,
                                              .audio_once = true });
    float *passes = calloc(48000 * 3 * 2, sizeof(float));
    LB_CHECK(clip && passes && read_audio(clip, passes, 48000 * 3) == 48000 * 3);
    if (clip && passes) {
        double first = 0, second = 0;
        for (int i = 4800; i < 67200; i++) /* 0.1 to 1.4 s: inside the first pass */
            first += fabs(passes[2 * i]);
        for (int i = 76800; i < 139200; i++) /* 1.6 to 2.9 s: inside the second */
            second += fabs(passes[2 * i]);
        LB_CHECK(first > 1000); /* a sine of amplitude 1/8 averages 0.08 a sample */
        LB_CHECK(second == 0);
        LB_CHECK(llabs(lb_clip_audio_time(clip) - 3000) <= 1);
    }
    free(passes);
    lb_clip_close(clip);

    /* Hardware decoding asked for: used if present, else a clean fall back to software. */
    int level = av_log_get_level();
    av_log_set_level(AV_LOG_FATAL); /* the device probes log each missing driver */
    clip = open_clip((struct lb_clip_params){ .path = clip_path("halves.mp4"), .hwdec = "auto" });
    LB_CHECK(clip != NULL);
    if (clip) {
        printf("hwdec=auto gave: %s\n", lb_clip_info(clip)->hwdec);
        LB_CHECK_INT(pixel(clip, frame_at(clip, 100), 10, 60, false), 'R');
        lb_clip_close(clip);
    }
    clip = open_clip((struct lb_clip_params){ .path = clip_path("halves.mp4"),
                                              .hwdec = "no-such-api" });
    LB_CHECK(clip && strcmp(lb_clip_info(clip)->hwdec, "no") == 0);
    lb_clip_close(clip);
    av_log_set_level(level);
}

static void check_refused(const char *path, const char *want)
{
    char err[512];
    struct lb_clip *clip = lb_clip_open(&(struct lb_clip_params){ .path = path }, err,
                                        sizeof(err));
    LB_CHECK(clip == NULL);
    LB_CHECK(strstr(err, want) != NULL);
    if (!strstr(err, want))
        fprintf(stderr, "  error was: %s\n  wanted: %s\n", err, want);
    lb_clip_close(clip);
}

static void test_refused(void)
{
    char want[512];
    snprintf(want, sizeof(want), "cannot open clip '%s': No such file or directory",
             clip_path("missing.mp4"));
    check_refused(clip_path("missing.mp4"), want);
    check_refused("http://example.com/clip.mp4", "only local files can be played");
    check_refused("", "no file name given");
    check_refused(clip_path("subtitles.mkv"), "has no video or audio stream");
    /* Containers that would open other files on their own. */
    int level = av_log_get_level();
    av_log_set_level(AV_LOG_FATAL);
    FILE *file = fopen(clip_path("list.m3u8"), "w");
    if (file) {
        fprintf(file, "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\ncolors.mp4\n"
                "#EXT-X-ENDLIST\n");
        fclose(file);
    }
    check_refused(clip_path("list.m3u8"), "not a supported single-file");
    file = fopen(clip_path("list.ffconcat"), "w");
    if (file) {
        fprintf(file, "ffconcat version 1.0\nfile colors.mp4\n");
        fclose(file);
    }
    check_refused(clip_path("list.ffconcat"), "not a supported single-file");
    av_log_set_level(level);
    char err[512];
    LB_CHECK(lb_clip_open(&(struct lb_clip_params){ .path = clip_path("colors.mp4"),
                                                    .start_ms = 5000 }, err, sizeof(err)) == NULL);
    LB_CHECK(strstr(err, "past the end") != NULL);
}

/* The AVIO reader alone: reads, seeks and ends inside its window only. */
static void test_avio_window(void)
{
    FILE *f = fopen(clip_path("window.bin"), "wb");
    if (f) {
        fputs("0123456789abcdefghij", f);
        fclose(f);
    }
    int fd = open(clip_path("window.bin"), O_RDONLY | O_CLOEXEC);
    LB_CHECK(fd >= 0);
    AVIOContext *io = lb_avio_fd_open(fd, 5, 10, false); /* "56789abcde" */
    LB_CHECK(io != NULL);
    if (io) {
        unsigned char buf[32] = { 0 };
        LB_CHECK_INT(avio_size(io), 10);
        LB_CHECK_INT(avio_read(io, buf, 4), 4);
        LB_CHECK_STR((char *)buf, "5678");
        LB_CHECK_INT(avio_seek(io, 8, SEEK_SET), 8);
        memset(buf, 0, sizeof(buf));
        LB_CHECK_INT(avio_read(io, buf, 20), 2); /* stops at the window's end */
        LB_CHECK_STR((char *)buf, "de");
        LB_CHECK(avio_feof(io));
        LB_CHECK_INT(avio_seek(io, avio_size(io) - 3, SEEK_SET), 7); /* back after the end */
        memset(buf, 0, sizeof(buf));
        LB_CHECK_INT(avio_read(io, buf, 3), 3);
        LB_CHECK_STR((char *)buf, "cde");
    }
    lb_avio_fd_close(&io);
    LB_CHECK(io == NULL);
    /* Not owned: the descriptor is still open. To the end of the file with -1. */
    LB_CHECK(fd >= 0 && fcntl(fd, F_GETFD) >= 0);
    io = lb_avio_fd_open(fd, 15, -1, true);
    if (io) {
        unsigned char buf[32] = { 0 };
        LB_CHECK_INT(avio_read(io, buf, 32), 5);
        LB_CHECK_STR((char *)buf, "fghij");
    }
    LB_CHECK(io != NULL);
    lb_avio_fd_close(&io);
    LB_CHECK(fcntl(fd, F_GETFD) < 0); /* owned: closed with the reader */
    /* A window that is not inside the file. */
    fd = open(clip_path("window.bin"), O_RDONLY | O_CLOEXEC);
    LB_CHECK(lb_avio_fd_open(fd, 15, 6, false) == NULL);
    LB_CHECK(lb_avio_fd_open(fd, 21, -1, false) == NULL);
    LB_CHECK(lb_avio_fd_open(-1, 0, -1, false) == NULL);
    close(fd);
}

/* A clip stored inside a bigger file (as in a bundle), read from a shared descriptor: the window
 * plays the clip; what is around it is never read; the descriptor's own offset does not matter. */
static void test_clip_window(void)
{
    struct stat st;
    LB_CHECK(stat(clip_path("colors.mp4"), &st) == 0);
    LB_CHECK(run("head -c 4321 /dev/urandom > '%s' && cat '%s' >> '%s' && "
                 "head -c 999 /dev/urandom >> '%s'", clip_path("bundle.bin"),
                 clip_path("colors.mp4"), clip_path("bundle.bin"), clip_path("bundle.bin")));
    int fd = open(clip_path("bundle.bin"), O_RDONLY | O_CLOEXEC);
    LB_CHECK(fd >= 0);
    struct lb_clip_params params = { .path = "bundle.bin#colors.mp4", .from_fd = true, .fd = fd,
                                     .offset = 4321, .length = st.st_size };
    struct lb_clip *a = open_clip(params);
    struct lb_clip *b = open_clip(params);
    LB_CHECK(a && b);
    lseek(fd, 17, SEEK_SET); /* another reader moving the shared offset changes nothing */
    close(fd);               /* the clips keep their own copies */
    if (a && b) {
        LB_CHECK(lb_clip_info(a)->length_ms >= 1990 && lb_clip_info(a)->length_ms <= 2100);
        LB_CHECK(colour_at(a, 100) == 'R');
        LB_CHECK(colour_at(b, 1600) == 'Y');
        LB_CHECK(colour_at(a, 1100) == 'B');
        LB_CHECK(lb_clip_error(a) == NULL && lb_clip_error(b) == NULL);
    }
    lb_clip_close(a);
    lb_clip_close(b);
    /* A window that misses the clip's start is no clip. */
    fd = open(clip_path("bundle.bin"), O_RDONLY | O_CLOEXEC);
    char err[512];
    params.fd = fd;
    params.offset = 0;
    int level = av_log_get_level();
    av_log_set_level(AV_LOG_FATAL);
    struct lb_clip *c = lb_clip_open(&params, err, sizeof(err));
    av_log_set_level(level);
    LB_CHECK(c == NULL);
    lb_clip_close(c);
    close(fd);
}

/* The file that was opened is the file that is read: replacing the path after opening (by a
 * rename, as an editor or an attacker would) does not change what plays. A FIFO is refused at
 * once instead of blocking the opener. */
static void test_swapped_and_fifo(void)
{
    LB_CHECK(run("cp '%s' '%s'", clip_path("colors.mp4"), clip_path("swap.mp4")));
    struct lb_clip *clip = open_clip((struct lb_clip_params){ .path = clip_path("swap.mp4") });
    LB_CHECK(run("cp '%s' '%s.new' && mv '%s.new' '%s'", clip_path("halves.mp4"),
                 clip_path("swap.mp4"), clip_path("swap.mp4"), clip_path("swap.mp4")));
    LB_CHECK(clip && colour_at(clip, 1600) == 'Y'); /* the colours clip, not the halves */
    lb_clip_close(clip);

    LB_CHECK(mkfifo(clip_path("fifo.mp4"), 0600) == 0);
    double started = now_s();
    char want[512];
    snprintf(want, sizeof(want), "cannot open clip '%s': it is a named pipe (FIFO), not a file",
             clip_path("fifo.mp4"));
    check_refused(clip_path("fifo.mp4"), want);
    LB_CHECK(now_s() - started < 2.0);
}

/* Open a damaged file, play it for a while looping, close: must neither crash nor hang. */
static void play_damaged(const char *path)
{
    double started = now_s();
    char err[512];
    struct lb_clip *clip = lb_clip_open(&(struct lb_clip_params){ .path = path, .loop = true },
                                        err, sizeof(err));
    if (!clip) {
        LB_CHECK(err[0] != '\0');
        printf("damaged %s: refused: %s\n", strrchr(path, '/') + 1, err);
        return;
    }
    float audio[2048];
    for (int64_t t = 0; t < 4000 && now_s() - started < 15; t += 40) {
        frame_at(clip, t);
        lb_clip_read_audio(clip, audio, 1024);
    }
    const char *error = lb_clip_error(clip);
    printf("damaged %s: played, %s\n", strrchr(path, '/') + 1, error ? error : "no error");
    lb_clip_close(clip);
    LB_CHECK(now_s() - started < 30);
}

/* Copy from to to, keeping a fraction keep of it, flipping bytes every flip-th byte from 2/5 of
 * the way (heavily: from 1/5 to the end) if flip > 0. */
static bool damage(const char *from, const char *to, double keep, int flip)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return false;
    static uint8_t data[4 << 20];
    size_t size = fread(data, 1, sizeof(data), in);
    fclose(in);
    if (flip > 0) {
        size_t end = flip < 50 ? size : size * 3 / 5;
        for (size_t i = flip < 50 ? size / 5 : size * 2 / 5; i < end; i += (size_t)flip)
            data[i] ^= 0x5a;
    }
    FILE *out = fopen(to, "wb");
    if (!out)
        return false;
    fwrite(data, 1, (size_t)(size * keep), out);
    fclose(out);
    return true;
}

static void test_damaged(void)
{
    int level = av_log_get_level();
    av_log_set_level(AV_LOG_FATAL); /* the decoders complain loudly, as they should */
    LB_CHECK(damage(clip_path("colors.mp4"), clip_path("cut.mp4"), 0.5, 0));
    play_damaged(clip_path("cut.mp4"));
    LB_CHECK(damage(clip_path("colors_fast.mp4"), clip_path("cut_fast.mp4"), 0.6, 0));
    play_damaged(clip_path("cut_fast.mp4"));
    LB_CHECK(damage(clip_path("colors_fast.mp4"), clip_path("flipped.mp4"), 1.0, 97));
    play_damaged(clip_path("flipped.mp4"));
    LB_CHECK(damage(clip_path("colors.mp4"), clip_path("flipped_cut.mp4"), 0.7, 97));
    play_damaged(clip_path("flipped_cut.mp4"));
    LB_CHECK(damage(clip_path("colors_fast.mp4"), clip_path("shredded.mp4"), 1.0, 7));
    play_damaged(clip_path("shredded.mp4"));
    FILE *file = fopen(clip_path("zeros.mp4"), "wb");
    if (file) {
        static const uint8_t zeros[4096];
        fwrite(zeros, 1, sizeof(zeros), file);
        fclose(file);
    }
    play_damaged(clip_path("zeros.mp4"));
    av_log_set_level(level);
}

/* Other codecs, bit depths, chroma layouts and an odd size, if this ffmpeg can make them. */
static void test_format(const char *name, const char *args, int width, int height)
{
    if (!run("ffmpeg -nostdin -v error -y -f lavfi -i 'color=red:s=320x240:r=20:d=1,"
             "drawbox=x=160:y=0:w=160:h=240:color=lime:t=fill,scale=%d:%d' %s '%s'", width,
             height, args, clip_path(name))) {
        printf("skipped %s: this ffmpeg cannot make it\n", name);
        return;
    }
    struct lb_clip *clip = open_clip((struct lb_clip_params){ .path = clip_path(name) });
    if (!clip)
        { LB_CHECK(false); return; }
    LB_CHECK_INT(lb_clip_info(clip)->width, width);
    LB_CHECK_INT(lb_clip_info(clip)->height, height);
    const struct lb_video_frame *f = frame_at(clip, 500);
    char left = pixel(clip, f, width / 4, height / 2, false);
    char right = pixel(clip, f, width * 3 / 4, height / 2, false);
    LB_CHECK_INT(left, 'R');
    LB_CHECK_INT(right, 'G');
    if (left != 'R' || right != 'G')
        fprintf(stderr, "  in %s (%s)\n", name, lb_clip_info(clip)->pixel_format);
    lb_clip_close(clip);
}

static void test_formats(void)
{
    test_format("vp9_444_10.webm", "-c:v libvpx-vp9 -pix_fmt yuv444p10le -deadline realtime "
                "-cpu-used 8", 321, 241);
    test_format("vp9_odd.webm", "-c:v libvpx-vp9 -pix_fmt yuv420p -deadline realtime "
                "-cpu-used 8", 321, 241);
    test_format("h264_10.mp4", "-c:v libx264 -preset veryfast -pix_fmt yuv420p10le", 320, 240);
    test_format("h264_422.mp4", "-c:v libx264 -preset veryfast -pix_fmt yuv422p", 320, 240);
    test_format("h264_444.mp4", "-c:v libx264 -preset veryfast -pix_fmt yuv444p", 321, 241);
    /* Variable frame rate: frames at uneven times, each shown at its own. */
    test_format("vfr.mkv", "-vf \"select='not(eq(mod(n,3),1))'\" -fps_mode vfr "
                "-c:v libx264 -preset veryfast -pix_fmt yuv420p", 320, 240);
}

/* A demux thread's put into a full packet queue: it waits until the decoder takes one. */
struct put_job {
    struct lb_packet_queue *queue;
    int size;
};

static void *put_one(void *arg)
{
    struct put_job *job = arg;
    AVPacket *packet = av_packet_alloc();
    if (packet && av_new_packet(packet, job->size) == 0) {
        struct lb_packet_meta meta = {.kind = LB_PACKET_DATA};
        lb_packet_queue_put(job->queue, &meta, packet);
    }
    av_packet_free(&packet);
    return NULL;
}

/* Fill a queue with packets of `size` bytes from another thread; how many it holds before the
 * putting thread has to wait. */
static int queue_fill(struct lb_packet_queue *q, int size, int attempts)
{
    pthread_t threads[64];
    struct put_job job = {q, size};
    int started = 0;
    for (; started < attempts && started < 64; started++) {
        pthread_create(&threads[started], NULL, put_one, &job);
        nanosleep(&(struct timespec){.tv_nsec = 20 * 1000 * 1000}, NULL);
    }
    nanosleep(&(struct timespec){.tv_nsec = 100 * 1000 * 1000}, NULL);
    int held = lb_packet_queue_count(q);
    lb_packet_queue_abort(q); /* the blocked puts give up */
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    return held;
}

/* The queue is bounded by entries for small packets and by bytes for large ones, but always
 * holds its minimum. */
static void test_packet_queue_bounds(void)
{
    struct lb_packet_queue q;
    LB_CHECK(lb_packet_queue_init(&q, 8, 1000, 3));
    LB_CHECK_INT(queue_fill(&q, 10, 12), 8); /* small: the count bounds it */
    lb_packet_queue_destroy(&q);
    LB_CHECK(lb_packet_queue_init(&q, 8, 1000, 3));
    LB_CHECK_INT(queue_fill(&q, 300, 12), 4); /* 1200 bytes >= 1000 after the fourth */
    lb_packet_queue_destroy(&q);
    LB_CHECK(lb_packet_queue_init(&q, 8, 1000, 3));
    LB_CHECK_INT(queue_fill(&q, 5000, 12), 3); /* huge: the minimum still goes in */
    lb_packet_queue_destroy(&q);
}

/* check's probe: what each kind of file turns out to be, and the cache by path, size and time. */
static void test_probe(void)
{
    struct lb_probe_cache cache;
    lb_probe_cache_init(&cache);
    struct lb_probe_result r;
    lb_probe_file(&cache, clip_path("colors.mp4"), 5000, &r);
    LB_CHECK_INT(r.verdict, LB_PROBE_MEDIA);
    LB_CHECK(r.duration_ms >= 1950 && r.duration_ms <= 2100);
    LB_CHECK(r.video.present && r.video.decodable);
    LB_CHECK_STR(r.video.codec, "h264");
    LB_CHECK(r.audio.present && r.audio.decodable);
    LB_CHECK_INT(cache.hits, 0);
    lb_probe_file(&cache, clip_path("colors.mp4"), 5000, &r);
    LB_CHECK_INT(cache.hits, 1);
    LB_CHECK_INT(r.verdict, LB_PROBE_MEDIA);
    /* A changed file (another time) is looked at again. */
    run("touch -d '2001-01-01' '%s'", clip_path("colors.mp4"));
    lb_probe_file(&cache, clip_path("colors.mp4"), 5000, &r);
    LB_CHECK_INT(cache.hits, 1);
    LB_CHECK_INT(r.verdict, LB_PROBE_MEDIA);

    lb_probe_file(&cache, clip_path("halves.mp4"), 5000, &r);
    LB_CHECK(r.video.present && !r.audio.present);
    lb_probe_file(&cache, clip_path("tone.m4a"), 5000, &r);
    LB_CHECK(!r.video.present && r.audio.present);
    LB_CHECK(r.duration_ms >= 1450 && r.duration_ms <= 1600);

    run("printf 'not a video\\n' > '%s'", clip_path("text.mp4"));
    lb_probe_file(&cache, clip_path("text.mp4"), 5000, &r);
    LB_CHECK_INT(r.verdict, LB_PROBE_NOT_MEDIA);
    /* A FIFO with no writer and a folder: refused at once, never waited on. */
    run("mkfifo '%s' && mkdir '%s'", clip_path("fifo.mp4"), clip_path("folder.mp4"));
    double t0 = now_s();
    lb_probe_file(&cache, clip_path("fifo.mp4"), 5000, &r);
    LB_CHECK_INT(r.verdict, LB_PROBE_NOT_FILE);
    LB_CHECK(strstr(r.reason, "FIFO") != NULL);
    lb_probe_file(&cache, clip_path("folder.mp4"), 5000, &r);
    LB_CHECK_INT(r.verdict, LB_PROBE_NOT_FILE);
    LB_CHECK(now_s() - t0 < 2.0);
    /* A copy cut short: the index promises more than the file holds. */
    run("head -c 9000 '%s' > '%s'", clip_path("colors_fast.mp4"), clip_path("cut.mp4"));
    lb_probe_file(&cache, clip_path("cut.mp4"), 5000, &r);
    LB_CHECK_INT(r.verdict, LB_PROBE_DAMAGED);
    lb_probe_cache_destroy(&cache);
    /* No cache: every call looks. */
    lb_probe_file(NULL, clip_path("colors_fast.mp4"), 5000, &r);
    LB_CHECK_INT(r.verdict, LB_PROBE_MEDIA);
}

/* Where a clip's sound stops being heard: a narrated clip padded with silence is heard only
 * to its speech's end (here a tone for 1.2 s of 3 s), trims counted from their start; a clip
 * without sound is heard for 0, a file that is no media cannot be told (-1). */
static void test_audible(void)
{
    bool made = run("ffmpeg -nostdin -v error -y -f lavfi -i color=red:s=160x120:r=20:d=3 "
                    "-f lavfi -i 'sine=frequency=440:sample_rate=48000:duration=1.2,"
                    "apad=whole_dur=3' -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac "
                    "-shortest '%s' && (head -c 100 /dev/urandom; cat '%s') > '%s'",
                    clip_path("narrated.mp4"), clip_path("narrated.mp4"),
                    clip_path("narrated.bin"));
    LB_CHECK(made);
    int fd = open(clip_path("narrated.mp4"), O_RDONLY | O_CLOEXEC);
    LB_CHECK(fd >= 0);
    int64_t whole = lb_audible_ms(fd, 0, -1, "narrated.mp4", 0, -1, 5000);
    int64_t late = lb_audible_ms(fd, 0, -1, "narrated.mp4", 500, -1, 5000);
    int64_t cut = lb_audible_ms(fd, 0, -1, "narrated.mp4", 0, 1000, 5000);
    printf("audible: %lld ms, from 0.5 s %lld ms, to 1 s %lld ms\n", (long long)whole,
           (long long)late, (long long)cut);
    LB_CHECK(whole >= 1150 && whole <= 1300);
    LB_CHECK(late >= 650 && late <= 800);
    LB_CHECK(cut >= 950 && cut <= 1000);
    close(fd);
    /* The same clip as the window of a bigger file (a bundle's member, read in place). */
    fd = open(clip_path("narrated.bin"), O_RDONLY | O_CLOEXEC);
    struct stat st;
    LB_CHECK(fd >= 0 && fstat(fd, &st) == 0);
    int64_t inside = fd >= 0 ? lb_audible_ms(fd, 100, st.st_size - 100, "narrated.mp4", 0, -1,
                                             5000)
                             : -1;
    LB_CHECK(inside == whole);
    if (fd >= 0)
        close(fd);
    fd = open(clip_path("halves.mp4"), O_RDONLY | O_CLOEXEC);
    LB_CHECK_INT(lb_audible_ms(fd, 0, -1, "halves.mp4", 0, -1, 5000), 0); /* no sound */
    close(fd);
    fd = open(clip_path("colors.mp4"), O_RDONLY | O_CLOEXEC);
    int64_t tone = lb_audible_ms(fd, 0, -1, "colors.mp4", 0, -1, 5000);
    LB_CHECK(tone >= 1950 && tone <= 2100); /* sound to its end */
    close(fd);
    /* Sound heard past LB_AUDIBLE_SPAN_MS (70 s of tone): not told (the caller takes its whole
     * length); the same sound trimmed to 20 s, or silent after 30 s, is measured. */
    LB_CHECK(run("ffmpeg -nostdin -v error -y -f lavfi -i sine=frequency=300:duration=70 "
                 "-c:a aac '%s' && ffmpeg -nostdin -v error -y -f lavfi -i "
                 "'sine=frequency=300:duration=30,apad=whole_dur=70' -c:a aac '%s'",
                 clip_path("long.m4a"), clip_path("long-quiet.m4a")));
    fd = open(clip_path("long.m4a"), O_RDONLY | O_CLOEXEC);
    LB_CHECK_INT(lb_audible_ms(fd, 0, -1, "long.m4a", 0, -1, 5000), -1);
    int64_t trimmed = lb_audible_ms(fd, 0, -1, "long.m4a", 0, 20000, 5000);
    LB_CHECK(trimmed >= 19950 && trimmed <= 20000);
    close(fd);
    fd = open(clip_path("long-quiet.m4a"), O_RDONLY | O_CLOEXEC);
    int64_t quiet = lb_audible_ms(fd, 0, -1, "long-quiet.m4a", 0, -1, 5000);
    LB_CHECK(quiet >= 29900 && quiet <= 30100);
    close(fd);
    run("printf 'not a video\\n' > '%s'", clip_path("words.mp4"));
    fd = open(clip_path("words.mp4"), O_RDONLY | O_CLOEXEC);
    LB_CHECK_INT(lb_audible_ms(fd, 0, -1, "words.mp4", 0, -1, 5000), -1);
    close(fd);
}

int main(void)
{
    av_log_set_level(AV_LOG_ERROR);
    snprintf(dir, sizeof(dir), "/tmp/lb_media_XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    double started = now_s();
    test_packet_queue_bounds();
    if (make_clips()) {
        printf("clips made in %.1f s\n", now_s() - started);
        test_open();
        test_positions();
        test_trim_and_hold();
        test_loop();
        test_unread_audio();
        test_mirror_and_no_audio();
        test_rotation();
        test_aspect();
        test_audio();
        test_refused();
        test_avio_window();
        test_clip_window();
        test_swapped_and_fifo();
        test_damaged();
        test_formats();
        test_probe();
        test_audible();
    } else {
        LB_CHECK(!"the ffmpeg CLI could not make the test clips");
    }
    printf("media tests took %.1f s\n", now_s() - started);
    run("rm -rf '%s'", dir);
    return lb_test_finish();
}
