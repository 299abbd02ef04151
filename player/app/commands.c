/* The table of subcommands: name, function and --help text, in the order --help lists them. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

static const struct lb_subcommand table[] = {
    {"check", lb_cmd_check,
     N_("       limber check [--strict] [--allow-any-path] FILE...\n"),
     N_("  check FILE...        check routine files and open their clips; every problem as\n"
     "                       file:line:col; --strict: warnings fail the check too\n")},
    {"plan", lb_cmd_plan,
     N_("       limber plan [--json] FILE\n"),
     N_("  plan FILE            print the routine's timeline and total time\n"
     "  plan --json FILE     the same as JSON\n")},
    {"snapshot", lb_cmd_snapshot,
     N_("       limber snapshot ROUTINE [--at TIME] [--pain] [--pain-skip] [--pain-end]\n"
     "                       [--leave] [--keys] [-o FILE]\n"
     "       limber snapshot --library [FOLDER] [-o FILE]\n"
     "       limber snapshot --progress [--history FILE] [--today DATE] [-o FILE]\n"),
     N_("  snapshot ROUTINE [--at TIME] [--size WxH] [-o FILE]\n"
     "                       render what the screen shows at TIME (a time in the routine\n"
     "                       before its end, as 1:30, 90s or 2 min; or start, screening,\n"
     "                       screening:N (question N; question is screening:1),\n"
     "                       screening-stop, end) to a PNG file, without a window;\n"
     "                       --pain: the pain-stop screen at TIME (with end: the first\n"
     "                       exercise stopped for pain and skipped); --pain-skip: the\n"
     "                       rest after skipping; --pain-end (with end): the end screen\n"
     "                       after ending from the pain stop; --leave: \"Leave this\n"
     "                       routine?\" (with end: the end screen after leaving);\n"
     "                       --keys: the keys overlay\n"
     "  snapshot --library [FOLDER]  the routine library (of FOLDER) as a PNG file\n"
     "  snapshot --progress [--history FILE] [--today DATE]\n"
     "                       the progress screen (the last 8 weeks up to DATE) as a PNG\n")},
    {"export", lb_cmd_export,
     N_("       limber export ROUTINE [-o FILE.mp4] [--size WxH] [--fps N] [OPTIONS]\n"),
     N_("  export ROUTINE [-o FILE.mp4] [--size WxH] [--fps N] [--crf N] [--preset NAME]\n"
     "         [--info-time TIME]\n"
     "                       the whole routine as it plays (clips, every overlay, voice,\n"
     "                       beeps) in one MP4 for a TV: H.264 + AAC, a chapter per\n"
     "                       step; default 1920x1080, 30 fps, crf 20, preset veryfast;\n"
     "                       info cards that wait stay --info-time (default 10s); the\n"
     "                       options marked [export too] below work here as well\n"
     "                       (e.g. --voice off: no spoken lines)\n")},
    {"history", lb_cmd_history,
     N_("       limber history [--json | --csv] [--since DATE] [--routine TITLE]\n"
     "       limber history --forget [--yes]\n"),
     N_("  history [--json | --csv] [--since DATE] [--routine TITLE] [--history FILE]\n"
     "                       the sessions recorded: date, routine, how it ended, time\n"
     "                       moving, pain before -> after, blocks done/skipped/hurt;\n"
     "                       --json every block and pain stop (docs/history.md), --csv\n"
     "                       one row per session; --forget [--yes] deletes them all\n")},
    {"pack", lb_cmd_pack,
     N_("       limber pack ROUTINE.yaml [-o FILE.limber]\n"),
     N_("  pack ROUTINE.yaml [-o FILE.limber]\n"
     "                       one bundle file holding the routine and exactly the files it\n"
     "                       names, to hand to someone; checked first (errors: nothing\n"
     "                       packed); every command that takes a routine takes a bundle\n")},
    {"import", lb_cmd_import,
     N_("       limber import FILE.limber [--replace]\n"),
     N_("  import FILE.limber [--replace]\n"
     "                       copy a checked bundle into your routines folder\n"
     "                       ($XDG_DATA_HOME/limber/routines), where the library lists it;\n"
     "                       asks before replacing a routine of the same title\n")},
    {"print", lb_cmd_print,
     N_("       limber print ROUTINE [-o FILE.pdf] [--paper a4|letter]\n"),
     N_("  print ROUTINE [-o FILE.pdf] [--paper a4|letter]\n"
     "                       a handout to print and give to a patient (PDF): safety points,\n"
     "                       screening, each step with pictures from its clip, its dosage,\n"
     "                       instructions, cues and warning; default A4\n")},
};
#define N_COMMANDS ((int)(sizeof(table) / sizeof(table[0])))

const struct lb_subcommand *lb_subcommand_find(const char *name)
{
    for (int i = 0; i < N_COMMANDS; i++)
        if (!strcmp(table[i].name, name))
            return &table[i];
    return NULL;
}

void lb_subcommands_print_usage(FILE *out)
{
    for (int i = 0; i < N_COMMANDS; i++)
        fputs(_(table[i].usage), out);
}

void lb_subcommands_print_help(FILE *out)
{
    for (int i = 0; i < N_COMMANDS; i++)
        fputs(_(table[i].help), out);
}

void lb_command_default_out(const char *file, const char *ext, char *out, size_t size)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    const char *dot = strrchr(base, '.');
    snprintf(out, size, "%.*s%s", dot ? (int)(dot - base) : (int)strlen(base), base, ext);
}

struct lb_load_options lb_command_load_options(const struct lb_command_ctx *ctx)
{
    return (struct lb_load_options){
        .assets_dir = ctx->assets_dir,
        .allow_any_path = ctx->opts->allow_any_path,
        .check_files = true,
    };
}
