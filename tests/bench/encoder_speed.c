/* Benchmark, not a test: how fast player/export's encoder takes frames at 720p and 1080p.
 * Frames come from a clip decoded beforehand (ffmpeg CLI) or from a moving noisy gradient, so
 * only the encoder is timed: wall-clock frames per second and CPU milliseconds per frame, with
 * the BGRA to YUV conversion alone timed apart. A second of audio per 30 frames goes in too.
 * Build: cc -O2 -std=c17 -D_XOPEN_SOURCE=700 -Iplayer/export tests/bench/encoder_speed.c \
 *        player/export/encoder.c $(pkg-config --cflags --libs libavformat libavcodec \
 *        libavutil libswscale) -lm -o /tmp/encoder_speed
 * Usage: /tmp/encoder_speed [CLIP] [FRAMES] [HEIGHT] [PRESET]
 *        (default assets/clips/cat-cow.mp4, 300 frames, 720 and 1080, three presets) */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <libavutil/log.h>
#include <libswscale/swscale.h>

#include "encoder.h"

#define MAX_FRAMES 240  /* decoded frames kept in memory, looped: 1080p BGRA is 8 MB each */

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (double)(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
           (double)(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

/* Up to MAX_FRAMES frames of clip scaled to width x height BGRA; how many in *count. */
static uint8_t *decode_clip(const char *clip, int width, int height, int *count)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "ffmpeg -v error -i '%s' -vf scale=%d:%d -frames:v %d "
             "-f rawvideo -pix_fmt bgra -", clip, width, height, MAX_FRAMES);
    size_t frame = (size_t)width * height * 4;
    uint8_t *frames = malloc(frame * MAX_FRAMES);
    FILE *pipe = popen(cmd, "r");
    *count = 0;
    while (frames && pipe && *count < MAX_FRAMES &&
           fread(frames + frame * (size_t)*count, 1, frame, pipe) == frame)
        ++*count;
    if (pipe)
        pclose(pipe);
    return frames;
}

/* A gradient drifting sideways under fresh noise: harder to compress than the clips. */
static uint8_t *noisy_gradient(int width, int height, int *count)
{
    size_t frame = (size_t)width * height * 4;
    *count = 60;
    uint8_t *frames = malloc(frame * (size_t)*count);
    uint32_t seed = 7;
    for (int n = 0; frames && n < *count; n++) {
        for (int y = 0; y < height; y++) {
            uint8_t *p = frames + frame * (size_t)n + (size_t)y * width * 4;
            for (int x = 0; x < width; x++) {
                seed = seed * 1664525u + 1013904223u;
                int noise = (int)(seed >> 28) - 8;
                int shade = (x + 4 * n) * 255 / (width + 240);
                p[4 * x] = (uint8_t)(shade + noise + 8);
                p[4 * x + 1] = (uint8_t)(y * 200 / height + noise + 8);
                p[4 * x + 2] = (uint8_t)(255 - shade + noise - 8);
                p[4 * x + 3] = 255;
            }
        }
    }
    return frames;
}

/* Time the BGRA to yuv420p conversion alone, as the encoder sets it up. */
static double convert_ms(const uint8_t *frames, int count, int width, int height)
{
    struct SwsContext *sws = sws_getContext(width, height, AV_PIX_FMT_BGRA, width, height,
                                            AV_PIX_FMT_YUV420P,
                                            SWS_BILINEAR | SWS_FULL_CHR_H_INP, NULL, NULL, NULL);
    uint8_t *yuv = malloc((size_t)width * height * 2);
    uint8_t *planes[4] = { yuv, yuv + width * height, yuv + width * height * 5 / 4 };
    int pitches[4] = { width, width / 2, width / 2 };
    int runs = 100;
    double start = wall_s();
    for (int i = 0; i < runs; i++) {
        const uint8_t *src[4] = { frames + (size_t)width * height * 4 * (size_t)(i % count) };
        int src_pitch[4] = { width * 4 };
        sws_scale(sws, src, src_pitch, 0, height, planes, pitches);
    }
    double ms = (wall_s() - start) * 1000 / runs;
    free(yuv);
    sws_freeContext(sws);
    return ms;
}

static void run(const char *what, const uint8_t *frames, int count, int width, int height,
                const char *preset, int total)
{
    char path[64], err[512];
    snprintf(path, sizeof path, "/tmp/encoder_speed_%d.mp4", (int)getpid());
    struct lb_encoder_params p = {
        .path = path, .width = width, .height = height, .fps = 30, .crf = 20,
        .preset = preset, .title = "Bench",
    };
    static float silence[2 * LB_ENCODER_RATE / 30];
    double wall = wall_s(), cpu = cpu_s();
    struct lb_encoder *e = lb_encoder_open(&p, err, sizeof err);
    bool ok = e != NULL;
    for (int n = 0; ok && n < total; n++) {
        /* Back and forth through the frames, as the clips loop without a jump. */
        int cycle = 2 * count - 2 > 0 ? 2 * count - 2 : 1;
        int i = n % cycle < count ? n % cycle : cycle - n % cycle;
        ok = lb_encoder_video(e, frames + (size_t)width * height * 4 * (size_t)i, width * 4) &&
             lb_encoder_audio(e, silence, LB_ENCODER_RATE / 30);
    }
    if (!ok && e)
        snprintf(err, sizeof err, "%s", lb_encoder_error(e));
    if (e)
        ok = lb_encoder_finish(e, ok ? err : NULL, ok ? sizeof err : 0) && ok;
    wall = wall_s() - wall;
    cpu = cpu_s() - cpu;
    FILE *f = fopen(path, "rb");
    long size = 0;
    if (f && fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (f)
        fclose(f);
    unlink(path);
    if (!ok) {
        printf("%s: %s\n", what, err);
        return;
    }
    printf("%-6s %5dp %-9s %6.1f fps  %5.1f ms CPU/frame  %6.0f kbit/s\n", what, height,
           preset, total / wall, cpu * 1000 / total, size * 8.0 / 1000 / (total / 30.0));
}

int main(int argc, char **argv)
{
    av_log_set_level(AV_LOG_ERROR);
    const char *clip = argc > 1 ? argv[1] : "assets/clips/cat-cow.mp4";
    int total = argc > 2 ? atoi(argv[2]) : 300;
    const char *presets[] = { "veryfast", "superfast", "ultrafast" };
    const int heights[] = { 720, 1080 };
    int only_height = argc > 3 ? atoi(argv[3]) : 0;
    const char *only_preset = argc > 4 ? argv[4] : NULL;
    for (int h = 0; h < 2; h++) {
        int height = heights[h], width = height * 16 / 9, count;
        if (only_height && height != only_height)
            continue;
        uint8_t *frames = decode_clip(clip, width, height, &count);
        if (!frames || count == 0) {
            fprintf(stderr, "cannot decode %s\n", clip);
            return 1;
        }
        printf("BGRA to yuv420p at %dp: %.2f ms a frame\n", height,
               convert_ms(frames, count, width, height));
        for (int i = 0; i < 3; i++)
            if (!only_preset || strcmp(only_preset, presets[i]) == 0)
                run("clip", frames, count, width, height, presets[i], total);
        free(frames);
        frames = noisy_gradient(width, height, &count);
        for (int i = 0; i < 3; i++)
            if (!only_preset || strcmp(only_preset, presets[i]) == 0)
                run("noisy", frames, count, width, height, presets[i], total);
        free(frames);
    }
    return 0;
}
