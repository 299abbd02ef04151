/* The coaching sounds of a routine: every beep, tone and spoken line with its routine time,
 * laid out once from the plan so live playback and offline rendering hear the same thing.
 * Pure: no SDL, no FFmpeg. */
#ifndef LB_CUES_AUDIO_H
#define LB_CUES_AUDIO_H

#include <stdbool.h>
#include <stdint.h>

#include "opening.h"
#include "plan.h"

/* A bare line that is spoken this long before the end of a timed block of at least
 * LB_LAST_SECONDS_MIN_MS. */
#define LB_LAST_SECONDS_MS 5000
#define LB_LAST_SECONDS_MIN_MS 20000
/* In a rest of at least this long, "Rest" is said first and "Next up" this much later. */
#define LB_NEXT_UP_DELAY_MS 1500
#define LB_REST_BOTH_MIN_MS 4000
/* "Halfway" is said in timed blocks at least this long. */
#define LB_HALFWAY_MIN_MS 30000
/* "and relax" is said as holds at least this long end. */
#define LB_RELAX_MIN_HOLD_MS 2000
/* Holds at least this long have their last LB_HOLD_COUNT seconds counted aloud ("Three",
 * "Two", "One", one a second) before "and relax" (the step's count_holds). */
#define LB_COUNT_HOLD_MIN_MS 5000
#define LB_HOLD_COUNT 3
/* Lines are kept at least this far apart. */
#define LB_LINE_GAP_MS 150
/* A line's estimate (lb_cue_line_estimate_ms) times this, in percent, is taken as the most it
 * can last: placement asks its voice how long a line really is only where lines that long
 * would overlap (struct lb_sound_layout's line_ms). */
#define LB_ESTIMATE_MARGIN 150

/* Who yields when two spoken lines would overlap (docs/routine-format.md, "Voice and beeps"):
 * a lower one moves later, within its own window, or is dropped. A cue's own line (`say`,
 * `audio`) and the clip's narration never move. */
enum lb_line_priority {
    LB_LINE_CUE,         /* the author's cue lines */
    LB_LINE_OPENING,     /* the opening cards read aloud, before the routine (opening.h) */
    LB_LINE_PHASE,       /* Get ready, Now the right side, Rest, Next up */
    LB_LINE_RELAX,       /* "and relax" as a hold ends */
    LB_LINE_COUNT,       /* "Three", "Two", "One" at the end of a hold: all or none */
    LB_LINE_HOLD,        /* "Hold" */
    LB_LINE_REP,         /* "One", "Two", ... "Last one" */
    LB_LINE_TIME,        /* "Halfway", "Last five seconds" */
};

enum lb_sound_kind {
    LB_SOUND_BEEP,       /* countdown 3-2-1 */
    LB_SOUND_END_TONE,   /* a block ran to its end: longer, two notes */
    LB_SOUND_REP_TICK,   /* soft tick at a rep start (the step's rep_beep) */
    LB_SOUND_LINE,       /* a spoken line: synthesised text or a recorded file */
};

struct lb_sound_event {
    enum lb_sound_kind kind;
    int64_t at_ms;       /* on the routine clock */
    int line;            /* LB_SOUND_LINE: index into lines; -1 otherwise */
    int step;            /* the routine step it belongs to */
};

/* Where a recorded line's bytes are when they are not a file of their own: a byte window of an
 * open descriptor (a member of a bundle, read in place). */
struct lb_sound_window {
    bool set;            /* false: `audio` is read as a file */
    int fd;              /* borrowed: open until the voice bank that reads it is stopped */
    int64_t offset;      /* the recording is the bytes [offset, offset + length) of fd */
    int64_t length;
};

/* One distinct line. Lines are numbered in the order they are first heard, so a synthesiser
 * working through them in order has the early ones ready first. */
struct lb_sound_line {
    char *text;          /* owned: what is said (or, for a recording, its caption; may be "") */
    const char *audio;   /* borrowed from the routine: a recorded voice file, or NULL */
    bool spoken;         /* false: caption only (--voice off) */
    bool caption;        /* shown as a caption while said (false for the rep numbers, "Hold",
                          * the hold's count and "and relax": the exercise's own panel shows
                          * them) */
    /* The language of the words (BCP 47), whose voice says them: Limber's own lines are in
     * the language its words are in (lb_i18n_current when laid out), a cue's in the
     * routine's. */
    char language[24];
    /* Where `audio`'s bytes are, when they are in a bundle (set by whoever knows the bundle,
     * before the voice bank starts); unset (all zero) for a file on disk. */
    struct lb_sound_window window;
};

struct lb_cue_sounds {
    struct lb_sound_event *events;  /* sorted by at_ms, then kind; the opening cards' lines
                                     * first, before 0 */
    int n_events;
    struct lb_sound_line *lines;
    int n_lines;
    struct lb_opening opening;      /* the cards before the routine, where their lines are */
};

/* How to lay out a routine's sounds (lb_cue_sounds_lay_out). */
struct lb_sound_layout {
    bool voice;                  /* false (--voice off): lines are captions, nothing is said */
    /* How long each step's clip speaks on each side (narration_ms[step * LB_MAX_SIDES + side],
     * side 0 for a step without sides; 0 or less: it says nothing), or NULL. */
    const int64_t *narration_ms;
    bool opening;                /* read the opening cards aloud (their lines before 0) */
    bool exported;               /* the opening cards as an export shows them (opening.h) */
    /* How long a line of the routine takes to say, in ms, as the voice that says it makes it
     * (voice.h's lb_voice_made_ms), or -1 when that cannot be known (no espeak-ng, --voice
     * off, a recording that does not open): placement keeps lines apart by it, and by
     * lb_cue_line_estimate_ms where it says -1. The line carries its text, audio, spoken and
     * language (no window). NULL: every line by the estimate. The opening cards' lines always
     * go by the estimate: their cards are made long enough for it, and they meet no other
     * line. Called on the laying-out thread, in placement order, once per line to place. */
    int64_t (*line_ms)(void *ctx, const struct lb_sound_line *line);
    void *line_ctx;
};

/* Lay out the sounds of `plan`, Limber's own lines ("Get ready: ...", "Rest") translated into the
 * language in use (lb_i18n_use_routine). voice false (--voice off): lines stay in the list as
 * captions but nothing is spoken. A step with `voice: false` gets no built-in lines; its cues'
 * `say` and `audio` still play. Returns false only when out of memory (s is then empty). */
bool lb_cue_sounds_init(struct lb_cue_sounds *s, const struct lb_plan *plan, bool voice);

/* The same, knowing how long each step's clip speaks on each side (narration_ms[step *
 * LB_MAX_SIDES + side], side 0 for a step without sides; 0 or less: it says nothing; the array
 * may be NULL): no built-in line talks over a clip's narration. */
bool lb_cue_sounds_init_narrated(struct lb_cue_sounds *s, const struct lb_plan *plan, bool voice,
                                 const int64_t *narration_ms);

/* The same with every choice. s->opening always has the opening cards' layout; with
 * how->opening their lines are read aloud before the routine's 0 (the start card and each
 * screening question, in the routine's language; no caption, the card shows the words),
 * placed like every other line, each inside its card. */
bool lb_cue_sounds_lay_out(struct lb_cue_sounds *s, const struct lb_plan *plan,
                           const struct lb_sound_layout *how);
void lb_cue_sounds_destroy(struct lb_cue_sounds *s);

/* About how long `text` takes to say (kept above espeak-ng's normal speed): what placement
 * keeps lines apart by. */
int64_t lb_cue_line_estimate_ms(const char *text);

/* The index of the first event at or after at_ms (n_events when none). */
int lb_cue_sounds_find(const struct lb_cue_sounds *s, int64_t at_ms);

const char *lb_sound_kind_name(enum lb_sound_kind kind);

#endif
