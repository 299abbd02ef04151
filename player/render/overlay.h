/* What the person sees on top of the clip: step, time left, reps, side and set, cues, the
 * warning strip, countdown, rests with next-up, cards, pause and pain-stop screens. Sized from
 * the output height so 720p, 1080p and 4K look alike. Main thread only. */
#ifndef LB_OVERLAY_H
#define LB_OVERLAY_H

#include <stdbool.h>

#include "backdrop.h"
#include "engine.h"
#include "plan.h"
#include "text.h"

/* What the overlay needs beyond the engine's state. */
struct lb_overlay_input {
    const struct lb_plan *plan;
    const struct lb_coach_state *state;
    const char *clip_error;     /* a clip that cannot play: shown on a card, or NULL */
    bool has_picture;           /* a clip frame is behind the overlay */
    SDL_Rect picture;           /* where it is drawn (letterboxed) on the output */
    bool muted;
    int volume;                 /* 0..100, shown briefly after a change */
    bool show_volume;
    double text_scale;
    bool help;                  /* the keys overlay is open */
    bool from_library;          /* the end screen offers to go back to the library */
    const struct lb_step_record *record;  /* the engine's record, one per step (end screen) */
    int64_t active_ms;          /* time spent with the routine running (end screen) */
    const char *voice_caption;  /* audio coaching (issue 5): the line being spoken, or NULL */
    int pain_choice;            /* the pain stop's highlighted choice (0 skip, 1 end,
                                 * 2 continue) */
    bool leave_asking;          /* "Leave this routine?" is up */
    int leave_choice;           /* there, highlighted: 0 Continue, 1 Leave */
    enum lb_session_outcome outcome; /* how the session ended (the end screen) */
    bool unattended;            /* an exported video: no keys to mention */
    /* A shaded screen's backdrop (may be NULL, borrowed): with backdrop_shown, the caller has
     * drawn the one kept for backdrop_key and only what stands above the shade is drawn; else
     * the screen is drawn in full and, when it has a shade, kept for backdrop_key. */
    struct lb_backdrop *backdrop;
    uint64_t backdrop_key;
    bool backdrop_shown;
};

/* Draw the overlay for `in` on the renderer `text` draws with, at output size w x h. */
void lb_overlay_draw(struct lb_text *text, const struct lb_overlay_input *in, int w, int h);

/* A summary of everything lb_overlay_draw would draw for `in` at w x h under its topmost
 * shade (the pain stop, the leave question or the keys), the shade included but the clip's
 * picture left to the caller; 0 when it draws no shade. Equal summaries, equal backdrops:
 * what changes above the shade (the highlighted choice, the volume) does not change it. */
uint64_t lb_overlay_backdrop_key(const struct lb_overlay_input *in, int w, int h);

/* The screens before a routine: stage 0 shows the title, total time and safety points to
 * confirm; stage 1 asks screening question `question`; stage 2 shows the advice of the
 * answer that stopped the routine. `from_library`: Esc goes back (said on the screen).
 * auto_ms >= 0: nobody answers (an exported video): the screen goes on by itself in auto_ms,
 * and a question says what the stopping answer means instead of asking for Y or N.
 * `choice`: the answer highlighted on a question (0 Yes, 1 No, -1 none). */
/* What the history adds to the start screen (either may be NULL): a line about last time
 * (when, and a step that hurt with the key to skip it), and the warning to see a
 * physiotherapist, drawn above the bottom line. */
struct lb_start_note {
    const char *last;
    const char *warning;
};

void lb_overlay_draw_start(struct lb_text *text, const struct lb_plan *plan, int stage,
                           int question, int w, int h, double text_scale, bool from_library,
                           int64_t auto_ms, int choice,
                           const struct lb_start_note *note);

/* A routine file's errors (`errors`: one a line, as `limber check` prints them) under
 * `heading`, in an opaque box at the top, over whatever is on screen. */
void lb_overlay_draw_errors(struct lb_text *text, const char *heading, const char *errors,
                            int w, int h, double text_scale);

/* One short message in a box in the middle of the screen, over whatever is there. */
void lb_overlay_draw_notice(struct lb_text *text, const char *message, int w, int h,
                            double text_scale);

/* Every key and game controller button, over whatever is on screen, which it shades (the shade
 * counted in `backdrop` when not NULL; nothing is kept: lb_overlay_draw keeps the keys over a
 * routine). */
void lb_overlay_draw_help(struct lb_text *text, int w, int h, double text_scale,
                          struct lb_backdrop *backdrop);

#endif
