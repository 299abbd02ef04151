/* espeak-ng speech synthesis, resampled from its native rate to 48 kHz with swresample. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <espeak-ng/speak_lib.h>
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>

#include "encode.h"
#include "narrate.h"

#define VOICE "en"
#define WORDS_PER_MINUTE 150
#define LEAD_IN_SECONDS 0.3
#define FADE_SECONDS 0.08
#define GAIN 0.85f

struct speech {
    int16_t *samples;
    int64_t len, cap;
};

/* espeak-ng's synchronous callback has no context pointer we can rely on for every call, so
 * the buffer being filled lives here for the duration of one espeak_Synth (single thread). */
static struct speech *filling;
static int native_rate;

static int on_synth(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    if (!wav || n <= 0)
        return 0;
    struct speech *s = filling;
    if (s->len + n > s->cap) {
        int64_t cap = (s->len + n) * 2;
        int16_t *grown = realloc(s->samples, cap * sizeof(*grown));
        if (!grown)
            return 1; /* stops synthesis; the caller sees a short result */
        s->samples = grown;
        s->cap = cap;
    }
    memcpy(s->samples + s->len, wav, n * sizeof(*wav));
    s->len += n;
    return 0;
}

static bool start_espeak(void)
{
    if (native_rate > 0)
        return true;
    native_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, 0);
    if (native_rate <= 0) {
        fprintf(stderr, "limber-clipgen: espeak-ng did not start (is espeak-ng-data "
                        "installed?)\n");
        native_rate = 0;
        return false;
    }
    espeak_SetSynthCallback(on_synth);
    if (espeak_SetVoiceByName(VOICE) != EE_OK) {
        fprintf(stderr, "limber-clipgen: espeak-ng has no voice '%s'\n", VOICE);
        return false;
    }
    espeak_SetParameter(espeakRATE, WORDS_PER_MINUTE, 0);
    return true;
}

/* Resamples s16 speech at the native rate into float at 48 kHz; returns samples or -1. */
static int64_t resample(const struct speech *s, float **out)
{
    SwrContext *swr = NULL;
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    int err = swr_alloc_set_opts2(&swr, &mono, AV_SAMPLE_FMT_FLT, LB_CLIP_AUDIO_RATE, &mono,
                                  AV_SAMPLE_FMT_S16, native_rate, 0, NULL);
    if (err < 0 || swr_init(swr) < 0) {
        fprintf(stderr, "limber-clipgen: cannot resample speech to 48 kHz\n");
        swr_free(&swr);
        return -1;
    }
    int64_t cap = s->len * LB_CLIP_AUDIO_RATE / native_rate + 4096;
    float *buf = malloc(cap * sizeof(*buf));
    int64_t len = -1;
    if (buf) {
        const uint8_t *in[1] = {(const uint8_t *)s->samples};
        uint8_t *dst[1] = {(uint8_t *)buf};
        int got = swr_convert(swr, dst, (int)cap, in, (int)s->len);
        if (got >= 0) {
            dst[0] = (uint8_t *)(buf + got);
            int tail = swr_convert(swr, dst, (int)(cap - got), NULL, 0);
            len = tail >= 0 ? got + tail : -1;
        }
    }
    swr_free(&swr);
    if (len < 0) {
        free(buf);
        fprintf(stderr, "limber-clipgen: resampling speech failed\n");
        return -1;
    }
    *out = buf;
    return len;
}

bool lb_narrate(const char *text, float *out, int64_t samples, int64_t *spoken)
{
    memset(out, 0, samples * sizeof(*out));
    *spoken = 0;
    if (!start_espeak())
        return false;
    struct speech s = {0};
    filling = &s;
    espeak_ERROR err = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                    espeakCHARS_UTF8, NULL, NULL);
    filling = NULL;
    if (err != EE_OK || s.len == 0) {
        fprintf(stderr, "limber-clipgen: espeak-ng could not speak \"%s\"\n", text);
        free(s.samples);
        return false;
    }
    float *voice = NULL;
    int64_t len = resample(&s, &voice);
    free(s.samples);
    if (len < 0)
        return false;

    int64_t lead = (int64_t)(LEAD_IN_SECONDS * LB_CLIP_AUDIO_RATE);
    int64_t room = samples > lead ? samples - lead : 0;
    int64_t n = len < room ? len : room;
    int64_t fade = (int64_t)(FADE_SECONDS * LB_CLIP_AUDIO_RATE);
    for (int64_t i = 0; i < n; i++) {
        float g = GAIN;
        if (len > room && n - i < fade)
            g *= (float)(n - i) / (float)fade;
        out[lead + i] = voice[i] * g;
    }
    free(voice);
    *spoken = lead + len;
    return true;
}

void lb_narrate_shutdown(void)
{
    if (native_rate > 0)
        espeak_Terminate();
    native_rate = 0;
}
