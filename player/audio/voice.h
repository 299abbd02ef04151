/* The voice bank: every line of a routine made into sound once, on a worker thread, when the
 * routine loads (text through libespeak-ng, recorded files through the media module), kept as
 * 48 kHz mono float so the mixer can start a line on the sample it is due. SDL-free. */
#ifndef LB_VOICE_H
#define LB_VOICE_H

#include <stdbool.h>
#include <stdint.h>

#include "cues_audio.h"

#define LB_VOICE_RATE 48000

struct lb_voice;

/* Whether this build can synthesise text (LIMBER_VOICE with espeak-ng). */
bool lb_voice_can_speak(void);

/* Start making the spoken lines of `sounds` (borrowed: it must outlive the bank) in the order they
 * are first heard, each with the voice of its language (struct lb_sound_line); `language`, the
 * routine's BCP 47 tag ("en", "en-GB", "de"), is for lines that name none. A language espeak-ng
 * has no voice for falls back to English with a log line. Text lines without espeak-ng stay silent
 * (one log notice): they are captions only. Returns NULL when out of memory. */
struct lb_voice *lb_voice_start(const struct lb_cue_sounds *sounds, const char *language);

/* Stop the worker (at the end of the line it is on) and free everything. NULL is allowed. */
void lb_voice_stop(struct lb_voice *v);

/* The sound of line `line`: 48 kHz mono float samples and their count, or NULL while it is not
 * made yet (or could not be made). Once non-NULL it stays valid and unchanged until
 * lb_voice_stop. Any thread, lock-free: the audio callback calls it. */
const float *lb_voice_line(const struct lb_voice *v, int line, int64_t *frames);

/* The espeak-ng voice that said line `line` ("de", "fr", "en": the language each line's words
 * are in, or the fallback used when espeak-ng has no voice for it), "" for a recorded line,
 * NULL while it is not made (or could not be). Valid until lb_voice_stop. */
const char *lb_voice_line_voice(const struct lb_voice *v, int line);

/* Wait until every line is made (or failed), up to timeout_ms. Returns true when all are done.
 * Offline rendering calls it so a render never depends on how fast the worker was. */
bool lb_voice_wait(struct lb_voice *v, int timeout_ms);

/* How long making all lines took (ms of wall time), or -1 while still working. */
double lb_voice_make_ms(const struct lb_voice *v);

#endif
