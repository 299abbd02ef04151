/* Diagnostics: every problem found in a routine file, with file:line:col, compiler style. */
#ifndef LB_DIAG_H
#define LB_DIAG_H

#include <stdbool.h>
#include <stdio.h>

enum lb_severity {
    LB_SEV_ERROR,
    LB_SEV_WARNING,
};

struct lb_diag {
    enum lb_severity severity;
    int line;       /* 1-based; 0 when the problem is with the file as a whole */
    int col;        /* 1-based, in characters */
    char *message;  /* owned */
};

/* A growing list of diagnostics for one file. `file` is borrowed and must outlive the list. */
struct lb_diags {
    const char *file;
    struct lb_diag *items;
    int count;
    int cap;
    int errors;
    bool unchecked;  /* a syntax error kept the fields from being read; the print says so */
};

void lb_diags_init(struct lb_diags *d, const char *file);
void lb_diags_destroy(struct lb_diags *d);

/* Add one diagnostic; line/col are 1-based (0 = whole file). Never fails: on out-of-memory the
 * diagnostic is dropped but still counted as an error so the file is never taken as valid. */
void lb_diags_add(struct lb_diags *d, enum lb_severity sev, int line, int col, const char *fmt,
                  ...) __attribute__((format(printf, 5, 6)));

/* Order the diagnostics by line and column, as a person reads the file (stable). */
void lb_diags_sort(struct lb_diags *d);

/* Print every diagnostic as `file:line:col: error: message`, one per line, in the order found. */
void lb_diags_print(const struct lb_diags *d, FILE *out);

/* Format diagnostic i as one line into buf (same text as lb_diags_print, no newline). */
void lb_diags_format(const struct lb_diags *d, int i, char *buf, size_t size);

#endif
