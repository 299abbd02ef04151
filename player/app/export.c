/* `limber export`: the whole routine as one MP4, drawn and mixed by the same code as live
 * playback and snapshots, driven by the file's clock instead of the wall clock. */
#include "export.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "clock.h"
#include "duration.h"
#include "encoder.h"
#include "i18n.h"
#include "log.h"
#include "session.h"
#include "voice.h"

#define RATE 48000
#define CLIP_AUDIO_WAIT_MS 3000 /* a clip whose sound stops coming is given this long */
/* Waiting for a block's pictures to decode, in all, at most this long (wall time): a clip that
 * decodes far slower than real time is drawn with what it has (or its card) after that. */
#define BLOCK_WAIT_MS 10000

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
}

struct export {
    struct limber *l;
    struct lb_clip *clip;        /* the clip whose sound plays now, or NULL */
    bool warned_audio;
    const struct lb_clip *silent_clip; /* its sound stopped coming: not waited for again */
    int block;                   /* the block segment whose clip was waited for last */
    double block_waited_ms;      /* how long, so far */
    bool warned_slow;
};

/* The picture for this frame, waiting for a block's clip at most BLOCK_WAIT_MS in all. */
static struct lb_clip *settled_picture(struct export *e, const struct lb_coach_state *st)
{
    struct limber *l = e->l;
    int block = lb_clip_slots_block_for(&l->plan, l->coach.seg);
    if (block != e->block) {
        e->block = block;
        e->block_waited_ms = 0;
        e->warned_slow = false;
        e->silent_clip = NULL; /* a new block's clip is waited for again */
    }
    /* In slices, so that a stop is heard within a quarter of a second. */
    struct lb_clip *clip;
    bool again;
    do {
        double left = BLOCK_WAIT_MS - e->block_waited_ms;
        int slice = left > 250 ? 250 : left > 0 ? (int)left : 0;
        double started = lb_now_ms_f();
        bool last = left - slice <= 0 || interrupted;
        clip = lb_session_settled_picture(l, st, slice, last);
        double took = lb_now_ms_f() - started;
        e->block_waited_ms += took;
        /* used the whole slice: not settled yet */
        again = !last && took >= slice;
    } while (again);
    if (e->block_waited_ms >= BLOCK_WAIT_MS && !e->warned_slow) {
        e->warned_slow = true;
        lb_log_warning(_("step '%s': its clip decodes too slowly (or not at all) to export; "
                         "it is drawn with the pictures it gives"),
                       l->routine->steps[l->plan.segments[block >= 0 ? block : 0].step].title);
    }
    return clip;
}

/* Which of the routine's own files (itself, its clips, its recorded cues) `out` is, or NULL:
 * what export must never write over. */
static const char *same_file_as_input(const struct lb_routine *r, const struct stat *out)
{
    struct stat in;
    if (stat(r->path, &in) == 0 && in.st_dev == out->st_dev && in.st_ino == out->st_ino)
        return r->path;
    for (int i = 0; i < r->n_steps; i++) {
        const struct lb_step *s = &r->steps[i];
        for (int k = -1; k < (s->side_clip_paths ? s->n_sides : 0); k++) {
            const char *clip = lb_step_clip_path(s, k);
            if (clip && stat(clip, &in) == 0 && in.st_dev == out->st_dev &&
                in.st_ino == out->st_ino)
                return clip;
        }
        for (int c = 0; c < s->n_cues; c++)
            if (s->cues[c].audio && stat(s->cues[c].audio, &in) == 0 &&
                in.st_dev == out->st_dev && in.st_ino == out->st_ino)
                return s->cues[c].audio;
    }
    return NULL;
}

/* Refuse an output that would destroy an input (the file or its .part), before encoding. */
static bool output_allowed(const struct lb_routine *r, const char *out)
{
    char part[PATH_MAX + 8];
    snprintf(part, sizeof(part), "%s.part", out);
    const char *names[] = {out, part};
    for (int i = 0; i < 2; i++) {
        struct stat st;
        if (stat(names[i], &st) != 0)
            continue;
        const char *input = same_file_as_input(r, &st);
        if (input) {
            lb_log_error(_("'%s' is one of the routine's own files (%s); export would write "
                           "over it. Name another file with -o"), names[i], input);
            return false;
        }
    }
    return true;
}

/* The clip's sound for the mixer, read in step with its pictures: waits for what is not
 * decoded yet (an export has time), up to a limit. */
static int clip_audio(void *userdata, int64_t t_ms, float *out, int frames)
{
    (void)t_ms;
    struct export *e = userdata;
    if (!e->clip)
        return 0;
    const struct lb_clip_info *info = lb_clip_info(e->clip);
    if (!info->has_audio)
        return 0;
    int done = 0;
    /* A clip whose sound stopped coming once is not waited for again: a broken stream must
     * not cost CLIP_AUDIO_WAIT_MS for every frame of its block. */
    double give_up = lb_now_ms_f() + (e->silent_clip == e->clip ? 0 : CLIP_AUDIO_WAIT_MS);
    while (done < frames) {
        int got = lb_clip_read_audio(e->clip, out + 2 * done, frames - done);
        done += got;
        if (done >= frames)
            break;
        int64_t at = lb_clip_audio_time(e->clip);
        const struct lb_plan *plan = &e->l->plan;
        int block = e->l->screen.settled_block; /* the block the clip is playing in */
        bool loops = block >= 0 && plan->routine->steps[plan->segments[block].step].loop;
        bool over = info->length_ms > 0 && at >= info->length_ms && !loops;
        if (over || lb_clip_error(e->clip) || lb_now_ms_f() >= give_up) {
            if (!over)
                e->silent_clip = e->clip;
            if (!over && !e->warned_audio) {
                lb_log_warning("the clip's sound stopped coming at %.1f s; silence instead",
                               at / 1000.0);
                e->warned_audio = true;
            }
            break;
        }
        SDL_Delay(1);
    }
    return done;
}

/* Percent, elapsed, left and speed: updated in place on a terminal, a line each otherwise. */
static void progress(double done_ms, double total_ms, double started_ms, bool lines)
{
    double elapsed = (lb_now_ms_f() - started_ms) / 1000.0;
    double speed = elapsed > 0 ? done_ms / 1000.0 / elapsed : 0;
    double left = speed > 0 ? (total_ms - done_ms) / 1000.0 / speed : 0;
    fprintf(stderr, "%sExporting %3.0f%%  %d:%02d elapsed, %d:%02d left, %.1fx real time  %s",
            lines ? "" : "\r", 100.0 * done_ms / total_ms, (int)elapsed / 60,
            (int)elapsed % 60, (int)left / 60, (int)left % 60, speed, lines ? "\n" : "");
}

/* True when a step of r is called name: a chapter of that name could be taken for it. */
static bool step_called(const struct lb_routine *r, const char *name)
{
    for (int i = 0; i < r->n_steps; i++)
        if (r->steps[i].title && !strcmp(r->steps[i].title, name))
            return true;
    return false;
}

/* Lay out the chapters: the cards, then one per step at the time it starts in the file. The
 * cards' chapter has the routine's title (a player's chapter list then starts with what the
 * file is), or "Start" when a step has that title too: never a name a step has. */
static int plan_chapters(const struct lb_plan *plan, int64_t cards_ms, int64_t info_ms,
                         int64_t file_ms, struct lb_chapter *ch, char *opening, size_t size)
{
    int n = 0;
    const struct lb_routine *r = plan->routine;
    if (cards_ms > 0) {
        snprintf(opening, size, "%s", r->title);
        if (step_called(r, opening))
            snprintf(opening, size, "%s", _("Start"));
        /* TRANSLATORS: the export's first chapter, when steps are called both the routine's
         * title and "Start"; %s is the routine's title. */
        if (step_called(r, opening))
            snprintf(opening, size, _("%s: the start"), r->title);
        ch[n++] = (struct lb_chapter){0, cards_ms, opening};
    }
    for (int i = 0; i < r->n_steps; i++) {
        int waits = 0; /* info cards that wait, before this step */
        for (int s = 0; s < plan->n_segments; s++)
            waits += plan->segments[s].phase == LB_PHASE_INFO_WAIT && plan->segments[s].step < i;
        ch[n++] = (struct lb_chapter){cards_ms + plan->steps[i].start_ms + waits * info_ms, 0,
                                      r->steps[i].title};
    }
    for (int i = 0; i < n; i++)
        if (!ch[i].end_ms)
            ch[i].end_ms = i + 1 < n ? ch[i + 1].start_ms : file_ms;
    return n;
}

static int encode(struct limber *l, const struct lb_export_options *x, const char *routine_path,
                  const struct lb_encoder_params *ep, const int64_t *cards, int n_cards,
                  int64_t cards_ms, int64_t file_ms, int64_t n_frames);

/* --stats: each spoken line that starts in the frames-long stretch the mixer just rendered
 * from routine time pos_ms (file time t_ms), with its length as the voice bank made it. */
static void log_lines(struct limber *l, int64_t t_ms, int64_t pos_ms, int frames)
{
    const struct lb_cue_sounds *s = &l->audio.sounds;
    int64_t end = pos_ms + (int64_t)frames * 1000 / RATE;
    for (int e = lb_cue_sounds_find(s, pos_ms); l->stats.out && e < s->n_events &&
                                                s->events[e].at_ms < end; e++) {
        const struct lb_sound_event *ev = &s->events[e];
        int64_t made = 0;
        if (ev->kind != LB_SOUND_LINE || !s->lines[ev->line].spoken ||
            !lb_voice_line(l->audio.voice, ev->line, &made))
            continue;
        lb_stats_line(&l->stats, s->lines[ev->line].text,
                      (double)(t_ms + ev->at_ms - pos_ms) / 1000.0, ev->at_ms / 1000.0,
                      (double)made / LB_VOICE_RATE);
    }
}

static int run(struct limber *l, const struct lb_export_options *x, const char *routine_path)
{
    const struct lb_routine *r = l->routine;
    /* The start card, then each screening question, as the sound schedule lays them out
     * before the routine (their lines read aloud there): card i lasts cards[i] ms, the whole a
     * number of seconds, so the routine starts on a frame and a sample boundary. */
    const struct lb_opening *o = &l->audio.sounds.opening;
    int64_t cards[LB_OPENING_MAX_CARDS];
    int n_cards = o->n_cards;
    for (int i = 0; i < n_cards; i++)
        cards[i] = o->cards[i].len_ms;
    int64_t cards_ms = o->total_ms;
    int64_t file_ms = cards_ms + l->plan.total_ms + x->info_ms * l->plan.waits;
    int64_t n_frames = (file_ms * x->fps + 999) / 1000;
    struct lb_chapter *chapters = calloc((size_t)r->n_steps + 1, sizeof(*chapters));
    if (!chapters)
        return 1;
    char opening[600]; /* the first chapter's name: lives as long as the chapters */
    int n_chapters = plan_chapters(&l->plan, cards_ms, x->info_ms, file_ms, chapters, opening,
                                   sizeof(opening));
    struct lb_encoder_params ep = {.path = x->out, .width = l->opts->width,
                                   .height = l->opts->height, .fps = x->fps, .crf = x->crf,
                                   .preset = x->preset, .title = r->title, .author = r->author,
                                   .chapters = chapters, .n_chapters = n_chapters,
                                   .stop = &interrupted};
    /* SIGINT and SIGTERM stop the export in every phase, up to the end of the encoder's
     * finish (the file is then whole or removed). */
    struct sigaction sa = {.sa_handler = on_interrupt}, old_int, old_term;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    int status = encode(l, x, routine_path, &ep, cards, n_cards, cards_ms, file_ms, n_frames);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    free(chapters);
    return status;
}

/* Draw, mix and encode every frame of the file, then finish it. */
static int encode(struct limber *l, const struct lb_export_options *x, const char *routine_path,
                  const struct lb_encoder_params *ep, const int64_t *cards, int n_cards,
                  int64_t cards_ms, int64_t file_ms, int64_t n_frames)
{
    char err[512];
    struct lb_encoder *enc = lb_encoder_open(ep, err, sizeof(err));
    if (!enc) {
        lb_log_error("%s", err);
        return 1;
    }
    struct export e = {.l = l, .block = -1};
    l->unattended = true;
    lb_mixer_set_clip_source(l->audio.mixer, clip_audio, &e);
    float *sound = malloc(sizeof(float) * 2 * (RATE / x->fps + 2));
    SDL_Surface *target = l->display->video.surface;
    double started = lb_now_ms_f(), shown = 0;
    bool tty = isatty(STDERR_FILENO);
    int64_t waited = 0; /* the info cards' time so far: the engine's clock is the file's
                         * minus the cards, the routine's is that minus these */
    bool ok = sound != NULL;
    for (int64_t n = 0; ok && n < n_frames && !interrupted; n++) {
        int64_t t = n * 1000 / x->fps;
        struct lb_coach_state st;
        if (t < cards_ms) { /* the start screen, then the screening questions */
            int64_t end = 0;
            int card = 0;
            while (card < n_cards && t >= end + cards[card])
                end += cards[card++];
            l->start.stage = card == 0 ? LB_START_SAFETY : LB_START_QUESTION;
            l->start.question = card - 1;
            l->start_auto_ms = cards_ms - t; /* until the routine itself starts */
            lb_coach_state(&l->coach, &st);
        } else {
            int64_t rt = t - cards_ms; /* the engine's clock: the file's, after the cards */
            if (!l->coach.started) {
                l->start.stage = LB_START_DONE;
                lb_coach_start(&l->coach, 0);
            }
            lb_coach_update(&l->coach, rt);
            lb_coach_state(&l->coach, &st);
            /* An info card that waits: --info-time from the instant it came, then on, as if
             * continued at exactly that time. */
            int64_t go_on = st.routine_pos_ms + waited + x->info_ms;
            if (st.waiting && rt >= go_on) {
                lb_coach_command(&l->coach, LB_CMD_CONTINUE, go_on);
                lb_coach_update(&l->coach, rt);
                lb_coach_state(&l->coach, &st);
                waited += x->info_ms;
            }
            struct lb_event ev;
            while (lb_coach_poll(&l->coach, &ev)) {
            }
            e.clip = settled_picture(&e, &st);
        }
        bool routine = t >= cards_ms && !st.waiting && !l->coach.done;
        lb_audio_out_update_caption(&l->audio, routine ? st.routine_pos_ms : -1);
        lb_player_draw(l, &st);
        SDL_RenderFlush(l->display->video.renderer);
        ok = lb_encoder_video(enc, target->pixels, target->pitch);
        int count = (int)((n + 1) * RATE / x->fps - n * RATE / x->fps);
        if (ok && (routine || t < cards_ms)) {
            /* the opening cards, read aloud: the schedule before 0 */
            int64_t pos = t < cards_ms ? t - cards_ms : st.routine_pos_ms;
            lb_mixer_render(l->audio.mixer, pos, count, sound);
            log_lines(l, t, pos, count);
        } else if (ok) {
            memset(sound, 0, sizeof(float) * 2 * (size_t)count);
        }
        ok = ok && lb_encoder_audio(enc, sound, count);
        /* A terminal gets a line that updates in place twice a second; a log, a line every
         * tenth of the way. */
        double now = lb_now_ms_f();
        bool step = tty ? now - shown > 500 : (n + 1) * 10 / n_frames != n * 10 / n_frames;
        if (step || n + 1 == n_frames) {
            shown = now;
            progress((double)(n + 1) * 1000.0 / x->fps, (double)file_ms, started, !tty);
        }
    }
    if (tty)
        fputc('\n', stderr);
    free(sound);
    lb_mixer_set_clip_source(l->audio.mixer, NULL, NULL);
    if (!ok || interrupted) {
        if (!ok)
            lb_log_error("%s", lb_encoder_error(enc));
        lb_encoder_abort(enc);
        lb_log_error("%s: nothing was written", interrupted ? "stopped" : "export failed");
        return interrupted ? 130 : 1;
    }
    if (!lb_encoder_finish(enc, err, sizeof(err))) {
        lb_log_error("%s", err);
        if (interrupted)
            lb_log_error("%s: nothing was written", "stopped");
        return interrupted ? 130 : 1;
    }
    double secs = (lb_now_ms_f() - started) / 1000.0;
    char length[32];
    lb_duration_clock(file_ms, length, sizeof(length));
    struct stat info;
    double size = stat(x->out, &info) == 0 ? (double)info.st_size : 0;
    fprintf(stderr, "Wrote %s: %s of %s at %dx%d, %d fps, %.1f MB, in %.0f s (%.1fx real time)\n",
            x->out, length, routine_path, l->opts->width, l->opts->height, x->fps,
            size / 1e6, secs, file_ms / 1000.0 / secs);
    return 0;
}

int lb_player_export(const struct lb_options *opts, const char *routine_path,
                     const char *assets_dir, const struct lb_export_options *x)
{
    if (opts->width % 2 || opts->height % 2) {
        lb_log_error("the export size must be even (%dx%d)", opts->width, opts->height);
        return 2;
    }
    struct limber l;
    lb_session_defaults(&l, opts, lb_now_ms_f());
    /* A file size limit (ulimit -f) is a write error with a message, not a silent death by
     * SIGXFSZ (which also comes from caches written on the way, such as fontconfig's). */
    signal(SIGXFSZ, SIG_IGN);
    struct stat out;
    if (stat(x->out, &out) == 0 && S_ISDIR(out.st_mode)) {
        lb_log_error(_("'%s' is a folder; name the MP4 file to write, e.g. -o %s/routine.mp4"),
                     x->out, x->out);
        return 2;
    }
    if (!lb_session_open(&l, routine_path, assets_dir, NULL, 0))
        return 1;
    if (!output_allowed(l.routine, x->out)) {
        lb_session_close(&l);
        return 2;
    }
    /* libx264's and the muxer's notes would break the progress line; warnings still show. */
    av_log_set_level(AV_LOG_WARNING);
    struct lb_display display;
    if (!lb_display_open(&display, opts, l.routine->title, true)) {
        lb_session_close(&l);
        return 1;
    }
    lb_session_show(&l, &display);
    int status = l.audio.mixer ? run(&l, x, routine_path) : 1;
    lb_session_close(&l);
    lb_display_close(&display);
    return status;
}
