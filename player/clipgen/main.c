/* limber-clipgen: renders, narrates and encodes the bundled demonstration clips. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <libavutil/log.h>

#include "draw.h"
#include "encode.h"
#include "exercise.h"
#include "narrate.h"
#include "skeleton.h"

#define WIDTH 1280
#define HEIGHT 720
#define FPS 30

static int frame_count(const struct lb_exercise *ex)
{
    return (int)(ex->seconds * FPS + 0.5);
}

/* Frame `i` of `ex` into `surface`; the clip's frames are phases i / frame_count. */
static void render(cairo_surface_t *surface, const struct lb_camera *cam,
                   const struct lb_exercise *ex, int i)
{
    struct lb_skeleton sk;
    lb_skeleton_place(ex, (double)i / frame_count(ex), &sk);
    cairo_t *cr = cairo_create(surface);
    lb_draw_frame(cr, cam, ex, &sk, WIDTH, HEIGHT);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
}

static bool make_clip(const struct lb_exercise *ex, const char *outdir)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s.mp4", outdir, ex->id);
    int frames = frame_count(ex);
    int64_t samples = (int64_t)frames * LB_CLIP_AUDIO_RATE / FPS, spoken;
    bool ok = false;
    float *voice = malloc(samples * sizeof(*voice));
    if (!voice)
        return false;
    if (!lb_narrate(ex->say, voice, samples, &spoken))
        goto fail_voice;
    if (spoken > samples)
        fprintf(stderr, "limber-clipgen: %s: narration needs %.2f s but the clip is %.2f s; "
                        "it was cut\n", ex->id, (double)spoken / LB_CLIP_AUDIO_RATE,
                (double)samples / LB_CLIP_AUDIO_RATE);

    struct lb_camera cam;
    lb_camera_fit(&cam, ex, WIDTH, HEIGHT);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        goto fail_surface;
    struct lb_encoder enc;
    if (!lb_encoder_open(&enc, path, WIDTH, HEIGHT, FPS, voice, samples))
        goto fail_surface;
    for (int i = 0; i < frames; i++) {
        render(surface, &cam, ex, i);
        if (!lb_encoder_push(&enc, cairo_image_surface_get_data(surface),
                             cairo_image_surface_get_stride(surface)))
            goto fail_encode;
    }
    if (!lb_encoder_finish(&enc))
        goto fail_encode;
    ok = true;
    printf("%s: %d frames, speech %.2f s\n", path, frames, (double)spoken / LB_CLIP_AUDIO_RATE);

fail_encode:
    lb_encoder_close(&enc);
fail_surface:
    cairo_surface_destroy(surface);
fail_voice:
    free(voice);
    if (!ok)
        fprintf(stderr, "limber-clipgen: %s was not made\n", path);
    return ok;
}

/* Writes frame `i` as a PNG, or with i < 0 a sheet of six frames spread over the loop. */
static bool dump_frames(const struct lb_exercise *ex, int i, const char *png)
{
    struct lb_camera cam;
    lb_camera_fit(&cam, ex, WIDTH, HEIGHT);
    cairo_surface_t *frame = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
    cairo_surface_t *out = frame;
    if (i >= 0) {
        render(frame, &cam, ex, i % frame_count(ex));
    } else {
        out = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT * 2 / 3);
        cairo_t *cr = cairo_create(out);
        for (int k = 0; k < 6; k++) {
            render(frame, &cam, ex, k * frame_count(ex) / 6);
            cairo_save(cr);
            cairo_translate(cr, (k % 3) * WIDTH / 3.0, (k / 3) * HEIGHT / 3.0);
            cairo_scale(cr, 1 / 3.0, 1 / 3.0);
            cairo_set_source_surface(cr, frame, 0, 0);
            cairo_paint(cr);
            cairo_restore(cr);
        }
        cairo_destroy(cr);
    }
    bool ok = cairo_surface_write_to_png(out, png) == CAIRO_STATUS_SUCCESS;
    if (!ok)
        fprintf(stderr, "limber-clipgen: cannot write %s\n", png);
    if (out != frame)
        cairo_surface_destroy(out);
    cairo_surface_destroy(frame);
    return ok;
}

static const struct lb_exercise *find_or_complain(const char *id)
{
    const struct lb_exercise *ex = lb_exercise_find(id);
    if (!ex)
        fprintf(stderr, "limber-clipgen: no exercise '%s' (try --list)\n", id);
    return ex;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: limber-clipgen OUTDIR [ID...]   make OUTDIR/ID.mp4 (every clip by default)\n"
            "       limber-clipgen --frame ID N OUT.png   write frame N of a clip as a PNG\n"
            "       limber-clipgen --sheet ID OUT.png     six frames across the loop\n"
            "       limber-clipgen --list                 exercise ids and lengths\n");
}

int main(int argc, char **argv)
{
    av_log_set_level(AV_LOG_WARNING); /* keep x264's statistics out of the output */
    int count;
    const struct lb_exercise *const *all = lb_exercises(&count);
    if (argc == 2 && !strcmp(argv[1], "--list")) {
        for (int i = 0; i < count; i++)
            printf("%-26s %.1f s  \"%s\"\n", all[i]->id, all[i]->seconds, all[i]->say);
        return 0;
    }
    if (argc == 5 && !strcmp(argv[1], "--frame")) {
        const struct lb_exercise *ex = find_or_complain(argv[2]);
        return ex && dump_frames(ex, atoi(argv[3]), argv[4]) ? 0 : 1;
    }
    if (argc == 4 && !strcmp(argv[1], "--sheet")) {
        const struct lb_exercise *ex = find_or_complain(argv[2]);
        return ex && dump_frames(ex, -1, argv[3]) ? 0 : 1;
    }
    if (argc < 2 || argv[1][0] == '-') {
        usage();
        return 2;
    }
    int failed = 0;
    if (argc == 2) {
        for (int i = 0; i < count; i++)
            failed += !make_clip(all[i], argv[1]);
    }
    for (int a = 2; a < argc; a++) {
        const struct lb_exercise *ex = find_or_complain(argv[a]);
        failed += !ex || !make_clip(ex, argv[1]);
    }
    lb_narrate_shutdown();
    return failed ? 1 : 0;
}
