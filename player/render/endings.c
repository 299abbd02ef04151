/* The end screens, the pain stop, the rest after a pain skip and the leave question. The
 * words after pain come from advice.h, so they are written once. */
#include "endings.h"

#include <stdio.h>
#include <string.h>

#include "advice.h"
#include "duration.h"
#include "i18n.h"


/* The steps of one status, by title ("Knee to chest, Cat-cow"), into buf. */
static int titles_of(const struct lb_overlay_input *in, enum lb_step_status status, char *buf,
                     size_t size)
{
    const struct lb_routine *r = in->plan->routine;
    int n = 0;
    buf[0] = '\0';
    for (int i = 0; in->record && i < r->n_steps; i++) {
        if (in->record[i].status != status)
            continue;
        n++;
        size_t used = strlen(buf);
        if (used + strlen(r->steps[i].title) + 4 < size)
            snprintf(buf + used, size - used, "%s%s", used ? ", " : "", r->steps[i].title);
    }
    return n;
}

/* A count of steps as a paragraph at y: `fmt`/`fmts` ("Skipped: %d", singular and plural)
 * when there are none, else `titles`/`titles_n` ("Skipped: %d (%s)") with their titles; all
 * untranslated (NP_). Returns the y under it. */
static int count_line(const struct lb_layout *l, const struct lb_overlay_input *in,
                      const char *fmt, const char *fmts, const char *titles,
                      const char *titles_n, enum lb_step_status status, int y)
{
    char names[200], line[300];
    int n = titles_of(in, status, names, sizeof(names));
    if (n)
        snprintf(line, sizeof(line), ngettext(titles, titles_n, (unsigned long)n), n, names);
    else
        snprintf(line, sizeof(line), ngettext(fmt, fmts, (unsigned long)n), n);
    SDL_Rect a = lb_ov_para(l, line, 5, false, LB_OV_WHITE, l->w / 2, y, l->w * 8 / 10,
                            LB_ANCHOR_TOP_CENTER);
    return a.y + a.h + lb_ov_px(l, 1);
}

/* A list under a heading, left-aligned from x in a column `width` wide; returns the y under
 * it. */
static int column(const struct lb_layout *l, const char *heading, const char *const *items,
                  int n, int x, int y, int width)
{
    struct lb_text_style hs = lb_ov_style(l, 4, true, LB_OV_ACCENT);
    hs.wrap = width;
    SDL_Rect a = lb_text_draw(l->text, heading, &hs, x, y, LB_ANCHOR_TOP_LEFT);
    y = a.y + a.h + lb_ov_px(l, 1);
    struct lb_text_style st = lb_ov_style(l, 3.4, false, LB_OV_WHITE);
    int bullet = lb_text_measure(l->text, "\u2022  ", &st).w;
    st.wrap = width - bullet;
    for (int i = 0; i < n; i++) {
        lb_text_draw(l->text, "\u2022", &st, x, y, LB_ANCHOR_TOP_LEFT);
        a = lb_text_draw(l->text, items[i], &st, x + bullet, y, LB_ANCHOR_TOP_LEFT);
        y = a.y + a.h + lb_ov_px(l, 0.7);
    }
    return y;
}

/* After "End" on the pain-stop screen: no congratulations; what was done, what to do now
 * (with the routine's own safety points) and when to seek help, in two columns. */
static void pain_end(const struct lb_layout *l, const struct lb_overlay_input *in)
{
    const struct lb_routine *r = in->plan->routine;
    char line[400], names[200], done[200];
    SDL_SetRenderDrawColor(l->r, LB_OV_CARD_BG.r, LB_OV_CARD_BG.g, LB_OV_CARD_BG.b, 255);
    SDL_RenderClear(l->r);
    SDL_Rect a = lb_ov_para(l, _(lb_advice_pain_heading), 6.5, true, LB_OV_WHITE, l->w / 2,
                            l->margin_y, l->w * 9 / 10, LB_ANCHOR_TOP_CENTER);
    titles_of(in, LB_STEP_STOPPED_FOR_PAIN, names, sizeof(names));
    int n_done = titles_of(in, LB_STEP_DONE, done, sizeof(done));
    /* TRANSLATORS: the routine's title, the steps done of all, the step(s) that hurt. */
    snprintf(line, sizeof(line),
             ngettext("%s  \u00b7  Steps done: %d of %d  \u00b7  Stopped for pain: %s",
                      "%s  \u00b7  Steps done: %d of %d  \u00b7  Stopped for pain: %s",
                      (unsigned long)r->n_steps), r->title, n_done, r->n_steps, names);
    a = lb_ov_para(l, line, 4, false, LB_OV_SOFT, l->w / 2, a.y + a.h + lb_ov_px(l, 1),
                   l->w * 9 / 10, LB_ANCHOR_TOP_CENTER);
    int y = a.y + a.h + lb_ov_px(l, 4);
    const char *now[8];
    int n_now = 0;
    for (int i = 0; lb_advice_after_pain[i] && n_now < 3; i++)
        now[n_now++] = _(lb_advice_after_pain[i]);
    for (int i = 0; i < r->n_safety && i < LB_SAFETY_ON_PAIN; i++)
        now[n_now++] = r->safety[i];
    const char *help[8];
    int n_help = 0;
    for (int i = 0; lb_advice_seek_help_signs[i] && n_help < 6; i++)
        help[n_help++] = _(lb_advice_seek_help_signs[i]);
    int gap = lb_ov_px(l, 5), col = (l->w - 2 * l->margin_x - gap) / 2;
    int x_help = l->margin_x + col + gap;
    column(l, _("What to do now"), now, n_now, l->margin_x, y, col);
    int yy = column(l, _(lb_advice_seek_help), help, n_help, x_help, y, col);
    struct lb_text_style st = lb_ov_style(l, 3.4, true, LB_OV_WHITE);
    st.wrap = col;
    lb_text_draw(l->text, _(lb_advice_urgent), &st, x_help, yy + lb_ov_px(l, 1.5),
                 LB_ANCHOR_TOP_LEFT);
}

void lb_ov_end_screen(const struct lb_layout *l, const struct lb_overlay_input *in)
{
    const struct lb_routine *r = in->plan->routine;
    char line[300], t[32], names[200];
    int pains = titles_of(in, LB_STEP_STOPPED_FOR_PAIN, names, sizeof(names));
    int done = titles_of(in, LB_STEP_DONE, line, sizeof(line));
    const char *heading = in->outcome == LB_OUTCOME_QUIT ? _("You left the routine")
                          : pains ? _("Routine finished") : _("Well done");
    lb_duration_clock(in->active_ms / 1000 * 1000, t, sizeof(t));
    if (in->outcome == LB_OUTCOME_PAIN_STOP) {
        pain_end(l, in);
    } else {
        int y = lb_ov_card(l, heading, r->title);
        snprintf(line, sizeof(line), _("Time: %s"), t);
        SDL_Rect a = lb_ov_text_at(l, line, 6, true, LB_OV_ACCENT, l->w / 2, y,
                                   LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + lb_ov_px(l, 2);
        snprintf(line, sizeof(line), ngettext("Steps done: %d of %d", "Steps done: %d of %d",
                                              (unsigned long)r->n_steps), done, r->n_steps);
        a = lb_ov_text_at(l, line, 5, false, LB_OV_WHITE, l->w / 2, y, LB_ANCHOR_TOP_CENTER);
        y = a.y + a.h + lb_ov_px(l, 1);
        y = count_line(l, in, NP_("Skipped: %d", "Skipped: %d"),
                       NP_("Skipped: %d (%s)", "Skipped: %d (%s)"), LB_STEP_SKIPPED, y);
        y = count_line(l, in, NP_("Stopped for pain: %d", "Stopped for pain: %d"),
                       NP_("Stopped for pain: %d (%s)", "Stopped for pain: %d (%s)"),
                       LB_STEP_STOPPED_FOR_PAIN, y);
        if (in->outcome == LB_OUTCOME_QUIT) {
            y = count_line(l, in, NP_("Left during: %d", "Left during: %d"),
                           NP_("Left during: %d (%s)", "Left during: %d (%s)"),
                           LB_STEP_STARTED, y);
            y = count_line(l, in, NP_("Not reached: %d", "Not reached: %d"),
                           NP_("Not reached: %d (%s)", "Not reached: %d (%s)"),
                           LB_STEP_NOT_REACHED, y);
        }
        if (pains) { /* finished, but something hurt on the way: when to seek help */
            /* TRANSLATORS: the lead-in and the three signs, translated on their own. */
            snprintf(line, sizeof(line), _("%s %s; %s; %s."), _(lb_advice_seek_help),
                     _(lb_advice_seek_help_signs[0]), _(lb_advice_seek_help_signs[1]),
                     _(lb_advice_seek_help_signs[2]));
            lb_ov_para(l, line, 4, false, LB_OV_SOFT, l->w / 2, y + lb_ov_px(l, 2),
                       l->w * 8 / 10, LB_ANCHOR_TOP_CENTER);
        }
    }
    lb_ov_card_foot(l, in->from_library ? _("Press Enter to go back  \u00b7  Q to quit")
                                        : _("Press Enter or Q to close"));
}

/* The pain screen's words from `y` down (with `draw` false, only measured): stop, the step's
 * warning, the routine's safety advice. Returns where they end. */
static int pain_words(const struct lb_layout *l, const struct lb_routine *r,
                      const struct lb_step *s, int y, bool draw)
{
    const char *lines[2] = {_("Stop. Do not push through pain."),
                            _("Ease out of the position, lie still and breathe slowly.")};
    const double sizes[2] = {7, 4.8};
    for (int i = 0; i < 2; i++) {
        struct lb_text_style st = lb_ov_style(l, sizes[i], i == 0,
                                              i == 0 ? LB_OV_WHITE : LB_OV_SOFT);
        st.wrap = l->w * (i == 0 ? 9 : 8) / 10;
        st.align = LB_ALIGN_CENTER;
        SDL_Rect a = draw ? lb_text_draw(l->text, lines[i], &st, l->w / 2, y,
                                         LB_ANCHOR_TOP_CENTER)
                          : lb_text_measure(l->text, lines[i], &st);
        y += a.h + lb_ov_px(l, i == 0 ? 1 : 2.5);
    }
    if (s && s->warning) {
        if (draw) {
            SDL_Rect a = lb_ov_warning_strip(l, s->warning, l->w / 2, y,
                                             LB_ANCHOR_TOP_CENTER);
            y = a.y + a.h;
        } else {
            struct lb_text_style ws = lb_ov_style(l, 4.5, true, LB_OV_DARK);
            ws.wrap = l->w - 2 * l->margin_x - ws.px;
            y += lb_text_measure(l->text, lb_warning_words(s->warning), &ws).h + ws.px / 2;
        }
        y += lb_ov_px(l, 2.5);
    }
    for (int i = 0; i < r->n_safety && i < LB_SAFETY_ON_PAIN; i++) {
        struct lb_text_style st = lb_ov_style(l, 4.2, false, LB_OV_WHITE);
        st.wrap = l->w * 3 / 4;
        st.align = LB_ALIGN_CENTER;
        SDL_Rect a = draw ? lb_text_draw(l->text, r->safety[i], &st, l->w / 2, y,
                                         LB_ANCHOR_TOP_CENTER)
                          : lb_text_measure(l->text, r->safety[i], &st);
        y += a.h + lb_ov_px(l, 1.2);
    }
    return y;
}

/* The words above the choices get smaller until they fit (long advice, longer languages). */
void lb_ov_pain_screen(const struct lb_layout *l, const struct lb_overlay_input *in,
                       const struct lb_step *s)
{
    /* TRANSLATORS: the first letter is the key that chooses it (S, E, C): keep it. */
    const char *choices[] = {_("S  Skip this exercise (rest first)"), _("E  End the session"),
                             _("C  Continue, only if the pain has gone")};
    int bottom = l->h - l->margin_y;
    for (int i = 2; i >= 0; i--) {
        SDL_Rect b = lb_ov_button(l, choices[i], l->w / 2, bottom, LB_ANCHOR_BOTTOM_CENTER,
                                  in->pain_choice == i);
        bottom = b.y - lb_ov_px(l, 1.2);
    }
    int top = l->margin_y + lb_ov_px(l, 2);
    struct lb_layout fit = *l;
    for (int k = 10; k > 5; k--) {
        fit.unit = l->unit * k / 10.0;
        if (pain_words(&fit, in->plan->routine, s, top, false) <= bottom)
            break;
    }
    pain_words(&fit, in->plan->routine, s, top, true);
}

void lb_ov_recovery_screen(const struct lb_layout *l, const struct lb_overlay_input *in)
{
    const struct lb_coach_state *st = in->state;
    char clock[32], next[300];
    SDL_SetRenderDrawColor(l->r, LB_OV_CARD_BG.r, LB_OV_CARD_BG.g, LB_OV_CARD_BG.b, 255);
    SDL_RenderClear(l->r);
    snprintf(next, sizeof(next), _("Next up: %s"), in->plan->routine->steps[st->step].title);
    lb_ov_centre_panel(l, _(lb_advice_recovery_heading),
                       lb_ov_clock_up(st->recovery_left_ms, clock, sizeof(clock)), next,
                       _(lb_advice_recovery));
    lb_ov_card_foot(l, in->unattended ? "" : _("Press Enter when you are ready to go on"));
}

void lb_ov_leave_question(const struct lb_layout *l, const struct lb_overlay_input *in)
{
    const char *const choices[2] = {_("Continue"), _("Leave")};
    const char *keys = in->unattended ? ""
                       : _("Esc again, or Enter on Leave, to leave  \u00b7  Space to go on");
    lb_ov_question(l, _("Leave this routine?"),
                   _("What you have done so far is kept: the end screen shows it."), choices,
                   in->leave_choice, keys);
}
