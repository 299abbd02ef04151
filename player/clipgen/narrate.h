/* Narration: one spoken instruction synthesised with espeak-ng, fitted to a clip's length. */
#ifndef LB_NARRATE_H
#define LB_NARRATE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Speaks `text` (English) into `out`: exactly `samples` mono samples at 48 kHz, starting
 * after a short pause and padded with silence; speech longer than that is cut with a fade.
 * Sets *spoken to the number of samples the speech needed (to warn when it was cut).
 * Returns false, with a message on stderr, when espeak-ng or the resampler fails.
 */
bool lb_narrate(const char *text, float *out, int64_t samples, int64_t *spoken);

/* Releases espeak-ng; call once at exit if lb_narrate was used. */
void lb_narrate_shutdown(void);

#endif
