/* An exercise block's title, side, set, time and rep (internal to render/), laid out clear of
 * the picture: in the letterbox or pillarbox bars when the clip leaves them, else as one
 * compact row across the top (under LB_OV_COMPACT_MAX_PERCENT of the height); an exercise
 * without a clip is a card with its instructions for the whole block. */
#ifndef LB_EXERCISE_VIEW_H
#define LB_EXERCISE_VIEW_H

#include <stddef.h>

#include "overlay.h"
#include "overlay_kit.h"

/* The compact row over a full-frame picture ends above this % of the output height. */
#define LB_OV_COMPACT_MAX_PERCENT 12
/* Side bars at least this % of the width hold the title and the time. */
#define LB_OV_SIDE_BAR_MIN_PERCENT 11

/* "Left side  ·  Set 1 of 2", or "" when the step has neither; returns buf. */
const char *lb_ov_where_label(const struct lb_step *s, int side, int set, char *buf,
                              size_t size);

/* "Rep 2 of 3" into rep and "Hold  4 s" or "Move slowly" into sub ("" both when the block
 * has no reps). */
void lb_ov_rep_labels(const struct lb_coach_state *st, const struct lb_step *s, char *rep,
                      size_t rep_size, char *sub, size_t sub_size);

/* Draw the exercise block's own panels for in->state; returns the bottom edge cue captions
 * may stack up from (`bottom`, or above a card's clock). */
int lb_ov_exercise_panels(const struct lb_layout *l, const struct lb_overlay_input *in,
                          const struct lb_step *s, int bottom);

#endif
