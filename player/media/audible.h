/* How long a clip's sound is heard: where its last audible stretch ends (the speech of a
 * narrated clip, without the silence it was padded with). */
#ifndef LB_AUDIBLE_H
#define LB_AUDIBLE_H

#include <stdint.h>

/* A 10 ms stretch is audible when its RMS is above this (-50 dBFS). */
#define LB_AUDIBLE_RMS 0.00316
/* Sound is listened to this far at most (of media time, so the answer does not depend on how
 * fast the machine is): a clip still heard after it counts as heard throughout. */
#define LB_AUDIBLE_SPAN_MS 60000

/* Decode the sound of the file whose bytes are [offset, offset + length) of the open
 * descriptor fd (length <= 0: to its end; fd stays the caller's, it is duplicated), trimmed to
 * [start_ms, end_ms) (end_ms < 0: to the end), and return the time from start_ms to the end of
 * its last audible 10 ms stretch (0: silent throughout, or no sound). -1 when it cannot be
 * told: not a file Limber plays, no decoder, a read error, sound still heard after
 * LB_AUDIBLE_SPAN_MS, or over timeout_ms of work (a guard against a file that never ends; the
 * span keeps an ordinary clip far below it). Only the sound's packets are read (the others'
 * are discarded by the demuxer). name names it in the format probe. */
int64_t lb_audible_ms(int fd, int64_t offset, int64_t length, const char *name,
                      int64_t start_ms, int64_t end_ms, int timeout_ms);

#endif
