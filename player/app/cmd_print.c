/* `limber print ROUTINE|FILE.limber [-o FILE.pdf] [--paper a4|letter]`: the printed handout.
 * Its pictures are the clips' frames, decoded through the session's settled picture (the path
 * snapshots and export use), at the start and the middle of each exercise and on its other
 * side (filmed or mirrored). */
#include "commands.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "handout.h"
#include "i18n.h"
#include "player.h"
#include "session.h"

#define PRINT_USAGE "usage: limber print ROUTINE|FILE.limber [-o FILE.pdf] [--paper a4|letter]\n"
/* The pictures' size in pixels: at the handout's picture width (about 55 mm) nearly 300 dpi. */
#define PICTURE_W 640
#define PICTURE_H 360

/* The first block segment of step i whose side is `side` (-1: any), or -1. */
static int first_block(const struct lb_plan *plan, int i, int side)
{
    for (int k = plan->steps[i].first_segment; k <= plan->steps[i].last_segment; k++)
        if (plan->segments[k].phase == LB_PHASE_BLOCK &&
            (side < 0 || plan->segments[k].side == side))
            return k;
    return -1;
}

/* The picture at routine time pos into p (pixels malloc'd), through the settled picture. */
static bool grab(struct limber *l, int64_t pos, const char *caption,
                 struct lb_handout_picture *p)
{
    lb_coach_seek(&l->coach, pos, 0);
    struct lb_coach_state st;
    lb_coach_state(&l->coach, &st);
    if (!lb_session_settled_picture(l, &st, 10000, true) || l->screen.block < 0)
        return false;
    lb_video_out_draw_picture(&l->display->video);
    SDL_Surface *s = lb_video_out_read(&l->display->video);
    if (!s)
        return false;
    uint32_t *pixels = malloc((size_t)s->h * (size_t)s->pitch);
    if (pixels) {
        memcpy(pixels, s->pixels, (size_t)s->h * (size_t)s->pitch);
        *p = (struct lb_handout_picture){pixels, s->w, s->h, s->pitch, caption};
    }
    SDL_FreeSurface(s);
    return pixels != NULL;
}

/* The moment `mid` into block b's clip, or, when a looping clip would be past its end there (and
 * so at its start again), the middle of the clip: a looping clip shows one movement. */
static int64_t within_clip(struct limber *l, const struct lb_step *s, int b, int64_t mid)
{
    lb_clip_slots_update(&l->clips, b, l->plan.segments[b].start_ms); /* opened, if not yet */
    struct lb_clip_slot *slot = lb_clip_slots_wait(&l->clips, b, 10000);
    int64_t clip_ms = slot && slot->clip ? lb_clip_info(slot->clip)->length_ms : -1;
    return s->loop && clip_ms > 0 && mid >= clip_ms ? clip_ms / 2 : mid;
}

/* One to three pictures of step i: its start, the middle of a rep's hold (or of the block),
 * and the same moment on the other side (its own clip, or the first side's mirrored).
 * Captions live in `captions`. */
static void step_pictures(struct limber *l, int i, struct lb_handout_step_pictures *out,
                          char (*captions)[128])
{
    const struct lb_step *s = &l->routine->steps[i];
    const struct lb_plan *plan = &l->plan;
    int b0 = first_block(plan, i, -1);
    if (s->kind != LB_KIND_EXERCISE || !s->clip_path || b0 < 0)
        return;
    int64_t start = plan->segments[b0].start_ms, len = plan->segments[b0].end_ms - start;
    int64_t mid = s->reps > 0 ? (s->hold_ms > 0 ? s->rep_time_ms + s->hold_ms / 2
                                                : s->rep_time_ms / 2)
                              : len / 2;
    if (mid >= len)
        mid = len / 2;
    const char *side0 = s->n_sides ? s->sides[0] : NULL;
    /* TRANSLATORS: captions of a step's pictures on the printed sheet; %s is a side. */
    if (side0)
        snprintf(captions[0], 128, _("Start (%s)"), side0);
    else
        snprintf(captions[0], 128, "%s", _("Start"));
    snprintf(captions[1], 128, "%s", s->reps > 0 && s->hold_ms > 0 ? _("Holding")
                                     : s->reps > 0 ? _("Middle of a rep") : _("Halfway"));
    if (grab(l, start, captions[0], &out->pictures[out->n]))
        out->n++;
    if (mid > 0 && grab(l, start + within_clip(l, s, b0, mid), captions[1],
                        &out->pictures[out->n]))
        out->n++;
    /* The other side: its own film when it has one, else the first side's mirrored. */
    bool filmed = s->side_clips != NULL;
    int b1 = s->n_sides >= 2 && (filmed || s->mirror == LB_MIRROR_OTHER_SIDE)
                 ? first_block(plan, i, 1) : -1;
    if (b1 >= 0) {
        if (filmed)
            snprintf(captions[2], 128, _("Other side (%s)"), s->sides[1]);
        else
            snprintf(captions[2], 128, _("Other side (%s), mirrored"), s->sides[1]);
        /* its own film has its own length: its own middle */
        int64_t at = filmed ? within_clip(l, s, b1, mid) : within_clip(l, s, b0, mid);
        if (grab(l, plan->segments[b1].start_ms + at, captions[2], &out->pictures[out->n]))
            out->n++;
    }
}

/* Today, or SOURCE_DATE_EPOCH's day (reproducible sheets, tests), as 2026-12-05: a date every
 * reader reads the same way. */
static void print_date(char *buf, size_t size)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t t = epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d", &tm);
}

/* The PDF, through a ".part" file renamed when whole. */
static int write_handout(const struct lb_plan *plan,
                         const struct lb_handout_step_pictures *pictures, enum lb_paper paper,
                         const char *out)
{
    char date[64], err[PATH_MAX + 128], part[PATH_MAX + 8];
    print_date(date, sizeof(date));
    struct lb_handout_options ho = {.paper = paper, .date = date};
    snprintf(part, sizeof(part), "%s.part", out);
    unlink(part);
    int pages = 0;
    if (!lb_handout_write(plan, pictures, &ho, part, &pages, err, sizeof(err))) {
        fprintf(stderr, "limber print: %s\n", err);
        unlink(part);
        return 1;
    }
    if (rename(part, out) != 0) {
        fprintf(stderr, "limber print: cannot write '%s': %s\n", out, strerror(errno));
        unlink(part);
        return 1;
    }
    int shown = 0;
    for (int i = 0; i < plan->routine->n_steps; i++)
        shown += pictures[i].n;
    /* TRANSLATORS: what `limber print` made: the file, the title, then "2 pages, 12 pictures". */
    char counts[128];
    snprintf(counts, sizeof(counts), ngettext("%d page", "%d pages", (unsigned long)pages),
             pages);
    size_t n = strlen(counts);
    snprintf(counts + n, sizeof(counts) - n, ngettext(", %d picture", ", %d pictures",
                                                       (unsigned long)shown), shown);
    printf("%s: '%s', %s\n", out, plan->routine->title, counts);
    return 0;
}

static int print_routine(struct lb_command_ctx *ctx, const char *file, const char *out,
                         enum lb_paper paper)
{
    struct lb_options opts = *ctx->opts;
    opts.width = PICTURE_W;
    opts.height = PICTURE_H;
    opts.voice = 0;
    struct limber l;
    lb_session_defaults(&l, &opts, ctx->start_ms);
    if (!lb_session_open(&l, file, ctx->assets_dir, NULL, 0))
        return 1;
    struct lb_display display;
    if (!lb_display_open(&display, &opts, l.routine->title, true)) {
        lb_session_close(&l);
        return 1;
    }
    lb_session_show(&l, &display);
    l.start.stage = LB_START_DONE;
    int n = l.routine->n_steps;
    struct lb_handout_step_pictures *pictures = calloc((size_t)n, sizeof(*pictures));
    char (*captions)[3][128] = calloc((size_t)n, sizeof(*captions));
    for (int i = 0; pictures && captions && i < n; i++)
        step_pictures(&l, i, &pictures[i], captions[i]);
    /* The pictures are taken: the window and the clips go before Pango starts (the player's
     * text module finalises fontconfig as it closes, which must not happen under Pango). */
    struct lb_routine *routine = l.routine;
    l.routine = NULL;
    lb_session_unbuild(&l);
    l.routine = routine;
    lb_display_close(&display);
    l.display = NULL;
    struct lb_plan plan;
    int status = 1;
    if (pictures && captions && lb_plan_init(&plan, routine)) {
        lb_i18n_use_routine(routine->language); /* the sheet speaks the routine's language */
        status = write_handout(&plan, pictures, paper, out);
        lb_plan_destroy(&plan);
    }
    for (int i = 0; pictures && i < n; i++)
        for (int k = 0; k < pictures[i].n; k++)
            free((void *)pictures[i].pictures[k].pixels);
    free(pictures);
    free(captions);
    lb_session_close(&l);
    return status;
}

int lb_cmd_print(struct lb_command_ctx *ctx, int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    enum lb_paper paper = LB_PAPER_A4;
    for (int k = 0; k < argc; k++) {
        if (!strcmp(argv[k], "-o") && k + 1 < argc) {
            out = argv[++k];
        } else if (!strcmp(argv[k], "--paper") && k + 1 < argc) {
            const char *p = argv[++k];
            if (strcmp(p, "a4") && strcmp(p, "letter")) {
                fprintf(stderr, _("limber print: paper '%s' is not a4 or letter\n"), p);
                return 2;
            }
            paper = !strcmp(p, "letter") ? LB_PAPER_LETTER : LB_PAPER_A4;
        } else if (!strcmp(argv[k], "--allow-any-path")) {
            ctx->opts->allow_any_path = true;
        } else if (!file && argv[k][0] != '-') {
            file = argv[k];
        } else {
            fputs(PRINT_USAGE, stderr);
            return 2;
        }
    }
    if (!file) {
        fputs(PRINT_USAGE, stderr);
        return 2;
    }
    char out_buf[PATH_MAX];
    if (!out) {
        lb_command_default_out(file, ".pdf", out_buf, sizeof(out_buf));
        out = out_buf;
    }
    return print_routine(ctx, file, out, paper);
}
