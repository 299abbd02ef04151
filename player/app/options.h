/* The player's options: one table (name, argument, default, help) bound to struct lb_options. */
#ifndef LB_OPTIONS_H
#define LB_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "renderer_choice.h"

/* What is heard (--sounds): everything, the coaching sounds without the clips' own, or the
 * spoken lines alone (a voice-only render to measure where the speech is). */
enum lb_sounds {
    LB_SOUNDS_ALL,
    LB_SOUNDS_COACHING,
    LB_SOUNDS_VOICE,
};

struct lb_options {
    bool fullscreen;
    int width;                /* window size */
    int height;
    int renderer;             /* enum lb_renderer_choice */
    const char *hwdec;        /* "no", "auto", "vaapi", "v4l2m2m", "drm" */
    bool autoexit;            /* quit when the routine ends */
    bool yes;                 /* answer the start screen and screening for the person */
    const char *stats_path;   /* JSON lines of playback statistics, or NULL */
    bool allow_any_path;      /* clips may be outside the routine's folder */
    int volume;               /* 0..100 */
    bool mute;
    int voice;                /* --voice: 1 on (spoken lines), 0 off (captions only) */
    int sounds;               /* --sounds: enum lb_sounds, what the soundtrack carries */
    const char *font;         /* a font file, or NULL for fontconfig's choice */
    const char *language;     /* --language: Limber's words in this language, or NULL */
    double text_scale;
    bool kiosk;               /* fullscreen library, no cursor, Q/Esc do not quit */
    const char *import_from;  /* --import-from: a folder (a USB stick) whose bundles the library
                               * lists under "Add from USB stick", or NULL */
    const char *audio_device; /* an SDL audio device name, or NULL for the default */
    bool list_audio_devices;
    bool watch;               /* reload the routine when it or a clip changes */
    const char *history_path; /* --history: the history database, or NULL for the default */
    bool no_history;          /* --no-history: record nothing, show no history */
    bool verbose;             /* log the details (lb_log_info) too */
    bool help;
    bool version;
};

/* Fill in the defaults. */
void lb_options_defaults(struct lb_options *o);

/* Parse the options in argv[1..] up to the first non-option (a subcommand or the routine);
 * returns the index of that argument (argc when none), or -1 after printing the problem to
 * stderr. Strings point into argv. */
int lb_options_parse(struct lb_options *o, int argc, char **argv);

/* One of the player's options that change what is seen or heard (--voice, --font,
 * --language, --text-scale, --volume, --mute, --allow-any-path; "[export too]" in --help) at
 * argv[i], for commands that take them after their own arguments (export): reads it and its
 * value into o and returns how many arguments it took (1 or 2); 0 when argv[i] is not one of
 * them; -1 after printing what is wrong with its value. */
int lb_options_parse_look(struct lb_options *o, int argc, char **argv, int i);

/* The sizes --size takes (window, snapshot, export): 64x64 up to 8K UHD. */
#define LB_SIZE_MIN 64
#define LB_SIZE_MAX_W 7680
#define LB_SIZE_MAX_H 4320

/* Parse "WIDTHxHEIGHT" within those limits into *width and *height; otherwise print why, with
 * the limits, to stderr and return false (the sizes are left alone). */
bool lb_options_size(const char *value, int *width, int *height);

/* Print the option list, one line each, as `limber --help` shows it. */
void lb_options_print_help(FILE *out);

#endif
