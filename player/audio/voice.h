/* The voice bank: every line of a routine made into sound once, on a worker thread, when the
 * routine loads (text through libespeak-ng, recorded files through the media module), kept as
 * 48 kHz mono float so the mixer can start a line on the sample it is due. SDL-free. */
#ifndef LB_VOICE_H
#define LB_VOICE_H

#include <stdbool.h>
#include <stdint.h>

#include "cues_audio.h"

#define LB_VOICE_RATE 48000
/* At most this much sound is made before the layout (lb_voice_made_line). */
#define LB_VOICE_AHEAD_MAX_S 300

struct lb_voice;

/* Whether this build can synthesise text (LIMBER_VOICE with espeak-ng). */
bool lb_voice_can_speak(void);

/* Lines made before the layout, so that it places them by how long they really take to say
 * (struct lb_sound_layout's line_ms); the voice bank started after it takes them over, so
 * nothing is made twice. One thread at a time. */
struct lb_voice_made;

/* An empty set; `language`, the routine's BCP 47 tag, is for lines that name none. NULL when
 * out of memory. */
struct lb_voice_made *lb_voice_made_create(const char *language);

/* Make `line` now, on this thread, unless made already (the same text, language and
 * recording): its text through espeak-ng in its language's voice, or its recording (`audio`,
 * read through line->window when set) decoded; returns how long it lasts in ms. -1 when that
 * is not known: the line is not spoken, this build has no espeak-ng or it did not start, the
 * recording does not open, or LB_VOICE_AHEAD_MAX_S of sound were made already (a routine
 * with that much to say keeps its start quick: the rest goes by the estimate). */
int64_t lb_voice_made_line(struct lb_voice_made *made, const struct lb_sound_line *line);

/* lb_voice_made_line with the signature of struct lb_sound_layout's line_ms (ctx: the set). */
int64_t lb_voice_made_ms(void *made, const struct lb_sound_line *line);

/* Free the set and what it still holds. NULL is allowed. */
void lb_voice_made_free(struct lb_voice_made *made);

/* Start making the spoken lines of `sounds` (borrowed: it must outlive the bank) in the order they
 * are first heard, each with the voice of its language (struct lb_sound_line); `language`, the
 * routine's BCP 47 tag ("en", "en-GB", "de"), is for lines that name none. A language espeak-ng
 * has no voice for falls back to English with a log line. Text lines without espeak-ng stay silent
 * (one log notice): they are captions only. Returns NULL when out of memory. */
struct lb_voice *lb_voice_start(const struct lb_cue_sounds *sounds, const char *language);

/* The same, taking over the lines `made` holds (moved out of it: it stays the caller's to
 * free) as they are, ready at once; the worker makes only the others. */
struct lb_voice *lb_voice_start_made(const struct lb_cue_sounds *sounds, const char *language,
                                     struct lb_voice_made *made);

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
