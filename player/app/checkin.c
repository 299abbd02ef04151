/* The pain check-ins' keys, and the start screen's note about last time. */
#include "checkin.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n.h"

/* A 1 then a 0 within this long is a 10. */
#define LB_CHECKIN_TEN_MS 1200

void lb_checkin_init(struct lb_checkin *c, const struct lb_options *opts,
                     const struct lb_routine *r, bool history_on)
{
    *c = (struct lb_checkin){.wanted = history_on && r->checkin && !opts->yes, .value = -1,
                             .before = LB_PAIN_NONE, .hurt_step = -1};
}

static int digit_of(SDL_Keycode key)
{
    if (key >= SDLK_0 && key <= SDLK_9)
        return (int)(key - SDLK_0);
    if (key >= SDLK_KP_1 && key <= SDLK_KP_9)
        return (int)(key - SDLK_KP_1) + 1;
    return key == SDLK_KP_0 ? 0 : -1;
}

enum lb_checkin_answer lb_checkin_key(struct lb_checkin *c, SDL_Keycode key, double now_ms)
{
    int digit = digit_of(key);
    if (digit >= 0) {
        bool ten = digit == 0 && c->value == 1 && now_ms - c->one_at_ms < LB_CHECKIN_TEN_MS;
        c->value = ten ? 10 : digit;
        c->one_at_ms = digit == 1 ? now_ms : 0;
        return LB_CHECKIN_OPEN;
    }
    switch (key) {
    case SDLK_LEFT:
        c->value = c->value <= 0 ? 0 : c->value - 1;
        break;
    case SDLK_RIGHT:
        c->value = c->value < 0 ? 0 : c->value >= 10 ? 10 : c->value + 1;
        break;
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
    case SDLK_SPACE:
        return LB_CHECKIN_ANSWERED;
    case SDLK_s:
        c->value = -1;
        return LB_CHECKIN_ANSWERED;
    default:
        break;
    }
    return LB_CHECKIN_OPEN;
}

static void make_note(struct lb_checkin *c, const struct lb_last_time *lt,
                      const struct lb_routine *r)
{
    c->last[0] = c->warning[0] = '\0';
    char when[96] = "", hurt[400] = "";
    struct tm tm;
    localtime_r(&lt->last_at, &tm);
    /* TRANSLATORS: strftime format of the day a routine was last done: Thursday 3 December. */
    strftime(when, sizeof(when), _("%A %e %B"), &tm);
    char *two = strstr(when, "  "); /* %e pads a day under 10 with a space */
    if (two)
        memmove(two, two + 1, strlen(two));
    if (c->hurt_step >= 0) {
        const char *title = r->steps[c->hurt_step].title;
        if (c->skip_hurt)
            snprintf(hurt, sizeof(hurt),
                     /* TRANSLATORS: %s is the step's title. */
                     _("%s is skipped today (S or an arrow to do it after all)."), title);
        else if (lt->hurt_side)
            snprintf(hurt, sizeof(hurt),
                     /* TRANSLATORS: the step's title and its side ("left"). */
                     _("Last time %s (%s side) hurt: S or an arrow skips it today."), title,
                     lt->hurt_side);
        else
            snprintf(hurt, sizeof(hurt), _("Last time %s hurt: S or an arrow skips it today."),
                     title);
    }
    /* TRANSLATORS: %s is a day (Thursday 3 December); the second %s is a sentence about a
     * step that hurt, or nothing. */
    snprintf(c->last, sizeof(c->last), _("Last done on %s. %s"), when[0] == ' ' ? when + 1
             : when, hurt);
    lb_warn_text(lt->warn, lt->warn_step, c->warning, sizeof(c->warning));
}

bool lb_checkin_look_back(struct lb_checkin *c, struct lb_history_link *k,
                          const struct lb_routine *r)
{
    if (c->noted)
        return false;
    const struct lb_last_time *lt = lb_history_link_look_back(k);
    if (!lt)
        return false;
    c->noted = true;
    if (!lt->played)
        return false;
    /* The step that hurt, found in this routine by its title. */
    for (int i = 0; lt->hurt_step && i < r->n_steps && c->hurt_step < 0; i++)
        if (!strcmp(r->steps[i].title, lt->hurt_step))
            c->hurt_step = i;
    make_note(c, lt, r);
    return true;
}

bool lb_checkin_toggle_skip(struct lb_checkin *c, struct lb_history_link *k,
                            const struct lb_routine *r)
{
    const struct lb_last_time *lt = lb_history_link_look_back(k);
    if (c->hurt_step < 0 || !lt)
        return false;
    c->skip_hurt = !c->skip_hurt;
    make_note(c, lt, r);
    return true;
}

struct lb_start_note lb_checkin_note(const struct lb_checkin *c)
{
    return (struct lb_start_note){.last = c->last[0] ? c->last : NULL,
                                  .warning = c->warning[0] ? c->warning : NULL};
}
