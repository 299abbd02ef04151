/* The wording after a pain stop (see advice.h); docs/safety.md must say the same. */
#include "advice.h"

#include <stddef.h>

#include "i18n.h"

const char *const lb_advice_pain_heading = N_("Stopped because of pain");

const char *const lb_advice_after_pain[] = {
    N_("Ease out of the position slowly, then lie or sit in whatever way is most comfortable."),
    N_("Rest and breathe slowly. Do not try the move that hurt again today."),
    NULL,
};

const char *const lb_advice_seek_help = N_("Contact a doctor or physiotherapist if:");

const char *const lb_advice_seek_help_signs[] = {
    N_("the pain spreads into a leg"),
    N_("a leg or foot feels numb, tingles or is weak"),
    N_("the pain does not ease with rest"),
    NULL,
};

const char *const lb_advice_urgent =
    N_("Call for urgent help if you lose control of your bladder or bowels, or feel numb "
       "around the groin.");

const char *const lb_advice_recovery_heading = N_("Rest a moment");

const char *const lb_advice_recovery =
    N_("Ease out of the position, lie still and breathe slowly. The next step starts after "
       "this rest.");
