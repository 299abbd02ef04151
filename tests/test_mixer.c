/* Tests for the audio coaching mixer (player/audio): a routine rendered offline with a 440 Hz
 * tone clip made by the ffmpeg CLI, checked in the samples: beep onsets, spoken lines, ducking,
 * no clicks, no sample over full scale, the same samples live and offline.
 * Also a tool for the other audio tests:
 *   test_mixer --render ROUTINE SECONDS OUT.wav [off]   offline WAV (off: --voice off)
 *   test_mixer --compare-live RAW ROUTINE               beeps of a disk-driver stream vs offline
 *   test_mixer --compare-export RAW ROUTINE CARDS_MS INFO_MS  beeps of an exported file
 *   test_mixer --opening-export RAW ROUTINE CARDS_MS  the opening cards read in an export */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clip.h"
#include "clock.h"
#include "cues_audio.h"
#include "i18n.h"
#include "lb_test.h"
#include "mixer.h"
#include "plan.h"
#include "routine.h"
#include "voice.h"

#define RATE 48000
#define FPMS 48

static const char routine_text[] =
    "limber: 1\n"
    "title: Mixer test\n"
    "language: en\n"
    "defaults:\n"
    "  countdown: 5s\n"
    "  rest: 6s\n"
    "steps:\n"
    "  - title: Knee hug\n"
    "    duration: 24s\n"
    "    cues:\n"
    "      - at: 6s\n"
    "        text: Breathe out\n"
    "        say: Breathe out slowly and let your back relax.\n"
    "        show: 4s\n"
    "  - title: Pelvic tilts\n"
    "    reps: 4\n"
    "    rep_time: 3s\n"
    "    rep_beep: true\n";

/* --- a routine with its plan, sounds and voice --- */

struct coached {
    struct lb_routine *routine;
    struct lb_plan plan;
    struct lb_cue_sounds sounds;
    struct lb_voice *voice;
};

static bool coached_open(struct coached *c, struct lb_routine *r, bool voice)
{
    c->routine = r;
    if (!r || !lb_plan_init(&c->plan, r))
        return false;
    lb_i18n_use_routine(r->language); /* as the player: Limber's lines in the routine's words */
    if (!lb_cue_sounds_init(&c->sounds, &c->plan, voice))
        return false;
    c->voice = lb_voice_start(&c->sounds, r->language);
    double t0 = lb_now_ms_f();
    bool ready = c->voice && lb_voice_wait(c->voice, 120000);
    fprintf(stderr, "voice: %d lines made in %.0f ms (waited %.0f ms)\n", c->sounds.n_lines,
            c->voice ? lb_voice_make_ms(c->voice) : -1.0, lb_now_ms_f() - t0);
    return ready;
}

static void coached_close(struct coached *c)
{
    lb_voice_stop(c->voice);
    lb_cue_sounds_destroy(&c->sounds);
    lb_plan_destroy(&c->plan);
}

static struct lb_routine *load(const char *path, const char *text)
{
    struct lb_diags diags;
    lb_diags_init(&diags, path);
    struct lb_load_options opts = {.allow_any_path = true};
    struct lb_routine *r = text
        ? lb_routine_load_buffer(path, (const unsigned char *)text, strlen(text), &opts, &diags)
        : lb_routine_load(path, &opts, &diags);
    lb_diags_print(&diags, stderr);
    lb_diags_destroy(&diags);
    return r;
}

/* --- clip sources --- */

/* Read exactly `frames` from a clip, waiting for its decoder (offline: time is no object). */
static int read_all(struct lb_clip *clip, float *out, int frames)
{
    int done = 0;
    int64_t start = lb_now_ms();
    while (done < frames && lb_now_ms() - start < 10000) {
        int got = lb_clip_read_audio(clip, out + 2 * done, frames - done);
        done += got;
        if (got == 0) {
            /* A clip with a picture decodes on only as its frames are taken. */
            if (lb_clip_info(clip)->has_video)
                lb_clip_video_frame(clip, lb_clip_audio_time(clip), NULL);
            struct lb_clip_status st;
            lb_clip_status(clip, &st);
            if (st.ended || st.failed)
                break;
            nanosleep(&(struct timespec){0, 1000000}, NULL);
        }
    }
    return done;
}

/* The steady tone, looped, all through the routine. */
static int tone_source(void *userdata, int64_t t_ms, float *out, int frames)
{
    (void)t_ms;
    return read_all(userdata, out, frames);
}

static struct lb_clip *open_tone(const char *path)
{
    char err[256];
    struct lb_clip_params p = {.path = path, .loop = true};
    struct lb_clip *clip = lb_clip_open(&p, err, sizeof(err));
    if (!clip)
        fprintf(stderr, "%s\n", err);
    else
        lb_clip_preroll(clip, 5000);
    return clip;
}

/* Each block's own clip, as the player plays it (for --render). */
struct block_clips {
    const struct lb_plan *plan;
    int seg;
    struct lb_clip *clip;
};

static int block_source(void *userdata, int64_t t_ms, float *out, int frames)
{
    struct block_clips *b = userdata;
    int seg = lb_plan_segment_at(b->plan, t_ms);
    const struct lb_segment *g = &b->plan->segments[seg];
    if (seg != b->seg) {
        lb_clip_close(b->clip);
        b->clip = NULL;
        b->seg = seg;
        const struct lb_step *s = &b->plan->routine->steps[g->step];
        if (g->phase == LB_PHASE_BLOCK && lb_plan_clip(b->plan, seg)) {
            char err[256];
            struct lb_clip_params p = {.path = lb_plan_clip(b->plan, seg),
                                       .start_ms = s->clip_start_ms,
                                       .end_ms = s->clip_end_ms, .loop = s->loop,
                                       .skip_audio = s->clip_audio == LB_CLIP_AUDIO_OFF,
                                       .audio_once = s->clip_audio == LB_CLIP_AUDIO_ONCE};
            b->clip = lb_clip_open(&p, err, sizeof(err));
            if (b->clip)
                lb_clip_preroll(b->clip, 5000);
        }
    }
    return b->clip && lb_clip_info(b->clip)->has_audio ? read_all(b->clip, out, frames) : 0;
}

/* --- rendering and measuring --- */

struct render_opts {
    bool mute[LB_MIXER_SOURCES];
    const char *tone;     /* tone clip path, or NULL: no clip */
    int64_t from_ms;
    int chunk;            /* frames per call */
};

static float *render(struct coached *c, int64_t ms, const struct render_opts *o)
{
    int64_t frames = ms * FPMS;
    float *buf = calloc((size_t)frames * 2, sizeof(float));
    struct lb_mixer *m = lb_mixer_create(&c->sounds, c->voice);
    struct lb_clip *clip = o->tone ? open_tone(o->tone) : NULL;
    if (clip)
        lb_mixer_set_clip_source(m, tone_source, clip);
    for (int s = 0; s < LB_MIXER_SOURCES; s++)
        lb_mixer_mute_source(m, s, o->mute[s]);
    int chunk = o->chunk ? o->chunk : 960;
    int64_t start = o->from_ms * FPMS;
    for (int64_t f = start; f < frames; f += chunk) {
        int n = frames - f < chunk ? (int)(frames - f) : chunk;
        lb_mixer_render(m, f / FPMS, n, buf + 2 * f);
    }
    lb_clip_close(clip);
    lb_mixer_destroy(m);
    return buf;
}

static double rms(const float *buf, int64_t from, int64_t to)
{
    double sum = 0;
    for (int64_t f = from; f < to; f++)
        sum += (double)buf[2 * f] * buf[2 * f];
    return to > from ? sqrt(sum / (double)(to - from)) : 0;
}

/* Amplitude of the `hz` component of the left channel over [from, to) (Goertzel). */
static double goertzel(const float *buf, int64_t from, int64_t to, double hz)
{
    double w = 2 * M_PI * hz / RATE, k = 2 * cos(w), s1 = 0, s2 = 0;
    for (int64_t f = from; f < to; f++) {
        double s0 = buf[2 * f] + k * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    double power = s1 * s1 + s2 * s2 - k * s1 * s2;
    return 2 * sqrt(power > 0 ? power : 0) / (double)(to - from);
}

/* Onsets (frames) of sounds: a 2 ms window above `on` after at least 30 ms below `off`. */
static int onsets(const float *buf, int64_t frames, int64_t *out, int max)
{
    /* A sound starts where, after at least 15 quiet windows, a window is no longer quiet and
     * the sound reaches the threshold within the next two windows. A beep whose first samples
     * fall at the end of a window (a stream that started a fraction of a window late) has a
     * first window between quiet and loud: it still counts, from that window. */
    const int win = 2 * FPMS;
    int n = 0, quiet = 1000;
    for (int64_t f = 0; f + win <= frames; f += win) {
        double r = rms(buf, f, f + win);
        if (r >= 0.005 && quiet >= 15) {
            bool loud = false;
            for (int64_t g = f; g < f + 3 * win && g + win <= frames && !loud; g += win)
                loud = rms(buf, g, g + win) > 0.02;
            /* The first sample of the window above a tenth of the threshold. */
            int64_t at = f;
            while (loud && at < f + win && fabsf(buf[2 * at]) < 0.002f)
                at++;
            if (loud && n < max)
                out[n] = at;
            n += loud;
        }
        quiet = r < 0.005 ? quiet + 1 : 0;
    }
    return n;
}

static float peak(const float *buf, int64_t frames)
{
    float p = 0;
    for (int64_t i = 0; i < 2 * frames; i++)
        p = fmaxf(p, fabsf(buf[i]));
    return p;
}

/* --- the checks --- */

static void check_schedule(const struct lb_cue_sounds *s)
{
    static const struct { enum lb_sound_kind kind; int64_t at; const char *text; } want[] = {
        {LB_SOUND_LINE, 0, "Get ready: Knee hug"},
        {LB_SOUND_BEEP, 2000, NULL}, {LB_SOUND_BEEP, 3000, NULL}, {LB_SOUND_BEEP, 4000, NULL},
        {LB_SOUND_LINE, 11000, "Breathe out slowly and let your back relax."},
        {LB_SOUND_LINE, 24000, "Last five seconds"},
        {LB_SOUND_END_TONE, 29000, NULL},
        {LB_SOUND_LINE, 29000, "Rest"},
        {LB_SOUND_LINE, 30500, "Next up: Pelvic tilts"},
        {LB_SOUND_LINE, 35000, "Get ready: Pelvic tilts"},
        {LB_SOUND_BEEP, 37000, NULL}, {LB_SOUND_BEEP, 38000, NULL}, {LB_SOUND_BEEP, 39000, NULL},
        {LB_SOUND_REP_TICK, 40000, NULL}, {LB_SOUND_LINE, 40000, "One"},
        {LB_SOUND_REP_TICK, 43000, NULL}, {LB_SOUND_LINE, 43000, "Two"},
        {LB_SOUND_REP_TICK, 46000, NULL}, {LB_SOUND_LINE, 46000, "Three"},
        {LB_SOUND_REP_TICK, 49000, NULL}, {LB_SOUND_LINE, 49000, "Last one"},
        {LB_SOUND_END_TONE, 52000, NULL},
    };
    int n = (int)(sizeof(want) / sizeof(want[0]));
    LB_CHECK_INT(s->n_events, n);
    for (int i = 0; i < n && i < s->n_events; i++) {
        LB_CHECK_STR(lb_sound_kind_name(s->events[i].kind), lb_sound_kind_name(want[i].kind));
        LB_CHECK_INT(s->events[i].at_ms, want[i].at);
        if (want[i].text)
            LB_CHECK_STR(s->lines[s->events[i].line].text, want[i].text);
    }
}

/* Load a routine and plan its sounds with the voice on; NULL (a failed check) if it cannot. */
static struct lb_routine *load_sounds(const char *name, const char *text, struct lb_plan *plan,
                                      struct lb_cue_sounds *s)
{
    struct lb_routine *r = load(name, text);
    LB_CHECK(r != NULL);
    if (!r)
        return NULL;
    bool ok = lb_plan_init(plan, r);
    LB_CHECK(ok && lb_cue_sounds_init(s, plan, true));
    return r;
}

/* voice: false on a step drops its built-in lines but keeps its cue's say. */
static void check_voice_false(void)
{
    static const char text[] =
        "limber: 1\ntitle: Quiet\nsteps:\n  - title: A\n    duration: 30s\n    voice: false\n"
        "    cues:\n      - at: 1s\n        say: Only this.\n";
    struct lb_plan plan;
    struct lb_cue_sounds s;
    struct lb_routine *r = load_sounds("quiet.yaml", text, &plan, &s);
    if (!r)
        return;
    int lines = 0;
    for (int i = 0; i < s.n_events; i++)
        if (s.events[i].kind == LB_SOUND_LINE) {
            lines++;
            LB_CHECK_STR(s.lines[s.events[i].line].text, "Only this.");
        }
    LB_CHECK_INT(lines, 1);
    lb_cue_sounds_destroy(&s);
    /* --voice off: the lines stay as captions, none is spoken. */
    LB_CHECK(lb_cue_sounds_init(&s, &plan, false));
    for (int i = 0; i < s.n_lines; i++)
        LB_CHECK(!s.lines[i].spoken);
    lb_cue_sounds_destroy(&s);
    lb_plan_destroy(&plan);
    lb_routine_free(r);
}

/* voice: false in the routine's defaults drops every step's built-in lines, as on a step. */
static void check_voice_false_defaults(void)
{
    static const char text[] =
        "limber: 1\ntitle: Quiet\ndefaults:\n  voice: false\nsteps:\n"
        "  - title: A\n    duration: 30s\n    cues:\n      - at: 1s\n        say: Only this.\n"
        "  - title: B\n    kind: timer\n    duration: 10s\n"
        "  - title: C\n    reps: 2\n    voice: true\n";
    struct lb_plan plan;
    struct lb_cue_sounds s;
    struct lb_routine *r = load_sounds("quiet-defaults.yaml", text, &plan, &s);
    if (!r)
        return;
    /* Lines for A and B: only the cue's; C sets voice: true and has its built-in lines. */
    int lines_ab = 0, lines_c = 0;
    for (int i = 0; i < s.n_events; i++) {
        const struct lb_sound_event *ev = &s.events[i];
        if (ev->kind != LB_SOUND_LINE)
            continue;
        if (ev->step < 2) {
            lines_ab++;
            LB_CHECK_STR(s.lines[ev->line].text, "Only this.");
        } else {
            lines_c++;
        }
    }
    LB_CHECK_INT(lines_ab, 1);
    LB_CHECK(lines_c > 0);
    lb_cue_sounds_destroy(&s);
    lb_plan_destroy(&plan);
    lb_routine_free(r);
}

/* A cue's recorded voice (`audio: FILE`) is heard at the cue's time: a 1 kHz tone at 0.5 (four
 * times ffmpeg's 1/8) made by the ffmpeg CLI, found by Goertzel in the voice alone, silence
 * around it. Needs no espeak-ng. */
static void check_cue_audio(const char *dir)
{
    char wav[256], cmd[512], text[768];
    snprintf(wav, sizeof(wav), "%s/recorded.wav", dir);
    snprintf(cmd, sizeof(cmd), "ffmpeg -nostdin -v error -y -f lavfi -i "
             "sine=frequency=1000:sample_rate=44100:duration=1 -af volume=4 -ac 1 %s", wav);
    if (system(cmd) != 0) {
        LB_CHECK(!"ffmpeg made the recorded voice file");
        return;
    }
    /* voice: false keeps the built-in lines out; a cue's own audio still plays. */
    snprintf(text, sizeof(text), "limber: 1\ntitle: Recorded\nsteps:\n  - title: A\n"
             "    duration: 20s\n    countdown: 2s\n    voice: false\n    cues:\n"
             "      - at: 5s\n        audio: %s\n", wav);
    struct coached c = {0};
    bool ok = coached_open(&c, load("recorded.yaml", text), true);
    LB_CHECK(ok);
    if (ok) {
        int64_t at = -1;
        for (int i = 0; i < c.sounds.n_events; i++)
            if (c.sounds.events[i].kind == LB_SOUND_LINE)
                at = c.sounds.events[i].at_ms;
        LB_CHECK_INT(at, 7000); /* the block starts after the 2 s countdown */
        struct render_opts voice_o = {.mute = {true, false, true}};
        float *voice = render(&c, 10000, &voice_o);
        double before = rms(voice, 6000 * FPMS, 6990 * FPMS);
        double tone = goertzel(voice, 7050 * FPMS, 7900 * FPMS, 1000);
        double after = rms(voice, 8300 * FPMS, 10000 * FPMS);
        fprintf(stderr, "recorded cue: rms %.4f before, 1 kHz at %.3f from 7.05 s, rms %.4f "
                "after\n", before, tone, after);
        LB_CHECK(before < 0.001);
        LB_CHECK(tone > 0.3);
        LB_CHECK(after < 0.001);
        free(voice);
    }
    if (c.routine) {
        coached_close(&c);
        lb_routine_free(c.routine);
    }
}

static void check_beeps(struct coached *c, const float *effects, const float *full,
                        const float *no_effects, int64_t frames)
{
    int64_t on[64];
    int n = onsets(effects, frames, on, 64);
    int n_effects = 0;
    for (int i = 0; i < c->sounds.n_events; i++)
        n_effects += c->sounds.events[i].kind != LB_SOUND_LINE;
    LB_CHECK_INT(n, n_effects);
    /* The effects heard in the full mix: the mix minus the same mix without them. */
    float *diff = malloc(sizeof(float) * 2 * (size_t)frames);
    for (int64_t i = 0; i < 2 * frames; i++)
        diff[i] = full[i] - no_effects[i];
    int64_t on_mix[64];
    int n_mix = onsets(diff, frames, on_mix, 64);
    LB_CHECK_INT(n_mix, n_effects);
    int k = 0;
    for (int i = 0; i < c->sounds.n_events; i++) {
        const struct lb_sound_event *ev = &c->sounds.events[i];
        if (ev->kind == LB_SOUND_LINE)
            continue;
        int64_t planned = ev->at_ms * FPMS;
        if (k < n && k < n_mix) {
            bool near = llabs(on[k] - planned) <= 10 * FPMS;
            bool near_mix = llabs(on_mix[k] - planned) <= 10 * FPMS;
            LB_CHECK(near && near_mix);
            if (!near || !near_mix)
                fprintf(stderr, "  %s at %lld ms: onset %.1f ms (alone), %.1f ms (in the mix)\n",
                        lb_sound_kind_name(ev->kind), (long long)ev->at_ms,
                        on[k] / (double)FPMS, on_mix[k] / (double)FPMS);
        }
        k++;
    }
    free(diff);
}

/* Each line is heard at its time, the tone under it is 12 dB down, and back up after. */
static void check_lines(struct coached *c, const float *voice, const float *clip_ducked,
                        const float *clip_plain, const float *full, const float *full_silent)
{
    for (int i = 0; i < c->sounds.n_events; i++) {
        const struct lb_sound_event *ev = &c->sounds.events[i];
        if (ev->kind != LB_SOUND_LINE)
            continue;
        int64_t len = 0;
        LB_CHECK(lb_voice_line(c->voice, ev->line, &len) != NULL);
        int64_t s = ev->at_ms * FPMS;
        double heard = rms(voice, s, s + 500 * FPMS);
        double before = s >= 200 * FPMS ? rms(voice, s - 200 * FPMS, s) : 0;
        LB_CHECK(heard > 0.03);
        LB_CHECK(before < 0.001 || ev->at_ms == 30500); /* "Rest" is still ending then */
        /* Ducking, measured on the clip alone (voice muted) and by Goertzel in the full mix
         * against the same mix with voice off. */
        int64_t a = s + 100 * FPMS, b = s + (len < 600 * FPMS ? len : 600 * FPMS) - 20 * FPMS;
        double db = 20 * log10(rms(clip_ducked, a, b) / rms(clip_plain, a, b));
        double db_mix = 20 * log10(goertzel(full, a, b, 440) / goertzel(full_silent, a, b, 440));
        bool ok = fabs(db + 12) <= 2 && fabs(db_mix + 12) <= 2;
        LB_CHECK(ok);
        fprintf(stderr, "line at %5.1f s (%4.2f s long): heard rms %.3f, tone %+.2f dB "
                        "(clip alone) %+.2f dB (Goertzel in the mix)\n",
                ev->at_ms / 1000.0, len / (double)RATE, heard, db, db_mix);
    }
    /* Away from lines the tone is not ducked: 8..10 s has none. */
    double db = 20 * log10(rms(clip_ducked, 8000 * FPMS, 10000 * FPMS) /
                           rms(clip_plain, 8000 * FPMS, 10000 * FPMS));
    LB_CHECK(fabs(db) < 0.1);
    /* Ramps without clicks: a 0.3 tone at 440 Hz moves at most 0.0173 per sample. */
    double step = 0;
    for (int64_t f = 1; f < 60000 * FPMS; f++)
        step = fmax(step, fabs(clip_ducked[2 * f] - clip_ducked[2 * f - 2]));
    LB_CHECK(step < 0.02);
    fprintf(stderr, "largest step between samples of the ducked tone: %.4f\n", step);
}

/* The same samples from any starting point, in any chunk size, and live. */
static void check_determinism(struct coached *c, const float *full_no_clip, int64_t frames)
{
    struct render_opts o = {.from_ms = 20000, .chunk = 777};
    float *later = render(c, 60000, &o);
    bool same = true;
    for (int64_t i = 20000 * FPMS * 2; i < 2 * frames; i++)
        same &= later[i] == full_no_clip[i];
    LB_CHECK(same);
    free(later);
    /* Live: the callback's own clock, kept on the routine clock by sync. */
    struct lb_mixer *m = lb_mixer_create(&c->sounds, c->voice);
    float *live = calloc((size_t)frames * 2, sizeof(float));
    for (int64_t f = 0; f + 1024 <= frames; f += 1024) {
        lb_mixer_sync(m, f / FPMS + 3, true); /* a routine clock a few ms off is no jump */
        lb_mixer_fill(m, live + 2 * f, 1024);
    }
    same = true;
    for (int64_t i = 0; i < 2 * (frames - 1024); i++)
        same &= live[i] == full_no_clip[i];
    LB_CHECK(same);
    /* A pause: the sounds fade out within 5 ms and nothing more plays until it goes on. */
    lb_mixer_sync(m, 0, true); /* a jump back to the start */
    lb_mixer_fill(m, live, 2000 * FPMS);
    lb_mixer_sync(m, 2000, false);
    lb_mixer_fill(m, live, 1024);
    lb_mixer_fill(m, live, 3000 * FPMS);
    LB_CHECK(peak(live, 3000 * FPMS) == 0.0f); /* the beep at 3 s did not play */
    lb_mixer_destroy(m);
    free(live);
}

/* However loud the parts, nothing leaves over full scale. */
static int loud_source(void *userdata, int64_t t_ms, float *out, int frames)
{
    (void)userdata;
    for (int i = 0; i < frames; i++) {
        double t = (double)(t_ms * FPMS + i) / RATE;
        out[2 * i] = out[2 * i + 1] = sin(2 * M_PI * 440 * t) > 0 ? 0.99f : -0.99f;
    }
    return frames;
}

static void check_limiter(struct coached *c)
{
    struct lb_mixer *m = lb_mixer_create(&c->sounds, c->voice);
    lb_mixer_set_clip_source(m, loud_source, NULL);
    lb_mixer_set_gain(m, 1.0f);
    float *buf = malloc(sizeof(float) * 2 * 40000 * FPMS);
    lb_mixer_render(m, 0, 40000 * FPMS, buf);
    float p = peak(buf, 40000 * FPMS);
    LB_CHECK(p <= 1.0f && p > 0.9f);
    lb_mixer_set_gain(m, 0.0f); /* mute */
    lb_mixer_render(m, 0, 5000 * FPMS, buf);
    LB_CHECK(peak(buf, 5000 * FPMS) == 0.0f);
    free(buf);
    lb_mixer_destroy(m);
}

static void check_captions(struct coached *c)
{
    struct lb_mixer *m = lb_mixer_create(&c->sounds, c->voice);
    int64_t until = 0;
    LB_CHECK_STR(lb_mixer_caption(m, 500, &until), "Get ready: Knee hug");
    LB_CHECK(until >= 2000);
    LB_CHECK_STR(lb_mixer_caption(m, 11500, &until), "Breathe out slowly and let your back relax.");
    LB_CHECK(lb_mixer_caption(m, 20000, &until) == NULL);
    lb_mixer_destroy(m);
}

/* A routine in German, and one in a language Limber has no words for (Japanese): Limber's own
 * lines are said in the language their words are in, with that language's voice (the voice
 * bank records which voice said each line); the author's cue lines with the routine's voice.
 * Rendered offline with the voice alone, each line is heard at its time. */
static void check_languages(void)
{
    static const char german[] =
        "limber: 1\ntitle: Sprachtest\nlanguage: de\ndefaults:\n  countdown: 4s\n  rest: 6s\n"
        "steps:\n  - title: Knie zur Brust\n    duration: 22s\n    sides: [links, rechts]\n"
        "    cues:\n      - at: 3s\n        say: Ruhig ausatmen.\n"
        "  - title: Beckenkippen\n    reps: 2\n    rep_time: 3s\n";
    static const char japanese[] =
        "limber: 1\ntitle: Test\nlanguage: ja\ndefaults:\n  countdown: 4s\n"
        "steps:\n  - title: Stretch\n    duration: 10s\n"
        "    cues:\n      - at: 3s\n        say: ゆっくり息を吐いて\n";
    static const struct { const char *text, *lang, *voice; } want_de[] = {
        /* the sided lines (issue 13), in whatever words the German catalog has for them */
        {"@ready", "de", "de"}, {"Ruhig ausatmen.", "de", "de"},
        {"Noch fünf Sekunden", "de", "de"}, {"@switch", "de", "de"},
        {"Pause", "de", "de"}, {"Als Nächstes: Beckenkippen", "de", "de"},
        {"Bereit machen: Beckenkippen", "de", "de"},
    }, want_ja[] = {
        {"Get ready: Stretch", "en", "en"}, {"ゆっくり息を吐いて", "ja", "ja"},
    };
    struct { const char *text; const void *want; int n; } cases[] = {
        {german, want_de, (int)(sizeof(want_de) / sizeof(want_de[0]))},
        {japanese, want_ja, (int)(sizeof(want_ja) / sizeof(want_ja[0]))},
    };
    for (int k = 0; k < 2; k++) {
        struct coached c = {0};
        LB_CHECK(coached_open(&c, load("language.yaml", cases[k].text), true));
        const struct { const char *text, *lang, *voice; } *want = cases[k].want;
        struct render_opts voice_o = {.mute = {true, false, true}};
        int64_t ms = c.routine ? c.plan.total_ms : 0;
        float *voice = c.routine ? render(&c, ms, &voice_o) : NULL;
        for (int w = 0; w < cases[k].n && c.routine; w++) {
            int line = -1;
            char text[200];
            if (!strcmp(want[w].text, "@ready"))
                snprintf(text, sizeof(text), _("Get ready: %s, %s side"), "Knie zur Brust",
                         "links");
            else if (!strcmp(want[w].text, "@switch"))
                snprintf(text, sizeof(text), _("Now the %s side"), "rechts");
            else
                snprintf(text, sizeof(text), "%s", want[w].text);
            for (int i = 0; i < c.sounds.n_lines; i++)
                if (!strcmp(c.sounds.lines[i].text, text))
                    line = i;
            LB_CHECK(line >= 0);
            if (line < 0) {
                fprintf(stderr, "no line \"%s\"\n", text);
                continue;
            }
            LB_CHECK_STR(c.sounds.lines[line].language, want[w].lang);
            if (!lb_voice_can_speak())
                continue;
            LB_CHECK_STR(lb_voice_line_voice(c.voice, line), want[w].voice);
            for (int e = 0; e < c.sounds.n_events; e++)
                if (c.sounds.events[e].line == line) {
                    int64_t at = c.sounds.events[e].at_ms * FPMS;
                    double heard = rms(voice, at, at + 600 * FPMS);
                    if (heard < 0.01)
                        fprintf(stderr, "\"%s\" at %lld ms: rms %.4f\n", want[w].text,
                                (long long)c.sounds.events[e].at_ms, heard);
                    LB_CHECK(heard >= 0.01);
                }
        }
        free(voice);
        if (c.routine) {
            coached_close(&c);
            lb_routine_free(c.routine);
        }
    }
}

/* The opening cards read aloud (issue 16): a German routine's start card and its two screening
 * questions. As an export lays them out and as live playback does: each card's lines inside
 * its card, in order, none over another, in the routine's language with the German voice (the
 * voice bank says which voice said each), heard at their instants in the offline render and
 * once each; no caption (the card shows the words); live, a card's reading stops when the
 * next card comes. */
static void check_opening(void)
{
    static const char text[] =
        "limber: 1\ntitle: Rücken lockern\nauthor: Anna Berg\nlanguage: de\n"
        "description: Sanfte Übungen für den unteren Rücken.\n"
        "safety:\n  - Langsam bewegen.\n  - Bei Schmerz sofort aufhören.\n"
        "screening:\n"
        "  - {ask: Strahlt der Schmerz ins Bein aus?, stop_if: yes, advice: Erst zum Arzt.}\n"
        "  - {ask: Können Sie auf dem Boden liegen?, stop_if: no, advice: Im Stehen üben.}\n"
        "defaults: {countdown: 3s}\nsteps:\n  - title: Knie zur Brust\n    duration: 10s\n";
    for (int exported = 1; exported >= 0; exported--) {
        struct coached c = {0};
        c.routine = load("opening.yaml", text);
        LB_CHECK(c.routine && lb_plan_init(&c.plan, c.routine));
        if (!c.routine)
            continue;
        lb_i18n_use_routine(c.routine->language);
        struct lb_sound_layout how = {.voice = true, .opening = true, .exported = exported};
        LB_CHECK(lb_cue_sounds_lay_out(&c.sounds, &c.plan, &how));
        const struct lb_opening *o = &c.sounds.opening;
        LB_CHECK_INT(o->n_cards, 3);
        LB_CHECK_INT(o->total_ms % 1000, 0);
        LB_CHECK_INT(o->cards[0].start_ms, -o->total_ms);
        LB_CHECK_INT(o->cards[2].start_ms + o->cards[2].len_ms, 0);
        /* Which card each opening line is in, in order, none over another. */
        int per_card[3] = {0}, ask[2] = {-1, -1}, advice = -1, enter = -1;
        int64_t last_end = INT64_MIN;
        for (int e = 0; e < c.sounds.n_events && c.sounds.events[e].at_ms < 0; e++) {
            const struct lb_sound_event *ev = &c.sounds.events[e];
            LB_CHECK_INT(ev->kind, LB_SOUND_LINE);
            const struct lb_sound_line *line = &c.sounds.lines[ev->line];
            int k = lb_opening_card_at(o, ev->at_ms);
            LB_CHECK(k >= 0);
            if (k < 0)
                continue;
            per_card[k]++;
            int64_t end = ev->at_ms + lb_cue_line_estimate_ms(line->text);
            LB_CHECK(ev->at_ms >= o->cards[k].start_ms + LB_OPENING_LEAD_MS);
            LB_CHECK(end <= o->cards[k].start_ms + o->cards[k].len_ms);
            LB_CHECK(ev->at_ms >= last_end);
            last_end = end;
            LB_CHECK(!line->caption);
            LB_CHECK_STR(line->language, "de");
            if (!strcmp(line->text, "Strahlt der Schmerz ins Bein aus?")) {
                ask[0] = e;
                LB_CHECK_INT(k, 1);
            }
            if (!strcmp(line->text, "Können Sie auf dem Boden liegen?")) {
                ask[1] = e;
                LB_CHECK_INT(k, 2);
            }
            if (strstr(line->text, "Erst zum Arzt."))
                advice = e;
            if (!strcmp(line->text, _("Press Enter to start")))
                enter = e;
        }
        LB_CHECK(ask[0] >= 0 && ask[1] >= 0);
        fprintf(stderr, "opening (%s): cards of %.1f, %.1f and %.1f s with %d, %d and %d lines; "
                "question 1 said at %.2f s, question 2 at %.2f s\n", exported ? "export" : "live",
                o->cards[0].len_ms / 1000.0, o->cards[1].len_ms / 1000.0,
                o->cards[2].len_ms / 1000.0, per_card[0], per_card[1], per_card[2],
                ask[0] >= 0 ? c.sounds.events[ask[0]].at_ms / 1000.0 : 0.0,
                ask[1] >= 0 ? c.sounds.events[ask[1]].at_ms / 1000.0 : 0.0);
        LB_CHECK(per_card[0] >= 6); /* title, by, description, heading, two safety points */
        LB_CHECK(exported ? advice >= 0 && enter < 0 : advice < 0 && enter >= 0);
        /* The routine's own sounds are where they were: "Get ready" at 0. */
        int first = lb_cue_sounds_find(&c.sounds, 0);
        LB_CHECK(first < c.sounds.n_events && c.sounds.events[first].at_ms == 0);
        if (!lb_voice_can_speak()) {
            coached_close(&c);
            lb_routine_free(c.routine);
            continue;
        }
        c.voice = lb_voice_start(&c.sounds, c.routine->language);
        LB_CHECK(c.voice && lb_voice_wait(c.voice, 120000));
        for (int q = 0; q < 2 && c.voice; q++)
            LB_CHECK_STR(lb_voice_line_voice(c.voice, c.sounds.events[ask[q]].line), "de");
        /* Offline, as the export: the voice alone from the first card to the routine's start. */
        struct lb_mixer *m = lb_mixer_create(&c.sounds, c.voice);
        lb_mixer_mute_source(m, LB_MIXER_CLIP, true);
        lb_mixer_mute_source(m, LB_MIXER_EFFECTS, true);
        int64_t frames = o->total_ms * FPMS;
        float *buf = calloc((size_t)frames * 2, sizeof(float));
        for (int64_t f = 0; f < frames; f += 960)
            lb_mixer_render(m, (f - frames) / FPMS, frames - f < 960 ? (int)(frames - f) : 960,
                            buf + 2 * f);
        for (int e = 0; e < c.sounds.n_events && c.sounds.events[e].at_ms < 0; e++) {
            int64_t at = (c.sounds.events[e].at_ms + o->total_ms) * FPMS;
            double heard = rms(buf, at, at + 500 * FPMS);
            if (heard < 0.01 || lb_mixer_heard(m, e) != 1)
                fprintf(stderr, "opening line \"%s\": rms %.4f, heard %d times\n",
                        c.sounds.lines[c.sounds.events[e].line].text, heard,
                        lb_mixer_heard(m, e));
            LB_CHECK(heard >= 0.01);
            LB_CHECK_INT(lb_mixer_heard(m, e), 1);
        }
        /* Nothing is said in a card's first moments (what the card before said has ended). */
        for (int k = 1; k < 3; k++) {
            int64_t at = (o->cards[k].start_ms + o->total_ms) * FPMS;
            LB_CHECK(rms(buf, at, at + 300 * FPMS) < 0.001);
        }
        LB_CHECK(lb_mixer_caption(m, c.sounds.events[ask[0]].at_ms + 300, NULL) == NULL);
        lb_mixer_destroy(m);
        /* Live: question 1 read for 1 s, then answered: question 2's stretch comes at once
         * and nothing of question 1 is heard after it; played to its end, question 2's
         * stretch stops by itself before the routine's first line. */
        if (!exported) {
            m = lb_mixer_create(&c.sounds, c.voice);
            float out[2 * 960];
            lb_mixer_play_stretch(m, o->cards[1].start_ms, o->cards[2].start_ms);
            double during = 0;
            for (int i = 0; i < 50; i++) { /* 1 s */
                lb_mixer_fill(m, out, 960);
                during += rms(out, 0, 960);
            }
            lb_mixer_play_stretch(m, o->cards[2].start_ms, 0);
            double after = 0;
            for (int i = 0; i < 20; i++) { /* its first 400 ms: its lead, in silence */
                lb_mixer_fill(m, out, 960);
                after += rms(out, 0, 960);
            }
            for (int64_t t = 400; t < o->cards[2].len_ms + 3000; t += 20)
                lb_mixer_fill(m, out, 960);
            LB_CHECK(during / 50 > 0.005);
            LB_CHECK(after / 20 < 0.0005);
            LB_CHECK_INT(lb_mixer_heard(m, ask[1]), 1);
            LB_CHECK_INT(lb_mixer_heard(m, first), 0); /* "Get ready" at 0 is not reached */
            LB_CHECK_INT(lb_mixer_resyncs(m), 0);
            lb_mixer_destroy(m);
        }
        free(buf);
        coached_close(&c);
        lb_routine_free(c.routine);
    }
}

static bool run(const char *cmd)
{
    int rc = system(cmd);
    if (rc != 0)
        fprintf(stderr, "failed (%d): %s\n", rc, cmd);
    return rc == 0;
}

static int unit_tests(void)
{
    char dir[] = "/tmp/lb_mixer_XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char tone[256], cmd[512];
    snprintf(tone, sizeof(tone), "%s/tone.wav", dir);
    /* ffmpeg's sine is 1/8 of full scale: 2.4 times that is 0.3. */
    snprintf(cmd, sizeof(cmd), "ffmpeg -nostdin -v error -y -f lavfi -i "
             "sine=frequency=440:sample_rate=48000:duration=4 -af volume=2.4 "
             "-c:a pcm_f32le %s", tone);
    LB_CHECK(run(cmd));
    check_voice_false();
    check_voice_false_defaults();
    check_languages();
    check_opening();
    check_cue_audio(dir);
    struct coached c = {0}, quiet = {0};
    bool ok = coached_open(&c, load("mixer.yaml", routine_text), true) &&
              coached_open(&quiet, load("mixer.yaml", routine_text), false);
    LB_CHECK(ok);
    /* Without espeak-ng only the spoken lines are missing: beeps, the limiter, captions and
     * determinism are checked all the same. */
    bool speaks = lb_voice_can_speak();
    if (!speaks)
        printf("built without espeak-ng: the checks of spoken lines are skipped\n");
    if (ok) {
        check_schedule(&c.sounds);
        const int64_t ms = 60000, frames = ms * FPMS;
        struct render_opts full_o = {.tone = tone};
        struct render_opts fx_o = {.mute = {true, true, false}};
        struct render_opts voice_o = {.mute = {true, false, true}};
        struct render_opts clip_o = {.tone = tone, .mute = {false, true, true}};
        struct render_opts no_fx_o = {.tone = tone, .mute = {false, false, true}};
        struct render_opts no_clip_o = {.mute = {true, false, false}};
        float *full = render(&c, ms, &full_o);
        float *fx = render(&c, ms, &fx_o);
        float *no_fx = render(&c, ms, &no_fx_o);
        float *voice = render(&c, ms, &voice_o);
        float *clip_ducked = render(&c, ms, &clip_o);
        float *clip_plain = render(&quiet, ms, &clip_o);
        float *full_silent = render(&quiet, ms, &full_o);
        float *no_clip = render(&c, ms, &no_clip_o);
        check_beeps(&c, fx, full, no_fx, frames);
        if (speaks)
            check_lines(&c, voice, clip_ducked, clip_plain, full, full_silent);
        float p = peak(full, frames);
        LB_CHECK(p <= 1.0f);
        fprintf(stderr, "peak of the full mix: %.3f\n", p);
        check_determinism(&c, no_clip, frames);
        check_limiter(&c);
        check_captions(&c);
        free(full), free(fx), free(no_fx), free(voice), free(clip_ducked), free(clip_plain);
        free(full_silent), free(no_clip);
    }
    if (c.routine) {
        coached_close(&c);
        lb_routine_free(c.routine);
    }
    if (quiet.routine) {
        coached_close(&quiet);
        lb_routine_free(quiet.routine);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd);
    return lb_test_finish();
}

/* --- tools --- */

static void put32(FILE *f, uint32_t v)
{
    unsigned char b[4] = {v & 255, (v >> 8) & 255, (v >> 16) & 255, v >> 24};
    fwrite(b, 1, 4, f);
}

static bool write_wav(const char *path, const float *buf, int64_t frames)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    uint32_t bytes = (uint32_t)(frames * 4);
    fwrite("RIFF", 1, 4, f), put32(f, 36 + bytes), fwrite("WAVEfmt ", 1, 8, f);
    put32(f, 16), put32(f, 1 | (2u << 16)), put32(f, RATE), put32(f, RATE * 4);
    put32(f, 4 | (16u << 16)), fwrite("data", 1, 4, f), put32(f, bytes);
    for (int64_t i = 0; i < 2 * frames; i++) {
        long v = lrintf(buf[i] * 32767.0f);
        int16_t s = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
        fwrite(&s, 2, 1, f);
    }
    return fclose(f) == 0;
}

static int render_tool(const char *path, double seconds, const char *out, bool voice)
{
    struct coached c = {0};
    double t0 = lb_now_ms_f();
    if (!coached_open(&c, load(path, NULL), voice))
        return 1;
    printf("%s: %d lines, synthesised in %.0f ms\n", path, c.sounds.n_lines,
           lb_voice_make_ms(c.voice));
    int64_t frames = (int64_t)(seconds * 1000) * FPMS;
    float *buf = calloc((size_t)frames * 2, sizeof(float));
    struct lb_mixer *m = lb_mixer_create(&c.sounds, c.voice);
    struct block_clips clips = {.plan = &c.plan, .seg = -1};
    lb_mixer_set_clip_source(m, block_source, &clips);
    for (int64_t f = 0; f < frames; f += 960)
        lb_mixer_render(m, f / FPMS, frames - f < 960 ? (int)(frames - f) : 960, buf + 2 * f);
    lb_clip_close(clips.clip);
    bool ok = write_wav(out, buf, frames);
    printf("rendered %.0f s in %.0f ms; peak %.3f\n", seconds, lb_now_ms_f() - t0,
           peak(buf, frames));
    free(buf);
    lb_mixer_destroy(m);
    coached_close(&c);
    lb_routine_free(c.routine);
    return ok ? 0 : 1;
}

/* A raw stream of interleaved stereo float (what SDL's disk driver writes, what ffmpeg decodes
 * to with -f f32le): the samples, *frames of them; NULL when it cannot be read. */
static float *read_raw(const char *path, int64_t *frames)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    int64_t n = ftell(f) / 8;
    fseek(f, 0, SEEK_SET);
    float *buf = malloc((size_t)n * 8 + 8);
    *frames = buf ? (int64_t)fread(buf, 8, (size_t)n, f) : 0;
    fclose(f);
    return buf;
}

/* The routine's whole sound from the offline mixer (voice off, no clips), a second longer
 * than its plan: *frames of it. The caller frees it and closes c. */
static float *render_offline(struct coached *c, const char *routine_path, int64_t *frames)
{
    if (!coached_open(c, load(routine_path, NULL), false))
        return NULL;
    *frames = c->plan.total_ms * FPMS + RATE;
    float *out = calloc((size_t)*frames * 2, sizeof(float));
    struct lb_mixer *m = lb_mixer_create(&c->sounds, c->voice);
    if (out && m)
        lb_mixer_render(m, 0, (int)*frames, out);
    lb_mixer_destroy(m);
    return out;
}

/* The beep onsets of a recorded stream (raw stereo float at 48 kHz) and of the offline render
 * of the same routine (voice off, no clips), for the two comparisons below. */
struct beeps {
    float *heard, *offline;
    int64_t heard_frames, offline_frames;
    struct coached c;
    int64_t a[256], b[256]; /* onsets heard, onsets offline (frames) */
    int na, nb;
};

static bool beeps_load(struct beeps *o, const char *raw_path, const char *routine_path)
{
    *o = (struct beeps){0};
    o->heard = read_raw(raw_path, &o->heard_frames);
    o->offline = o->heard ? render_offline(&o->c, routine_path, &o->offline_frames) : NULL;
    if (!o->offline)
        return false;
    o->na = onsets(o->heard, o->heard_frames, o->a, 256);
    o->nb = onsets(o->offline, o->offline_frames, o->b, 256);
    return true;
}

static void beeps_free(struct beeps *o)
{
    free(o->offline);
    free(o->heard);
    coached_close(&o->c);
    lb_routine_free(o->c.routine);
}

/* The beeps of a stream the disk audio driver wrote, against the offline render of the same
 * routine: aligned on the first beep, each within one device buffer. */
static int compare_live(const char *raw_path, const char *routine_path)
{
    struct beeps o;
    if (!beeps_load(&o, raw_path, routine_path)) {
        beeps_free(&o);
        return 1;
    }
    const int64_t *a = o.a, *b = o.b;
    int na = o.na, nb = o.nb;
    printf("live stream %.2f s: %d onsets; offline: %d onsets\n",
           o.heard_frames / (double)RATE, na, nb);
    LB_CHECK(na == nb && na > 0);
    if (na != nb)
        for (int i = 0; i < na || i < nb; i++)
            printf("onset %2d: offline %8.3f s, live stream %8.3f s\n", i,
                   i < nb ? b[i] / (double)RATE : -1.0, i < na ? a[i] / (double)RATE : -1.0);
    int64_t worst = 0;
    for (int i = 0; na == nb && i < na && i < 256; i++) {
        int64_t d = (a[i] - a[0]) - (b[i] - b[0]);
        worst = llabs(d) > worst ? llabs(d) : worst;
        printf("onset %2d: offline %8.3f s, live %8.3f s after the first: %+6.1f ms\n", i,
               b[i] / (double)RATE, (a[i] - a[0]) / (double)RATE, d / (double)FPMS);
    }
    LB_CHECK(worst <= 1024);
    printf("worst: %lld frames (a device buffer is 1024)\n", (long long)worst);
    beeps_free(&o);
    return lb_test_finish();
}

/* The beeps of an exported file's sound against the offline mixer's for the same routine
 * (voice off, clips without sound): each beep at its routine time T must be in the file at
 * cards_ms + T + the info cards that waited before T (info_ms each), within 10 ms. */
static int compare_export(const char *raw_path, const char *routine_path, int64_t cards_ms,
                          int64_t info_ms)
{
    struct beeps o;
    if (!beeps_load(&o, raw_path, routine_path)) {
        beeps_free(&o);
        return 1;
    }
    const int64_t *a = o.a, *b = o.b;
    const struct lb_plan *plan = &o.c.plan;
    int na = o.na, nb = o.nb;
    /* The end tone at the planned total is the file's last instant: not in it. */
    while (nb > 0 && b[nb - 1] / FPMS >= plan->total_ms)
        nb--;
    printf("file %.2f s: %d onsets; offline: %d onsets\n", o.heard_frames / (double)RATE, na,
           nb);
    LB_CHECK(na == nb && nb > 0);
    double worst = 0;
    for (int i = 0; i < nb && i < na && i < 256; i++) {
        int64_t t = b[i] / FPMS, waits = 0;
        for (int s = 0; s < plan->n_segments; s++)
            waits += plan->segments[s].phase == LB_PHASE_INFO_WAIT &&
                     plan->segments[s].start_ms <= t;
        double want = (double)(cards_ms + waits * info_ms) + b[i] / (double)FPMS;
        double got = a[i] / (double)FPMS, d = got - want;
        worst = fabs(d) > worst ? fabs(d) : worst;
        printf("beep %2d: routine %7.3f s, file %7.3f s (want %7.3f): %+6.1f ms\n", i,
               b[i] / (double)RATE, got / 1000.0, want / 1000.0, d);
    }
    LB_CHECK(worst <= 10.0);
    beeps_free(&o);
    return lb_test_finish();
}

/* The opening cards of an exported file: RAW (its sound as f32le stereo 48 kHz) has each
 * opening line of ROUTINE where the schedule puts it (the file's time = the cards' length +
 * the line's time before the routine), said by the voice of its words' language; CARDS_MS,
 * the file's first chapter's length, is the cards' length. Prints each line. */
static int opening_export(const char *raw_path, const char *routine_path, int64_t cards_ms)
{
    struct coached c = {0};
    c.routine = load(routine_path, NULL);
    if (!c.routine || !lb_plan_init(&c.plan, c.routine))
        return 1;
    lb_i18n_use_routine(c.routine->language);
    struct lb_sound_layout how = {.voice = true, .opening = true, .exported = true};
    int64_t frames = 0;
    float *raw = read_raw(raw_path, &frames);
    if (!raw || !lb_cue_sounds_lay_out(&c.sounds, &c.plan, &how))
        return 1;
    c.voice = lb_voice_start(&c.sounds, c.routine->language);
    if (!c.voice || !lb_voice_wait(c.voice, 120000))
        return 1;
    const struct lb_opening *o = &c.sounds.opening;
    int bad = o->total_ms != cards_ms;
    printf("opening cards: %.3f s (the file's first chapter: %.3f s)\n", o->total_ms / 1000.0,
           cards_ms / 1000.0);
    for (int e = 0; e < c.sounds.n_events && c.sounds.events[e].at_ms < 0; e++) {
        const struct lb_sound_event *ev = &c.sounds.events[e];
        const struct lb_sound_line *line = &c.sounds.lines[ev->line];
        const char *voice = lb_voice_line_voice(c.voice, ev->line);
        int64_t at = (cards_ms + ev->at_ms) * FPMS;
        double heard = at >= 0 && at + 500 * FPMS <= frames ? rms(raw, at, at + 500 * FPMS) : 0;
        bool ok = heard >= 0.01 && voice && !strcmp(voice, line->language);
        printf("%s %8.3f s (card %d) %s voice, rms %.3f: %s\n", ok ? "ok " : "BAD",
               (cards_ms + ev->at_ms) / 1000.0, lb_opening_card_at(o, ev->at_ms),
               voice ? voice : "no", heard, line->text);
        bad += !ok;
    }
    free(raw);
    coached_close(&c);
    lb_routine_free(c.routine);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    lb_i18n_init(NULL);
    if (argc == 6 && !strcmp(argv[1], "--compare-export"))
        return compare_export(argv[2], argv[3], atoll(argv[4]), atoll(argv[5]));
    if (argc >= 5 && !strcmp(argv[1], "--render"))
        return render_tool(argv[2], atof(argv[3]), argv[4], !(argc > 5 && !strcmp(argv[5], "off")));
    if (argc == 5 && !strcmp(argv[1], "--opening-export"))
        return opening_export(argv[2], argv[3], atoll(argv[4]));
    if (argc == 4 && !strcmp(argv[1], "--compare-live"))
        return compare_live(argv[2], argv[3]);
    return unit_tests();
}
