/* The start screen's look back and the progress screen's figures, from sessions in memory. */
#include "summary.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Whether session s had a pain stop on the step called `title`. */
static bool hurt_in(const struct lb_history_session *s, const char *title)
{
    for (int i = 0; i < s->n_pains; i++)
        if (same(s->pains[i].step_title, title))
            return true;
    return false;
}

void lb_last_time_of(const struct lb_history_list *list, struct lb_last_time *out)
{
    *out = (struct lb_last_time){.hurt_index = -1};
    int n = list->n;
    if (n == 0)
        return;
    const struct lb_history_session *last = &list->sessions[n - 1];
    out->played = true;
    out->last_at = last->started_at;
    out->last_outcome = last->outcome;
    /* The latest pain stop among the last few sessions. */
    for (int i = n - 1; i >= 0 && i >= n - LB_HURT_RECENT && !out->hurt_step; i--) {
        const struct lb_history_session *s = &list->sessions[i];
        if (s->n_pains) {
            const struct lb_history_pain_row *p = &s->pains[s->n_pains - 1];
            out->hurt_step = p->step_title;
            out->hurt_side = p->side;
            out->hurt_index = p->step;
        }
    }
    /* Pain after above pain before in LB_WARN_WORSE of the last LB_WARN_OF sessions. */
    int worse = 0;
    for (int i = n - 1; i >= 0 && i >= n - LB_WARN_OF; i--) {
        const struct lb_history_session *s = &list->sessions[i];
        if (s->pain_before >= 0 && s->pain_after >= 0 && s->pain_after > s->pain_before)
            worse++;
    }
    if (worse >= LB_WARN_WORSE) {
        out->warn = LB_WARN_PAIN_WORSE;
        return;
    }
    /* One step stopped for pain in each of the last LB_WARN_ROW sessions. */
    if (n < LB_WARN_ROW)
        return;
    for (int p = 0; p < last->n_pains; p++) {
        const char *step = last->pains[p].step_title;
        bool every = true;
        for (int i = n - 2; i >= n - LB_WARN_ROW && every; i--)
            every = hurt_in(&list->sessions[i], step);
        if (every) {
            out->warn = LB_WARN_STEP_HURTS;
            out->warn_step = step;
            return;
        }
    }
}

const char *lb_warn_text(enum lb_warn_reason why, const char *step, char *buf, size_t size)
{
    switch (why) {
    case LB_WARN_PAIN_WORSE:
        /* TRANSLATORS: an instruction, not a diagnosis; the numbers are 3 and 5. */
        snprintf(buf, size, ngettext("Your back hurt more after this routine than before it "
                                     "in %d of the last %d sessions. Talk to a "
                                     "physiotherapist or doctor before you go on with it.",
                                     "Your back hurt more after this routine than before it "
                                     "in %d of the last %d sessions. Talk to a "
                                     "physiotherapist or doctor before you go on with it.",
                                     LB_WARN_OF), LB_WARN_WORSE, LB_WARN_OF);
        break;
    case LB_WARN_STEP_HURTS:
        /* TRANSLATORS: %s is the step's title; an instruction, not a diagnosis. */
        snprintf(buf, size, ngettext("%s was stopped for pain in the last %d session in a "
                                     "row. Talk to a physiotherapist or doctor before you do "
                                     "it again.",
                                     "%s was stopped for pain in the last %d sessions in a "
                                     "row. Talk to a physiotherapist or doctor before you do "
                                     "it again.", LB_WARN_ROW), step ? step : "?", LB_WARN_ROW);
        break;
    default:
        buf[0] = '\0';
        break;
    }
    return buf;
}

/* Local midnight of the day that holds t. */
static time_t day_start(time_t t)
{
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

/* Which calendar day t falls on, counted in local days from first (DST-proof). */
static int day_index(time_t first, time_t t)
{
    struct tm a, b;
    localtime_r(&first, &a);
    localtime_r(&t, &b);
    /* Days since an epoch of local dates, through timegm of the date parts. */
    struct tm da = {.tm_year = a.tm_year, .tm_mon = a.tm_mon, .tm_mday = a.tm_mday,
                    .tm_hour = 12};
    struct tm db = {.tm_year = b.tm_year, .tm_mon = b.tm_mon, .tm_mday = b.tm_mday,
                    .tm_hour = 12};
    double days = difftime(mktime(&db), mktime(&da)) / 86400.0; /* +-1 h across DST */
    return (int)(days < 0 ? days - 0.5 : days + 0.5);
}

void lb_progress_of(const struct lb_history_list *list, time_t now, struct lb_progress *out)
{
    *out = (struct lb_progress){0};
    struct tm tm;
    time_t today = day_start(now);
    localtime_r(&today, &tm);
    int weekday = (tm.tm_wday + 6) % 7; /* Monday 0 */
    /* The calendar ends with this week's Sunday and starts 8 weeks before on a Monday. */
    tm.tm_mday -= weekday + 7 * (LB_PROGRESS_DAYS / 7 - 1);
    tm.tm_isdst = -1;
    out->first_day = mktime(&tm);
    out->today = day_index(out->first_day, now);
    int week_start = out->today - weekday;
    int hurt_cap = 0;
    struct lb_progress_hurt all[32];
    for (int i = 0; i < list->n; i++) {
        const struct lb_history_session *s = &list->sessions[i];
        int d = day_index(out->first_day, s->started_at);
        if (d < 0 || d > out->today)
            continue;
        out->days[d]++;
        out->minutes[d] += (int)((s->moving_ms + 30000) / 60000);
        out->sessions_total++;
        if (d >= week_start) {
            out->sessions_week++;
            out->minutes_week += (int)((s->moving_ms + 30000) / 60000);
        }
        if (s->pain_before >= 0 || s->pain_after >= 0) {
            if (out->n_pain == LB_PROGRESS_PAIN) {
                memmove(out->pain, out->pain + 1, (LB_PROGRESS_PAIN - 1) * sizeof(*out->pain));
                out->n_pain--;
            }
            out->pain[out->n_pain++] = (struct lb_progress_pain){
                s->started_at, s->pain_before, s->pain_after};
        }
        for (int p = 0; p < s->n_pains; p++) {
            int k = 0;
            while (k < hurt_cap && !same(all[k].step, s->pains[p].step_title))
                k++;
            if (k == hurt_cap && hurt_cap < 32)
                all[hurt_cap++] = (struct lb_progress_hurt){s->pains[p].step_title, 0};
            if (k < hurt_cap)
                all[k].count++;
        }
    }
    for (int d = week_start; d <= out->today; d++)
        out->days_week += out->days[d] > 0;
    /* The most often hurt, most first (ties: the one that hurt first). */
    for (int k = 0; k < LB_PROGRESS_HURTS && k < hurt_cap; k++) {
        int best = -1;
        for (int j = 0; j < hurt_cap; j++)
            if (all[j].count > 0 && (best < 0 || all[j].count > all[best].count))
                best = j;
        if (best < 0)
            break;
        out->hurts[out->n_hurts++] = all[best];
        all[best].count = 0;
    }
}
