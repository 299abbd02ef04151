/* The voice bank: lines synthesised (espeak-ng) or decoded (recorded files) on one worker
 * thread, published to the audio callback without locks. */
#include "voice.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libavutil/channel_layout.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>

#ifdef LIMBER_HAVE_ESPEAK
#include <espeak-ng/speak_lib.h>
#endif

#include "clip.h"
#include "clock.h"
#include "log.h"

/* Spoken lines are brought to this peak, so every line sounds about as loud as the next. */
#define LB_VOICE_PEAK 0.7f
#define LB_VOICE_MAX_GAIN 4.0f
#define LB_VOICE_WPM 150
/* A recorded file longer than this is cut; one that makes no progress this long is given up. */
#define LB_RECORDED_MAX_S 120
#define LB_RECORDED_STALL_MS 10000
/* A spoken line is cut after this long: the routine format caps a line's length (600
 * characters, about 45 s at 150 words a minute), and this bounds memory and time whatever
 * the text (a translation, a future field). */
#define LB_SPOKEN_MAX_S 90

enum line_state { LINE_PENDING, LINE_READY, LINE_FAILED };

struct line_sound {
    float *pcm;          /* written by the worker before state turns LINE_READY */
    int64_t frames;
    char voice[64];      /* the espeak-ng voice that said it ("" for none); as pcm */
    atomic_int state;    /* enum line_state; release on publish, acquire on read */
};

struct lb_voice {
    const struct lb_cue_sounds *sounds;  /* borrowed */
    char language[64];
    struct line_sound *lines;            /* one per sounds->lines */
    pthread_t worker;
    atomic_bool abort;
    /* The following fields are protected by lock. */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool finished;
    double make_ms;
};

/* A growing buffer of samples. */
struct pcm_buf {
    void *data;
    int64_t len, cap;    /* in samples */
    size_t size;         /* bytes per sample */
    int64_t max;         /* synthesis stops at this many samples (0: no limit) */
    bool cut;            /* it did */
};

static bool pcm_append(struct pcm_buf *b, const void *src, int64_t n)
{
    if (b->len + n > b->cap) {
        int64_t cap = (b->len + n) * 2 + 4096;
        void *grown = realloc(b->data, (size_t)cap * b->size);
        if (!grown)
            return false;
        b->data = grown;
        b->cap = cap;
    }
    memcpy((char *)b->data + b->len * (int64_t)b->size, src, (size_t)n * b->size);
    b->len += n;
    return true;
}

/* Mono s16 at `rate` to mono float at 48 kHz. Returns the new buffer or NULL. */
static float *resample_s16(const int16_t *in, int64_t n, int rate, int64_t *out_frames)
{
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    SwrContext *swr = NULL;
    if (swr_alloc_set_opts2(&swr, &mono, AV_SAMPLE_FMT_FLT, LB_VOICE_RATE, &mono,
                            AV_SAMPLE_FMT_S16, rate, 0, NULL) < 0 || swr_init(swr) < 0) {
        swr_free(&swr);
        return NULL;
    }
    int64_t cap = av_rescale_rnd(n, LB_VOICE_RATE, rate, AV_ROUND_UP) + 256;
    float *out = malloc((size_t)cap * sizeof(*out));
    int64_t got = 0;
    if (out) {
        const uint8_t *src[1] = {(const uint8_t *)in};
        uint8_t *dst[1] = {(uint8_t *)out};
        int k = swr_convert(swr, dst, (int)cap, src, (int)n);
        if (k > 0)
            got = k;
        dst[0] = (uint8_t *)(out + got);
        k = swr_convert(swr, dst, (int)(cap - got), NULL, 0); /* flush */
        if (k > 0)
            got += k;
    }
    swr_free(&swr);
    *out_frames = got;
    return out;
}

static void normalise(float *pcm, int64_t n)
{
    float peak = 0.0f;
    for (int64_t i = 0; i < n; i++)
        peak = fmaxf(peak, fabsf(pcm[i]));
    if (peak <= 0.0f)
        return;
    float g = fminf(LB_VOICE_PEAK / peak, LB_VOICE_MAX_GAIN);
    for (int64_t i = 0; i < n; i++)
        pcm[i] *= g;
}

#ifdef LIMBER_HAVE_ESPEAK
/* espeak-ng keeps one global synthesiser: one bank at a time uses it. */
static pthread_mutex_t espeak_lock = PTHREAD_MUTEX_INITIALIZER;

static int on_synth(short *wav, int n, espeak_EVENT *events)
{
    struct pcm_buf *b = events ? events[0].user_data : NULL;
    if (!b || !wav || n <= 0)
        return 0;
    if (b->max > 0 && b->len + n > b->max) {
        b->cut = true;
        return 1; /* 1 stops synthesis: the line comes out short */
    }
    return pcm_append(b, wav, n) ? 0 : 1;
}

/* Use the espeak voice for a BCP 47 tag: as given (lower case, as espeak names them), then its
 * primary language, then English. The name that worked goes into `used`. */
static void choose_voice(const char *language, char *used, size_t size)
{
    char name[64];
    snprintf(name, sizeof(name), "%s", language && *language ? language : "en");
    for (char *p = name; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    espeak_VOICE want = {.languages = name};
    if (espeak_SetVoiceByName(name) == EE_OK || espeak_SetVoiceByProperties(&want) == EE_OK) {
        snprintf(used, size, "%s", name);
        return;
    }
    char *dash = strchr(name, '-');
    if (dash) {
        *dash = '\0';
        if (espeak_SetVoiceByName(name) == EE_OK) {
            snprintf(used, size, "%s", name);
            return;
        }
    }
    lb_log_warning("espeak-ng has no voice for language '%s'; speaking English", language);
    espeak_SetVoiceByName("en");
    snprintf(used, size, "en");
}

/* espeak-ng starts once per process and is never terminated: in 1.51 a second
 * espeak_Initialize after espeak_Terminate leaves the next espeak_Terminate waiting forever on
 * its event thread (seen when the library starts a second routine). */
static int espeak_rate; /* 0: not started yet; -1: it did not start (told once) */
/* The language espeak-ng's voice was last chosen for, and the voice that says it. The
 * following fields are protected by espeak_lock. */
static char espeak_language[64];
static char espeak_voice[64];

static int espeak_begin(void)
{
    pthread_mutex_lock(&espeak_lock);
    if (espeak_rate == 0) {
        espeak_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, 0);
        if (espeak_rate <= 0) {
            lb_log_warning("espeak-ng did not start (is espeak-ng-data installed?); spoken "
                           "lines are shown as captions only");
            espeak_rate = -1;
        }
    }
    if (espeak_rate < 0) {
        pthread_mutex_unlock(&espeak_lock);
        return 0;
    }
    espeak_SetSynthCallback(on_synth);
    return espeak_rate;
}

static void espeak_end(void)
{
    pthread_mutex_unlock(&espeak_lock);
}

static float *speak(const char *text, int rate, int64_t *frames)
{
    struct pcm_buf b = {.size = sizeof(int16_t), .max = (int64_t)rate * LB_SPOKEN_MAX_S};
    espeak_ERROR err = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                    espeakCHARS_UTF8, NULL, &b);
    float *pcm = NULL;
    if (err == EE_OK && b.len > 0)
        pcm = resample_s16(b.data, b.len, rate, frames);
    else
        lb_log_warning("espeak-ng could not speak \"%.80s\"", text);
    if (b.cut)
        lb_log_warning("a spoken line over %d s long was cut there: \"%.60s...\"",
                       LB_SPOKEN_MAX_S, text);
    free(b.data);
    if (pcm)
        normalise(pcm, *frames);
    return pcm;
}

/* Say `text` in the voice of `language` (chosen when another was in use), between
 * espeak_begin and espeak_end; the voice's name goes into voice. */
static float *speak_in(const char *text, const char *language, int rate, char *voice,
                       size_t size, int64_t *frames)
{
    if (strcmp(language, espeak_language)) {
        snprintf(espeak_language, sizeof(espeak_language), "%s", language);
        choose_voice(espeak_language, espeak_voice, sizeof(espeak_voice));
        espeak_SetParameter(espeakRATE, LB_VOICE_WPM, 0);
    }
    snprintf(voice, size, "%s", espeak_voice);
    return speak(text, rate, frames);
}
#endif

/* A recorded voice, decoded through the media module as 48 kHz mono: a file on disk, or the
 * line's window of a bundle read in place (avio_fd over a copy of the bundle's descriptor, so
 * nothing is extracted and the bytes read are the ones verified). */
static float *decode_recording(const struct lb_sound_line *line, int64_t *frames)
{
    const char *path = line->audio;
    char err[256];
    struct lb_clip_params p = {.path = path, .sample_rate = LB_VOICE_RATE, .channels = 1,
                               .kind = "recording"};
    if (line->window.set) {
        if (line->window.length <= 0) {
            lb_log_warning("cue audio '%s' is empty", path);
            return NULL;
        }
        p.from_fd = true;
        p.fd = line->window.fd;
        p.offset = line->window.offset;
        p.length = line->window.length;
    }
    struct lb_clip *clip = lb_clip_open(&p, err, sizeof(err));
    if (!clip) {
        lb_log_warning("cue audio: %s", err);
        return NULL;
    }
    if (!lb_clip_info(clip)->has_audio) {
        lb_log_warning("cue audio '%s' has no sound", path);
        lb_clip_close(clip);
        return NULL;
    }
    lb_clip_preroll(clip, 2000);
    struct pcm_buf b = {.size = sizeof(float)};
    float chunk[4800];
    int64_t last_progress = lb_now_ms();
    bool ok = true;
    while (ok && b.len < (int64_t)LB_RECORDED_MAX_S * LB_VOICE_RATE) {
        int got = lb_clip_read_audio(clip, chunk, 4800);
        if (got > 0) {
            ok = pcm_append(&b, chunk, got);
            last_progress = lb_now_ms();
            continue;
        }
        struct lb_clip_status st;
        lb_clip_status(clip, &st);
        if (st.ended || st.failed)
            break;
        if (lb_now_ms() - last_progress > LB_RECORDED_STALL_MS) {
            lb_log_warning("cue audio '%s': decoding stalled; using what was read", path);
            break;
        }
        nanosleep(&(struct timespec){0, 2000000}, NULL);
    }
    if (lb_clip_error(clip))
        lb_log_warning("cue audio: %s", lb_clip_error(clip));
    lb_clip_close(clip);
    *frames = b.len;
    if (!ok || b.len == 0) {
        free(b.data);
        return NULL;
    }
    return b.data;
}

/* --- lines made before the layout --- */

struct made_line {
    char *text;            /* owned */
    char *audio;           /* owned, or NULL for a synthesised line */
    char language[64];     /* the voice's language asked for */
    float *pcm;            /* owned until a bank takes it; NULL when it could not be made */
    int64_t frames;
    char voice[64];        /* as struct line_sound's */
};

struct lb_voice_made {
    char language[64];     /* for lines that name none */
    struct made_line *lines;
    int n, cap;
    int64_t frames;        /* sound made so far, all lines */
};

/* Whether made line k is `line` said in `language`. */
static bool made_is(const struct made_line *k, const struct lb_sound_line *line,
                    const char *language)
{
    bool same_audio = (!k->audio && !line->audio) ||
                      (k->audio && line->audio && !strcmp(k->audio, line->audio));
    return same_audio && !strcmp(k->text, line->text) && !strcmp(k->language, language);
}

static const char *made_language(const struct lb_voice_made *m, const struct lb_sound_line *l)
{
    return l->language[0] ? l->language : m->language;
}

static bool grow_made(struct lb_voice_made *m)
{
    int cap = m->cap ? m->cap * 2 : 32;
    struct made_line *grown = realloc(m->lines, (size_t)cap * sizeof(*grown));
    if (!grown)
        return false;
    m->lines = grown;
    m->cap = cap;
    return true;
}

/* The lines `made` holds, moved into the new bank v as they are (before its worker starts). */
static void take_made(struct lb_voice *v, struct lb_voice_made *made)
{
    for (int i = 0; made && i < v->sounds->n_lines; i++) {
        const struct lb_sound_line *line = &v->sounds->lines[i];
        if (!line->spoken)
            continue;
        const char *language = made_language(made, line);
        for (int k = 0; k < made->n; k++) {
            struct made_line *ml = &made->lines[k];
            if (ml->frames < 0 || !made_is(ml, line, language))
                continue;
            struct line_sound *ls = &v->lines[i];
            ls->pcm = ml->pcm;
            ls->frames = ml->frames;
            snprintf(ls->voice, sizeof(ls->voice), "%s", ml->voice);
            atomic_store(&ls->state, ml->pcm ? LINE_READY : LINE_FAILED);
            ml->pcm = NULL;
            ml->frames = -1; /* taken */
            break;
        }
    }
}

static void publish(struct lb_voice *v, int i, float *pcm, int64_t frames)
{
    struct line_sound *ls = &v->lines[i];
    ls->pcm = pcm;
    ls->frames = frames;
    atomic_store_explicit(&ls->state, pcm ? LINE_READY : LINE_FAILED, memory_order_release);
    pthread_mutex_lock(&v->lock);
    pthread_cond_broadcast(&v->changed);
    pthread_mutex_unlock(&v->lock);
}

static void *work(void *arg)
{
    struct lb_voice *v = arg;
    double start = lb_now_ms_f();
    const struct lb_cue_sounds *s = v->sounds;
    bool any_text = false;
    for (int i = 0; i < s->n_lines; i++)
        any_text |= s->lines[i].spoken && !s->lines[i].audio && s->lines[i].text[0] &&
                    atomic_load(&v->lines[i].state) == LINE_PENDING;
    int rate = 0;
#ifdef LIMBER_HAVE_ESPEAK
    if (any_text)
        rate = espeak_begin();
#else
    /* Once per process, though a voice starts with every routine loaded: the build does not
     * change between them. */
    static atomic_flag told = ATOMIC_FLAG_INIT;
    if (any_text && !atomic_flag_test_and_set(&told))
        lb_log_notice("built without espeak-ng (LIMBER_VOICE=OFF): spoken lines are shown as "
                      "captions only");
#endif
    for (int i = 0; i < s->n_lines; i++) {
        const struct lb_sound_line *line = &s->lines[i];
        int64_t frames = 0;
        float *pcm = NULL;
        if (atomic_load(&v->lines[i].state) != LINE_PENDING)
            continue; /* made before the layout (lb_voice_start_made) */
        if (atomic_load(&v->abort) || !line->spoken)
            pcm = NULL;
        else if (line->audio)
            pcm = decode_recording(line, &frames);
#ifdef LIMBER_HAVE_ESPEAK
        else if (rate > 0 && line->text[0])
            /* Each line in its words' voice: Limber's own in the language they are in, a
             * cue's in the routine's. */
            pcm = speak_in(line->text, line->language[0] ? line->language : v->language, rate,
                           v->lines[i].voice, sizeof(v->lines[i].voice), &frames);
#endif
        publish(v, i, pcm, frames);
    }
#ifdef LIMBER_HAVE_ESPEAK
    if (rate > 0)
        espeak_end();
#endif
    double took = lb_now_ms_f() - start;
    lb_log_info("voice: %d lines made in %.0f ms", s->n_lines, took); /* --verbose */
    pthread_mutex_lock(&v->lock);
    v->finished = true;
    v->make_ms = took;
    pthread_cond_broadcast(&v->changed);
    pthread_mutex_unlock(&v->lock);
    return NULL;
}

struct lb_voice_made *lb_voice_made_create(const char *language)
{
    struct lb_voice_made *m = calloc(1, sizeof(*m));
    if (m)
        snprintf(m->language, sizeof(m->language), "%s", language ? language : "en");
    return m;
}

int64_t lb_voice_made_line(struct lb_voice_made *m, const struct lb_sound_line *line)
{
    if (!m || !line->spoken || (!line->audio && !line->text[0]))
        return -1;
    const char *language = made_language(m, line);
    for (int i = 0; i < m->n; i++)
        if (made_is(&m->lines[i], line, language))
            return m->lines[i].pcm ? m->lines[i].frames * 1000 / LB_VOICE_RATE : -1;
    if (m->frames >= (int64_t)LB_VOICE_AHEAD_MAX_S * LB_VOICE_RATE)
        return -1;
    struct made_line k = {.text = strdup(line->text),
                          .audio = line->audio ? strdup(line->audio) : NULL};
    snprintf(k.language, sizeof(k.language), "%s", language);
    if (!k.text || (line->audio && !k.audio) || (m->n == m->cap && !grow_made(m))) {
        free(k.text);
        free(k.audio);
        return -1;
    }
    if (line->audio) {
        k.pcm = decode_recording(line, &k.frames);
    } else {
#ifdef LIMBER_HAVE_ESPEAK
        int rate = espeak_begin();
        if (rate > 0) {
            k.pcm = speak_in(line->text, language, rate, k.voice, sizeof(k.voice), &k.frames);
            espeak_end();
        }
        if (rate <= 0) { /* left to the bank, which says why it is silent */
            free(k.text);
            return -1;
        }
#else
        free(k.text);
        return -1; /* the bank says once that this build cannot speak */
#endif
    }
    if (!k.pcm)
        k.frames = 0;
    m->frames += k.frames;
    m->lines[m->n++] = k;
    return k.pcm ? k.frames * 1000 / LB_VOICE_RATE : -1;
}

int64_t lb_voice_made_ms(void *made, const struct lb_sound_line *line)
{
    return lb_voice_made_line(made, line);
}

void lb_voice_made_free(struct lb_voice_made *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n; i++) {
        free(m->lines[i].text);
        free(m->lines[i].audio);
        free(m->lines[i].pcm);
    }
    free(m->lines);
    free(m);
}

bool lb_voice_can_speak(void)
{
#ifdef LIMBER_HAVE_ESPEAK
    return true;
#else
    return false;
#endif
}

struct lb_voice *lb_voice_start(const struct lb_cue_sounds *sounds, const char *language)
{
    return lb_voice_start_made(sounds, language, NULL);
}

struct lb_voice *lb_voice_start_made(const struct lb_cue_sounds *sounds, const char *language,
                                     struct lb_voice_made *made)
{
    struct lb_voice *v = calloc(1, sizeof(*v));
    if (!v)
        return NULL;
    v->sounds = sounds;
    snprintf(v->language, sizeof(v->language), "%s", language ? language : "en");
    v->lines = calloc((size_t)(sounds->n_lines ? sounds->n_lines : 1), sizeof(*v->lines));
    if (!v->lines)
        goto fail_voice;
    for (int i = 0; i < sounds->n_lines; i++)
        atomic_init(&v->lines[i].state, LINE_PENDING);
    take_made(v, made);
    atomic_init(&v->abort, false);
    pthread_mutex_init(&v->lock, NULL);
    pthread_cond_init(&v->changed, NULL);
    if (pthread_create(&v->worker, NULL, work, v) != 0) {
        lb_log_warning("cannot start the voice thread; spoken lines are captions only");
        goto fail_sync;
    }
    return v;

fail_sync:
    pthread_cond_destroy(&v->changed);
    pthread_mutex_destroy(&v->lock);
    for (int i = 0; i < v->sounds->n_lines; i++)
        free(v->lines[i].pcm); /* the sound taken over from the lines made before */
    free(v->lines);
fail_voice:
    free(v);
    return NULL;
}

void lb_voice_stop(struct lb_voice *v)
{
    if (!v)
        return;
    atomic_store(&v->abort, true);
    pthread_join(v->worker, NULL);
    for (int i = 0; i < v->sounds->n_lines; i++)
        free(v->lines[i].pcm);
    free(v->lines);
    pthread_cond_destroy(&v->changed);
    pthread_mutex_destroy(&v->lock);
    free(v);
}

const float *lb_voice_line(const struct lb_voice *v, int line, int64_t *frames)
{
    if (!v || line < 0 || line >= v->sounds->n_lines)
        return NULL;
    struct line_sound *ls = &v->lines[line];
    if (atomic_load_explicit(&ls->state, memory_order_acquire) != LINE_READY)
        return NULL;
    *frames = ls->frames;
    return ls->pcm;
}

const char *lb_voice_line_voice(const struct lb_voice *v, int line)
{
    if (!v || line < 0 || line >= v->sounds->n_lines ||
        atomic_load_explicit(&v->lines[line].state, memory_order_acquire) != LINE_READY)
        return NULL;
    return v->lines[line].voice;
}

bool lb_voice_wait(struct lb_voice *v, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&v->lock);
    while (!v->finished)
        if (pthread_cond_timedwait(&v->changed, &v->lock, &until) != 0)
            break;
    bool done = v->finished;
    pthread_mutex_unlock(&v->lock);
    return done;
}

double lb_voice_make_ms(const struct lb_voice *v)
{
    struct lb_voice *mv = (struct lb_voice *)v; /* the lock is not part of the value */
    pthread_mutex_lock(&mv->lock);
    double ms = mv->finished ? mv->make_ms : -1.0;
    pthread_mutex_unlock(&mv->lock);
    return ms;
}
