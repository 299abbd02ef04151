/* Playback statistics for --stats: frames, drops, lateness, A/V offset, transition gaps, peak
 * memory; written as JSON lines. Main thread only. */
#ifndef LB_STATS_H
#define LB_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define LB_STATS_MAX_SAMPLES 200000

struct lb_stats {
    FILE *out;                    /* NULL: collect nothing */
    int64_t frames_presented;     /* clip frames shown */
    int64_t frames_dropped;       /* decoded frames skipped because their time had passed */
    int64_t frames_late;          /* shown more than one frame interval after they were due */
    int64_t first_frame_ms;       /* process start to the first clip frame shown; -1 = none */
    int64_t first_draw_ms;        /* process start to the first picture of any kind */
    int transitions;
    double worst_gap_ms;
    float *av_offsets;            /* ms, one per frame shown while clip audio played */
    int n_av;
    int64_t commands[16];         /* how often each enum lb_command was given */
    int clip_resyncs;             /* a clip's sound had drifted from the routine clock: both
                                   * started again where the routine is */
    int sound_resyncs;            /* the mixer's jumps (a stalled device) written so far */
    double audio_clock_last_ms;   /* when the last audio_clock line was written */
    int mixer_resyncs_seen;       /* the current mixer's count at the last look (a reload
                                   * makes a new mixer, counting from 0) */
    /* The cues on screen at the last lb_stats_cues, to write a line only for new ones. */
    int cue_step;
    int cues_shown[8];
    double cues_planned_s[8];    /* when each was planned: a cue shown again in the next rep
                                  * is another showing */
    int n_cues_shown;
    /* The screen being drawn (lb_stats_drawn): its name (NULL: none yet) and step, how often it
     * was drawn, the full-screen shades blended for it and the draws that copied a kept
     * backdrop instead. */
    const char *drawn_screen;
    int drawn_step;
    int64_t draws, shades, reuses;
    double screen_first_ms;       /* how long its first draw took (drawn and presented) */
    float again_ms[64];           /* and its next 64 draws */
};

/* The cues shown now (indices into step's cues; n at most 8): one "cue" line for each that
 * was not shown at the last call, with when it appeared (at_s) and when the plan has it
 * (planned_s[i]), both on the routine clock. */
void lb_stats_cues(struct lb_stats *st, int step, const int *cues, int n,
                   const double *planned_s, double at_s);

/* A spoken line as it starts (written by export, where the voice bank has every line): at_s
 * in the file, routine_s on the routine clock, length_s as the voice bank made it. */
void lb_stats_line(struct lb_stats *st, const char *text, double at_s, double routine_s,
                   double length_s);

/* A jump back onto the routine clock at routine time at_s: what = "clip" (the clip's sound and
 * picture, counted in clip_resyncs) or "sound" (the mixer, after the device stalled). */
void lb_stats_resync(struct lb_stats *st, const char *what, double at_s);

/* Where the audio device's stream is against the routine clock: device_frame frames handed
 * out so far, the next being routine frame routine_frame (tests map a recorded stream back onto
 * the routine with these, whatever speed the drift correction read it at). */
void lb_stats_audio_clock(struct lb_stats *st, int64_t device_frame, int64_t routine_frame);

/* Start collecting; writes to `path` (NULL: collect nothing). Returns false when the file
 * cannot be opened (logged). */
bool lb_stats_open(struct lb_stats *st, const char *path);

/* A step change or loop seam: the first frame of the new block or pass was shown `late_ms`
 * after it was due; frame_interval_ms is the clip's. Writes one line. */
void lb_stats_transition(struct lb_stats *st, const char *kind, double at_s, int step,
                         double late_ms, double frame_interval_ms);

/* A screen was presented (its name: "start", "exercise", "pain", "end", ...) for `step`
 * (1-based, 0 for none), `at_s` seconds after the process started. Written at once, so a test
 * can wait for it. */
void lb_stats_screen(struct lb_stats *st, const char *screen, int step, double at_s);

/* One presented draw of `screen` for `step` (as lb_stats_screen) that took `ms`, blended
 * `shades` full-screen shades and, when `reused`, drew a shaded screen's kept backdrop. When
 * the screen is another than the last draw's, a "drawn" line is written for the last one
 * first: how often it was drawn, with how many shades and reuses, how long its first draw took
 * and the median of the others (lb_stats_close writes the last). */
void lb_stats_drawn(struct lb_stats *st, const char *screen, int step, int64_t shades,
                    bool reused, double ms);

/* --watch loaded the routine file again: `ok` (else the number of error lines), the routine
 * time before and after, `at_s` seconds after the process started. Written at once. */
void lb_stats_reload(struct lb_stats *st, bool ok, int errors, double from_s, double to_s,
                     double at_s);

/* A block ended (`result`: done, skipped, pain) at ended_s and was in the history (committed,
 * or the history given up) at recorded_s, seconds after the process started. Written at once:
 * a test that kills the player finds each of these in the history. */
void lb_stats_block(struct lb_stats *st, int step, int set, const char *side,
                    const char *result, double ended_s, double recorded_s);

/* A spoken line was heard (the mixer played its start with its sound): its words, the voice
 * that said them (the voice bank's: "de", "en"; "" for a recording), at routine time
 * routine_s (before 0: an opening card) and at_s seconds after the process started. Written
 * at once. */
void lb_stats_spoken(struct lb_stats *st, const char *text, const char *voice, double routine_s,
                     double at_s);

void lb_stats_av_offset(struct lb_stats *st, double ms);

/* Write the summary line (with `extra`, a JSON fragment of more fields, or NULL) and close. */
void lb_stats_close(struct lb_stats *st, const char *extra);

/* Peak resident memory of the process in MiB. */
double lb_stats_peak_rss_mb(void);

#endif
