/* The mixer: clip sound, spoken lines and beeps summed on the routine clock, with ducking,
 * master gain and a soft limiter. Every coaching sound is a function of routine time, so a
 * render from any point equals the same stretch of a render from the start. */
#include "mixer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FRAMES_PER_MS (LB_MIXER_RATE / 1000)
#define CHUNK 1024
#define FADE_FRAMES (5 * FRAMES_PER_MS)  /* live: coaching sounds in and out after a jump */
#define PI_F 3.14159265f

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
    m->stop_at = INT64_MAX;
    return m;
}

void lb_mixer_destroy(struct lb_mixer *m)
{
    if (!m)
        return;
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

void lb_mixer_sync(struct lb_mixer *m, int64_t routine_ms, bool running)
{
    int64_t target = routine_ms * FRAMES_PER_MS;
    if (running && !m->positioned) {
        /* The routine (or an opening card, before 0) has just begun: from its very start, so
         * no first word is lost. */
        bool begun = routine_ms >= 0 && routine_ms <= LB_MIXER_RESYNC_MS / 2;
        jump(m, begun ? 0 : target);
        m->coach_gain = begun || routine_ms < 0 ? 1.0f : 0.0f;
    } else if (running && llabs(m->pos - target) > LB_MIXER_RESYNC_MS * FRAMES_PER_MS) {
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

void lb_mixer_fill(struct lb_mixer *m, float *out, int frames)
{
    for (int done = 0; done < frames;) {
        int n = frames - done < CHUNK ? frames - done : CHUNK;
        /* A stretch played to its end stops there at once, before what follows it begins
         * (its lines end well before: nothing is cut). */
        if (m->running && m->pos >= m->stop_at) {
            m->running = false;
            m->coach_gain = 0.0f;
        } else if (m->running && m->pos + n > m->stop_at) {
            n = (int)(m->stop_at - m->pos);
        }
        bool coach = m->positioned && (m->running || m->coach_gain > 0.0f);
        render_chunk(m, out + 2 * done, n, coach, m->running ? 1.0f : 0.0f);
        done += n;
    }
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
