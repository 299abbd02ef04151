/* SDL audio device feeding from the current clip. */
#include "audio_out.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audible.h"
#include "clock.h"
#include "log.h"
#include "probe.h"
#include "safe_file.h"

/* The routine clock is taken to move on in real time this long after a sync, no longer (a main
 * thread that stopped syncing is not measured against). */
#define SYNC_FRESH_MS 500.0

/* The clip's sound for the mixer (audio coaching, issue 5): the device lock is held. */
static int read_clip(void *userdata, int64_t t_ms, float *out, int frames)
{
    /* live: the clip plays on, the picture follows it */
    struct lb_audio_out *ao = userdata;
    if (!ao->clip || !ao->playing) {
        ao->clip_next_ms = -1;
        return 0;
    }
    /* The mixer jumped ahead onto the routine clock (the device had stalled): the clip's
     * sound skips as far, so it stays with the routine rather than falling behind it. */
    if (ao->clip_next_ms >= 0 && t_ms > ao->clip_next_ms + 20)
        lb_clip_skip_audio(ao->clip, t_ms - ao->clip_next_ms);
    ao->clip_next_ms = t_ms + (int64_t)frames * 1000 / LB_AUDIO_RATE;
    int got = lb_clip_read_audio_live(ao->clip, out, frames);
    if (got < frames)
        ao->underruns++;
    return got;
}

static void SDLCALL fill(void *userdata, Uint8 *stream, int len)
{
    struct lb_audio_out *ao = userdata;
    float *out = (float *)(void *)stream;
    int frames = len / (int)(sizeof(float) * LB_AUDIO_CHANNELS);
    ao->frames_out += frames;
    /* The device lock is held around this callback: the fields below are stable. */
    if (ao->mixer) { /* audio coaching (issue 5): clip, lines and beeps */
        double since = lb_now_ms_f() - ao->sync_at_ms;
        double routine_now = ao->sync_running && since >= 0 && since < SYNC_FRESH_MS
                                 ? (double)ao->sync_routine_ms + since : -1.0;
        lb_mixer_fill_live(ao->mixer, out, frames, routine_now);
        /* What was read from the clip but is still in the resampler is not heard yet. */
        ao->clip_time_ms = ao->clip && ao->playing
                               ? lb_clip_audio_time(ao->clip) -
                                     lb_mixer_lead_frames(ao->mixer) * 1000 / LB_AUDIO_RATE
                               : -1;
        ao->callback_counter = SDL_GetPerformanceCounter();
        return;
    }
    if (!ao->clip || !ao->playing) {
        memset(stream, 0, (size_t)len);
        ao->clip_time_ms = -1;
        return;
    }
    int got = lb_clip_read_audio_live(ao->clip, out, frames);
    if (got < frames)
        ao->underruns++;
    float g = ao->gain;
    if (g != 1.0f)
        for (int i = 0; i < frames * LB_AUDIO_CHANNELS; i++)
            out[i] *= g;
    ao->clip_time_ms = lb_clip_audio_time(ao->clip);
    ao->callback_counter = SDL_GetPerformanceCounter();
}

/* Whether SDL lists an output device called `name`. */
static bool device_exists(const char *name)
{
    int n = SDL_GetNumAudioDevices(0);
    for (int i = 0; i < n; i++) {
        const char *d = SDL_GetAudioDeviceName(i, 0);
        if (d && !strcmp(d, name))
            return true;
    }
    return false;
}

int lb_audio_out_list_devices(FILE *out)
{
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        fprintf(stderr, "limber: no audio (%s)\n", SDL_GetError());
        return 1;
    }
    int n = SDL_GetNumAudioDevices(0);
    fprintf(stderr, "limber: %d audio output device%s (SDL driver %s)%s\n", n < 0 ? 0 : n,
            n == 1 ? "" : "s", SDL_GetCurrentAudioDriver(),
            n < 0 ? ": this driver cannot list them; the default is used" : "");
    for (int i = 0; i < n; i++) {
        const char *d = SDL_GetAudioDeviceName(i, 0);
        if (d)
            fprintf(out, "%s\n", d);
    }
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
    return 0;
}

bool lb_audio_out_open(struct lb_audio_out *ao, const char *name)
{
    *ao = (struct lb_audio_out){.gain = 1.0f, .clip_time_ms = -1, .clip_next_ms = -1};
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        lb_log_warning("no audio (%s); playing silently", SDL_GetError());
        return false;
    }
    SDL_AudioSpec want = {
        .freq = LB_AUDIO_RATE,
        .format = AUDIO_F32SYS,
        .channels = LB_AUDIO_CHANNELS,
        .samples = 1024,
        .callback = fill,
        .userdata = ao,
    }, have;
    if (name && !device_exists(name)) {
        lb_log_warning("no audio device called '%s' (limber --list-audio-devices shows the "
                       "names); using the default", name);
        name = NULL;
    }
    ao->device = SDL_OpenAudioDevice(name, 0, &want, &have, 0);
    if (!ao->device) {
        lb_log_warning("no audio device (%s); playing silently", SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return false;
    }
    ao->buffer_frames = have.samples;
    SDL_PauseAudioDevice(ao->device, 0);
    return true;
}

void lb_audio_out_close(struct lb_audio_out *ao)
{
    if (ao->device) {
        SDL_CloseAudioDevice(ao->device);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    /* audio coaching (issue 5): the device is closed, nothing reads these any more */
    lb_mixer_destroy(ao->mixer);
    lb_voice_stop(ao->voice);
    lb_cue_sounds_destroy(&ao->sounds);
    *ao = (struct lb_audio_out){0};
}

void lb_audio_out_set_source(struct lb_audio_out *ao, struct lb_clip *clip, bool playing)
{
    if (!ao->device) {
        ao->clip = clip;
        ao->playing = playing;
        return;
    }
    SDL_LockAudioDevice(ao->device);
    if (ao->clip != clip || ao->playing != playing) {
        ao->clip_time_ms = -1;
        ao->clip_next_ms = -1;
    }
    ao->clip = clip;
    ao->playing = playing;
    SDL_UnlockAudioDevice(ao->device);
}

void lb_audio_out_set_volume(struct lb_audio_out *ao, int volume, bool mute)
{
    /* A perceptual curve: the square of the slider. */
    float v = mute ? 0.0f : (float)volume / 100.0f;
    if (ao->device)
        SDL_LockAudioDevice(ao->device);
    ao->gain = v * v;
    if (ao->mixer) /* audio coaching (issue 5) */
        lb_mixer_set_gain(ao->mixer, ao->gain);
    if (ao->device)
        SDL_UnlockAudioDevice(ao->device);
}

int64_t lb_audio_out_clock(struct lb_audio_out *ao)
{
    if (!ao->device)
        return -1;
    SDL_LockAudioDevice(ao->device);
    int64_t t = ao->clip_time_ms;
    uint64_t at = ao->callback_counter;
    SDL_UnlockAudioDevice(ao->device);
    if (t < 0)
        return -1;
    /* What the callback just wrote plays after what the device already holds: about two
     * buffers behind the clip's audio time, moving on in real time since. */
    int64_t buffer_ms = (int64_t)ao->buffer_frames * 1000 / LB_AUDIO_RATE;
    int64_t since = (int64_t)((SDL_GetPerformanceCounter() - at) * 1000 /
                              SDL_GetPerformanceFrequency());
    int64_t heard = t - 2 * buffer_ms + since;
    return heard > t ? t : heard;
}

/* --- audio coaching (issue 5) --- */

/* Looking inside one clip for its sound's length takes at most this long. */
#define NARRATION_PROBE_MS 5000

/* The clip heard in slot i of the narration array (step i / LB_MAX_SIDES, side i %
 * LB_MAX_SIDES), or NULL when there is none or its sound is off. */
static const char *narrated_clip(const struct lb_routine *r, int i)
{
    const struct lb_step *s = &r->steps[i / LB_MAX_SIDES];
    int side = i % LB_MAX_SIDES;
    if ((s->n_sides ? side >= s->n_sides : side > 0) || s->clip_audio == LB_CLIP_AUDIO_OFF)
        return NULL;
    return lb_step_clip_path(s, s->n_sides ? side : -1);
}

/* How long step s's clip `path` speaks: to the end of its last audible stretch (the bundled
 * clips' narration is 3.5 to 4.7 s of speech padded with silence to the clip's 6 or 7 s: the
 * silence holds no line back), or, where its sound cannot be decoded, its sound's length. */
static int64_t narration_length(const struct lb_step *s, const char *path,
                                const struct lb_bundle *bundle)
{
    const struct lb_bundle_member *m = bundle ? lb_bundle_lookup(bundle, path) : NULL;
    int64_t heard = -1;
    if (m) {
        heard = m->size > 0 ? lb_audible_ms(bundle->fd, m->offset, m->size, m->name,
                                            s->clip_start_ms, s->clip_end_ms, NARRATION_PROBE_MS)
                            : -1;
    } else {
        char why[256];
        int fd = lb_file_open(path, 0, 0, NULL, why, sizeof(why));
        if (fd >= 0) {
            heard = lb_audible_ms(fd, 0, -1, path, s->clip_start_ms, s->clip_end_ms,
                                  NARRATION_PROBE_MS);
            close(fd);
        }
    }
    if (heard >= 0)
        return heard;
    struct lb_probe_result probe;
    if (m)
        lb_probe_window(bundle->fd, m->offset, m->size, m->name, NARRATION_PROBE_MS, &probe);
    else
        lb_probe_file(NULL, path, NARRATION_PROBE_MS, &probe);
    return lb_probe_sound_ms(&probe, s->clip_start_ms, s->clip_end_ms);
}

/* How long the clip of each step and side speaks (narration_length; 0 when it has none, or
 * its sound is off), indexed as lb_cue_sounds_init_narrated says, so no built-in
 * line talks over it. NULL when out of memory. */
static int64_t *narration_lengths(const struct lb_routine *r, const struct lb_bundle *bundle)
{
    int n = r->n_steps * LB_MAX_SIDES;
    int64_t *ms = calloc(n ? (size_t)n : 1, sizeof(*ms));
    for (int i = 0; ms && i < n; i++) {
        const struct lb_step *s = &r->steps[i / LB_MAX_SIDES];
        const char *path = narrated_clip(r, i);
        if (!path)
            continue;
        int same = 0; /* a clip heard before, trimmed the same: probed once */
        for (; same < i; same++) {
            const char *other = narrated_clip(r, same);
            const struct lb_step *o = &r->steps[same / LB_MAX_SIDES];
            if (other && !strcmp(other, path) && o->clip_start_ms == s->clip_start_ms &&
                o->clip_end_ms == s->clip_end_ms)
                break;
        }
        if (same < i) {
            ms[i] = ms[same];
            continue;
        }
        ms[i] = narration_length(s, path, bundle);
    }
    return ms;
}

/* A recorded line of a bundled routine: its member's byte window, read in place (only from
 * a verified bundle). A line without a window fails to open and stays a caption. */
static void find_recording(struct lb_sound_line *line, const struct lb_bundle *bundle)
{
    const struct lb_bundle_member *m = bundle && bundle->verified && line->audio
                                           ? lb_bundle_lookup(bundle, line->audio)
                                           : NULL;
    if (m)
        line->window = (struct lb_sound_window){true, bundle->fd, m->offset, m->size};
}

/* What the layout asks how long a line takes (struct lb_sound_layout's line_ms): the line
 * made now, its recording found in the bundle. */
struct measuring {
    struct lb_voice_made *made;
    const struct lb_bundle *bundle;
};

static int64_t measure_line(void *ctx, const struct lb_sound_line *line)
{
    struct measuring *m = ctx;
    struct lb_sound_line found = *line;
    find_recording(&found, m->bundle);
    return lb_voice_made_line(m->made, &found);
}

bool lb_audio_out_set_plan(struct lb_audio_out *ao, const struct lb_plan *plan,
                           const struct lb_bundle *bundle, bool voice, bool offline)
{
    int64_t *narration = narration_lengths(plan->routine, bundle);
    /* The routine's lines are made before they are placed, so they are kept apart by how long
     * they really take to say (the same live and offline); the bank takes them over. */
    struct measuring measuring = {.bundle = bundle};
    if (voice)
        measuring.made = lb_voice_made_create(plan->routine->language);
    /* Offline (export, snapshots): the opening cards as the export shows them. */
    struct lb_sound_layout how = {.voice = voice, .narration_ms = narration, .opening = true,
                                  .exported = offline,
                                  .line_ms = measuring.made ? measure_line : NULL,
                                  .line_ctx = &measuring};
    double laying_out = lb_now_ms_f();
    bool laid_out = !ao->mixer && lb_cue_sounds_lay_out(&ao->sounds, plan, &how);
    lb_log_info("voice: laid out in %.0f ms, the routine's lines made meanwhile",
                lb_now_ms_f() - laying_out); /* --verbose */
    free(narration);
    if (!laid_out) {
        lb_voice_made_free(measuring.made);
        return false;
    }
    for (int i = 0; i < ao->sounds.n_lines; i++)
        find_recording(&ao->sounds.lines[i], bundle);
    if ((ao->device || offline) && voice && ao->sounds.n_lines > 0)
        ao->voice = lb_voice_start_made(&ao->sounds, plan->routine->language, measuring.made);
    lb_voice_made_free(measuring.made);
    if (offline && ao->voice && !lb_voice_wait(ao->voice, 120000))
        lb_log_warning("the spoken lines took over two minutes to make; captions estimate");
    struct lb_mixer *mixer = lb_mixer_create(&ao->sounds, ao->voice);
    if (!mixer) {
        lb_voice_stop(ao->voice);
        ao->voice = NULL;
        lb_cue_sounds_destroy(&ao->sounds);
        return false;
    }
    lb_mixer_set_clip_source(mixer, read_clip, ao);
    if (ao->device)
        SDL_LockAudioDevice(ao->device);
    lb_mixer_set_gain(mixer, ao->gain);
    ao->mixer = mixer;
    ao->heard_tail = 0; /* a new mixer counts from its start */
    if (ao->device)
        SDL_UnlockAudioDevice(ao->device);
    return true;
}

void lb_audio_out_set_plan_later(struct lb_audio_out *ao, const struct lb_plan *plan,
                                 const struct lb_bundle *bundle, bool voice)
{
    ao->later.waiting = true;
    ao->later.plan = plan;
    ao->later.bundle = bundle;
    ao->later.voice = voice;
}

bool lb_audio_out_plan_now(struct lb_audio_out *ao)
{
    if (!ao->later.waiting)
        return false;
    ao->later.waiting = false;
    if (!lb_audio_out_set_plan(ao, ao->later.plan, ao->later.bundle, ao->later.voice, false))
        return false;
    lb_audio_out_leave_out(ao, ao->later.leave_clip, ao->later.leave_effects);
    return true;
}

void lb_audio_out_leave_out(struct lb_audio_out *ao, bool clip, bool effects)
{
    ao->later.leave_clip = clip;
    ao->later.leave_effects = effects;
    if (!ao->mixer)
        return;
    if (ao->device)
        SDL_LockAudioDevice(ao->device);
    lb_mixer_mute_source(ao->mixer, LB_MIXER_CLIP, clip);
    lb_mixer_mute_source(ao->mixer, LB_MIXER_EFFECTS, effects);
    if (ao->device)
        SDL_UnlockAudioDevice(ao->device);
}

void lb_audio_out_sync(struct lb_audio_out *ao, int64_t routine_ms, bool running, double at_ms)
{
    if (!ao->mixer || !ao->device)
        return;
    SDL_LockAudioDevice(ao->device);
    lb_mixer_sync(ao->mixer, routine_ms, running);
    ao->sync_routine_ms = routine_ms;
    ao->sync_at_ms = at_ms;
    ao->sync_running = running;
    SDL_UnlockAudioDevice(ao->device);
}

bool lb_audio_out_stream_point(struct lb_audio_out *ao, int64_t *device_frame,
                               int64_t *routine_frame)
{
    if (!ao->mixer || !ao->device)
        return false;
    SDL_LockAudioDevice(ao->device);
    *device_frame = ao->frames_out;
    *routine_frame = lb_mixer_stream_frame(ao->mixer);
    SDL_UnlockAudioDevice(ao->device);
    return true;
}

void lb_audio_out_drift(struct lb_audio_out *ao, struct lb_mixer_drift *out)
{
    if (ao->device)
        SDL_LockAudioDevice(ao->device);
    lb_mixer_get_drift(ao->mixer, out);
    if (ao->device)
        SDL_UnlockAudioDevice(ao->device);
}

bool lb_audio_out_update_caption(struct lb_audio_out *ao, int64_t routine_ms)
{
    const char *was = ao->caption;
    ao->caption = lb_mixer_caption(ao->mixer, routine_ms, &ao->caption_until_ms);
    return ao->caption != was;
}

/* --- the opening cards read aloud (issue 16) --- */

void lb_audio_out_restart(struct lb_audio_out *ao)
{
    if (!ao->mixer || !ao->device)
        return;
    SDL_LockAudioDevice(ao->device);
    lb_mixer_restart(ao->mixer);
    SDL_UnlockAudioDevice(ao->device);
}

void lb_audio_out_play_stretch(struct lb_audio_out *ao, int64_t from_ms, int64_t to_ms)
{
    if (!ao->mixer || !ao->device)
        return;
    SDL_LockAudioDevice(ao->device);
    lb_mixer_play_stretch(ao->mixer, from_ms, to_ms);
    SDL_UnlockAudioDevice(ao->device);
}

bool lb_audio_out_line_ready(const struct lb_audio_out *ao, int64_t from_ms, int64_t to_ms)
{
    const struct lb_cue_sounds *s = &ao->sounds;
    if (!ao->voice)
        return true; /* nothing is spoken: nothing to wait for */
    for (int e = lb_cue_sounds_find(s, from_ms); e < s->n_events && s->events[e].at_ms < to_ms;
         e++) {
        int64_t frames;
        if (s->events[e].kind == LB_SOUND_LINE && s->lines[s->events[e].line].spoken)
            return lb_voice_line(ao->voice, s->events[e].line, &frames) != NULL;
    }
    return true;
}

int lb_audio_out_take_heard(struct lb_audio_out *ao, int *events, int max)
{
    if (!ao->mixer || !ao->device)
        return 0;
    SDL_LockAudioDevice(ao->device);
    int n = lb_mixer_heard_since(ao->mixer, &ao->heard_tail, events, max);
    SDL_UnlockAudioDevice(ao->device);
    return n;
}
