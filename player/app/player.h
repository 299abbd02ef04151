/* The player: one struct that owns a session (routine, plan, engine, window, sound, clips,
 * statistics) and the main loop that plays a routine from its start screen to its end. */
#ifndef LB_PLAYER_H
#define LB_PLAYER_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "audio_out.h"
#include "bundle.h"
#include "checkin.h"
#include "clip_slots.h"
#include "display.h"
#include "engine.h"
#include "history_link.h"
#include "options.h"
#include "plan.h"
#include "routine.h"
#include "stats.h"
#include "watch.h"

/* Before the routine starts: the safety points, then each screening question. */
enum lb_start_stage {
    LB_START_SAFETY,
    LB_START_QUESTION,     /* question `question` is asked */
    LB_START_STOPPED,      /* an answer stopped the routine: its advice is shown */
    LB_START_CHECKIN,      /* "how is your back right now?" */
    LB_START_DONE,
};

/* An opening card read aloud (read_aloud.c): which, and since when. */
struct lb_reading {
    int card;                       /* the opening card (struct lb_opening) being read, -1 none */
    double since_ms;                /* when its reading began (lb_now_ms_f) */
    bool waiting;                   /* its first line is not made yet: its reading waits */
};

/* The screens before the routine: where they are and the answer highlighted. */
struct lb_start_screen {
    enum lb_start_stage stage;
    int question;                   /* the screening question asked (QUESTION, STOPPED) */
    int choice;                     /* the highlighted answer: Yes 0 / No 1 (No, the answer
                                     * that does not stop, is highlighted first) */
    struct lb_reading reading;      /* the card read aloud now */
};

/* Ending a routine early is a choice: the pain-stop screen's choices and the "Leave this
 * routine?" question that Esc, Back and Q ask inside a routine. */
struct lb_ending {
    int pain_choice;                /* highlighted on the pain stop: skip 0 / end 1 /
                                     * continue 2 */
    bool asking;                    /* "Leave this routine?" is up */
    int leave_choice;               /* there: Continue 0 / Leave 1 */
    bool paused_to_ask;             /* asking paused the routine: Continue resumes it */
};

/* The sound's level as the person set it. */
struct lb_volume {
    int level;                      /* 0..100 */
    bool muted;
    int64_t shown_until;            /* the level is on screen until then (now_ms) */
};

/* What is on screen now. */
struct lb_on_screen {
    int block;                      /* block segment whose frame is in the picture, -1 none */
    int64_t time_ms;                /* that frame's clip time */
    int64_t next_frame_ms;          /* how long until the clip's next frame is due; -1: unknown */
    int iteration;                  /* that frame's pass through a looping clip */
    int settled_block;              /* snapshot, export: the block last decoded for, -1 none */
    int measured_block;             /* the block whose start was written to the stats */
    int audio_block;                /* block whose clip the audio output reads, -1 none */
    const char *clip_error;         /* why the current clip cannot play, or NULL */
    const char *name;               /* the screen last presented (screen_name), for --stats */
    int step;                       /* and its step, 1-based (0: none) */
    uint64_t drawn_key;             /* what the overlay showed, to redraw only on change */
    bool dirty;                     /* something changed: draw and present again */
};

/* The keys overlay. */
struct lb_keys_view {
    bool open;
    bool paused_routine;            /* opening it paused the routine: closing it resumes */
};

/* --watch: the routine file edited while it plays. */
struct lb_watching {
    struct lb_watch *watch;         /* borrowed; NULL without --watch */
    char errors[4096];              /* the saved file's errors, one a line; "" none */
};

struct limber {
    const struct lb_options *opts;  /* borrowed */
    double process_start_ms;        /* when main() began, on lb_now_ms_f's clock */
    struct lb_routine *routine;     /* owned */
    struct lb_bundle bundle;        /* the routine's bundle, its clips read from it; fd -1 for a
                                     * routine file. Closed after the routine and its clips */
    struct lb_plan plan;
    struct lb_coach coach;
    struct lb_display *display;     /* borrowed: the window outlives a session */
    struct lb_audio_out audio;
    struct lb_clip_slots clips;
    struct lb_stats stats;
    struct lb_history_link history; /* what the session does, to the history (live only) */
    struct lb_checkin checkin;      /* the pain check-ins and the start screen's look back */
    bool quit;
    enum lb_session_outcome outcome; /* how the session ended; LB_OUTCOME_NONE while it runs,
                                      * and for a routine left from its start screens (it never
                                      * began); QUIT also when the window was closed */
    struct lb_start_screen start;
    struct lb_ending ending;
    struct lb_volume volume;        /* the level the person set (+/-, M) */
    struct lb_on_screen screen;     /* what is on screen now */
    int exit_status;
    double routine_start_ms;        /* when the routine started (lb_now_ms_f), 0 = not yet */
    double routine_end_ms;          /* when it ended, 0 = not yet */
    struct lb_keys_view keys;       /* the keys overlay (H, ?) */
    bool from_library;              /* Esc and the end screen go back to the library */
    bool unattended;                /* export: nobody presses keys (cards say so) */
    int64_t start_auto_ms;          /* export: the start screen goes on by itself in this
                                     * long; -1: it waits for the person */
    bool back_to_library;           /* the person left the routine to go back to it */
    const char *path;               /* the routine file (borrowed) */
    const char *assets_dir;         /* borrowed */
    struct lb_watching watching;    /* --watch */
};

/* Load the routine and play it with `opts`. Returns the process exit status: 0 at the end of a
 * routine (or when the person quits), 1 when the routine file has errors or nothing can be
 * shown. */
int lb_player_run(const struct lb_options *opts, const char *routine_path,
                  const char *assets_dir, double process_start_ms);

/* Show the routine library of `folders` (n_folders of them) and play what the person
 * chooses; after a routine, back to the library, until the person quits. Returns the exit
 * status (1 when no window can be opened). */
int lb_player_library(const struct lb_options *opts, const char *const *folders, int n_folders,
                      const char *assets_dir, double process_start_ms);

/* What a snapshot shows on top of the routine time. */
enum lb_snapshot_flags {
    LB_SNAPSHOT_PAIN = 1,     /* the pain-stop screen, as after P at that time */
    LB_SNAPSHOT_HELP = 2,     /* the keys overlay */
    LB_SNAPSHOT_LEAVE = 4,    /* "Leave this routine?" as after Esc at that time; at "end":
                               * the end screen after leaving in the first exercise */
    LB_SNAPSHOT_PAIN_END = 8, /* at "end": the end screen after "End" on a pain stop in the
                               * first exercise */
    LB_SNAPSHOT_PAIN_SKIP = 16, /* the rest after "skip" on a pain stop at that time */
};

/* Render what the screen shows at routine time `at` (a duration, "start", "question" (the
 * first screening question), "screening-stop" or "end": the end of a run through the whole
 * routine) into the PNG file out_path, without a
 * window: the same drawing as live playback, software renderer. `flags`: enum
 * lb_snapshot_flags. Returns the exit status. */
int lb_player_snapshot(const struct lb_options *opts, const char *routine_path,
                       const char *assets_dir, const char *at, unsigned flags,
                       const char *out_path);

/* Carry out one key or controller press (exposed for the input tests). */
void lb_player_key(struct limber *l, SDL_Keycode key);

#endif
