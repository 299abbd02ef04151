/* The routine model: what a routine file says, loaded, checked and with every default resolved. */
#ifndef LB_ROUTINE_H
#define LB_ROUTINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* The format versions this build reads. */
#define LB_FORMAT_VERSION 1

/* Limits that keep a hostile file from exhausting memory or time; a real routine is far below. */
#define LB_MAX_FILE_BYTES (1024 * 1024)
#define LB_MAX_STEPS 500
#define LB_MAX_SIDES 8
#define LB_MAX_SETS 100
#define LB_MAX_REPS 1000
#define LB_MAX_CUES 200
#define LB_MAX_LIST 100          /* safety points, screening questions */
#define LB_SAFETY_ON_CARD 6      /* the start card shows this many safety points, the first */
#define LB_SAFETY_ON_PAIN 4      /* the pain-stop screens repeat this many, the first */
#define LB_MAX_BLOCKS 20000      /* over the whole routine */
#define LB_MAX_TOTAL_MS (100LL * 3600 * 1000) /* a routine's whole planned time: 100 h */
/* Text lengths in characters (docs/routine-format.md, Limits). */
#define LB_MAX_TITLE_CHARS 200   /* titles, author, warning */
#define LB_MAX_LABEL_CHARS 40    /* side labels, language tag */
#define LB_MAX_CAPTION_CHARS 300 /* a cue's caption */
#define LB_MAX_SAY_CHARS 600     /* a spoken line, a screening question, a safety point */
#define LB_MAX_PATH_CHARS 1024   /* clip and audio file names */
#define LB_MAX_TEXT_CHARS 4000   /* description, instructions, advice */
/* An exercise's warning when the routine gives none: Limber's words, translated where shown. */
#define LB_DEFAULT_WARNING "Stop if painful"
#define LB_MAX_DEPTH 16            /* nesting of lists and fields */
#define LB_MAX_NODE_VISITS 200000 /* YAML nodes read, aliases counted each time they are used */

enum lb_step_kind {
    LB_KIND_EXERCISE,
    LB_KIND_TIMER,
    LB_KIND_INFO,
};

enum lb_mirror {
    LB_MIRROR_NEVER,
    LB_MIRROR_ALWAYS,
    LB_MIRROR_OTHER_SIDE, /* every side after the first */
};

/* When a looped clip's own sound is heard. */
enum lb_clip_audio {
    LB_CLIP_AUDIO_OFF,
    LB_CLIP_AUDIO_ONCE, /* on the clip's first pass in each block (a narration said once) */
    LB_CLIP_AUDIO_LOOP, /* on every pass */
};

/* Where a value came from in the file, for messages. */
struct lb_pos {
    int line; /* 1-based; 0 = not in the file */
    int col;
};

/* What a cue's `at` counts from (`every:`). */
enum lb_cue_every {
    LB_CUE_EVERY_BLOCK, /* once in each block: `at` from the block's start */
    LB_CUE_EVERY_REP,   /* in each rep: `at` from the rep's start (move and hold) */
    LB_CUE_EVERY_HOLD,  /* in each rep's hold: `at` from the hold's start */
};

struct lb_cue {
    int64_t at_ms;      /* from the start of its block, rep or hold (`every`); negative =
                         * from that one's end */
    enum lb_cue_every every;
    int64_t show_ms;    /* how long the caption stays */
    char *text;         /* caption; may be NULL when only `say` or `audio` is given */
    char *say;          /* spoken line, or NULL */
    char *audio;        /* recorded voice file, resolved path, or NULL */
    struct lb_pos audio_pos; /* where `audio` stands in the file */
    struct lb_pos pos;
};

/* Where a step's clip fields stand in the file (line 0: not given by the step itself), for
 * messages about the clip found when it is opened (`check`'s probe). */
struct lb_clip_places {
    struct lb_pos clip;
    struct lb_pos clip_start;
    struct lb_pos clip_end;
    struct lb_pos clip_audio;
};

struct lb_step {
    char *title;
    enum lb_step_kind kind;
    char *instructions;      /* or NULL */
    char *clip;              /* as written in the file, or NULL (the first side's of a map) */
    char *clip_path;         /* resolved against the routine's folder, or NULL */
    /* A clip per side (`clip: {left: a.mp4, right: b.mp4}`): one file per label of `sides`, in
     * that order, each filmed for its side and never mirrored. NULL when one clip serves every
     * side (clip/clip_path), mirrored as `mirror` says. Use lb_step_clip_path. */
    char **side_clips;       /* as written */
    char **side_clip_paths;  /* resolved; NULL entries only in a routine with errors */
    struct lb_pos *side_clip_at; /* where each file's name stands in the file */
    int64_t clip_start_ms;   /* 0 when not trimmed */
    int64_t clip_end_ms;     /* -1 = to the clip's end */
    bool loop;
    enum lb_clip_audio clip_audio;
    enum lb_mirror mirror;
    char **sides;            /* labels; n_sides == 0 means one unnamed side */
    int n_sides;
    int sets;
    int reps;                /* 0 = a timed block (duration) */
    int64_t rep_time_ms;
    int64_t hold_ms;
    int64_t duration_ms;     /* block length for timed blocks; -1 for an info step that waits */
    int64_t countdown_ms;
    int64_t rest_ms;         /* after this step (not after the last) */
    int64_t switch_ms;       /* between sides of one set */
    int64_t set_rest_ms;     /* between sets */
    char *warning;           /* NULL = none */
    bool voice;              /* speak built-in lines for this step */
    bool count_reps;         /* say each rep's number ("One", ... "Last one") */
    bool say_holds;          /* say "Hold" and "and relax" */
    bool count_holds;        /* count a long hold's last seconds ("Three", "Two", "One") */
    bool rep_beep;           /* tick at each rep start */
    bool rep_beep_auto;      /* rep_beep not given: tick when reps are not counted aloud */
    struct lb_cue *cues;
    int n_cues;
    struct lb_clip_places clip_at;
    struct lb_pos pos;
};

struct lb_screening {
    char *ask;
    bool stop_if;            /* the answer (yes = true) that stops the routine */
    char *advice;
    struct lb_pos pos;
};

struct lb_routine {
    char *path;              /* the file, as given */
    char *dir;               /* its folder, for resolving clip paths */
    int version;
    char *title;
    char *description;       /* or NULL */
    char *author;            /* or NULL */
    char *language;          /* BCP 47, "en" when not given */
    char **safety;
    int n_safety;
    struct lb_screening *screening;
    int n_screening;
    struct lb_step *steps;
    int n_steps;
    int checkin;             /* 1: ask "how is your back" before and after (history); 0 not */
};

struct lb_load_options {
    /* Clip and audio paths may only lead into the routine's folder or into this folder
     * (Limber's own assets; may be NULL). */
    const char *assets_dir;
    bool allow_any_path;     /* --allow-any-path: no folder rule */
    bool check_files;        /* check that clip and audio files exist and are readable */
    /* Return what was read even when errors were reported (`check` still probes the clips
     * of a file with other mistakes). Such a routine is for looking at, never for playing. */
    bool keep_on_error;
    /* A routine read from a bundle: the files it names are looked up with this instead of on
     * disk (no folder rule, no file check). Returns the name to keep as clip_path or audio
     * (malloc'd), or NULL with the reason in why ("is not in the bundle"). NULL: on disk. */
    char *(*lookup)(void *lookup_ctx, const char *written, char *why, size_t why_size);
    void *lookup_ctx;
};

/* Load and check the routine file at `path`. Every problem goes into `diags` (which must be
 * initialised with the file name). Returns the routine when the file has no error, else NULL.
 * The routine is owned by the caller: free with lb_routine_free. */
struct lb_routine *lb_routine_load(const char *path, const struct lb_load_options *opts,
                                   struct lb_diags *diags);

/* Same, from a buffer already in memory (`name` is used for messages and as the path whose
 * folder resolves clips). The fuzzer and tests use it. */
struct lb_routine *lb_routine_load_buffer(const char *name, const unsigned char *data,
                                          size_t size, const struct lb_load_options *opts,
                                          struct lb_diags *diags);

void lb_routine_free(struct lb_routine *r);

/* A step's warning as the person reads it: Limber's default ("Stop if painful") in the
 * language in use, an author's as written. */
const char *lb_warning_words(const char *warning);

/* The clip file (resolved) shown on side `side` of step s (an index into its sides; -1 for a
 * step without sides): the side's own when the step has a clip per side, else its one clip.
 * NULL when there is none. lb_step_clip_written gives the name as the file writes it. */
const char *lb_step_clip_path(const struct lb_step *s, int side);
const char *lb_step_clip_written(const struct lb_step *s, int side);

/* The number of blocks of a step: sets × sides (one for timer and info steps). */
int lb_step_blocks(const struct lb_step *s);

/* The length of one block of the step in ms (-1 for an info step that waits). */
int64_t lb_step_block_ms(const struct lb_step *s);

const char *lb_step_kind_name(enum lb_step_kind kind);

/* "block", "rep" or "hold", as `every:` writes it. */
const char *lb_cue_every_name(enum lb_cue_every every);

#endif
