/* Diagnostics: collecting and printing problems found in routine files. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void lb_diags_init(struct lb_diags *d, const char *file)
{
    *d = (struct lb_diags){.file = file};
}

void lb_diags_destroy(struct lb_diags *d)
{
    for (int i = 0; i < d->count; i++)
        free(d->items[i].message);
    free(d->items);
    *d = (struct lb_diags){0};
}

void lb_diags_add(struct lb_diags *d, enum lb_severity sev, int line, int col, const char *fmt,
                  ...)
{
    if (sev == LB_SEV_ERROR)
        d->errors++;
    /* A hostile file could produce millions of errors; past this many, the rest add nothing. */
    if (d->count >= 1000)
        return;
    if (d->count == d->cap) {
        int cap = d->cap ? d->cap * 2 : 8;
        struct lb_diag *items = realloc(d->items, (size_t)cap * sizeof(*items));
        if (!items)
            return;
        d->items = items;
        d->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    char *msg = strdup(buf);
    if (!msg)
        return;
    d->items[d->count++] = (struct lb_diag){sev, line, col, msg};
}

void lb_diags_format(const struct lb_diags *d, int i, char *buf, size_t size)
{
    const struct lb_diag *g = &d->items[i];
    const char *sev = g->severity == LB_SEV_ERROR ? "error" : "warning";
    if (g->line > 0)
        snprintf(buf, size, "%s:%d:%d: %s: %s", d->file, g->line, g->col, sev, g->message);
    else
        snprintf(buf, size, "%s: %s: %s", d->file, sev, g->message);
}

void lb_diags_sort(struct lb_diags *d)
{
    /* Insertion sort: stable, so problems at one place keep the order they were found in. */
    for (int i = 1; i < d->count; i++) {
        struct lb_diag cur = d->items[i];
        int j = i - 1;
        while (j >= 0 && (d->items[j].line > cur.line ||
                          (d->items[j].line == cur.line && d->items[j].col > cur.col))) {
            d->items[j + 1] = d->items[j];
            j--;
        }
        d->items[j + 1] = cur;
    }
}

void lb_diags_print(const struct lb_diags *d, FILE *out)
{
    char line[1024];
    for (int i = 0; i < d->count; i++) {
        lb_diags_format(d, i, line, sizeof(line));
        fprintf(out, "%s\n", line);
    }
    if (d->errors > d->count)
        fprintf(out, "%s: note: %d more errors not shown\n", d->file, d->errors - d->count);
    if (d->unchecked)
        fprintf(out, "%s: note: the fields were not checked because of the YAML syntax %s "
                "above; fix %s and check again\n", d->file, d->errors == 1 ? "error" : "errors",
                d->errors == 1 ? "it" : "them");
}
