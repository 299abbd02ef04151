/* A session's life: loading a routine file, building its plan, engine and clip slots,
 * putting it on the display, and taking it all down again. */
#include "session.h"

#include <limits.h>
#include <string.h>

#include "bundle_routine.h"
#include "clock.h"
#include "i18n.h"
#include "log.h"
#include "state.h"

void lb_session_defaults(struct limber *l, const struct lb_options *opts, double start_ms)
{
    *l = (struct limber){.opts = opts, .process_start_ms = start_ms,
                         .screen = {.block = -1, .measured_block = -1, .audio_block = -1,
                                    .settled_block = -1},
                         .volume = {.level = opts->volume, .muted = opts->mute},
                         .exit_status = 1, .start_auto_ms = -1,
                         .bundle = {.fd = -1, .routine = -1},
                         .start = {.reading = {.card = -1}}};
}

/* Load routine file `path`. Its problems go to stderr and, when `errors` is not NULL, into it
 * as the same lines (as many as fit), for the screen. */
struct lb_routine *lb_session_load_routine(const struct lb_options *opts, const char *path,
                                           const char *assets_dir, struct lb_bundle *bundle,
                                           char *errors, size_t size)
{
    struct lb_diags diags;
    lb_diags_init(&diags, path);
    struct lb_load_options load = {.assets_dir = assets_dir,
                                   .allow_any_path = opts->allow_any_path,
                                   .check_files = false};
    /* A bundle verified whole before and unchanged since is not hashed again. */
    char cache[PATH_MAX];
    const char *cache_path = lb_state_file(LB_STATE_VERIFIED_BUNDLES, cache, sizeof(cache))
                             ? cache : NULL;
    struct lb_routine *r = bundle ? lb_routine_load_any(path, &load, cache_path, bundle, &diags)
                                  : lb_routine_load(path, &load, &diags);

    lb_diags_print(&diags, stderr);
    if (errors) {
        size_t n = 0;
        errors[0] = '\0';
        for (int i = 0; i < diags.count && n + 2 < size; i++) {
            lb_diags_format(&diags, i, errors + n, size - n - 1);
            n += strlen(errors + n);
            errors[n++] = '\n';
            errors[n] = '\0';
        }
    }
    lb_diags_destroy(&diags);
    return r;
}

/* The plan, engine and clip slots of l->routine, in the routine's language: Limber's own
 * words on its screens, in its export and in the spoken phrases made from here on. */
bool lb_session_build(struct limber *l)
{
    lb_i18n_use_routine(l->routine->language);
    if (!lb_plan_init(&l->plan, l->routine))
        return false;
    if (!lb_coach_init(&l->coach, &l->plan)) {
        lb_plan_destroy(&l->plan);
        return false;
    }
    lb_clip_slots_init(&l->clips, &l->plan, l->opts->hwdec, l->assets_dir,
                       l->opts->allow_any_path);
    l->clips.bundle = l->bundle.fd >= 0 ? &l->bundle : NULL; /* its clips are its members */
    return true;
}

/* What session_build and session_show brought up, taken down (the sound first: it reads the
 * clips). */
void lb_session_unbuild(struct limber *l)
{
    lb_audio_out_set_source(&l->audio, NULL, false);
    lb_audio_out_close(&l->audio);
    if (l->display)
        lb_video_out_clear_picture(&l->display->video); /* it may show a clip closed below */
    lb_clip_slots_destroy(&l->clips);
    lb_coach_destroy(&l->coach);
    lb_plan_destroy(&l->plan);
}

/* Load the routine, its plan, engine and statistics; on failure, what was brought up is
 * taken down again and false returned (`errors`, when not NULL, gets the file's problems). */
bool lb_session_open(struct limber *l, const char *path, const char *assets_dir,
                         char *errors, size_t size)
{
    l->path = path;
    l->assets_dir = assets_dir;
    l->routine = lb_session_load_routine(l->opts, path, assets_dir, &l->bundle, errors, size);
    if (!l->routine)
        return false;
    if (lb_session_build(l)) {
        if (lb_stats_open(&l->stats, l->opts->stats_path))
            return true;
        lb_session_unbuild(l);
    }
    lb_routine_free(l->routine);
    l->routine = NULL;
    lb_bundle_close(&l->bundle);
    return false;
}

/* Put the opened session on `display`: its first clip, the sound, the window title. */
void lb_session_show(struct limber *l, struct lb_display *display)
{
    const struct lb_options *opts = l->opts;
    l->display = display;
    if (!display->offscreen) {
        /* The first clip opens while the rest comes up. */
        lb_clip_slots_update(&l->clips, lb_clip_slots_block_for(&l->plan, 0), 0);
        /* without a device the routine plays silently */
        lb_audio_out_open(&l->audio, opts->audio_device);
    }
    lb_audio_out_set_volume(&l->audio, l->volume.level, l->volume.muted);
    /* audio coaching (issue 5): beeps, lines and captions (offscreen: the captions alone).
     * Live, on the start card, once it is drawn: the layout makes the routine's lines first
     * (voice lengths), which the first screen need not wait for; the card is read aloud from
     * then on. With --yes, or in a routine under way (a reload), the routine's 0 needs it. */
    const struct lb_bundle *bundle = l->bundle.fd >= 0 ? &l->bundle : NULL;
    if (!display->offscreen && !opts->yes && l->start.stage != LB_START_DONE)
        lb_audio_out_set_plan_later(&l->audio, &l->plan, bundle, opts->voice);
    else
        lb_audio_out_set_plan(&l->audio, &l->plan, bundle, opts->voice, display->offscreen);
    lb_audio_out_leave_out(&l->audio, opts->sounds != LB_SOUNDS_ALL,
                           opts->sounds == LB_SOUNDS_VOICE);
    lb_video_out_clear_picture(&display->video);
    lb_display_set_title(display, l->routine->title);
}

void lb_session_close(struct limber *l)
{
    lb_session_unbuild(l);
    if (l->display)
        lb_display_set_title(l->display, "Limber");
    lb_stats_close(&l->stats, NULL);
    lb_routine_free(l->routine);
    l->routine = NULL;
    lb_bundle_close(&l->bundle); /* after everything that reads its clips */
    lb_i18n_use_person(); /* the library again, in the person's language */
}

const char *lb_clip_no_picture(void)
{
    return _("the clip shows no picture (it may be damaged); the step goes on without it");
}

struct lb_clip *lb_session_settled_picture(struct limber *l, const struct lb_coach_state *st,
                                           int timeout_ms, bool last_try)
{
    struct lb_video_out *vo = &l->display->video;
    int block = lb_clip_slots_block_for(&l->plan, l->coach.seg);
    lb_clip_slots_update(&l->clips, block, st->routine_pos_ms);
    struct lb_clip_slot *slot = block >= 0 ? lb_clip_slots_wait(&l->clips, block, timeout_ms)
                                           : NULL;
    if (!slot || !slot->clip) {
        lb_video_out_clear_picture(vo);
        l->screen.block = l->screen.settled_block = -1;
        l->screen.clip_error = slot    ? slot->error
                        : block >= 0 ? _("the clip did not open in time")
                                     : NULL;
        return NULL;
    }
    struct lb_clip *clip = slot->clip;
    bool in_block = st->phase == LB_PHASE_BLOCK;
    int64_t t = in_block ? st->phase_elapsed_ms : 0;
    /* A jump back, or a first look at this block somewhere after its start: decode from
     * there. Otherwise the clip goes on from where the last frame was. */
    if (t < slot->last_routine_ms || (block != l->screen.settled_block && t > 0))
        lb_clip_seek(clip, t);
    slot->last_routine_ms = t;
    l->screen.settled_block = block;
    const struct lb_video_frame *frame = NULL;
    bool settled = false;
    double give_up = lb_now_ms_f() + timeout_ms;
    for (;;) { /* at least one look, even with no time left */
        frame = lb_clip_video_frame(clip, t, &settled);
        if (settled || lb_now_ms_f() >= give_up)
            break;
        SDL_Delay(1);
    }
    l->screen.clip_error = lb_clip_error(clip);
    if (last_try && !frame && !l->screen.clip_error && lb_clip_info(clip)->has_video &&
        l->screen.block != block) {
        /* Opened, but no picture in the time given: the same card as a clip that failed. */
        lb_video_out_clear_picture(vo);
        l->screen.clip_error = lb_clip_no_picture();
        return in_block ? clip : NULL;
    }
    if (frame && (l->screen.block != block || frame->time_ms != l->screen.time_ms ||
                  frame->iteration != l->screen.iteration)) {
        lb_video_out_set_frame(vo, clip, frame, lb_plan_mirrored(&l->plan, block));
        l->screen.block = block;
        l->screen.time_ms = frame->time_ms;
        l->screen.iteration = frame->iteration;
    }
    return in_block ? clip : NULL;
}
