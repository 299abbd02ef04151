/* Tests for player/export: encode a short routine, read it back with ffprobe and ffmpeg. */
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "encoder.h"
#include "lb_test.h"

#define WIDTH 320
#define HEIGHT 240
#define FPS 10
#define SECONDS 3

static char dir[64];    /* temp folder holding the files */

/* One colour per second of the video, R, G, B. */
static const uint8_t colours[SECONDS][3] = { { 200, 40, 40 }, { 40, 180, 60 }, { 50, 60, 200 } };

static const struct lb_chapter chapters[] = {
    { 0, 1500, "Warm up" },
    { 1500, 3000, "Cat–cow stretch" },
};

static const char *in_dir(const char *name)
{
    static char paths[4][256];
    static int next;
    char *path = paths[next++ % 4];
    snprintf(path, 256, "%s/%s", dir, name);
    return path;
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* Run a command built like printf and read all it prints into a new string (NULL on failure). */
static char *output_of(size_t *length, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *output_of(size_t *length, const char *fmt, ...)
{
    char cmd[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, args);
    va_end(args);
    FILE *pipe = popen(cmd, "r");
    if (!pipe)
        return NULL;
    size_t size = 1 << 16, used = 0;
    char *text = malloc(size);
    size_t got;
    while (text && (got = fread(text + used, 1, size - used - 1, pipe)) > 0) {
        used += got;
        if (size - used < 2) {
            char *bigger = realloc(text, size * 2);
            if (!bigger) {
                free(text);
                text = NULL;
            }
            text = bigger;
            size *= 2;
        }
    }
    int status = pclose(pipe);
    if (status != 0) {
        fprintf(stderr, "command failed (%d): %s\n", status, cmd);
        free(text);
        return NULL;
    }
    if (text)
        text[used] = '\0';
    if (length)
        *length = used;
    return text;
}

/* The value of key in ffprobe's flat output (quotes removed), "" when missing. */
static const char *probed(const char *probe, const char *key)
{
    static char values[8][256];
    static int next;
    char *value = values[next++ % 8];
    value[0] = '\0';
    size_t key_length = strlen(key);
    for (const char *line = probe; line && *line; line = strchr(line, '\n'), line += !!line) {
        if (strncmp(line, key, key_length) != 0 || line[key_length] != '=')
            continue;
        const char *start = line + key_length + 1;
        start += *start == '"';
        size_t n = strcspn(start, "\"\n");
        if (n > 255)
            n = 255;
        memcpy(value, start, n);
        value[n] = '\0';
        break;
    }
    return value;
}

/* The index of the first stream of a type in the probe, or -1. */
static int stream_of_type(const char *probe, const char *type, int *count)
{
    int first = -1;
    *count = 0;
    for (int i = 0; i < 8; i++) {
        char key[64];
        snprintf(key, sizeof key, "streams.stream.%d.codec_type", i);
        if (strcmp(probed(probe, key), type) == 0) {
            if (first < 0)
                first = i;
            ++*count;
        }
    }
    return first;
}

static const char *stream_value(const char *probe, int stream, const char *field)
{
    char key[128];
    snprintf(key, sizeof key, "streams.stream.%d.%s", stream, field);
    return probed(probe, key);
}

/* A frame of one flat colour (ARGB8888 words), with a pitch wider than the picture. */
static void paint(uint32_t *pixels, int pitch_words, const uint8_t rgb[3])
{
    uint32_t word = 0xff000000u | (uint32_t)rgb[0] << 16 | (uint32_t)rgb[1] << 8 | rgb[2];
    for (int y = 0; y < HEIGHT; y++)
        for (int x = 0; x < pitch_words; x++)
            pixels[y * pitch_words + x] = x < WIDTH ? word : 0xdeadbeefu;
}

/* A 1 kHz tone, loud on the left and soft on the right, so a swap of the channels shows. */
static void tone(float *samples, int frames, int64_t first)
{
    for (int i = 0; i < frames; i++) {
        double phase = 2.0 * M_PI * 1000.0 * (double)(first + i) / LB_ENCODER_RATE;
        samples[2 * i] = (float)(0.4 * sin(phase));
        samples[2 * i + 1] = (float)(0.1 * sin(phase));
    }
}

static struct lb_encoder_params params_for(const char *path)
{
    return (struct lb_encoder_params){
        .path = path, .width = WIDTH, .height = HEIGHT, .fps = FPS, .crf = 20,
        .preset = "veryfast", .title = "Morning stretch", .author = "Limber tests",
        .chapters = chapters, .n_chapters = 2,
    };
}

/* Encode SECONDS of coloured frames and the tone, the audio in uneven pieces. */
static bool encode(struct lb_encoder *e)
{
    static uint32_t pixels[HEIGHT * (WIDTH + 8)];
    static float samples[2 * LB_ENCODER_RATE / FPS];
    int per_frame = LB_ENCODER_RATE / FPS;
    int64_t given = 0;
    for (int n = 0; n < SECONDS * FPS; n++) {
        paint(pixels, WIDTH + 8, colours[n / FPS]);
        if (!lb_encoder_video(e, (const uint8_t *)pixels, (WIDTH + 8) * 4))
            return false;
        int first = 1234 + n % 7;  /* not a multiple of the AAC frame size */
        tone(samples, first, given);
        if (!lb_encoder_audio(e, samples, first))
            return false;
        tone(samples, per_frame - first, given + first);
        if (!lb_encoder_audio(e, samples, per_frame - first))
            return false;
        given += per_frame;
    }
    return true;
}

/* moov before mdat among the file's top-level boxes (faststart). */
static bool index_first(const char *path)
{
    FILE *f = fopen(path, "rb");
    long moov = -1, mdat = -1;
    unsigned char head[16];
    long at = 0;
    while (f && fseek(f, at, SEEK_SET) == 0 && fread(head, 1, 8, f) == 8) {
        uint64_t size = (uint64_t)head[0] << 24 | (uint64_t)head[1] << 16 |
                        (uint64_t)head[2] << 8 | head[3];
        if (size == 1) {
            if (fread(head + 8, 1, 8, f) != 8)
                break;
            size = 0;
            for (int i = 8; i < 16; i++)
                size = size << 8 | head[i];
        }
        if (memcmp(head + 4, "moov", 4) == 0)
            moov = at;
        if (memcmp(head + 4, "mdat", 4) == 0)
            mdat = at;
        if (size < 8)
            break;  /* 0: to the end of the file */
        at += (long)size;
    }
    if (f)
        fclose(f);
    return moov >= 0 && mdat >= 0 && moov < mdat;
}

static bool near(int got, int want, int tolerance)
{
    return abs(got - want) <= tolerance;
}

static void check_colour(const uint8_t *frame, int second)
{
    const uint8_t *centre = frame + ((HEIGHT / 2) * WIDTH + WIDTH / 2) * 3;
    const uint8_t *want = colours[second];
    bool ok = near(centre[0], want[0], 10) && near(centre[1], want[1], 10) &&
              near(centre[2], want[2], 10);
    if (!ok)
        fprintf(stderr, "second %d: got %d %d %d, want %d %d %d\n", second, centre[0],
                centre[1], centre[2], want[0], want[1], want[2]);
    LB_CHECK(ok);
}

static void test_file(void)
{
    const char *path = in_dir("routine.mp4");
    struct lb_encoder_params params = params_for(path);
    char err[512] = "";
    struct lb_encoder *e = lb_encoder_open(&params, err, sizeof err);
    LB_CHECK(e != NULL);
    if (!e) {
        fprintf(stderr, "open: %s\n", err);
        return;
    }
    LB_CHECK(exists(in_dir("routine.mp4.part")));
    LB_CHECK(!exists(path));
    bool encoded = encode(e);
    LB_CHECK(encoded);
    LB_CHECK_STR(lb_encoder_error(e), "");
    bool finished = lb_encoder_finish(e, err, sizeof err);
    LB_CHECK(finished);
    if (!finished)
        fprintf(stderr, "finish: %s\n", err);
    LB_CHECK(exists(path));
    LB_CHECK(!exists(in_dir("routine.mp4.part")));
    LB_CHECK(index_first(path));

    char *probe = output_of(NULL, "ffprobe -v error -show_streams -show_chapters -show_format "
                            "-of flat '%s'", path);
    LB_CHECK(probe != NULL);
    if (!probe)
        return;
    int count;
    int video = stream_of_type(probe, "video", &count);
    LB_CHECK_INT(count, 1);
    LB_CHECK_STR(stream_value(probe, video, "codec_name"), "h264");
    LB_CHECK_STR(stream_value(probe, video, "pix_fmt"), "yuv420p");
    LB_CHECK_STR(stream_value(probe, video, "profile"), "High");
    LB_CHECK_STR(stream_value(probe, video, "level"), "40");
    LB_CHECK_STR(stream_value(probe, video, "width"), "320");
    LB_CHECK_STR(stream_value(probe, video, "height"), "240");
    LB_CHECK_STR(stream_value(probe, video, "r_frame_rate"), "10/1");
    LB_CHECK_STR(stream_value(probe, video, "color_range"), "tv");
    LB_CHECK_STR(stream_value(probe, video, "color_space"), "smpte170m");
    int audio = stream_of_type(probe, "audio", &count);
    LB_CHECK_INT(count, 1);
    LB_CHECK_STR(stream_value(probe, audio, "codec_name"), "aac");
    LB_CHECK_STR(stream_value(probe, audio, "sample_rate"), "48000");
    LB_CHECK_STR(stream_value(probe, audio, "channels"), "2");
    double duration = atof(probed(probe, "format.duration"));
    LB_CHECK(fabs(duration - SECONDS) <= 0.1);
    if (fabs(duration - SECONDS) > 0.1)
        fprintf(stderr, "duration %.3f\n", duration);
    LB_CHECK_STR(probed(probe, "format.tags.title"), "Morning stretch");
    LB_CHECK_STR(probed(probe, "format.tags.artist"), "Limber tests");
    LB_CHECK_STR(probed(probe, "chapters.chapter.0.tags.title"), "Warm up");
    LB_CHECK_STR(probed(probe, "chapters.chapter.1.tags.title"), "Cat–cow stretch");
    LB_CHECK(fabs(atof(probed(probe, "chapters.chapter.0.start_time")) - 0.0) < 0.01);
    LB_CHECK(fabs(atof(probed(probe, "chapters.chapter.1.start_time")) - 1.5) < 0.01);
    LB_CHECK(fabs(atof(probed(probe, "chapters.chapter.1.end_time")) - 3.0) < 0.01);
    LB_CHECK_STR(probed(probe, "chapters.chapter.2.id"), "");
    free(probe);

    /* The second chapter starts on a keyframe, so a jump to it shows its first frame. */
    char *packets = output_of(NULL, "ffprobe -v error -select_streams v -show_entries "
                              "packet=pts_time,flags -of csv '%s'", path);
    LB_CHECK(packets && strstr(packets, "packet,1.500000,K"));
    free(packets);

    /* Every frame comes back, in its colour. */
    size_t length = 0;
    uint8_t *frames = (uint8_t *)output_of(&length, "ffmpeg -v error -i '%s' -f rawvideo "
                                           "-pix_fmt rgb24 -", path);
    size_t frame_size = (size_t)WIDTH * HEIGHT * 3;
    LB_CHECK_INT(length, SECONDS * FPS * frame_size);
    if (frames && length == SECONDS * FPS * frame_size) {
        for (int second = 0; second < SECONDS; second++)
            check_colour(frames + (size_t)(second * FPS + FPS / 2) * frame_size, second);
    }
    free(frames);
    uint8_t *frame = (uint8_t *)output_of(&length, "ffmpeg -v error -ss 1.5 -i '%s' "
                                          "-frames:v 1 -f rawvideo -pix_fmt rgb24 -", path);
    LB_CHECK_INT(length, frame_size);
    if (frame && length == frame_size)
        check_colour(frame, 1);
    free(frame);

    /* The tone comes back at its level on each side. */
    float *sound = (float *)(void *)output_of(&length, "ffmpeg -v error -i '%s' -ss 1 -t 1 "
                                              "-f f32le -ac 2 -ar 48000 -", path);
    LB_CHECK(sound && length >= LB_ENCODER_RATE * 2 * sizeof(float) * 9 / 10);
    if (sound) {
        size_t n = length / (2 * sizeof(float));
        double left = 0, right = 0;
        for (size_t i = 0; i < n; i++) {
            left += sound[2 * i] * sound[2 * i];
            right += sound[2 * i + 1] * sound[2 * i + 1];
        }
        left = sqrt(left / (double)n);
        right = sqrt(right / (double)n);
        LB_CHECK(fabs(left - 0.4 / M_SQRT2) < 0.02);
        LB_CHECK(fabs(right - 0.1 / M_SQRT2) < 0.01);
        if (fabs(left - 0.4 / M_SQRT2) >= 0.02 || fabs(right - 0.1 / M_SQRT2) >= 0.01)
            fprintf(stderr, "tone RMS %.3f %.3f\n", left, right);
    }
    free(sound);
    unlink(path);
}

static void test_abort(void)
{
    const char *path = in_dir("stopped.mp4");
    struct lb_encoder_params params = params_for(path);
    char err[512] = "";
    struct lb_encoder *e = lb_encoder_open(&params, err, sizeof err);
    LB_CHECK(e != NULL);
    static uint32_t pixels[WIDTH * HEIGHT];
    paint(pixels, WIDTH, colours[0]);
    for (int n = 0; e && n < 5; n++)
        LB_CHECK(lb_encoder_video(e, (const uint8_t *)pixels, WIDTH * 4));
    lb_encoder_abort(e);
    LB_CHECK(!exists(path));
    LB_CHECK(!exists(in_dir("stopped.mp4.part")));
}

static void test_refused(void)
{
    char err[512] = "";
    const char *path = in_dir("missing/routine.mp4");
    struct lb_encoder_params params = params_for(path);
    LB_CHECK(lb_encoder_open(&params, err, sizeof err) == NULL);
    LB_CHECK(strstr(err, "cannot create") && strstr(err, "missing/routine.mp4.part") &&
             strstr(err, "No such file or directory"));
    LB_CHECK(!exists(in_dir("missing")));

    params = params_for(in_dir("odd.mp4"));
    params.width = 321;
    LB_CHECK(lb_encoder_open(&params, err, sizeof err) == NULL);
    LB_CHECK(strstr(err, "321x240") && strstr(err, "even"));
    params.width = WIDTH;
    params.preset = "warp-speed";
    LB_CHECK(lb_encoder_open(&params, err, sizeof err) == NULL);
    LB_CHECK(strstr(err, "warp-speed") != NULL);
    params.preset = "veryfast";
    params.crf = 0;
    LB_CHECK(lb_encoder_open(&params, err, sizeof err) == NULL);
    LB_CHECK(strstr(err, "CRF 0") != NULL);
    params.crf = 20;
    const struct lb_chapter backwards = { 2000, 1000, "Backwards" };
    params.chapters = &backwards;
    params.n_chapters = 1;
    LB_CHECK(lb_encoder_open(&params, err, sizeof err) == NULL);
    LB_CHECK(strstr(err, "Backwards") != NULL);
    const struct lb_chapter overlapping[] = { { 0, 2000, "One" }, { 1000, 3000, "Two" } };
    params.chapters = overlapping;
    params.n_chapters = 2;
    LB_CHECK(lb_encoder_open(&params, err, sizeof err) == NULL);
    LB_CHECK(strstr(err, "chapter 2 ('Two')") && strstr(err, "overlap"));
    LB_CHECK(!exists(in_dir("odd.mp4")) && !exists(in_dir("odd.mp4.part")));
}

/* A file size limit stands in for a full disk: the error says so and no file stays. */
static void test_full(void)
{
    const char *path = in_dir("full.mp4");
    struct lb_encoder_params params = params_for(path);
    params.crf = 1;     /* noise at the best quality: big packets quickly */
    char err[512] = "";
    struct lb_encoder *e = lb_encoder_open(&params, err, sizeof err);
    LB_CHECK(e != NULL);
    if (!e)
        return;
    struct rlimit old;
    getrlimit(RLIMIT_FSIZE, &old);
    struct rlimit small = { 64 * 1024, old.rlim_max };
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    setrlimit(RLIMIT_FSIZE, &small);
    static uint32_t pixels[WIDTH * HEIGHT];
    uint32_t seed = 1;
    bool ok = true;
    for (int n = 0; ok && n < SECONDS * FPS; n++) {
        for (int i = 0; i < WIDTH * HEIGHT; i++) {
            seed = seed * 1664525u + 1013904223u;
            pixels[i] = seed >> 8 | 0xff000000u;
        }
        ok = lb_encoder_video(e, (const uint8_t *)pixels, WIDTH * 4);
        /* With audio beside it the muxer writes as it goes, so the error comes mid-way. */
        static float silence[2 * LB_ENCODER_RATE / FPS];
        ok = ok && lb_encoder_audio(e, silence, LB_ENCODER_RATE / FPS);
    }
    LB_CHECK(!ok);
    LB_CHECK(strstr(lb_encoder_error(e), "File too large") != NULL);
    bool finished = lb_encoder_finish(e, err, sizeof err);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, old_handler);
    LB_CHECK(!finished);
    LB_CHECK(strstr(err, "cannot write") && strstr(err, "full.mp4.part") &&
             strstr(err, "File too large"));
    if (!strstr(err, "cannot write") || !strstr(err, "File too large"))
        fprintf(stderr, "error: %s\n", err);
    LB_CHECK(!exists(path));
    LB_CHECK(!exists(in_dir("full.mp4.part")));
}

int main(void)
{
    av_log_set_level(AV_LOG_ERROR);
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/lb_encoder_XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_file();
    test_abort();
    test_refused();
    test_full();
    rmdir(dir);
    return lb_test_finish();
}
