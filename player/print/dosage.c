/* A step's dosage in the words a physiotherapist writes on a sheet. */
#include "handout.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* "15 s", "2 min", "1 min 30 s". */
static const char *short_time(int64_t ms, char *buf, size_t size)
{
    int64_t s = (ms + 500) / 1000;
    /* TRANSLATORS: short durations on the printed sheet: seconds, minutes. */
    if (s < 60)
        snprintf(buf, size, _("%lld s"), (long long)s);
    else if (s % 60 == 0)
        snprintf(buf, size, _("%lld min"), (long long)(s / 60));
    else
        snprintf(buf, size, _("%lld min %lld s"), (long long)(s / 60), (long long)(s % 60));
    return buf;
}

/* "45 seconds", "2 minutes", "1 min 30 s". */
static const char *long_time(int64_t ms, char *buf, size_t size)
{
    int64_t s = (ms + 500) / 1000;
    if (s < 60)
        snprintf(buf, size, ngettext("%lld second", "%lld seconds", (unsigned long)s),
                 (long long)s);
    else if (s % 60 == 0)
        snprintf(buf, size, ngettext("%lld minute", "%lld minutes", (unsigned long)(s / 60)),
                 (long long)(s / 60));
    else
        short_time(ms, buf, size);
    return buf;
}

/* "left and right", "left, middle and right". */
static void sides_text(const struct lb_step *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s", s->n_sides ? s->sides[0] : "");
    for (int i = 1; i < s->n_sides; i++) {
        char so_far[256];
        snprintf(so_far, sizeof(so_far), "%s", buf);
        /* TRANSLATORS: a list of sides, "left and right", "front, left and right". */
        snprintf(buf, size, i == s->n_sides - 1 ? _("%s and %s") : _("%s, %s"), so_far,
                 s->sides[i]);
    }
}

const char *lb_handout_dosage(const struct lb_step *s, char *buf, size_t size)
{
    char t[32], sides[256] = "", lead[320] = "";
    buf[0] = '\0';
    if (s->kind == LB_KIND_INFO) {
        if (s->duration_ms > 0)
            snprintf(buf, size, "%s", long_time(s->duration_ms, t, sizeof(t)));
        return buf;
    }
    if (s->kind == LB_KIND_TIMER) {
        int64_t sec = (s->duration_ms + 500) / 1000;
        if (sec % 60 == 0)
            snprintf(buf, size, ngettext("%lld-minute timer", "%lld-minute timer",
                                         (unsigned long)(sec / 60)), (long long)(sec / 60));
        else
            snprintf(buf, size, _("%s timer"), long_time(s->duration_ms, t, sizeof(t)));
        return buf;
    }
    sides_text(s, sides, sizeof(sides));
    /* TRANSLATORS: the dosage line under a step's title on the printed sheet; the parts are
     * joined by " · ", e.g. "2 sets × left and right · 3 reps, hold 15 s each". */
    if (s->sets > 1 && s->n_sides)
        snprintf(lead, sizeof(lead), ngettext("%d set × %s · ", "%d sets × %s · ",
                                              (unsigned long)s->sets), s->sets, sides);
    else if (s->sets > 1)
        snprintf(lead, sizeof(lead), ngettext("%d set · ", "%d sets · ",
                                              (unsigned long)s->sets), s->sets);
    else if (s->n_sides)
        snprintf(lead, sizeof(lead), "%s · ", sides);
    char what[256];
    if (s->reps > 0 && s->hold_ms > 0)
        snprintf(what, sizeof(what), ngettext("%d rep, hold %s each", "%d reps, hold %s each",
                                              (unsigned long)s->reps), s->reps,
                 short_time(s->hold_ms, t, sizeof(t)));
    else if (s->reps > 0)
        snprintf(what, sizeof(what), ngettext("%d rep, %s each", "%d reps, %s each",
                                              (unsigned long)s->reps), s->reps,
                 short_time(s->rep_time_ms, t, sizeof(t)));
    else if (s->n_sides)
        snprintf(what, sizeof(what), _("%s each"), long_time(s->duration_ms, t, sizeof(t)));
    else
        long_time(s->duration_ms, what, sizeof(what));
    snprintf(buf, size, "%s%s", lead, what);
    return buf;
}
