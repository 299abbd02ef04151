/* A session (struct limber, player.h) from its routine file to its end: what the player, the
 * snapshot and the export share. Main thread only. */
#ifndef LB_SESSION_H
#define LB_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "player.h"

/* A blank session for `opts` (borrowed); start_ms: when the process began (lb_now_ms_f). */
void lb_session_defaults(struct limber *l, const struct lb_options *opts, double start_ms);

/* Load routine file `path`, or with `bundle` (not NULL) also a bundle, opened into it (see
 * lb_routine_load_any). Its problems go to stderr and, when `errors` is not NULL, into it as
 * the same lines (as many as fit), for the screen. */
struct lb_routine *lb_session_load_routine(const struct lb_options *opts, const char *path,
                                           const char *assets_dir, struct lb_bundle *bundle,
                                           char *errors, size_t size);

/* The plan, engine and clip slots of l->routine; and taking them down again (with the sound,
 * which reads the clips). */
bool lb_session_build(struct limber *l);
void lb_session_unbuild(struct limber *l);

/* Load the routine, its plan, engine and statistics; on failure, what was brought up is
 * taken down again and false returned (`errors`, when not NULL, gets the file's problems). */
bool lb_session_open(struct limber *l, const char *path, const char *assets_dir,
                     char *errors, size_t size);

/* Put the opened session on `display`: its first clip, the sound (offscreen displays: the
 * spoken lines made for their captions, no device), the window title. */
void lb_session_show(struct limber *l, struct lb_display *display);

void lb_session_close(struct limber *l);

/* The card's words for a clip that opened but gives no picture in time (live, snapshot and
 * export alike). The same pointer while the language stays the same. */
const char *lb_clip_no_picture(void);

/* Snapshots and export, where there is time but no wall clock: the picture for engine state `st`
 * (the block's clip at its time, the coming clip's first frame in a countdown or rest, none on
 * cards), decoded however long it takes up to timeout_ms. Going on from the last call decodes on;
 * anything else seeks. With last_try, a clip that has shown no picture by then gets the card of
 * lb_clip_no_picture, as one that cannot open. Returns the clip playing in a block (its sound goes
 * with this picture), or NULL. */
struct lb_clip *lb_session_settled_picture(struct limber *l, const struct lb_coach_state *st,
                                           int timeout_ms, bool last_try);

/* Draw what the screen shows for engine state `st` (the start screens, the overlay, the
 * errors of --watch) over the picture, and present it. */
void lb_player_draw(struct limber *l, const struct lb_coach_state *st);

#endif
