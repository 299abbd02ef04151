/* The wording after a pain stop (see advice.h); docs/safety.md must say the same. */
#include "advice.h"

#include <stddef.h>

const char *const lb_advice_pain_heading = "Stopped because of pain";

const char *const lb_advice_after_pain[] = {
    "Ease out of the position slowly, then lie or sit in whatever way is most comfortable.",
    "Rest and breathe slowly. Do not try the move that hurt again today.",
    NULL,
};

const char *const lb_advice_seek_help = "Contact a doctor or physiotherapist if:";

const char *const lb_advice_seek_help_signs[] = {
    "the pain spreads into a leg",
    "a leg or foot feels numb, tingles or is weak",
    "the pain does not ease with rest",
    NULL,
};

const char *const lb_advice_urgent =
    "Call for urgent help if you lose control of your bladder or bowels, or feel numb "
    "around the groin.";

const char *const lb_advice_recovery_heading = "Rest a moment";

const char *const lb_advice_recovery =
    "Ease out of the position, lie still and breathe slowly. The next step starts after "
    "this rest.";
