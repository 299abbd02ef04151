/* `limber import FILE.limber [--replace]`: a checked bundle copied into the person's routines
 * folder ($XDG_DATA_HOME/limber/routines), where the library lists it; asks before replacing
 * a routine of the same title. */
#include "commands.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bundle_import.h"
#include "bundle_routine.h"
#include "i18n.h"
#include "library.h"

#define IMPORT_USAGE "usage: limber import FILE.limber [--replace]\n"

/* Ask on the terminal; no terminal: no. */
static bool ask_replace(const struct lb_import *im)
{
    if (!isatty(STDIN_FILENO))
        return false;
    printf(_("A routine called '%s' is already there (%s). Replace it? [y/N] "), im->title,
           im->existing);
    fflush(stdout);
    char answer[16];
    if (!fgets(answer, sizeof(answer), stdin))
        return false;
    return answer[0] == 'y' || answer[0] == 'Y';
}

int lb_cmd_import(struct lb_command_ctx *ctx, int argc, char **argv)
{
    const char *file = NULL;
    bool replace = false;
    for (int k = 0; k < argc; k++) {
        if (!strcmp(argv[k], "--replace"))
            replace = true;
        else if (!file && argv[k][0] != '-')
            file = argv[k];
        else {
            fputs(IMPORT_USAGE, stderr);
            return 2;
        }
    }
    if (!file) {
        fputs(IMPORT_USAGE, stderr);
        return 2;
    }
    if (!lb_bundle_is_path(file)) {
        fprintf(stderr, _("limber import: '%s' is not a bundle (.limber); make one with "
                          "'limber pack'\n"), file);
        return 2;
    }
    char folders[2][LB_LIBRARY_PATH_MAX];
    if (lb_library_default_folders(NULL, NULL, folders) < 1) {
        fprintf(stderr, _("limber import: no folder for routines: set HOME or "
                          "XDG_DATA_HOME\n"));
        return 1;
    }
    struct lb_load_options opts = lb_command_load_options(ctx);
    struct lb_diags diags;
    lb_diags_init(&diags, file);
    struct lb_import im;
    enum lb_import_status status = lb_bundle_import(file, folders[0], replace, &opts, &diags,
                                                    &im);
    if (status == LB_IMPORT_EXISTS && ask_replace(&im)) {
        lb_diags_destroy(&diags);
        lb_diags_init(&diags, file);
        status = lb_bundle_import(file, folders[0], true, &opts, &diags, &im);
    }
    lb_diags_print(&diags, stderr);
    lb_diags_destroy(&diags);
    switch (status) {
    case LB_IMPORT_DONE:
        printf(_("%s: '%s' imported into %s\n"), file, im.title, im.dest);
        return 0;
    case LB_IMPORT_EXISTS:
        fprintf(stderr, _("limber import: a routine called '%s' is already there (%s); nothing "
                          "was imported (--replace replaces it)\n"), im.title, im.existing);
        return 1;
    case LB_IMPORT_REFUSED:
        fprintf(stderr, _("limber import: %s cannot be used; nothing was imported\n"), file);
        return 1;
    default:
        fprintf(stderr, _("limber import: %s; nothing was imported\n"), im.err);
        return 1;
    }
}
