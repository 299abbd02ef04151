/* The syntax pre-scan: the common YAML mistakes of routine files, found line by line. It knows
 * block mappings and lists as routine files write them (`key: value`, `- item`), skips what it
 * does not model (block text, multi-line quotes and lists) and reports nothing it is unsure of. */
#include "yaml_prescan.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LEVELS 64

/* One open level of the block structure: a mapping's keys or a list's dashes at a column. */
struct level {
    int col;        /* 1-based */
    bool dash;      /* a list's '-' rather than a mapping's keys */
    char key[32];   /* the last key at this level, for messages */
};

struct scan {
    struct lb_diags *diags;
    int found;
    struct level levels[MAX_LEVELS];
    int depth;
    bool opened;         /* the last line expects deeper lines (`cues:`, `- `) */
    int text_col;        /* > 0: a plain text value continues on lines deeper than this */
    int block_col;       /* > 0: inside block text (| or >) while lines are deeper than this */
    char quote;          /* inside a quoted text that continues past its line */
    int flow_depth;      /* inside a [list] or {map} that continues past its line */
};

/* One line of the file, without its line break. */
struct line {
    const char *s;
    size_t len;
    int no;              /* 1-based */
};

static void report(struct scan *sc, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(struct scan *sc, int line, int col, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    lb_diags_add(sc->diags, LB_SEV_ERROR, line, col, "YAML syntax: %s", msg);
    sc->found++;
}

/* The 1-based column, in characters, of byte `off` of the line. */
static int col_of(const struct line *l, size_t off)
{
    int col = 1;
    for (size_t i = 0; i < off && i < l->len; i++)
        if (((unsigned char)l->s[i] & 0xC0) != 0x80)
            col++;
    return col;
}

/* Length of a field name at s: letters, digits, '_' and '-', starting with a letter. */
static size_t key_len(const char *s, size_t len)
{
    if (len == 0 || !isalpha((unsigned char)s[0]))
        return 0;
    size_t n = 1;
    while (n < len && (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '-'))
        n++;
    return n;
}

/* Where the text of a line ends: before a comment (' #') or the end. */
static size_t content_end(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
            len = i;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return len;
}

/* Does this line look like `key: ...` or `- key: ...` (a new field rather than more text)? */
static bool looks_like_field(const struct line *l)
{
    size_t i = 0;
    while (i < l->len && l->s[i] == ' ')
        i++;
    if (i + 1 < l->len && l->s[i] == '-' && l->s[i + 1] == ' ')
        i += 2;
    while (i < l->len && l->s[i] == ' ')
        i++;
    size_t k = key_len(l->s + i, l->len - i);
    return k && i + k < l->len && l->s[i + k] == ':' &&
           (i + k + 1 == l->len || l->s[i + k + 1] == ' ');
}

/* The end of a quoted text starting at s[0] (the quote), or 0 when it is not closed. */
static size_t quote_end(const char *s, size_t len)
{
    char q = s[0];
    for (size_t i = 1; i < len; i++) {
        if (q == '"' && s[i] == '\\') {
            i++;
        } else if (s[i] == q) {
            if (q == '\'' && i + 1 < len && s[i + 1] == '\'')
                i++;
            else
                return i + 1;
        }
    }
    return 0;
}

/* How many brackets stay open at the end of s (quotes skipped). */
static int bracket_depth(const char *s, size_t len, int depth)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"' || s[i] == '\'') {
            size_t e = quote_end(s + i, len - i);
            if (!e)
                return depth;
            i += e - 1;
        } else if (s[i] == '[' || s[i] == '{') {
            depth++;
        } else if ((s[i] == ']' || s[i] == '}') && depth > 0) {
            depth--;
        }
    }
    return depth;
}

/* The next line that is not blank or a comment, or NULL. */
static const struct line *next_content(const struct line *lines, int n, int i)
{
    for (int j = i + 1; j < n; j++) {
        size_t k = 0;
        while (k < lines[j].len && lines[j].s[k] == ' ')
            k++;
        if (k < lines[j].len && lines[j].s[k] != '#')
            return &lines[j];
    }
    return NULL;
}

/* A value after `key: ` at byte v of line i: quotes, brackets and colons in plain text. */
static void check_value(struct scan *sc, const struct line *lines, int n, int i, size_t v,
                        const char *key, int key_col)
{
    const struct line *l = &lines[i];
    /* An anchor (&name) or a tag (!name) comes before the value itself. */
    while (v < l->len && (l->s[v] == '&' || l->s[v] == '!')) {
        while (v < l->len && l->s[v] != ' ')
            v++;
        while (v < l->len && l->s[v] == ' ')
            v++;
    }
    const char *s = l->s + v;
    size_t len = content_end(s, l->len - v);
    if (len == 0) {
        sc->opened = true;
        return;
    }
    const struct line *next = next_content(lines, n, i);
    if (s[0] == '|' || s[0] == '>') {
        sc->block_col = key_col;
    } else if (s[0] == '"' || s[0] == '\'') {
        if (quote_end(s, l->len - v))
            return;
        if (!next || looks_like_field(next))
            report(sc, l->no, col_of(l, v), "the %s that opens this text is not closed; end "
                   "the text with %c on its line", s[0] == '"' ? "double quote" : "quote", s[0]);
        else
            sc->quote = s[0];
    } else if (s[0] == '[' || s[0] == '{') {
        int depth = bracket_depth(s, len, 0);
        if (depth == 0)
            return;
        if (!next || looks_like_field(next))
            report(sc, l->no, col_of(l, v), "the '%c' that opens this value is not closed; "
                   "end it with '%c'", s[0], s[0] == '[' ? ']' : '}');
        else
            sc->flow_depth = depth;
    } else if (s[0] != '*') {
        for (size_t k = 0; k < len; k++) {
            if (s[k] == ':' && (k + 1 == len || s[k + 1] == ' ')) {
                report(sc, l->no, col_of(l, v + k), "a ':' inside text that is not in quotes; "
                       "put the text in quotes: %s: \"%.*s\"", key, (int)len, s);
                break;
            }
        }
        sc->text_col = key_col;
    }
}

/* Put a key (dash false) or a list's dash at col into the structure. A column that lines up
 * with no open level is reported, with the nearest column of its kind (the deeper one on a
 * tie), and the scan carries on as though it were there. */
static void place(struct scan *sc, const struct line *l, int col, bool dash, const char *key)
{
    int top = sc->depth - 1;
    bool fits = false;
    if (sc->depth == 0 || (sc->opened && col > sc->levels[top].col)) {
        fits = true; /* a new, deeper level */
    } else if (dash && sc->opened && col == sc->levels[top].col && !sc->levels[top].dash) {
        fits = true; /* a list written at its field's column (`steps:` then `- title:`) */
    } else {
        for (int i = top; i >= 0 && !fits; i--) {
            if (sc->levels[i].col == col && sc->levels[i].dash == dash) {
                sc->depth = i + 1;
                fits = true;
            }
        }
        if (fits) {
            if (!dash)
                snprintf(sc->levels[sc->depth - 1].key, sizeof(sc->levels[0].key), "%s", key);
            return;
        }
    }
    if (!fits) {
        int best = -1;
        for (int i = top; i >= 0; i--) {
            int d = sc->levels[i].col - col, bd = best < 0 ? 0 : sc->levels[best].col - col;
            if (sc->levels[i].dash == dash && (best < 0 || (d < 0 ? -d : d) < (bd < 0 ? -bd : bd)))
                best = i;
        }
        if (best < 0)
            best = top;
        const struct level *want = &sc->levels[best];
        if (dash)
            report(sc, l->no, col, "this '-' is at column %d, which lines up with nothing "
                   "above; put it at column %d, under the '-' above", col, want->col);
        else
            report(sc, l->no, col, "'%s' is at column %d, which lines up with nothing above; "
                   "put it at column %d, under '%s'", key, col, want->col,
                   want->dash ? "-" : want->key);
        sc->depth = best + 1;
        if (!dash)
            snprintf(sc->levels[best].key, sizeof(sc->levels[0].key), "%s", key);
        return;
    }
    if (sc->depth == MAX_LEVELS)
        return;
    struct level *lv = &sc->levels[sc->depth++];
    *lv = (struct level){.col = col, .dash = dash};
    snprintf(lv->key, sizeof(lv->key), "%s", dash ? "-" : key);
}

/* Does line l close a quoted text with q? */
static bool closes_quote(const struct line *l, char q)
{
    for (size_t i = 0; i < l->len; i++) {
        if (q == '"' && l->s[i] == '\\')
            i++;
        else if (l->s[i] == q)
            return true;
    }
    return false;
}

/* The structure of one line: its dashes, its key, its value. */
static void scan_line(struct scan *sc, const struct line *lines, int n, int i, size_t p)
{
    const struct line *l = &lines[i];
    const char *s = l->s;
    size_t end = content_end(s, l->len);
    while (p < end && s[p] == '-' && (p + 1 == end || s[p + 1] == ' ')) {
        place(sc, l, col_of(l, p), true, "-");
        sc->opened = true;
        for (p++; p < end && s[p] == ' '; p++) {}
    }
    if (p >= end)
        return; /* `- ` alone opens an item written on the lines below */
    size_t k = key_len(s + p, end - p);
    if (k && p + k < end && s[p + k] == ':' && k < 32) {
        char key[32];
        memcpy(key, s + p, k);
        key[k] = '\0';
        int key_col = col_of(l, p);
        place(sc, l, key_col, false, key);
        sc->opened = false;
        size_t v = p + k + 1;
        if (v < end && s[v] != ' ' && s[v] != '/' && s[v] != ':') {
            /* `reps:5` is one word of text to YAML, not a field. */
            report(sc, l->no, col_of(l, v), "no space after ':' in '%.*s'; write '%s: %.*s'",
                   (int)(end - p), s + p, key, (int)(end - v), s + v);
            return;
        }
        while (v < end && s[v] == ' ')
            v++;
        check_value(sc, lines, n, i, v, key, key_col);
        return;
    }
    /* An item that is only text: quotes and brackets still must close. */
    sc->opened = false;
    if (s[p] == '"' || s[p] == '\'' || s[p] == '[' || s[p] == '{')
        check_value(sc, lines, n, i, p, "-", col_of(l, p) - 1);
    else
        sc->text_col = col_of(l, p) - 1;
}

int lb_yaml_prescan(const unsigned char *data, size_t size, struct lb_diags *diags)
{
    int n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    struct line *lines = calloc((size_t)n, sizeof(*lines));
    if (!lines)
        return 0;
    n = 0;
    for (size_t i = 0; i <= size;) {
        const char *s = (const char *)data + i;
        const char *nl = memchr(s, '\n', size - i);
        size_t len = nl ? (size_t)(nl - s) : size - i;
        lines[n] = (struct line){s, len && s[len - 1] == '\r' ? len - 1 : len, n + 1};
        n++;
        i += len + 1;
    }
    struct scan sc = {.diags = diags, .opened = true};
    for (int i = 0; i < n; i++) {
        const struct line *l = &lines[i];
        size_t ind = 0;
        bool tab = false;
        for (; ind < l->len && (l->s[ind] == ' ' || l->s[ind] == '\t'); ind++) {
            if (l->s[ind] == '\t' && !tab && !sc.block_col && !sc.quote) {
                report(&sc, l->no, (int)ind + 1, "a tab character; YAML indentation must use "
                       "spaces, not tabs (replace the tab with spaces)");
                tab = true;
            }
        }
        if (tab || ind == l->len || l->s[ind] == '#')
            continue; /* blank, a comment, or a tab's unknown indentation */
        int col = (int)ind + 1;
        if (sc.block_col && col > sc.block_col)
            continue;
        sc.block_col = 0;
        if (sc.quote) {
            if (closes_quote(l, sc.quote))
                sc.quote = 0;
            continue;
        }
        if (sc.flow_depth) {
            sc.flow_depth = bracket_depth(l->s, l->len, sc.flow_depth);
            continue;
        }
        if (sc.text_col && col > sc.text_col && !looks_like_field(l))
            continue; /* more of a plain text value */
        sc.text_col = 0;
        if (l->len >= 3 && (!strncmp(l->s, "---", 3) || !strncmp(l->s, "...", 3))) {
            sc.depth = 0;
            sc.opened = true;
            continue;
        }
        scan_line(&sc, lines, n, i, ind);
    }
    free(lines);
    return sc.found;
}
