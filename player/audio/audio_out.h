/* The audio output: one SDL audio device that plays the current clip's sound, with volume and
 * mute, and tells the audio clock. No device (or SDL's dummy driver) means silence; nothing
 * else changes. */
#ifndef LB_AUDIO_OUT_H
#define LB_AUDIO_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <SDL.h>

#include "bundle.h"
#include "clip.h"
#include "mixer.h" /* audio coaching (issue 5) */

#define LB_AUDIO_RATE 48000
#define LB_AUDIO_CHANNELS 2

struct lb_audio_out {
    SDL_AudioDeviceID device;   /* 0 when there is none */
    int buffer_frames;          /* frames per callback */
    /* The following fields are protected by the device lock (SDL_LockAudioDevice). */
    struct lb_clip *clip;       /* borrowed: the clip whose sound plays, or NULL */
    bool playing;
    float gain;
    int64_t clip_time_ms;       /* the clip's audio time after the last callback, -1 = none */
    int64_t clip_next_ms;       /* the mixer's time the clip's next sound is for, -1 = none */
    uint64_t callback_counter;  /* SDL_GetPerformanceCounter() at that callback */
    int64_t underruns;          /* callbacks that found no decoded audio */
    int64_t frames_out;         /* frames handed to the device since it opened */
    /* --- audio coaching (issue 5): the routine's beeps and lines mixed with the clip --- */
    struct lb_mixer *mixer;     /* owned, NULL until lb_audio_out_set_plan; guarded by the
                                 * device lock like the fields above */
    int64_t sync_routine_ms;    /* the routine time at the last lb_audio_out_sync ... */
    double sync_at_ms;          /* ... the monotonic time (lb_now_ms_f) it was for ... */
    bool sync_running;          /* ... and whether the routine was running */
    struct lb_cue_sounds sounds; /* owned: the schedule the mixer plays */
    struct lb_voice *voice;     /* owned: the made lines; NULL without a device or voice */
    unsigned heard_tail;        /* the mixer's heard lines taken so far (main thread only) */
    const char *caption;        /* the spoken line to show now, or NULL; main thread only */
    int64_t caption_until_ms;   /* routine time it goes away */
    /* A layout that waits for the first screen (lb_audio_out_set_plan_later); main thread. */
    struct {
        bool waiting;
        const struct lb_plan *plan;      /* borrowed, as lb_audio_out_set_plan's */
        const struct lb_bundle *bundle;  /* borrowed, or NULL */
        bool voice;
        bool leave_clip, leave_effects;  /* lb_audio_out_leave_out asked before the mixer */
    } later;
};

/* Open the audio device called `name` (NULL: the default) for 48 kHz stereo float; a name
 * that is not there is logged with the names that are, and the default is used. Without a
 * device, logs one line and returns false; the output then stays silent and every other call
 * is harmless. */
bool lb_audio_out_open(struct lb_audio_out *ao, const char *name);

/* Print the names of the audio output devices SDL sees, one per line (what --audio-device
 * takes), with the driver in use on stderr. Returns the exit status (1 when there is no audio
 * at all). */
int lb_audio_out_list_devices(FILE *out);
void lb_audio_out_close(struct lb_audio_out *ao);

/* Play `clip`'s sound (NULL: silence) when playing is true. Call it before closing a clip the
 * output may be reading. */
void lb_audio_out_set_source(struct lb_audio_out *ao, struct lb_clip *clip, bool playing);

/* Volume 0..100 and mute. */
void lb_audio_out_set_volume(struct lb_audio_out *ao, int volume, bool mute);

/* The clip time being heard now (ms on the clip's playing timeline), or -1 when no clip sound
 * is playing. */
int64_t lb_audio_out_clock(struct lb_audio_out *ao);

/* --- audio coaching (issue 5) --- */

/* Lay out the coaching sounds of `plan` (borrowed: it must outlive the output) and, with a
 * device and voice true, start making the spoken lines on a worker thread; from then on the
 * device plays the mix of clip, lines and beeps. voice false (--voice off): no line is spoken,
 * each is still a caption. Without a device only the captions work. `offline` (snapshots,
 * export): make the lines even without a device, and wait for them, so each caption stays up
 * exactly as long as live. bundle: the routine's bundle (borrowed: open until the output is
 * closed), whose members the recorded lines are, read in place; NULL for a routine file.
 * Returns false when out of memory (the output then plays the clip alone). */
bool lb_audio_out_set_plan(struct lb_audio_out *ao, const struct lb_plan *plan,
                           const struct lb_bundle *bundle, bool voice, bool offline);

/* lb_audio_out_set_plan (live: offline false), but only when lb_audio_out_plan_now is called:
 * the layout makes the routine's lines first, which the first screen need not wait for. Until
 * then the output plays the clip alone, reads no opening card and shows no caption. */
void lb_audio_out_set_plan_later(struct lb_audio_out *ao, const struct lb_plan *plan,
                                 const struct lb_bundle *bundle, bool voice);

/* Lay out the plan lb_audio_out_set_plan_later left waiting, if any (main thread, once a
 * screen is up); returns true when it did. */
bool lb_audio_out_plan_now(struct lb_audio_out *ao);

/* Leave out the clips' own sound (clip) and the beeps and ticks (effects) from what is heard
 * and rendered, from now on (main thread; before a waiting layout: as soon as it is made). */
void lb_audio_out_leave_out(struct lb_audio_out *ao, bool clip, bool effects);

/* Tell the mixer where the routine is and whether it runs (main thread, every loop): routine_ms
 * is the routine time at the monotonic time at_ms (util/clock.h's lb_now_ms_f). Until the next
 * call the audio callback takes the routine clock to move on in real time from there, and the
 * mixer keeps the sound on it. */
void lb_audio_out_sync(struct lb_audio_out *ao, int64_t routine_ms, bool running, double at_ms);

/* Where the device's stream is: *device_frame frames handed out so far, the next of which is
 * routine frame *routine_frame (48 kHz). Returns false without a device or mixer. */
bool lb_audio_out_stream_point(struct lb_audio_out *ao, int64_t *device_frame,
                               int64_t *routine_frame);

/* What the mixer's drift correction did so far (under the device lock). */
void lb_audio_out_drift(struct lb_audio_out *ao, struct lb_mixer_drift *out);

/* Update ao->caption for routine time routine_ms; returns true when it changed. */
bool lb_audio_out_update_caption(struct lb_audio_out *ao, int64_t routine_ms);

/* --- the opening cards read aloud (issue 16) --- */

/* Forget where the mixer is (lb_mixer_restart): what sounds stops, and the next
 * lb_audio_out_sync starts where it says, as a deliberate move rather than a resync. Main
 * thread. */
void lb_audio_out_restart(struct lb_audio_out *ao);

/* Play the schedule's stretch [from_ms, to_ms) from its start now, on the device's own clock,
 * stopping by itself at its end (lb_mixer_play_stretch): an opening card read aloud. Main
 * thread. */
void lb_audio_out_play_stretch(struct lb_audio_out *ao, int64_t from_ms, int64_t to_ms);

/* Whether the first spoken line of the schedule in [from_ms, to_ms) is made (true also when
 * there is none, or no voice): live playback holds an opening card's reading until its first
 * line can be heard from its start. */
bool lb_audio_out_line_ready(const struct lb_audio_out *ao, int64_t from_ms, int64_t to_ms);

/* The spoken-line events heard (their start played with their sound) since the last call,
 * in order, into events (at most max; a line heard twice is there twice); returns how many.
 * Main thread. */
int lb_audio_out_take_heard(struct lb_audio_out *ao, int *events, int max);

#endif
