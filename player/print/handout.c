/* The handout's pages: a first pass lays every block out to know where pages break (a step is
 * one block and never split), a second draws them with "page N of M" in each footer. */
#include "handout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "duration.h"
#include "i18n.h"

#define PT_PER_MM (72.0 / 25.4)
#define MARGIN (16 * PT_PER_MM)
#define FOOTER 22.0      /* room kept at the bottom for the footer line */
#define GAP 8.0          /* between pictures, and after paragraphs */
#define STEP_GAP 14.0    /* between steps */

struct rgb {
    double r, g, b;
};
static const struct rgb ink = {0.1, 0.1, 0.12};
static const struct rgb soft = {0.35, 0.37, 0.42};
static const struct rgb accent = {0.05, 0.33, 0.55};
static const struct rgb danger = {0.62, 0.1, 0.08};

struct sheet {
    cairo_surface_t *surface;
    cairo_t *cr;
    const struct lb_plan *plan;
    const struct lb_handout_step_pictures *pictures;
    const struct lb_handout_options *opts;
    const char *font;
    double page_w, page_h, text_w;
    double y;            /* where the next block goes on the current page */
    int page;            /* 1-based */
    int pages;           /* known on the drawing pass; 0 on the layout pass */
    bool drawing;
};

/* Lay text out at (x, y) in width w; draw it when the sheet draws. Returns its height. */
static double text(struct sheet *sh, const char *s, double x, double y, double w, double size,
                   bool bold, struct rgb colour)
{
    if (!s || !s[0])
        return 0;
    PangoLayout *layout = pango_cairo_create_layout(sh->cr);
    PangoFontDescription *fd = pango_font_description_from_string(sh->font);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_layout_set_width(layout, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout, s, -1);
    int pw, ph;
    pango_layout_get_size(layout, &pw, &ph);
    if (sh->drawing) {
        cairo_set_source_rgb(sh->cr, colour.r, colour.g, colour.b);
        cairo_move_to(sh->cr, x, y);
        pango_cairo_show_layout(sh->cr, layout);
    }
    pango_font_description_free(fd);
    g_object_unref(layout);
    return (double)ph / PANGO_SCALE;
}

static void footer(struct sheet *sh)
{
    if (!sh->drawing)
        return;
    char left[512], right[64];
    /* TRANSLATORS: the printed sheet's footer: the routine's title, the date printed. */
    snprintf(left, sizeof(left), _("%s · printed %s · Limber"), sh->plan->routine->title,
             sh->opts->date ? sh->opts->date : "");
    snprintf(right, sizeof(right), _("Page %d of %d"), sh->page, sh->pages);
    double y = sh->page_h - MARGIN + 4;
    cairo_set_source_rgb(sh->cr, 0.75, 0.76, 0.8);
    cairo_set_line_width(sh->cr, 0.5);
    cairo_move_to(sh->cr, MARGIN, y - 3);
    cairo_line_to(sh->cr, sh->page_w - MARGIN, y - 3);
    cairo_stroke(sh->cr);
    text(sh, left, MARGIN, y, sh->text_w * 0.75, 8, false, soft);
    double rw = sh->text_w * 0.25;
    /* Right-aligned: measured by laying it out in its own width. */
    PangoLayout *layout = pango_cairo_create_layout(sh->cr);
    PangoFontDescription *fd = pango_font_description_from_string(sh->font);
    pango_font_description_set_absolute_size(fd, 8 * PANGO_SCALE);
    pango_layout_set_font_description(layout, fd);
    pango_layout_set_width(layout, (int)(rw * PANGO_SCALE));
    pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT);
    pango_layout_set_text(layout, right, -1);
    cairo_set_source_rgb(sh->cr, soft.r, soft.g, soft.b);
    cairo_move_to(sh->cr, sh->page_w - MARGIN - rw, y);
    pango_cairo_show_layout(sh->cr, layout);
    pango_font_description_free(fd);
    g_object_unref(layout);
}

static void new_page(struct sheet *sh)
{
    footer(sh);
    if (sh->drawing)
        cairo_show_page(sh->cr);
    sh->page++;
    sh->y = MARGIN;
}

/* A block of height h: on this page if it fits, else on the next (a block taller than a page
 * starts a page of its own and runs on). Returns the y to draw it at. */
static double place(struct sheet *sh, double h)
{
    double bottom = sh->page_h - MARGIN - FOOTER;
    if (sh->y + h > bottom && sh->y > MARGIN)
        new_page(sh);
    double y = sh->y;
    sh->y += h;
    return y;
}

/* Each block is drawn by a function called twice: once to measure (draw false, at y 0), once to
 * draw at the y it was given. */
typedef double (*block_fn)(struct sheet *sh, const void *what, double y);

static void block(struct sheet *sh, block_fn fn, const void *what, double gap_after)
{
    bool drawing = sh->drawing;
    sh->drawing = false;
    double h = fn(sh, what, 0);
    sh->drawing = drawing;
    fn(sh, what, place(sh, h + gap_after));
}

static double head_block(struct sheet *sh, const void *what, double y)
{
    (void)what;
    const struct lb_routine *r = sh->plan->routine;
    double y0 = y;
    y += text(sh, r->title, MARGIN, y, sh->text_w, 22, true, ink) + 2;
    if (r->author) {
        char by[512];
        snprintf(by, sizeof(by), _("by %s"), r->author);
        y += text(sh, by, MARGIN, y, sh->text_w, 11, false, soft);
    }
    y += 6;
    y += text(sh, r->description, MARGIN, y, sh->text_w, 11, false, ink) + 6;
    char total[128], clock[32];
    long minutes = (long)((sh->plan->total_ms + 30000) / 60000);
    snprintf(total, sizeof(total), ngettext("Total time: about %ld minute (%s)",
                                            "Total time: about %ld minutes (%s)",
                                            (unsigned long)minutes),
             minutes, lb_duration_clock(sh->plan->total_ms, clock, sizeof(clock)));
    y += text(sh, total, MARGIN, y, sh->text_w, 11, true, accent) + 4;
    y += text(sh, _("How to use this sheet: do the steps in order, at the dosage shown under "
                    "each title. The pictures show where each move starts and its middle; move "
                    "slowly and stop at once if anything hurts."), MARGIN, y, sh->text_w, 10,
              false, soft);
    return y - y0;
}

/* A heading and a list of bullet points. */
struct list {
    const char *heading;
    const char *const *items;
    int n;
    struct rgb colour;
};

static double list_block(struct sheet *sh, const void *what, double y)
{
    const struct list *l = what;
    double y0 = y;
    y += text(sh, l->heading, MARGIN, y, sh->text_w, 13, true, l->colour) + 3;
    for (int i = 0; i < l->n; i++) {
        text(sh, "•", MARGIN + 4, y, 10, 10.5, false, l->colour);
        y += text(sh, l->items[i], MARGIN + 16, y, sh->text_w - 16, 10.5, false, ink) + 2;
    }
    return y - y0;
}

static void screening_items(const struct lb_routine *r, char (*buf)[1024], const char **items)
{
    for (int i = 0; i < r->n_screening && i < 64; i++) {
        const struct lb_screening *q = &r->screening[i];
        const char *advice = q->advice ? q->advice : "";
        snprintf(buf[i], sizeof(buf[i]), q->stop_if ? _("%s\nIf your answer is yes: %s")
                                                    : _("%s\nIf your answer is no: %s"),
                 q->ask, advice);
        items[i] = buf[i];
    }
}

/* "at 5 s", "10 s before the end". */
static void cue_time(const struct lb_cue *c, char *buf, size_t size)
{
    long long s = ((c->at_ms < 0 ? -c->at_ms : c->at_ms) + 500) / 1000;
    bool back = c->at_ms < 0;
    switch (c->every) {
    case LB_CUE_EVERY_REP:
        /* TRANSLATORS: when a cue comes in each rep of an exercise, on the printed sheet. */
        snprintf(buf, size, back ? _("in each rep, %lld s before its end")
                                 : _("in each rep, at %lld s"), s);
        break;
    case LB_CUE_EVERY_HOLD:
        /* TRANSLATORS: when a cue comes in each hold of an exercise, on the printed sheet. */
        snprintf(buf, size, back ? _("in each hold, %lld s before its end")
                                 : _("in each hold, at %lld s"), s);
        break;
    default:
        /* TRANSLATORS: when a cue comes in its block, on the printed sheet. */
        snprintf(buf, size, back ? _("%lld s before the end") : _("at %lld s"), s);
        break;
    }
}

/* The pictures of one step in a row. Returns the row's height. */
static double pictures_row(struct sheet *sh, const struct lb_handout_step_pictures *p, double y)
{
    if (!p || p->n == 0)
        return 0;
    double w = (sh->text_w - 2 * GAP) / 3;
    double row = 0;
    for (int i = 0; i < p->n; i++) {
        const struct lb_handout_picture *pic = &p->pictures[i];
        double x = MARGIN + i * (w + GAP);
        double h = w * pic->height / pic->width;
        if (sh->drawing) {
            cairo_surface_t *img = cairo_image_surface_create_for_data(
                (unsigned char *)pic->pixels, CAIRO_FORMAT_RGB24, pic->width, pic->height,
                pic->stride);
            cairo_save(sh->cr);
            cairo_translate(sh->cr, x, y);
            cairo_scale(sh->cr, w / pic->width, h / pic->height);
            cairo_set_source_surface(sh->cr, img, 0, 0);
            cairo_pattern_set_filter(cairo_get_source(sh->cr), CAIRO_FILTER_GOOD);
            cairo_paint(sh->cr);
            cairo_restore(sh->cr);
            cairo_surface_destroy(img);
            cairo_set_source_rgb(sh->cr, 0.8, 0.81, 0.85);
            cairo_set_line_width(sh->cr, 0.5);
            cairo_rectangle(sh->cr, x, y, w, h);
            cairo_stroke(sh->cr);
        }
        double ch = text(sh, pic->caption, x, y + h + 2, w, 8.5, false, soft);
        if (h + 2 + ch > row)
            row = h + 2 + ch;
    }
    return row + GAP;
}

static double step_block(struct sheet *sh, const void *what, double y)
{
    int i = *(const int *)what;
    const struct lb_step *s = &sh->plan->routine->steps[i];
    double y0 = y;
    char title[600], dosage[512];
    snprintf(title, sizeof(title), "%d. %s", i + 1, s->title);
    y += text(sh, title, MARGIN, y, sh->text_w, 14, true, ink) + 1;
    lb_handout_dosage(s, dosage, sizeof(dosage));
    y += text(sh, dosage, MARGIN, y, sh->text_w, 11.5, true, accent) + 5;
    y += pictures_row(sh, sh->pictures ? &sh->pictures[i] : NULL, y);
    if (s->instructions)
        y += text(sh, s->instructions, MARGIN, y, sh->text_w, 10.5, false, ink) + 4;
    for (int c = 0; c < s->n_cues; c++) {
        const struct lb_cue *cue = &s->cues[c];
        const char *words = cue->text ? cue->text : cue->say;
        if (!words)
            continue;
        char when[64], line[1200];
        cue_time(cue, when, sizeof(when));
        /* TRANSLATORS: a cue on the printed sheet: when, then its words. */
        snprintf(line, sizeof(line), _("%s: %s"), when, words);
        text(sh, "›", MARGIN + 4, y, 10, 10, false, accent);
        y += text(sh, line, MARGIN + 16, y, sh->text_w - 16, 10, false, soft) + 1;
    }
    if (s->warning) {
        char warn[600];
        snprintf(warn, sizeof(warn), "⚠ %s", lb_warning_words(s->warning));
        y += 3 + text(sh, warn, MARGIN, y + 3, sh->text_w, 10.5, true, danger);
    }
    y += 6;
    if (sh->drawing && i + 1 < sh->plan->routine->n_steps) {
        cairo_set_source_rgb(sh->cr, 0.85, 0.86, 0.9);
        cairo_set_line_width(sh->cr, 0.6);
        cairo_move_to(sh->cr, MARGIN, y);
        cairo_line_to(sh->cr, MARGIN + sh->text_w, y);
        cairo_stroke(sh->cr);
    }
    return y - y0;
}

/* One pass over the whole sheet. */
static void lay_out(struct sheet *sh)
{
    const struct lb_routine *r = sh->plan->routine;
    sh->page = 1;
    sh->y = MARGIN;
    block(sh, head_block, NULL, STEP_GAP);
    if (r->n_safety) {
        struct list safety = {_("Safety"), (const char *const *)r->safety, r->n_safety,
                              danger};
        block(sh, list_block, &safety, STEP_GAP);
    }
    if (r->n_screening) {
        static char buf[64][1024];
        const char *items[64];
        screening_items(r, buf, items);
        struct list q = {_("Before you start, ask yourself"), items,
                         r->n_screening < 64 ? r->n_screening : 64, accent};
        block(sh, list_block, &q, STEP_GAP);
    }
    for (int i = 0; i < r->n_steps; i++)
        block(sh, step_block, &i, STEP_GAP);
    footer(sh);
}

bool lb_handout_write(const struct lb_plan *plan, const struct lb_handout_step_pictures *pictures,
                      const struct lb_handout_options *opts, const char *out_path, int *pages,
                      char *err, size_t err_size)
{
    struct sheet sh = {.plan = plan, .pictures = pictures, .opts = opts,
                       .font = opts->font ? opts->font : "DejaVu Sans, sans-serif"};
    if (opts->paper == LB_PAPER_LETTER) {
        sh.page_w = 612;
        sh.page_h = 792;
    } else {
        sh.page_w = 210 * PT_PER_MM;
        sh.page_h = 297 * PT_PER_MM;
    }
    sh.text_w = sh.page_w - 2 * MARGIN;
    sh.surface = cairo_pdf_surface_create(out_path, sh.page_w, sh.page_h);
    if (cairo_surface_status(sh.surface) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, err_size, "cannot write '%s': %s", out_path,
                 cairo_status_to_string(cairo_surface_status(sh.surface)));
        cairo_surface_destroy(sh.surface);
        return false;
    }
    cairo_pdf_surface_set_metadata(sh.surface, CAIRO_PDF_METADATA_TITLE, plan->routine->title);
    cairo_pdf_surface_set_metadata(sh.surface, CAIRO_PDF_METADATA_CREATOR, "Limber");
    if (plan->routine->author)
        cairo_pdf_surface_set_metadata(sh.surface, CAIRO_PDF_METADATA_AUTHOR,
                                       plan->routine->author);
    sh.cr = cairo_create(sh.surface);
    lay_out(&sh);              /* where the pages break */
    sh.pages = sh.page;
    sh.drawing = true;
    lay_out(&sh);
    cairo_show_page(sh.cr);
    cairo_destroy(sh.cr);
    cairo_surface_finish(sh.surface);
    cairo_status_t status = cairo_surface_status(sh.surface);
    cairo_surface_destroy(sh.surface);
    /* Pango's fonts go; fontconfig's caches stay until the process ends (cairo keeps font
     * faces that hold them, so FcFini is not safe here; tests/lsan.supp explains). */
    pango_cairo_font_map_set_default(NULL);
    if (status != CAIRO_STATUS_SUCCESS) {
        snprintf(err, err_size, "cannot write '%s': %s", out_path,
                 cairo_status_to_string(status));
        return false;
    }
    if (pages)
        *pages = sh.pages;
    return true;
}
