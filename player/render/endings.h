/* The screens of a routine's endings (internal to render/): the end screen for each way a
 * session ends, the pain-stop screen, the rest after a pain skip, "Leave this routine?". */
#ifndef LB_ENDINGS_H
#define LB_ENDINGS_H

#include "overlay.h"
#include "overlay_kit.h"

/* The end screen for in->outcome: "Well done" only for a routine finished without pain; after
 * a pain stop what to do and when to seek help; after leaving what was done so far. */
void lb_ov_end_screen(const struct lb_layout *l, const struct lb_overlay_input *in);

/* "This hurts": stop, the step's warning `s` (may be NULL), the routine's safety advice and
 * the choices (in->pain_choice highlighted), over the screen shaded by the caller
 * (lb_ov_shade, LB_OV_SHADE_FULL). */
void lb_ov_pain_screen(const struct lb_layout *l, const struct lb_overlay_input *in,
                       const struct lb_step *s);

/* The rest after "skip" on the pain-stop screen: its time left and what comes next. */
void lb_ov_recovery_screen(const struct lb_layout *l, const struct lb_overlay_input *in);

/* "Leave this routine?" over the paused routine, which the caller shades first (lb_ov_shade,
 * LB_OV_SHADE_QUESTION), in->leave_choice highlighted. */
void lb_ov_leave_question(const struct lb_layout *l, const struct lb_overlay_input *in);

#endif
