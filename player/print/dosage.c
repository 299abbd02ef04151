/* A step's dosage in the words a physiotherapist writes on a sheet. */
#include "handout.h"

#include <stdio.h>
#include <string.h>

/* "15 s", "2 min", "1 min 30 s". */
static const char *short_time(int64_t ms, char *buf, size_t size)
{
    int64_t s = (ms + 500) / 1000;
    if (s < 60)
        snprintf(buf, size, "%lld s", (long long)s);
    else if (s % 60 == 0)
        snprintf(buf, size, "%lld min", (long long)(s / 60));
    else
        snprintf(buf, size, "%lld min %lld s", (long long)(s / 60), (long long)(s % 60));
    return buf;
}

/* "45 seconds", "2 minutes", "1 min 30 s". */
static const char *long_time(int64_t ms, char *buf, size_t size)
{
    int64_t s = (ms + 500) / 1000;
    if (s < 60)
        snprintf(buf, size, "%lld second%s", (long long)s, s == 1 ? "" : "s");
    else if (s % 60 == 0)
        snprintf(buf, size, "%lld minute%s", (long long)(s / 60), s == 60 ? "" : "s");
    else
        short_time(ms, buf, size);
    return buf;
}

/* "left and right", "left, middle and right". */
static void sides_text(const struct lb_step *s, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < s->n_sides; i++) {
        size_t n = strlen(buf);
        const char *sep = i == 0 ? "" : i == s->n_sides - 1 ? " and " : ", ";
        snprintf(buf + n, size - n, "%s%s", sep, s->sides[i]);
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
            snprintf(buf, size, "%lld-minute timer", (long long)(sec / 60));
        else
            snprintf(buf, size, "%s timer", long_time(s->duration_ms, t, sizeof(t)));
        return buf;
    }
    sides_text(s, sides, sizeof(sides));
    if (s->sets > 1 && s->n_sides)
        snprintf(lead, sizeof(lead), "%d sets × %s · ", s->sets, sides);
    else if (s->sets > 1)
        snprintf(lead, sizeof(lead), "%d sets · ", s->sets);
    else if (s->n_sides)
        snprintf(lead, sizeof(lead), "%s · ", sides);
    bool each_side = s->n_sides > 0;
    if (s->reps > 0) {
        char reps[96];
        snprintf(reps, sizeof(reps), "%d rep%s", s->reps, s->reps == 1 ? "" : "s");
        if (s->hold_ms > 0)
            snprintf(buf, size, "%s%s, hold %s each", lead, reps,
                     short_time(s->hold_ms, t, sizeof(t)));
        else
            snprintf(buf, size, "%s%s, %s each", lead, reps,
                     short_time(s->rep_time_ms, t, sizeof(t)));
    } else {
        snprintf(buf, size, "%s%s%s", lead, long_time(s->duration_ms, t, sizeof(t)),
                 each_side ? " each" : "");
    }
    return buf;
}
