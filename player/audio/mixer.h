/* The mixer: the clip's sound, the spoken lines and the beeps of a routine summed into one
 * 48 kHz stereo float stream, the clip ducked while a line plays, master volume, a soft limiter.
 * Driven live by the audio callback (its own sample clock, kept on the routine clock) or
 * offline by routine time: both give the same samples for the same routine time. SDL-free. */
#ifndef LB_MIXER_H
#define LB_MIXER_H

#include <stdbool.h>
#include <stdint.h>

#include "cues_audio.h"
#include "voice.h"

#define LB_MIXER_RATE 48000
#define LB_MIXER_CHANNELS 2
#define LB_MIXER_DUCK_DB (-12.0)
#define LB_MIXER_DUCK_RAMP_MS 80   /* the clip goes down this long before a line, back after */
#define LB_MIXER_RESYNC_MS 200     /* live: further than this from the routine clock is a jump */
#define LB_MIXER_LIMIT_KNEE 0.8f   /* the limiter leaves samples below this untouched */
#define LB_MIXER_HEARD_RING 64     /* spoken lines heard, kept for lb_mixer_heard_since */

enum lb_mixer_source {
    LB_MIXER_CLIP,
    LB_MIXER_VOICE,
    LB_MIXER_EFFECTS,
    LB_MIXER_SOURCES,
};

/* Where the clip's sound comes from: fill `frames` interleaved stereo frames for the routine
 * time t_ms (the first frame's; live callers may ignore it and just hand out the next sound)
 * and return how many are real sound (the rest must be written as silence). */
typedef int (*lb_mixer_clip_fn)(void *userdata, int64_t t_ms, float *out, int frames);

struct lb_mixer;

/* A mixer for the sounds of `sounds` with the lines of `voice` (both borrowed, both may be NULL:
 * then only the clip plays). Returns NULL when out of memory. */
struct lb_mixer *lb_mixer_create(const struct lb_cue_sounds *sounds, const struct lb_voice *voice);
void lb_mixer_destroy(struct lb_mixer *m);

/* The clip's sound source; fn NULL: none. */
void lb_mixer_set_clip_source(struct lb_mixer *m, lb_mixer_clip_fn fn, void *userdata);

/* Master gain (linear, 0 = mute), applied before the limiter. */
void lb_mixer_set_gain(struct lb_mixer *m, float gain);

/* Silence one source without changing anything else (ducking still follows the schedule):
 * tests measure the ducked clip with the voice muted. */
void lb_mixer_mute_source(struct lb_mixer *m, enum lb_mixer_source source, bool muted);

/* Offline: write the `frames` stereo frames heard from routine time t_ms on. Consecutive calls
 * continue the stream; any other t_ms starts there as if the routine had played up to it. The
 * result depends only on the routine time, the sources and the settings: no wall clock. */
void lb_mixer_render(struct lb_mixer *m, int64_t t_ms, int frames, float *out);

/* Live, from the thread that owns the routine clock: where the routine is and whether it runs.
 * While it runs, the mixer moves on with its own samples; a jump (a command, a stall) of more
 * than LB_MIXER_RESYNC_MS moves it to routine_ms. Not running: the coaching sounds fade out and
 * wait. The caller serialises this with lb_mixer_fill (audio_out holds the device lock). */
void lb_mixer_sync(struct lb_mixer *m, int64_t routine_ms, bool running);

/* Live: forget where the stream is, so that the next lb_mixer_sync starts where it says
 * without counting a resync: a deliberate move (the routine's start after the opening
 * cards). What was sounding stops. The caller serialises it as lb_mixer_sync. */
void lb_mixer_restart(struct lb_mixer *m);

/* Live: play the stretch [from_ms, to_ms) of the schedule from its start now, on the mixer's
 * own clock (no lb_mixer_sync needed, and none of its resyncs: every line in it is heard
 * whole even when the device runs late), and stop by itself at its end, before anything after
 * it. An opening card as it appears. What was sounding stops. Serialised as lb_mixer_sync. */
void lb_mixer_play_stretch(struct lb_mixer *m, int64_t from_ms, int64_t to_ms);

/* How many times the start of event `event` of the schedule was played with its sound (a
 * line the voice bank had made, a beep): live and offline. Read under the same serialisation
 * as lb_mixer_fill. */
int lb_mixer_heard(const struct lb_mixer *m, int event);

/* The spoken-line events heard (as lb_mixer_heard counts them) since *tail, in order, into
 * events (at most max); *tail moves on past them. Start with *tail 0. Lines heard more than
 * LB_MIXER_HEARD_RING before are lost. Serialised as lb_mixer_heard. */
int lb_mixer_heard_since(const struct lb_mixer *m, unsigned *tail, int *events, int max);

/* Live: how often lb_mixer_sync had to move the stream to the routine clock while it ran (a
 * seek or skip, or a device that fell behind or ran ahead of real time). */
int lb_mixer_resyncs(const struct lb_mixer *m);

/* Live, from the audio callback: the next `frames` stereo frames. */
void lb_mixer_fill(struct lb_mixer *m, float *out, int frames);

/* The spoken line to show as a caption at routine time t_ms, or NULL; *until_ms gets the time
 * it goes away. A line stays up while it is spoken and a little after (at least 2 s). Reads
 * only the schedule and published lines: any thread, no lock needed. */
const char *lb_mixer_caption(const struct lb_mixer *m, int64_t t_ms, int64_t *until_ms);

#endif
