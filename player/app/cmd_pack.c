/* `limber pack ROUTINE.yaml [-o FILE.limber]`: the routine and exactly the files it names, in
 * one bundle to hand to someone else. Checked first; written to FILE.part and renamed. */
#include "commands.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libavutil/log.h>

#include "bundle.h"
#include "bundle_routine.h"
#include "check_media.h"
#include "clip_path.h"
#include "diag.h"
#include "duration.h"
#include "i18n.h"

#define PACK_USAGE "usage: limber pack ROUTINE.yaml [-o FILE.limber]\n"

/* One file the routine names, and every way the routine writes it. */
struct packed_file {
    char *path;            /* resolved, on disk */
    char name[LB_BUNDLE_NAME_MAX + 1];
    const char *written[8];
    int n_written;
};

/* What loading the routine found it names (the loader's lookup hook records each path). */
struct pack {
    const struct lb_load_options *opts;
    const char *dir;       /* the routine's folder */
    struct packed_file files[LB_BUNDLE_MAX_MEMBERS];
    int n_files;
    char *written[4 * LB_BUNDLE_MAX_MEMBERS];
    int n_written;
};

static char *record(void *ctx, const char *written, char *why, size_t why_size)
{
    struct pack *p = ctx;
    char *path = lb_clip_path_resolve(p->dir, written, p->opts->assets_dir,
                                      p->opts->allow_any_path, true, why, why_size);
    if (!path)
        return NULL;
    struct packed_file *f = NULL;
    for (int i = 0; i < p->n_files && !f; i++)
        if (!strcmp(p->files[i].path, path))
            f = &p->files[i];
    if (!f && p->n_files < LB_BUNDLE_MAX_MEMBERS - 2) {
        f = &p->files[p->n_files++];
        f->path = strdup(path);
    }
    if (!f || !f->path || p->n_written == 4 * LB_BUNDLE_MAX_MEMBERS) {
        snprintf(why, why_size, "%s", _("is one file too many for a bundle"));
        free(path);
        return NULL;
    }
    bool known = false;
    for (int i = 0; i < f->n_written; i++)
        known |= !strcmp(f->written[i], written);
    if (!known && f->n_written < 8 && (p->written[p->n_written] = strdup(written)))
        f->written[f->n_written++] = p->written[p->n_written++];
    return path;
}

/* The member name of each file: its path from the routine's folder when it is inside it, else
 * its folder's name and its own ("../assets/clips/x.mp4" -> "clips/x.mp4"), made unique. */
static bool name_files(struct pack *p, const char *routine_name, char *err, size_t err_size)
{
    char dir[PATH_MAX];
    if (!realpath(p->dir, dir))
        snprintf(dir, sizeof(dir), "%s", p->dir);
    size_t n = strlen(dir);
    for (int i = 0; i < p->n_files; i++) {
        struct packed_file *f = &p->files[i];
        char real[PATH_MAX], base[LB_BUNDLE_NAME_MAX + 1];
        if (!realpath(f->path, real))
            snprintf(real, sizeof(real), "%s", f->path);
        if (!strncmp(real, dir, n) && real[n] == '/') {
            snprintf(base, sizeof(base), "%s", real + n + 1);
        } else {
            char *last = strrchr(real, '/');
            *last = '\0';
            char *parent = strrchr(real, '/');
            snprintf(base, sizeof(base), "%s/%s", parent && parent[1] ? parent + 1 : "files",
                     last + 1);
        }
        char why[64];
        if (!lb_bundle_name_ok(base, why, sizeof(why))) {
            snprintf(err, err_size, _("cannot store '%s' in a bundle: its name %s"), f->path,
                     why);
            return false;
        }
        snprintf(f->name, sizeof(f->name), "%s", base);
        for (int k = 2;; k++) {
            bool taken = !strcmp(f->name, routine_name) || !strcmp(f->name, LB_BUNDLE_MANIFEST);
            for (int j = 0; j < i && !taken; j++)
                taken = !strcmp(p->files[j].name, f->name);
            if (!taken)
                break;
            const char *dot = strrchr(base, '.');
            int stem = dot && !strchr(dot, '/') ? (int)(dot - base) : (int)strlen(base);
            snprintf(f->name, sizeof(f->name), "%.*s-%d%s", stem, base, k, base + stem);
        }
    }
    return true;
}

/* out must not be the routine or one of its files: it is replaced. */
static bool out_is_input(const char *out, const char *routine, const struct pack *p)
{
    struct stat o, st;
    if (stat(out, &o) != 0)
        return false;
    if (stat(routine, &st) == 0 && st.st_dev == o.st_dev && st.st_ino == o.st_ino)
        return true;
    for (int i = 0; i < p->n_files; i++)
        if (stat(p->files[i].path, &st) == 0 && st.st_dev == o.st_dev && st.st_ino == o.st_ino)
            return true;
    return S_ISDIR(o.st_mode);
}

static void print_size(FILE *f, int64_t bytes)
{
    if (bytes < 1024)
        fprintf(f, ngettext("%lld byte", "%lld bytes", (unsigned long)bytes), (long long)bytes);
    else if (bytes < 1024 * 1024)
        fprintf(f, "%.1f KiB", bytes / 1024.0);
    else
        fprintf(f, "%.1f MiB", bytes / (1024.0 * 1024.0));
}

/* Write the bundle and tell what went in. */
static int write_bundle(struct pack *p, const struct lb_routine *r, const char *file,
                        const char *out)
{
    const char *routine_name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    char err[PATH_MAX + 512];
    if (!name_files(p, routine_name, err, sizeof(err))) {
        fprintf(stderr, "limber pack: %s\n", err);
        return 1;
    }
    if (out_is_input(out, file, p)) {
        fprintf(stderr, _("limber pack: '%s' is the routine, one of its files or a folder; give "
                          "another name with -o\n"), out);
        return 1;
    }
    struct lb_bundle_input inputs[LB_BUNDLE_MAX_MEMBERS];
    for (int i = 0; i < p->n_files; i++)
        inputs[i] = (struct lb_bundle_input){p->files[i].name, p->files[i].path,
                                             p->files[i].written, p->files[i].n_written};
    struct lb_bundle_spec spec = {.title = r->title, .routine_name = routine_name,
                                  .routine_path = file, .files = inputs, .n_files = p->n_files};
    char part[PATH_MAX + 8];
    snprintf(part, sizeof(part), "%s.part", out);
    unlink(part); /* a stale one from a run that was killed */
    if (!lb_bundle_write(part, &spec, err, sizeof(err))) {
        unlink(part);
        fprintf(stderr, "limber pack: %s\n", err);
        return 1;
    }
    if (rename(part, out) != 0) {
        fprintf(stderr, _("limber pack: cannot write '%s': %s\n"), out, strerror(errno));
        unlink(part);
        return 1;
    }
    struct stat st;
    stat(out, &st);
    printf(ngettext("%s: '%s', %d file:\n", "%s: '%s', %d files:\n",
                    (unsigned long)(p->n_files + 1)), out, r->title, p->n_files + 1);
    struct stat fs;
    printf("  %-40s ", routine_name);
    print_size(stdout, stat(file, &fs) == 0 ? fs.st_size : 0);
    putchar('\n');
    for (int i = 0; i < p->n_files; i++) {
        printf("  %-40s ", p->files[i].name);
        print_size(stdout, stat(p->files[i].path, &fs) == 0 ? fs.st_size : 0);
        putchar('\n');
    }
    printf("%s", _("bundle size: "));
    print_size(stdout, st.st_size);
    putchar('\n');
    return 0;
}

int lb_cmd_pack(struct lb_command_ctx *ctx, int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    for (int k = 0; k < argc; k++) {
        if (!strcmp(argv[k], "-o") && k + 1 < argc)
            out = argv[++k];
        else if (!strcmp(argv[k], "--allow-any-path"))
            ctx->opts->allow_any_path = true;
        else if (!file && argv[k][0] != '-')
            file = argv[k];
        else {
            fputs(PACK_USAGE, stderr);
            return 2;
        }
    }
    if (!file) {
        fputs(PACK_USAGE, stderr);
        return 2;
    }
    if (lb_bundle_is_path(file)) {
        fprintf(stderr, _("limber pack: '%s' is a bundle already; pack takes a routine file\n"),
                file);
        return 2;
    }
    char out_buf[PATH_MAX];
    if (!out) {
        lb_command_default_out(file, ".limber", out_buf, sizeof(out_buf));
        out = out_buf;
    }
    /* What `limber check` says first: a routine with errors is not packed. */
    struct lb_load_options opts = lb_command_load_options(ctx);
    struct pack *p = calloc(1, sizeof(*p));
    char *dir = strdup(file);
    if (!p || !dir) {
        fprintf(stderr, "limber pack: out of memory\n");
        free(p);
        free(dir);
        return 1;
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir ? 1 : 0] = '\0';
    p->dir = slash ? dir : ".";
    p->opts = &opts;
    opts.lookup = record;
    opts.lookup_ctx = p;
    struct lb_diags diags;
    lb_diags_init(&diags, file);
    struct lb_routine *r = lb_routine_load(file, &opts, &diags);
    if (r) { /* and what check finds inside its clips and recordings: none is handed on
              * damaged, or in a form the patient's Limber cannot play */
        av_log_set_level(AV_LOG_QUIET); /* said in check's words, not FFmpeg's log lines */
        lb_check_media(r, NULL, NULL, &diags);
        if (diags.errors) {
            lb_routine_free(r);
            r = NULL;
        }
    }
    lb_diags_print(&diags, stderr);
    int status = 1;
    if (!r)
        fprintf(stderr, ngettext("limber pack: %s has %d error (as 'limber check' shows); "
                                 "nothing was packed\n",
                                 "limber pack: %s has %d errors (as 'limber check' shows); "
                                 "nothing was packed\n", (unsigned long)diags.errors),
                file, diags.errors);
    else
        status = write_bundle(p, r, file, out);
    lb_routine_free(r);
    lb_diags_destroy(&diags);
    for (int i = 0; i < p->n_files; i++)
        free(p->files[i].path);
    for (int i = 0; i < p->n_written; i++)
        free(p->written[i]);
    free(p);
    free(dir);
    return status;
}
