/* The printed handout: a PDF (cairo, text laid out by Pango, fonts through fontconfig) of a
 * routine for a patient: title, safety, screening, then each step with its pictures, dosage in
 * plain words, instructions, cues and warning. No SDL: the pictures come in as pixels. */
#ifndef LB_HANDOUT_H
#define LB_HANDOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan.h"
#include "routine.h"

#define LB_HANDOUT_MAX_PICTURES 3

/* One picture of a step, as 32-bit pixels 0xXXRRGGBB in native byte order (SDL's ARGB8888,
 * cairo's RGB24). Owned by the caller; read only while lb_handout_write runs. */
struct lb_handout_picture {
    const uint32_t *pixels;
    int width, height, stride; /* stride in bytes */
    const char *caption;       /* "Start", "Other side (mirrored)", ... */
};

struct lb_handout_step_pictures {
    struct lb_handout_picture pictures[LB_HANDOUT_MAX_PICTURES];
    int n;
};

enum lb_paper { LB_PAPER_A4, LB_PAPER_LETTER };

struct lb_handout_options {
    enum lb_paper paper;
    const char *date;          /* printed in the footer, e.g. "5 December 2026" */
    const char *font;          /* Pango family list; NULL: "DejaVu Sans, sans-serif" */
};

/* The dosage of step s in plain words into buf: "2 sets × left and right · 3 reps, hold 15 s
 * each", "45 seconds", "20-minute timer"; "" for an info step that waits. Returns buf. */
const char *lb_handout_dosage(const struct lb_step *s, char *buf, size_t size);

/* Write the handout of plan's routine to the PDF file out_path. pictures: one entry per step
 * (may be NULL: no pictures). Steps are never split across pages. Returns false with the
 * reason in err; out_path may then be partial (the caller writes a ".part" and renames).
 * *pages (may be NULL) gets the number of pages. */
bool lb_handout_write(const struct lb_plan *plan, const struct lb_handout_step_pictures *pictures,
                      const struct lb_handout_options *opts, const char *out_path, int *pages,
                      char *err, size_t err_size);

#endif
