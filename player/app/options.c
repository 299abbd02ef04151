/* Option parsing from one table, so `--help` and the parser cannot disagree. */
#include "options.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

enum kind { FLAG, INT, TEXT, SIZE, CHOICE, REAL };

struct option_def {
    const char *name;
    char short_name;
    enum kind kind;
    size_t offset;
    const char *arg;          /* the argument's name in --help */
    const char *help;
    const char *const *choices;
    int min, max;
    bool look;                /* changes what is seen or heard: `export` takes it too */
};

static const char *const renderer_choices[] = {"auto", "software", "accelerated", NULL};
static const char *const voice_choices[] = {"off", "on", NULL}; /* index = on */
static const char *const hwdec_choices[] = {"no", "auto", "vaapi", "v4l2m2m", "drm", NULL};
static const char *const sounds_choices[] = {"all", "coaching", "voice", NULL}; /* lb_sounds */

#define OFF(field) offsetof(struct lb_options, field)
static const struct option_def table[] = {
    {"fullscreen", 'f', FLAG, OFF(fullscreen), NULL, N_("start in fullscreen"), NULL, 0, 0, false},
    {"size", 0, SIZE, OFF(width), "WxH", N_("window size (default 1280x720)"), NULL, 0, 0, false},
    {"renderer", 0, CHOICE, OFF(renderer), "NAME",
     N_("auto, software or accelerated (default auto)"), renderer_choices, 0, 0, false},
    {"hwdec", 0, TEXT, OFF(hwdec), "API",
     N_("hardware decoding: no, auto, vaapi, v4l2m2m, drm (default no)"), hwdec_choices, 0, 0,
     false},
    {"autoexit", 0, FLAG, OFF(autoexit), NULL, N_("quit when the routine ends"), NULL, 0, 0, false},
    {"yes", 'y', FLAG, OFF(yes), NULL,
     N_("confirm the safety points and screening for the person (tests, kiosks)"), NULL, 0, 0,
     false},
    {"stats", 0, TEXT, OFF(stats_path), "FILE",
     N_("write playback statistics as JSON lines to FILE"), NULL, 0, 0, false},
    {"allow-any-path", 0, FLAG, OFF(allow_any_path), NULL,
     N_("let routines name clips outside their folder"), NULL, 0, 0, true},
    {"volume", 0, INT, OFF(volume), "N", N_("volume 0-100 (default 100)"), NULL, 0, 100, true},
    {"mute", 'm', FLAG, OFF(mute), NULL, N_("start muted"), NULL, 0, 0, true},
    {"voice", 0, CHOICE, OFF(voice), "on|off",
     N_("speak the coaching lines (default on); off: captions only"), voice_choices, 0, 0, true},
    {"sounds", 0, CHOICE, OFF(sounds), "WHICH",
     N_("all (default), coaching (no clip sound) or voice (the spoken lines alone)"),
     sounds_choices, 0, 0, true},
    {"font", 0, TEXT, OFF(font), "FILE", N_("font file (default: fontconfig's DejaVu Sans)"),
     NULL, 0, 0, true},
    {"language", 0, TEXT, OFF(language), "TAG",
     N_("Limber's own words in this language (de, fr, es, ...), not the routine's or yours"),
     NULL, 0, 0, true},
    {"text-scale", 0, REAL, OFF(text_scale), "X", N_("scale all text by X (default 1.0)"), NULL,
     0, 0, true},
    {"kiosk", 0, FLAG, OFF(kiosk), NULL,
     N_("fullscreen library without cursor; Q/Esc do not quit (hold Esc 3 s)"), NULL, 0, 0, false},
    {"import-from", 0, TEXT, OFF(import_from), "DIR",
     N_("list the bundles in DIR (a USB stick) in the library to add them"), NULL, 0, 0, false},
    {"audio-device", 0, TEXT, OFF(audio_device), "NAME",
     N_("play sound on this device (see --list-audio-devices)"), NULL, 0, 0, false},
    {"list-audio-devices", 0, FLAG, OFF(list_audio_devices), NULL,
     N_("print the audio devices' names and exit"), NULL, 0, 0, false},
    {"watch", 'w', FLAG, OFF(watch), NULL,
     N_("reload the routine when it or a clip is saved; errors on screen"), NULL, 0, 0, false},
    {"history", 0, TEXT, OFF(history_path), "FILE",
     N_("keep the history of sessions and pain in FILE (default\n"
     "                             ~/.local/share/limber/history.sqlite3)"), NULL, 0, 0, false},
    {"no-history", 0, FLAG, OFF(no_history), NULL, N_("record no history"), NULL, 0, 0, false},
    {"verbose", 'v', FLAG, OFF(verbose), NULL,
     N_("log details: renderer, font, clip resyncs, reloads"), NULL, 0, 0, false},
    {"help", 'h', FLAG, OFF(help), NULL, N_("show this help and exit"), NULL, 0, 0, false},
    {"version", 0, FLAG, OFF(version), NULL, N_("show the version and exit"), NULL, 0, 0, false},
};
#undef OFF
#define N_OPTIONS ((int)(sizeof(table) / sizeof(table[0])))

void lb_options_defaults(struct lb_options *o)
{
    *o = (struct lb_options){
        .width = 1280,
        .height = 720,
        .renderer = LB_RENDERER_AUTO,
        .hwdec = "no",
        .volume = 100,
        .voice = 1,
        .text_scale = 1.0,
    };
}

static int choice_index(const char *const *choices, const char *value)
{
    for (int i = 0; choices[i]; i++)
        if (!strcmp(choices[i], value))
            return i;
    return -1;
}

bool lb_options_size(const char *value, int *width, int *height)
{
    char *end = NULL;
    errno = 0;
    long w = strtol(value, &end, 10);
    long h = *end == 'x' ? strtol(end + 1, &end, 10) : -1;
    if (errno || *end || w < LB_SIZE_MIN || h < LB_SIZE_MIN || w > LB_SIZE_MAX_W ||
        h > LB_SIZE_MAX_H) {
        fprintf(stderr, _("limber: --size %s: give WIDTHxHEIGHT from %dx%d to %dx%d (8K), "
                          "e.g. 1920x1080\n"), value, LB_SIZE_MIN, LB_SIZE_MIN, LB_SIZE_MAX_W,
                LB_SIZE_MAX_H);
        return false;
    }
    *width = (int)w;
    *height = (int)h;
    return true;
}

static bool set_value(struct lb_options *o, const struct option_def *d, const char *value)
{
    char *base = (char *)o + d->offset;
    char *end = NULL;
    switch (d->kind) {
    case FLAG:
        *(bool *)base = true;
        return true;
    case TEXT:
        if (d->choices && choice_index(d->choices, value) < 0)
            break;
        *(const char **)base = value;
        return true;
    case CHOICE: {
        int i = choice_index(d->choices, value);
        if (i < 0)
            break;
        *(int *)base = i;
        return true;
    }
    case INT: {
        long v = strtol(value, &end, 10);
        if (!*value || *end || v < d->min || v > d->max)
            break;
        *(int *)base = (int)v;
        return true;
    }
    case REAL: {
        double v = strtod(value, &end);
        if (!*value || *end || !(v >= 0.25 && v <= 4.0))
            break;
        *(double *)base = v;
        return true;
    }
    case SIZE:
        return lb_options_size(value, &o->width, &o->height);
    }
    fprintf(stderr, "limber: bad value '%s' for --%s (%s)\n", value, d->name, _(d->help));
    return false;
}

/* Read the option at argv[*i] (and its value) into o, moving *i past them. Only options with
 * `look` when look_only. Returns 1 when read, 0 when argv[*i] is no such option (*i unmoved),
 * -1 after printing what is wrong with its value. */
static int parse_one(struct lb_options *o, int argc, char **argv, int *i, bool look_only)
{
    const char *arg = argv[*i];
    if (arg[0] != '-' || !arg[1])
        return 0;
    const struct option_def *d = NULL;
    const char *value = NULL;
    if (arg[1] == '-') {
        const char *eq = strchr(arg + 2, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        for (int k = 0; k < N_OPTIONS; k++)
            if (strlen(table[k].name) == len && !strncmp(table[k].name, arg + 2, len))
                d = &table[k];
        value = eq ? eq + 1 : NULL;
    } else if (!arg[2]) {
        for (int k = 0; k < N_OPTIONS; k++)
            if (table[k].short_name == arg[1])
                d = &table[k];
    }
    if (!d || (look_only && !d->look))
        return 0;
    int next = *i + 1;
    if (d->kind != FLAG && !value) {
        if (next >= argc) {
            fprintf(stderr, "limber: --%s needs a value (%s)\n", d->name, d->arg);
            return -1;
        }
        value = argv[next++];
    } else if (d->kind == FLAG && value) {
        fprintf(stderr, "limber: --%s takes no value\n", d->name);
        return -1;
    }
    if (!set_value(o, d, value))
        return -1;
    *i = next;
    return 1;
}

int lb_options_parse(struct lb_options *o, int argc, char **argv)
{
    int i = 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1]) {
        if (!strcmp(argv[i], "--"))
            return i + 1;
        int got = parse_one(o, argc, argv, &i, false);
        if (got == 0)
            fprintf(stderr, "limber: unknown option '%s'\nTry 'limber --help'.\n", argv[i]);
        if (got <= 0)
            return -1;
    }
    return i;
}

int lb_options_parse_look(struct lb_options *o, int argc, char **argv, int i)
{
    int at = i;
    int got = parse_one(o, argc, argv, &at, true);
    return got < 0 ? -1 : at - i;
}

void lb_options_print_help(FILE *out)
{
    for (int k = 0; k < N_OPTIONS; k++) {
        const struct option_def *d = &table[k];
        char left[64], flag[8] = "    ";
        if (d->short_name)
            snprintf(flag, sizeof(flag), "-%c, ", d->short_name);
        snprintf(left, sizeof(left), "%s--%s%s%s", flag, d->name, d->arg ? " " : "",
                 d->arg ? d->arg : "");
        fprintf(out, "  %-26s %s%s\n", left, d->help, d->look ? " [export too]" : "");
    }
}
