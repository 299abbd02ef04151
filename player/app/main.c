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
#include "bundle_routine.h"
#include "commands.h"
#include "clock.h"
#include "i18n.h"
#include "library.h"
#include "log.h"
#include "options.h"
#include "paths.h"
#include "player.h"

static void print_usage(FILE *out)
{
    fputs(_("Usage: limber [OPTION]... [ROUTINE.yaml | FOLDER]\n"), out);
    lb_subcommands_print_usage(out);
    fputs(_("Coach a stretch routine: instruction clips, timed cues, rep counters and "
            "warnings.\n"
            "\n"
            "Commands:\n"), out);
    lb_subcommands_print_help(out);
    fputs(_("\n"
            "Options:\n"), out);
    lb_options_print_help(out);
    /* TRANSLATORS: keep the lines under 80 columns. */
    fputs(_("\n"
            "Keys while playing: Space/K pause, Right/L next step, Left/J previous, R repeat\n"
            "the block, P \"this hurts\" (pain stop: S skip, E end, C continue), F fullscreen,\n"
            "M mute, 9/0 volume, Enter continue, H or ? all keys. Esc or Q in a routine\n"
            "pauses and asks \"Leave this routine?\" (Continue first; a second Esc or Q, or\n"
            "Enter on Leave, leaves to the end screen); elsewhere Esc goes back, Q quits.\n"
            "Game controller: A pause/choose, B back, Start continue, Back \"this hurts\",\n"
            "shoulders previous/next, Y/X yes/no, D-pad up/down in the library, Guide keys.\n"
            "TV remote and media keys: Select = Enter, Back = Esc, Play/Pause = Space,\n"
            "Next/Previous = Right/Left, Mute = M. Down (or P) is \"this hurts\"; on a screening\n"
            "question No is highlighted, an arrow picks Yes or No and Enter gives it; on the\n"
            "pain stop Up/Down pick and Enter chooses (skip is picked first: a 30 s rest, then\n"
            "the next step).\n"
            "--kiosk: Q does nothing, Esc in a routine asks as above; hold Esc 3 s to quit.\n"
            "\n"
            "With no ROUTINE, shows the library: the routines in Limber's routines/ folder and\n"
            "in $XDG_DATA_HOME/limber/routines (~/.local/share/limber/routines); with a FOLDER,\n"
            "the routines in it. Up/Down choose, Enter start, Esc quit; files with errors are\n"
            "listed with their first error. After a routine's end screen, Enter goes back.\n"
            "G (or the History row) shows your progress from the history.\n"
            "Pain check-ins (before a routine and at its end): 0-9 (1 then 0 is 10) or\n"
            "Left/Right pick, Enter confirms, S or Enter with nothing picked skips. On the\n"
            "start screen, S or an arrow skips the step that hurt last time.\n"
            "Exit status: 0 when all went well, 1 when a routine file has errors or nothing\n"
            "can be shown, 2 on wrong usage.\n"), out);
}

/* Limber's data folder (holding routines/ and assets/): $LIMBER_DATA, the installed
 * share/limber, or the source tree when run from a build folder. */
static const char *find_data(char *buf, size_t size)
{
    const char *env = getenv("LIMBER_DATA");
    if (env && access(env, R_OK) == 0)
        return snprintf(buf, size, "%s", env), buf;
    if (lb_path_beside_exe("../share/limber", buf, size))
        return buf;
    snprintf(buf, size, "%s", LIMBER_SOURCE_DIR);
    return access(buf, R_OK) == 0 ? buf : NULL;
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
    lb_i18n_init(opts.language);
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
    struct lb_command_ctx ctx = {.opts = &opts, .data_dir = data_dir,
                                 .assets_dir = assets_dir, .start_ms = start_ms};
    const struct lb_subcommand *command = i < argc ? lb_subcommand_find(argv[i]) : NULL;
    if (command)
        return command->run(&ctx, argc - i - 1, argv + i + 1);
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
    if (opts.watch && routine && lb_bundle_is_path(routine)) {
        fprintf(stderr, "limber: --watch is for routine files; a bundle (.limber) is played "
                "as it is\n");
        return 2;
    }
    if (!routine || folder) {
        char folders[2][LB_LIBRARY_PATH_MAX];
        int n = lb_library_default_folders(routine, data_dir, folders);
        const char *list[2] = {folders[0], folders[1]};
        return lb_player_library(&opts, list, n, assets_dir, start_ms);
    }
    return lb_player_run(&opts, routine, assets_dir, start_ms);
}
