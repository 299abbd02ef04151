/* Reading the opening cards aloud live (issue 16): the start card once as it appears, each
 * screening question as it is asked, stopped when the card is answered; and what was heard,
 * for --stats and -v. The lines are the sound schedule's (cues_audio lays the cards out before
 * the routine's 0, as the export does): this plays each card's stretch of it from the moment
 * the card appears, so live and export place and voice the lines by the same code. */
#ifndef LB_READ_ALOUD_H
#define LB_READ_ALOUD_H

#include "player.h"

/* A card's first line is waited for at most this long before its reading starts without it
 * (the voice bank makes the opening's lines first). */
#define LB_READ_ALOUD_WAIT_MS 5000

/* Before the routine (l->start.stage not DONE), every loop instead of following the routine
 * clock: when a card appears, what was said stops and the card's stretch of the schedule is
 * played from its start (once its first line is made), to the card's end; the screens that
 * are not read are silent. Main thread. */
void lb_read_aloud_update(struct limber *l, double now_ms);

/* Write each spoken line heard since the last call to --stats ("spoken": its words and the
 * voice that said them) and to the -v log. Main thread. */
void lb_read_aloud_report(struct limber *l);

#endif
