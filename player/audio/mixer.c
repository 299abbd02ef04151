/* The mixer: clip sound, spoken lines and beeps summed on the routine clock, with ducking,
 * master gain and a soft limiter. Every coaching sound is a function of routine time, so a
 * render from any point equals the same stretch of a render from the start. */
#include "mixer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>

#define FRAMES_PER_MS (LB_MIXER_RATE / 1000)
#define CHUNK 1024
#define FADE_FRAMES (5 * FRAMES_PER_MS)  /* live: coaching sounds in and out after a jump */
#define PI_F 3.14159265f
/* Live drift correction (lb_mixer_fill_live). The device's clock is not the routine's: real
 * cards run 0.01 to 0.1 % off, SDL's timer-driven drivers (dummy, disk) 1 to 3 % and more as
 * the load changes. Two measurements, both made at each callback and both robust to the odd
 * late callback and to a stall (medians, not averages):
 * - the device's rate: the device frames handed out per routine frame over each second, the
 *   median of the last RATE_SAMPLES seconds; reading the sources at its inverse (within
 *   LB_MIXER_RATE_MAX) keeps the sound on the routine clock whatever the device's rate. A
 *   stall, a seek or a late callback spoils one second's figure, not the median;
 * - the difference: how far the sound about to be handed out is from the routine clock, the
 *   median of the last DRIFT_WINDOW callbacks (half a second); 1 / DRIFT_TAU_S of it is made up
 *   per second, within LB_MIXER_DRIFT_MAX of speed (mpv's way: a small, bounded change).
 * swresample's compensation brings what was read back to the device's count, so the sound moves
 * back onto the routine clock without a jump. A difference over LB_MIXER_RESYNC_MS when the
 * device asks (a seek, a reload, a stall) is a jump, to where the routine is at that moment. */
#define DRIFT_WINDOW 24
#define DRIFT_MIN_NOTES 6          /* fewer notes since a jump: no correction yet */
#define DRIFT_TAU_S 1.5
#define RATE_SAMPLES 31            /* seconds of rate figures the median is taken over */
#define RATE_MIN_SAMPLES 3         /* the median of three: one late callback is outvoted */
#define RATE_SMOOTH_S 8.0          /* the speed follows a new rate figure over this long */
#define DRIFT_DISTANCE (4 * LB_MIXER_RATE) /* swr's compensation spans 4 s; re-set each fill */
#define SOURCE_CHUNK 256           /* frames read per step on the resampled path */

struct lb_mixer {
    const struct lb_cue_sounds *sounds;  /* borrowed, may be NULL */
    const struct lb_voice *voice;        /* borrowed, may be NULL */
    lb_mixer_clip_fn clip_fn;
    void *clip_userdata;
    float gain;
    bool muted[LB_MIXER_SOURCES];
    float duck;              /* the clip's gain under a line: LB_MIXER_DUCK_DB as a factor */
    /* Where the mixer is on the routine clock. */
    bool positioned;         /* false until the first render or sync */
    int resyncs;             /* live: jumps to the routine clock (commands, stalls) */
    int64_t pos;             /* routine frame of the next sample */
    int next_event;          /* first event starting at or after pos */
    bool *skipped;           /* per event: its start passed while its line was not made yet,
                              * so it stays silent rather than start mid-sentence */
    int *heard;              /* per event: how often its start was played with its sound (a
                              * line that was made, a beep): what the person heard, and when
                              * a jump back plays it again, how many times */
    int heard_ring[LB_MIXER_HEARD_RING]; /* the last spoken-line events heard, in order */
    unsigned heard_head;     /* how many were put in the ring in all */
    /* Live only. */
    bool running;
    int64_t stop_at;         /* the coaching sounds stop by themselves at this frame (the end
                              * of an opening card's stretch); INT64_MAX: never */
    float coach_gain;        /* 0..1: the coaching sounds fade in after a jump, out at a stop */
    /* Live drift correction (lb_mixer_fill_live): the notes start afresh at every jump, the
     * learnt rate is kept (it is the device's). */
    SwrContext *swr;         /* stereo float 48 kHz to itself, with compensation; NULL until
                              * the first live fill (or when it could not be made) */
    AVAudioFifo *fifo;       /* resampled frames waiting for the device */
    int32_t notes[DRIFT_WINDOW]; /* frames the sound was ahead (+) of the routine clock */
    int n_notes;             /* notes since the last jump (the window holds the last ones) */
    bool clocked;            /* fill_live knows the routine clock: it decides the jumps */
    double speed;            /* source frames read per device frame */
    double rate_speed;       /* 1 / the device's rate (its frames per routine frame): kept
                              * across jumps, a jump does not change the device */
    float rates[RATE_SAMPLES]; /* the device's rate over each of the last seconds */
    int n_rates;
    bool rate_known;         /* rate_speed is measured (until then the correction may do more) */
    int64_t span_frames;     /* device frames handed out since the current second began */
    double span_start_ms;    /* routine time when it began; < 0: not begun */
    double error_ms;         /* the median error behind the speed */
    struct lb_mixer_drift drift; /* what the correction did, for --stats */
};

struct lb_mixer *lb_mixer_create(const struct lb_cue_sounds *sounds, const struct lb_voice *voice)
{
    struct lb_mixer *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    int n = sounds ? sounds->n_events : 0;
    m->skipped = calloc((size_t)(n ? n : 1), sizeof(*m->skipped));
    m->heard = calloc((size_t)(n ? n : 1), sizeof(*m->heard));
    if (!m->skipped || !m->heard) {
        free(m->skipped);
        free(m->heard);
        free(m);
        return NULL;
    }
    m->sounds = sounds;
    m->voice = voice;
    m->gain = 1.0f;
    m->duck = powf(10.0f, (float)LB_MIXER_DUCK_DB / 20.0f);
    m->coach_gain = 1.0f;
    m->speed = m->rate_speed = 1.0;
    m->span_start_ms = -1.0;
    m->drift.speed_min = m->drift.speed_max = 1.0;
    m->stop_at = INT64_MAX;
    return m;
}

void lb_mixer_destroy(struct lb_mixer *m)
{
    if (!m)
        return;
    swr_free(&m->swr);
    if (m->fifo)
        av_audio_fifo_free(m->fifo);
    free(m->skipped);
    free(m->heard);
    free(m);
}

void lb_mixer_set_clip_source(struct lb_mixer *m, lb_mixer_clip_fn fn, void *userdata)
{
    m->clip_fn = fn;
    m->clip_userdata = userdata;
}

void lb_mixer_set_gain(struct lb_mixer *m, float gain)
{
    m->gain = gain < 0.0f ? 0.0f : gain;
}

void lb_mixer_mute_source(struct lb_mixer *m, enum lb_mixer_source source, bool muted)
{
    if (source >= 0 && source < LB_MIXER_SOURCES)
        m->muted[source] = muted;
}

static int64_t event_frame(const struct lb_sound_event *ev)
{
    return ev->at_ms * FRAMES_PER_MS;
}

/* A line's samples, or NULL when it is not made (yet) or was skipped. */
static const float *line_pcm(const struct lb_mixer *m, int e, int64_t *frames)
{
    const struct lb_sound_event *ev = &m->sounds->events[e];
    if (ev->kind != LB_SOUND_LINE || m->skipped[e])
        return NULL;
    return lb_voice_line(m->voice, ev->line, frames);
}

/* --- the beeps: synthesised on the fly, sample k after their start --- */

static int64_t effect_frames(enum lb_sound_kind kind)
{
    switch (kind) {
    case LB_SOUND_BEEP: return 150 * FRAMES_PER_MS;
    case LB_SOUND_END_TONE: return 700 * FRAMES_PER_MS;
    case LB_SOUND_REP_TICK: return 40 * FRAMES_PER_MS;
    default: return 0;
    }
}

/* Linear attack over `a` frames, raised-cosine release over the last `r` of `len`. */
static float envelope(int64_t k, int64_t len, int64_t a, int64_t r)
{
    float g = k < a ? (float)k / (float)a : 1.0f;
    if (k > len - r)
        g *= 0.5f + 0.5f * cosf(PI_F * (float)(k - (len - r)) / (float)r);
    return g;
}

static float effect_sample(enum lb_sound_kind kind, int64_t k)
{
    float t = (float)k / (float)LB_MIXER_RATE;
    int64_t len = effect_frames(kind);
    switch (kind) {
    case LB_SOUND_BEEP: /* a clear 880 Hz pip */
        return 0.45f * envelope(k, len, 3 * FRAMES_PER_MS, 40 * FRAMES_PER_MS) *
               sinf(2.0f * PI_F * 880.0f * t);
    case LB_SOUND_END_TONE: /* a longer, lower, two-note chime (C5 and G5), decaying */
        return 0.4f * envelope(k, len, 5 * FRAMES_PER_MS, 80 * FRAMES_PER_MS) *
               expf(-t / 0.35f) *
               (0.6f * sinf(2.0f * PI_F * 523.25f * t) + 0.4f * sinf(2.0f * PI_F * 784.0f * t));
    case LB_SOUND_REP_TICK: /* a soft, short wood-block tick */
        return 0.2f * envelope(k, len, FRAMES_PER_MS, 10 * FRAMES_PER_MS) * expf(-t / 0.008f) *
               sinf(2.0f * PI_F * 1500.0f * t);
    default:
        return 0.0f;
    }
}

/* The clip's gain at frame f under line event e (start s, n frames): down over the ramp
 * before the line, held while it plays, back up over the ramp after; raised-cosine ramps. */
static float duck_at(float duck, int64_t f, int64_t s, int64_t n)
{
    const int64_t ramp = LB_MIXER_DUCK_RAMP_MS * FRAMES_PER_MS;
    float x; /* 1 = fully ducked */
    if (f < s - ramp || f >= s + n + ramp)
        return 1.0f;
    if (f < s)
        x = (float)(f - (s - ramp)) / (float)ramp;
    else if (f < s + n)
        x = 1.0f;
    else
        x = 1.0f - (float)(f - (s + n)) / (float)ramp;
    float w = 0.5f - 0.5f * cosf(PI_F * x);
    return 1.0f - w * (1.0f - duck);
}

/* The longest line made so far: how far back a line can still be sounding. */
static int64_t longest_line(const struct lb_mixer *m)
{
    int64_t longest = 0;
    for (int i = 0; i < m->sounds->n_lines; i++) {
        int64_t n = 0;
        if (lb_voice_line(m->voice, i, &n) && n > longest)
            longest = n;
    }
    return longest;
}

/* Mix the coaching sounds of frames [p, p + n) into voice and effects (stereo, zeroed here)
 * and the clip's gain into duck (mono). */
static void coaching(struct lb_mixer *m, int64_t p, int n, float *sound, float *duck)
{
    memset(sound, 0, sizeof(float) * (size_t)n * 2);
    for (int i = 0; i < n; i++)
        duck[i] = 1.0f;
    if (!m->sounds || !m->sounds->n_events)
        return;
    const int64_t ramp = LB_MIXER_DUCK_RAMP_MS * FRAMES_PER_MS;
    int64_t reach = longest_line(m) + ramp;
    if (reach < effect_frames(LB_SOUND_END_TONE))
        reach = effect_frames(LB_SOUND_END_TONE);
    int64_t from_ms = (p - reach) / FRAMES_PER_MS - 1;
    const struct lb_sound_event *events = m->sounds->events;
    for (int e = lb_cue_sounds_find(m->sounds, from_ms); e < m->sounds->n_events; e++) {
        int64_t s = event_frame(&events[e]);
        if (s >= p + n + ramp)
            break;
        if (events[e].kind == LB_SOUND_LINE) {
            int64_t len = 0;
            const float *pcm = line_pcm(m, e, &len);
            if (!pcm)
                continue;
            for (int i = 0; i < n; i++) {
                int64_t f = p + i;
                float d = duck_at(m->duck, f, s, len);
                if (d < duck[i])
                    duck[i] = d;
                if (f >= s && f < s + len && !m->muted[LB_MIXER_VOICE]) {
                    sound[2 * i] += pcm[f - s];
                    sound[2 * i + 1] += pcm[f - s];
                }
            }
        } else if (!m->muted[LB_MIXER_EFFECTS]) {
            int64_t len = effect_frames(events[e].kind);
            int64_t a = s > p ? s : p, b = s + len < p + n ? s + len : p + n;
            for (int64_t f = a; f < b; f++) {
                float v = effect_sample(events[e].kind, f - s);
                sound[2 * (f - p)] += v;
                sound[2 * (f - p) + 1] += v;
            }
        }
    }
}

/* Mark the lines that start in [p, p + n) but are not made yet: they stay silent. */
static void pass_starts(struct lb_mixer *m, int64_t p, int n)
{
    if (!m->sounds)
        return;
    while (m->next_event < m->sounds->n_events &&
           event_frame(&m->sounds->events[m->next_event]) < p + n) {
        int e = m->next_event++;
        int64_t len;
        if (m->sounds->events[e].kind == LB_SOUND_LINE &&
            !lb_voice_line(m->voice, m->sounds->events[e].line, &len))
            m->skipped[e] = true;
        else
            m->heard[e]++;
        if (m->sounds->events[e].kind == LB_SOUND_LINE && !m->skipped[e])
            m->heard_ring[m->heard_head++ % LB_MIXER_HEARD_RING] = e;
    }
}

/* Start at routine frame p as if everything before had played. */
static void jump(struct lb_mixer *m, int64_t p)
{
    m->pos = p;
    m->positioned = true;
    /* What the resampler held belongs to the old place; the error is measured afresh. */
    if (m->fifo)
        av_audio_fifo_reset(m->fifo);
    if (m->swr && swr_init(m->swr) < 0)
        swr_free(&m->swr);
    m->n_notes = 0;
    m->speed = m->rate_speed;
    m->error_ms = 0.0;
    if (!m->sounds)
        return;
    /* the first event at or after p: p in ms rounded up (before 0 too: the opening cards) */
    int64_t ms = p >= 0 ? (p + FRAMES_PER_MS - 1) / FRAMES_PER_MS : -(-p / FRAMES_PER_MS);
    m->next_event = lb_cue_sounds_find(m->sounds, ms);
    for (int e = 0; e < m->sounds->n_events; e++) {
        int64_t len;
        m->skipped[e] = e < m->next_event && m->sounds->events[e].kind == LB_SOUND_LINE &&
                        !lb_voice_line(m->voice, m->sounds->events[e].line, &len);
    }
}

/* Soft limiter: untouched below the knee, above it bent smoothly toward full scale. */
static float limit(float x)
{
    const float knee = LB_MIXER_LIMIT_KNEE, room = 1.0f - LB_MIXER_LIMIT_KNEE;
    float a = fabsf(x);
    if (!(a > knee))
        return a == a ? x : 0.0f; /* NaN becomes silence */
    float y = knee + room * tanhf((a - knee) / room);
    if (y > 1.0f)
        y = 1.0f;
    return x < 0 ? -y : y;
}

/* One chunk (n <= CHUNK) at m->pos into out; with_coach false: the clip alone. */
static void render_chunk(struct lb_mixer *m, float *out, int n, bool with_coach, float target)
{
    float sound[CHUNK * 2], duck[CHUNK];
    int got = 0;
    if (m->clip_fn)
        got = m->clip_fn(m->clip_userdata, m->pos / FRAMES_PER_MS, out, n);
    if (got < 0)
        got = 0;
    if (got < n)
        memset(out + 2 * got, 0, sizeof(float) * (size_t)(n - got) * 2);
    if (with_coach) {
        pass_starts(m, m->pos, n);
        coaching(m, m->pos, n, sound, duck);
    }
    float clip_gain = m->muted[LB_MIXER_CLIP] ? 0.0f : 1.0f;
    const float step = 1.0f / (float)FADE_FRAMES;
    for (int i = 0; i < n; i++) {
        float c = 0.0f, d = 1.0f, l = 0.0f, r = 0.0f;
        if (with_coach) {
            if (m->coach_gain < target)
                m->coach_gain = fminf(target, m->coach_gain + step);
            else if (m->coach_gain > target)
                m->coach_gain = fmaxf(target, m->coach_gain - step);
            c = m->coach_gain;
            d = 1.0f - c * (1.0f - duck[i]);
            l = c * sound[2 * i];
            r = c * sound[2 * i + 1];
        }
        out[2 * i] = limit(m->gain * (clip_gain * d * out[2 * i] + l));
        out[2 * i + 1] = limit(m->gain * (clip_gain * d * out[2 * i + 1] + r));
    }
    if (with_coach)
        m->pos += n;
}

void lb_mixer_render(struct lb_mixer *m, int64_t t_ms, int frames, float *out)
{
    int64_t p = t_ms * FRAMES_PER_MS;
    /* A stream that goes on is not a jump even when its chunks end between milliseconds. */
    if (!m->positioned || (p != m->pos && p / FRAMES_PER_MS != m->pos / FRAMES_PER_MS))
        jump(m, p);
    m->coach_gain = 1.0f;
    for (int done = 0; done < frames;) {
        int n = frames - done < CHUNK ? frames - done : CHUNK;
        render_chunk(m, out + 2 * done, n, true, 1.0f);
        done += n;
    }
}

/* Source frames read but not handed to the device yet (in the resampler and its fifo). */
static int64_t lead_frames(const struct lb_mixer *m)
{
    int64_t lead = m->fifo ? av_audio_fifo_size(m->fifo) : 0;
    if (m->swr)
        lead += swr_get_delay(m->swr, LB_MIXER_RATE);
    return lead;
}

int64_t lb_mixer_lead_frames(const struct lb_mixer *m)
{
    return m ? lead_frames(m) : 0;
}

int64_t lb_mixer_stream_frame(const struct lb_mixer *m)
{
    return m ? m->pos - lead_frames(m) : 0;
}

void lb_mixer_sync(struct lb_mixer *m, int64_t routine_ms, bool running)
{
    int64_t target = routine_ms * FRAMES_PER_MS;
    if (running && !m->positioned) {
        /* The routine (or an opening card, before 0) has just begun: from its very start, so
         * no first word is lost. */
        bool begun = routine_ms >= 0 && routine_ms <= LB_MIXER_RESYNC_MS / 2;
        jump(m, begun ? 0 : target);
        m->coach_gain = begun || routine_ms < 0 ? 1.0f : 0.0f;
    } else if (running && !m->clocked &&
               llabs(m->pos - lead_frames(m) - target) > LB_MIXER_RESYNC_MS * FRAMES_PER_MS) {
        m->resyncs++;
        jump(m, target);
        m->coach_gain = 0.0f;
    }
    m->running = running;
}

void lb_mixer_restart(struct lb_mixer *m)
{
    m->positioned = false;
    m->running = false;
    m->stop_at = INT64_MAX;
}

void lb_mixer_play_stretch(struct lb_mixer *m, int64_t from_ms, int64_t to_ms)
{
    jump(m, from_ms * FRAMES_PER_MS);
    m->coach_gain = 1.0f;
    m->running = true;
    m->stop_at = to_ms * FRAMES_PER_MS;
}

int lb_mixer_heard(const struct lb_mixer *m, int event)
{
    return m && m->sounds && event >= 0 && event < m->sounds->n_events ? m->heard[event] : 0;
}

int lb_mixer_heard_since(const struct lb_mixer *m, unsigned *tail, int *events, int max)
{
    int n = 0;
    if (m->heard_head - *tail > LB_MIXER_HEARD_RING) /* fell behind: the oldest are gone */
        *tail = m->heard_head - LB_MIXER_HEARD_RING;
    while (*tail != m->heard_head && n < max)
        events[n++] = m->heard_ring[(*tail)++ % LB_MIXER_HEARD_RING];
    return n;
}

int lb_mixer_resyncs(const struct lb_mixer *m)
{
    return m ? m->resyncs : 0;
}

/* Live: the next at most `max` (<= CHUNK) frames into out; returns how many. */
static int live_chunk(struct lb_mixer *m, float *out, int max)
{
    int n = max;
    /* A stretch played to its end stops there at once, before what follows it begins (its
     * lines end well before: nothing is cut). */
    if (m->running && m->pos >= m->stop_at) {
        m->running = false;
        m->coach_gain = 0.0f;
    } else if (m->running && m->pos + n > m->stop_at) {
        n = (int)(m->stop_at - m->pos);
    }
    bool coach = m->positioned && (m->running || m->coach_gain > 0.0f);
    render_chunk(m, out, n, coach, m->running ? 1.0f : 0.0f);
    return n;
}

void lb_mixer_fill(struct lb_mixer *m, float *out, int frames)
{
    for (int done = 0; done < frames;)
        done += live_chunk(m, out + 2 * done, frames - done < CHUNK ? frames - done : CHUNK);
}

/* The resampler and its fifo, made on the first live fill. */
static bool resampler_ready(struct lb_mixer *m)
{
    if (m->swr && m->fifo)
        return true;
    AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
    if (!m->swr && (swr_alloc_set_opts2(&m->swr, &stereo, AV_SAMPLE_FMT_FLT, LB_MIXER_RATE,
                                        &stereo, AV_SAMPLE_FMT_FLT, LB_MIXER_RATE, 0, NULL) < 0
                    || av_opt_set_int(m->swr, "flags", SWR_FLAG_RESAMPLE, 0) < 0
                    || swr_init(m->swr) < 0)) {
        swr_free(&m->swr);
        return false;
    }
    if (!m->fifo)
        m->fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLT, LB_MIXER_CHANNELS, 2 * CHUNK);
    return m->fifo != NULL;
}

static int compare_notes(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* The median of n values. */
static double median_of(const int32_t *values, int n)
{
    int32_t sorted[DRIFT_WINDOW];
    memcpy(sorted, values, sizeof(int32_t) * (size_t)n);
    qsort(sorted, (size_t)n, sizeof(int32_t), compare_notes);
    return n % 2 ? sorted[n / 2] : 0.5 * ((double)sorted[n / 2 - 1] + sorted[n / 2]);
}

static int compare_rates(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The device handed out `frames` more at routine time routine_now_ms: every second, one more
 * figure of its rate; the reading speed moves toward the inverse of their median. */
static void measure_rate(struct lb_mixer *m, double routine_now_ms, int frames)
{
    if (m->span_start_ms < 0) {
        m->span_start_ms = routine_now_ms;
        m->span_frames = 0;
        return;
    }
    m->span_frames += frames;
    double routine_frames = (routine_now_ms - m->span_start_ms) * FRAMES_PER_MS;
    if (m->span_frames >= LB_MIXER_RATE && routine_frames > 0) {
        float rate = (float)(m->span_frames / routine_frames);
        if (fabsf(rate - 1.0f) < 0.2f) /* else a seek inside the second: no figure */
            m->rates[m->n_rates++ % RATE_SAMPLES] = rate;
        m->span_start_ms = routine_now_ms;
        m->span_frames = 0;
    }
    if (m->n_rates < RATE_MIN_SAMPLES)
        return;
    int n = m->n_rates < RATE_SAMPLES ? m->n_rates : RATE_SAMPLES;
    float sorted[RATE_SAMPLES];
    memcpy(sorted, m->rates, sizeof(float) * (size_t)n);
    qsort(sorted, (size_t)n, sizeof(float), compare_rates);
    double rate = n % 2 ? sorted[n / 2] : 0.5 * ((double)sorted[n / 2 - 1] + sorted[n / 2]);
    double want = fmin(1.0 + LB_MIXER_RATE_MAX, fmax(1.0 - LB_MIXER_RATE_MAX, 1.0 / rate));
    if (!m->rate_known) /* the first figures: taken at once */
        m->rate_speed = want;
    else
        m->rate_speed += (want - m->rate_speed) *
                         fmin(1.0, frames / (RATE_SMOOTH_S * LB_MIXER_RATE));
    m->rate_known = true;
}

/* Note where the sound about to be handed out is against the routine clock: far off, jump
 * there; else set the reading speed: the device's rate and a correction of the median of the
 * recent notes. */
static void steer(struct lb_mixer *m, double routine_now_ms)
{
    double target = routine_now_ms * FRAMES_PER_MS;
    double ahead = (double)(m->pos - lead_frames(m)) - target;
    if (fabs(ahead) > LB_MIXER_RESYNC_MS * FRAMES_PER_MS) {
        /* A step (a seek, a stall) comes from a small difference at once; one that the
         * correction let grow past half the limit first is drift it could not follow. */
        if (m->n_notes >= DRIFT_MIN_NOTES && fabs(m->error_ms) > LB_MIXER_RESYNC_MS / 2)
            m->drift.drift_resyncs++;
        m->resyncs++;
        jump(m, (int64_t)llround(target));
        m->coach_gain = 0.0f;
        return;
    }
    m->notes[m->n_notes % DRIFT_WINDOW] = (int32_t)lrint(ahead);
    m->n_notes++;
    if (m->n_notes < DRIFT_MIN_NOTES)
        return;
    double median = median_of(m->notes, m->n_notes < DRIFT_WINDOW ? m->n_notes : DRIFT_WINDOW);
    double error_s = median / LB_MIXER_RATE;
    m->error_ms = error_s * 1000.0;
    /* Until the device's rate is measured (3 s), the correction alone follows it, quicker. */
    double limit = m->rate_known ? LB_MIXER_DRIFT_MAX : LB_MIXER_RATE_MAX;
    double tau = m->rate_known ? DRIFT_TAU_S : DRIFT_TAU_S / 3;
    double correction = fmin(limit, fmax(-limit, -error_s / tau));
    m->speed = m->rate_speed + correction;
    struct lb_mixer_drift *d = &m->drift;
    d->speed_min = fmin(d->speed_min, m->speed);
    d->speed_max = fmax(d->speed_max, m->speed);
    if (fabs(m->error_ms) > fabs(d->worst_error_ms))
        d->worst_error_ms = m->error_ms;
    d->notes++;
}

void lb_mixer_fill_live(struct lb_mixer *m, float *out, int frames, double routine_now_ms)
{
    if (!resampler_ready(m)) { /* out of memory: the sound plays on, uncorrected */
        lb_mixer_fill(m, out, frames);
        return;
    }
    m->clocked = true;
    if (routine_now_ms >= 0 && m->positioned && m->running) {
        measure_rate(m, routine_now_ms, frames);
        steer(m, routine_now_ms);
    } else if (!m->running) {
        m->n_notes = 0; /* a pause: the notes before it say nothing about after it */
        m->span_start_ms = -1.0; /* nor does the second it interrupted */
    }
    /* speed = 1 - delta / distance: delta more frames out of every `distance` put in. */
    int delta = (int)lrint((1.0 - m->speed) * DRIFT_DISTANCE);
    swr_set_compensation(m->swr, delta, delta ? DRIFT_DISTANCE : 0);
    float in[SOURCE_CHUNK * 2], resampled[(SOURCE_CHUNK + SOURCE_CHUNK / 8 + 64) * 2];
    for (int tries = 0; av_audio_fifo_size(m->fifo) < frames && tries < 4 * CHUNK / SOURCE_CHUNK
         + frames / SOURCE_CHUNK; tries++) {
        int n = live_chunk(m, in, SOURCE_CHUNK);
        const uint8_t *src[1] = {(const uint8_t *)in};
        uint8_t *dst[1] = {(uint8_t *)resampled};
        int got = swr_convert(m->swr, dst, SOURCE_CHUNK + SOURCE_CHUNK / 8 + 64, src, n);
        void *keep[1] = {resampled};
        if (got > 0)
            av_audio_fifo_write(m->fifo, keep, got);
    }
    int have = av_audio_fifo_read(m->fifo, (void **)&out, frames);
    if (have < 0)
        have = 0;
    if (have < frames)
        memset(out + 2 * have, 0, sizeof(float) * 2 * (size_t)(frames - have));
}

void lb_mixer_get_drift(const struct lb_mixer *m, struct lb_mixer_drift *out)
{
    if (!m) {
        *out = (struct lb_mixer_drift){.speed = 1.0, .rate_speed = 1.0, .speed_min = 1.0,
                                       .speed_max = 1.0};
        return;
    }
    *out = m->drift;
    out->speed = m->speed;
    out->rate_speed = m->rate_speed;
    out->error_ms = m->error_ms;
}

const char *lb_mixer_caption(const struct lb_mixer *m, int64_t t_ms, int64_t *until_ms)
{
    if (!m || !m->sounds)
        return NULL;
    const struct lb_cue_sounds *s = m->sounds;
    for (int e = lb_cue_sounds_find(s, t_ms + 1) - 1; e >= 0; e--) {
        const struct lb_sound_event *ev = &s->events[e];
        if (ev->at_ms < t_ms - 60000)
            break;
        if (ev->kind != LB_SOUND_LINE || !s->lines[ev->line].text[0] ||
            !s->lines[ev->line].caption)
            continue;
        int64_t frames = 0, spoken_ms;
        if (lb_voice_line(m->voice, ev->line, &frames))
            spoken_ms = frames / FRAMES_PER_MS;
        else /* not spoken (yet): about as long as it would take to say */
            spoken_ms = 400 + 65 * (int64_t)strlen(s->lines[ev->line].text);
        int64_t until = ev->at_ms + (spoken_ms + 600 > 2000 ? spoken_ms + 600 : 2000);
        if (t_ms < until) {
            if (until_ms)
                *until_ms = until;
            return s->lines[ev->line].text;
        }
    }
    return NULL;
}
