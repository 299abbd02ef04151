/* limber: the entry point. Parses the options and runs a subcommand or the player. */
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio_out.h"
#include "cli.h"
#include "duration.h"
#include "export.h"
#include "clock.h"
#include "library.h"
#include "log.h"
#include "options.h"
#include "player.h"

static void print_usage(FILE *out)
{
    fputs("Usage: limber [OPTION]... [ROUTINE.yaml | FOLDER]\n"
          "       limber check FILE...\n"
          "       limber plan [--json] FILE\n"
          "       limber snapshot ROUTINE [--at TIME] [--pain] [--keys] [-o FILE]\n"
          "       limber snapshot --library [FOLDER] [-o FILE]\n"
          "       limber export ROUTINE [-o FILE.mp4] [--size WxH] [--fps N]\n"
          "Coach a stretch routine: instruction clips, timed cues, rep counters and "
          "warnings.\n"
          "\n"
          "Commands:\n"
          "  check FILE...        check routine files; every problem as file:line:col\n"
          "  plan FILE            print the routine's timeline and total time\n"
          "  plan --json FILE     the same as JSON\n"
          "  snapshot ROUTINE [--at TIME] [--size WxH] [-o FILE]\n"
          "                       render what the screen shows at TIME (or start,\n"
          "                       screening-stop, end) to a PNG file, without a window;\n"
          "                       --pain: the pain-stop screen at TIME (with end: the first\n"
          "                       exercise stopped for pain); --keys: the keys overlay\n"
          "  snapshot --library [FOLDER]  the routine library (of FOLDER) as a PNG file\n"
          "  export ROUTINE [-o FILE.mp4] [--size WxH] [--fps N] [--crf N] [--preset NAME]\n"
          "         [--info-time TIME]\n"
          "                       the whole routine as it plays (clips, every overlay, voice,\n"
          "                       beeps) in one MP4 for a TV: H.264 + AAC, a chapter per\n"
          "                       step; default 1920x1080, 30 fps, crf 20, preset veryfast;\n"
          "                       info cards that wait stay --info-time (default 10s)\n"
          "\n"
          "Options:\n", out);
    lb_options_print_help(out);
    fputs("\n"
          "Keys while playing: Space/K pause, Right/L next step, Left/J previous, R repeat\n"
          "the block, P \"this hurts\" (pain stop: S skip, E end, C continue), F fullscreen,\n"
          "M mute, 9/0 volume, Enter continue, H or ? all keys, Esc back, Q quit.\n"
          "Game controller: A pause/choose, B back, Start continue, Back \"this hurts\",\n"
          "shoulders previous/next, Y/X yes/no, D-pad up/down in the library, Guide keys.\n"
          "TV remote and media keys: Select = Enter, Back = Esc, Play/Pause = Space,\n"
          "Next/Previous = Right/Left, Mute = M. Down (or P) is \"this hurts\"; on a screening\n"
          "question an arrow picks Yes or No and Enter gives it; on the pain stop Up/Down pick\n"
          "and Enter chooses (skip is picked first). --kiosk: Esc goes back to the library;\n"
          "hold Esc for 3 s to quit.\n"
          "\n"
          "With no ROUTINE, shows the library: the routines in Limber's routines/ folder and\n"
          "in $XDG_DATA_HOME/limber/routines (~/.local/share/limber/routines); with a FOLDER,\n"
          "the routines in it. Up/Down choose, Enter start, Esc quit; files with errors are\n"
          "listed with their first error. After a routine's end screen, Enter goes back.\n"
          "Exit status: 0 when all went well, 1 when a routine file has errors or nothing\n"
          "can be shown, 2 on wrong usage.\n", out);
}

/* Limber's data folder (holding routines/ and assets/): $LIMBER_DATA, the installed
 * share/limber, or the source tree when run from a build folder. */
static const char *find_data(char *buf, size_t size)
{
    const char *env = getenv("LIMBER_DATA");
    if (env && access(env, R_OK) == 0)
        return snprintf(buf, size, "%s", env), buf;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            int len = snprintf(buf, size, "%s/../share/limber", exe);
            if (len > 0 && (size_t)len < size && access(buf, R_OK) == 0)
                return buf;
        }
    }
    snprintf(buf, size, "%s", LIMBER_SOURCE_DIR);
    return access(buf, R_OK) == 0 ? buf : NULL;
}

/* The library's folders: `folder` when given, else Limber's routines/ and the person's
 * $XDG_DATA_HOME/limber/routines (~/.local/share/limber/routines). Returns how many. */
static int library_folders(const char *folder, const char *data_dir,
                           char folders[2][PATH_MAX + 64])
{
    if (folder) {
        snprintf(folders[0], PATH_MAX + 64, "%s", folder);
        return 1;
    }
    int n = 0;
    if (data_dir)
        snprintf(folders[n++], PATH_MAX + 64, "%s/routines", data_dir);
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(folders[n++], PATH_MAX + 64, "%s/limber/routines", xdg);
    else if (home && home[0])
        snprintf(folders[n++], PATH_MAX + 64, "%s/.local/share/limber/routines", home);
    return n;
}

/* `limber snapshot --library [FOLDER]`. */
static int library_snapshot(const struct lb_options *opts, const char *folder,
                            const char *data_dir, const char *assets_dir, const char *out)
{
    char folders[2][PATH_MAX + 64];
    int n = library_folders(folder, data_dir, folders);
    const char *list[2] = {folders[0], folders[1]};
    struct lb_library lib;
    int status = 1;
    if (lb_library_init(&lib, list, n, assets_dir, opts->allow_any_path))
        status = lb_library_snapshot(&lib, opts, out);
    lb_library_destroy(&lib);
    return status;
}

#define EXPORT_USAGE "usage: limber export ROUTINE [-o FILE.mp4] [--size WxH] [--fps N] " \
                     "[--crf N] [--preset NAME] [--info-time TIME]\n"

/* `limber export ROUTINE ...`: the player's options (--voice, --text-scale) go before it. */
static int export_command(struct lb_options *opts, int argc, char **argv, const char *assets)
{
    struct lb_export_options x = {.fps = 30, .crf = 20, .preset = "veryfast",
                                  .info_ms = 10000};
    const char *file = NULL;
    char out[PATH_MAX];
    opts->width = 1920;
    opts->height = 1080;
    for (int k = 0; k < argc; k++) {
        const char *a = argv[k], *v = k + 1 < argc ? argv[k + 1] : NULL;
        char why[128];
        bool ok = true;
        if (!strcmp(a, "-o") && v)
            x.out = v;
        else if (!strcmp(a, "--size") && v)
            ok = sscanf(v, "%dx%d", &opts->width, &opts->height) == 2 && opts->width >= 64 &&
                 opts->height >= 64 && opts->width <= 7680 && opts->height <= 4320;
        else if (!strcmp(a, "--fps") && v)
            ok = (x.fps = atoi(v)) >= 1 && x.fps <= 120;
        else if (!strcmp(a, "--crf") && v)
            ok = (x.crf = atoi(v)) >= 0 && x.crf <= 51;
        else if (!strcmp(a, "--preset") && v)
            x.preset = v;
        else if (!strcmp(a, "--info-time") && v)
            ok = lb_duration_parse(v, false, &x.info_ms, why, sizeof(why)) && x.info_ms > 0;
        else if (!strcmp(a, "--allow-any-path"))
            opts->allow_any_path = true, v = NULL;
        else if (!file && a[0] != '-')
            file = a, v = NULL;
        else
            ok = false, v = NULL;
        if (!ok) {
            fprintf(stderr, "limber export: bad argument '%s%s%s'\n" EXPORT_USAGE, a,
                    v ? " " : "", v ? v : "");
            return 2;
        }
        if (v)
            k++;
    }
    if (!file) {
        fputs(EXPORT_USAGE, stderr);
        return 2;
    }
    if (!x.out) { /* beside where it is run: the routine's name with .mp4 */
        const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
        const char *dot = strrchr(base, '.');
        snprintf(out, sizeof(out), "%.*s.mp4", dot ? (int)(dot - base) : (int)strlen(base), base);
        x.out = out;
    }
    return lb_player_export(opts, file, assets, &x);
}

/* glibc gives each thread that allocates its own malloc arena, and a clip has several threads
 * (demux, decoders, FFmpeg's frame threads): freed frames stayed in those arenas, and a
 * routine's memory grew by about 13 MB at every block whose clip opened (138 MB after three
 * blocks, measured; 106 MB with this). Two arenas, and frame-sized blocks from mmap so they go
 * back to the system when freed. MALLOC_ARENA_MAX or MALLOC_MMAP_THRESHOLD_ in the
 * environment still win. */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    if (!getenv("MALLOC_ARENA_MAX"))
        mallopt(M_ARENA_MAX, 2);
    if (!getenv("MALLOC_MMAP_THRESHOLD_"))
        mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

int main(int argc, char **argv)
{
    tune_malloc();
    double start_ms = lb_now_ms_f();
    struct lb_options opts;
    lb_options_defaults(&opts);
    int i = lb_options_parse(&opts, argc, argv);
    if (i < 0)
        return 2;
    lb_log_set_verbose(opts.verbose);
    if (opts.help) {
        print_usage(stdout);
        return 0;
    }
    if (opts.version) {
        printf("limber %s\nLicense GPL-3.0-or-later: GNU GPL version 3 or later.\n"
               "This is free software: you are free to change and redistribute it.\n",
               LIMBER_VERSION);
        return 0;
    }
    if (opts.list_audio_devices)
        return lb_audio_out_list_devices(stdout);
    char data[PATH_MAX], assets[PATH_MAX + 16];
    const char *data_dir = find_data(data, sizeof(data));
    const char *assets_dir = NULL;
    if (data_dir) {
        snprintf(assets, sizeof(assets), "%s/assets", data_dir);
        assets_dir = assets;
    }
    struct lb_cli_paths paths = {.assets_dir = assets_dir,
                                 .allow_any_path = opts.allow_any_path};
    if (i < argc && !strcmp(argv[i], "check"))
        return lb_cli_check(argc - i - 1, argv + i + 1, &paths);
    if (i < argc && !strcmp(argv[i], "plan"))
        return lb_cli_plan(argc - i - 1, argv + i + 1, &paths);
    if (i < argc && !strcmp(argv[i], "snapshot")) {
        /* limber snapshot ROUTINE --at TIME [-o FILE]; the player's options go before it. */
        const char *file = NULL, *at = "0", *out = "snapshot.png";
        unsigned flags = 0;
        bool library = false;
        for (int k = i + 1; k < argc; k++) {
            if (!strcmp(argv[k], "--pain"))
                flags |= LB_SNAPSHOT_PAIN;
            else if (!strcmp(argv[k], "--keys"))
                flags |= LB_SNAPSHOT_HELP;
            else if (!strcmp(argv[k], "--library"))
                library = true;
            else if (!strcmp(argv[k], "--at") && k + 1 < argc)
                at = argv[++k];
            else if (!strcmp(argv[k], "-o") && k + 1 < argc)
                out = argv[++k];
            else if (!strcmp(argv[k], "--size") && k + 1 < argc &&
                     sscanf(argv[k + 1], "%dx%d", &opts.width, &opts.height) == 2)
                k++;
            else if (!strcmp(argv[k], "--allow-any-path"))
                opts.allow_any_path = true;
            else if (!file && argv[k][0] != '-')
                file = argv[k];
            else {
                fprintf(stderr, "usage: limber snapshot ROUTINE [--at TIME] [--size WxH] "
                        "[-o FILE]\n");
                return 2;
            }
        }
        if (library)
            return library_snapshot(&opts, file, data_dir, assets_dir, out);
        if (!file) {
            fprintf(stderr, "usage: limber snapshot ROUTINE [--at TIME] [--size WxH] "
                    "[-o FILE]\n");
            return 2;
        }
        return lb_player_snapshot(&opts, file, assets_dir, at, flags, out);
    }
    if (i < argc && !strcmp(argv[i], "export"))
        return export_command(&opts, argc - i - 1, argv + i + 1, assets_dir);
    const char *routine = i < argc ? argv[i] : NULL;
    if (i + 1 < argc) {
        fprintf(stderr, "limber: one routine at a time ('%s' is one too many)\n", argv[i + 1]);
        return 2;
    }
    struct stat info;
    bool folder = routine && stat(routine, &info) == 0 && S_ISDIR(info.st_mode);
    if (opts.kiosk) {
        if (routine && !folder) {
            fprintf(stderr, "limber: --kiosk shows the routine library: give a FOLDER of "
                    "routines, or nothing for the bundled ones and your own\n");
            return 2;
        }
        opts.fullscreen = true;
        opts.watch = false;
    }
    if (!routine || folder) {
        char folders[2][PATH_MAX + 64];
        int n = library_folders(routine, data_dir, folders);
        const char *list[2] = {folders[0], folders[1]};
        return lb_player_library(&opts, list, n, assets_dir, start_ms);
    }
    return lb_player_run(&opts, routine, assets_dir, start_ms);
}
