/* YAML node reading with precise, complete error reports. */
#include "yaml_read.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "duration.h"
#include "routine.h"
#include "suggest.h"
#include "yaml_prescan.h"

/* The byte at 0-based `line` and character `col` of data (libyaml's mark), or -1 past it. */
static int byte_at(const unsigned char *data, size_t size, size_t line, size_t col)
{
    size_t i = 0;
    for (size_t l = 0; l < line && i < size; i++)
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= size || data[i + 1] != '\n')))
            l++;
    for (size_t c = 0; c < col && i < size; c++) {
        i++;
        while (i < size && (data[i] & 0xC0) == 0x80)
            i++;
    }
    return i < size ? data[i] : -1;
}

/* Report the parser's error with its place. */
static void report_parser_error(const yaml_parser_t *parser, const unsigned char *data,
                                size_t size, struct lb_diags *diags)
{
    const yaml_mark_t *m = parser->problem_mark.line || parser->problem_mark.column
                               ? &parser->problem_mark : &parser->context_mark;
    if (parser->error == YAML_SCANNER_ERROR &&
        byte_at(data, size, parser->problem_mark.line, parser->problem_mark.column) == '\t') {
        /* libyaml names the tab in several ways, or only as a character that "cannot start
         * any token"; what the author needs is the rule, at the tab. */
        lb_diags_add(diags, LB_SEV_ERROR, (int)parser->problem_mark.line + 1,
                     (int)parser->problem_mark.column + 1, "YAML syntax: a tab character; YAML "
                     "indentation must use spaces, not tabs (replace the tab with spaces)");
    } else if (parser->error == YAML_READER_ERROR) {
        /* The reader knows only the byte offset: count lines and characters up to it. */
        int line = 1, col = 1;
        for (size_t i = 0; i < parser->problem_offset && i < size; i++) {
            if (data[i] == '\n') {
                line++;
                col = 1;
            } else if ((data[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        lb_diags_add(diags, LB_SEV_ERROR, line, col, "not UTF-8 text: %s (save the file as "
                     "UTF-8)", parser->problem ? parser->problem : "bad byte");
    } else if (parser->error == YAML_MEMORY_ERROR) {
        lb_diags_add(diags, LB_SEV_ERROR, 0, 0, "out of memory reading the file");
    } else if (parser->context) {
        lb_diags_add(diags, LB_SEV_ERROR, (int)m->line + 1, (int)m->column + 1,
                     "YAML syntax: %s %s (line %d)", parser->problem ? parser->problem : "error",
                     parser->context, (int)parser->context_mark.line + 1);
    } else {
        lb_diags_add(diags, LB_SEV_ERROR, (int)m->line + 1, (int)m->column + 1,
                     "YAML syntax: %s", parser->problem ? parser->problem : "error");
    }
}

/* A syntax error: the pre-scan's messages in the author's words, and libyaml's own when it
 * stopped before any of them (a mistake the pre-scan does not know). The fields are then not
 * read at all, which the printed list says. */
static void report_syntax(const yaml_parser_t *parser, const unsigned char *data, size_t size,
                          struct lb_diags *diags)
{
    diags->unchecked = true;
    if (parser->error != YAML_SCANNER_ERROR && parser->error != YAML_PARSER_ERROR) {
        report_parser_error(parser, data, size, diags);
        return;
    }
    int first = diags->count;
    int found = lb_yaml_prescan(data, size, diags);
    int first_line = 0;
    for (int i = first; i < diags->count; i++)
        if (!first_line || diags->items[i].line < first_line)
            first_line = diags->items[i].line;
    const yaml_mark_t *m = parser->problem_mark.line || parser->problem_mark.column
                               ? &parser->problem_mark : &parser->context_mark;
    if (!found || (int)m->line + 1 < first_line)
        report_parser_error(parser, data, size, diags);
}

/* A parser reading `data` as UTF-8; false (reported) when out of memory. */
static bool start_parser(yaml_parser_t *parser, const unsigned char *data, size_t size,
                         struct lb_diags *diags)
{
    if (!yaml_parser_initialize(parser)) {
        lb_diags_add(diags, LB_SEV_ERROR, 0, 0, "out of memory starting the YAML parser");
        return false;
    }
    yaml_parser_set_input_string(parser, data, size);
    yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING);
    return true;
}

/* A first pass over the events: syntax errors, and nesting deeper than any routine needs
 * (libyaml's document loader takes quadratic time on deep nesting). */
static bool scan_events(const unsigned char *data, size_t size, struct lb_diags *diags)
{
    yaml_parser_t parser;
    if (!start_parser(&parser, data, size, diags))
        return false;
    bool ok = true, end = false;
    int depth = 0;
    while (ok && !end) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_syntax(&parser, data, size, diags);
            ok = false;
            break;
        }
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            if (++depth > LB_MAX_DEPTH) {
                lb_diags_add(diags, LB_SEV_ERROR, (int)ev.start_mark.line + 1,
                             (int)ev.start_mark.column + 1, "lists and fields nested more "
                             "than %d deep; a routine needs far fewer", LB_MAX_DEPTH);
                ok = false;
            }
        } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return ok;
}

bool lb_yaml_open(struct lb_yaml *y, const unsigned char *data, size_t size,
                  struct lb_diags *diags)
{
    *y = (struct lb_yaml){.diags = diags};
    /* Windows Notepad starts UTF-8 files with a byte order mark. libyaml skips it only when it
     * guesses the encoding, and guessing would also let UTF-16 files in: drop it here. It is
     * no character the author sees, so line:col counted after it match the editor. */
    if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        data += 3;
        size -= 3;
    }
    if (!scan_events(data, size, diags))
        return false;
    yaml_parser_t parser;
    if (!start_parser(&parser, data, size, diags))
        return false;
    bool ok = yaml_parser_load(&parser, &y->doc);
    if (ok) {
        y->loaded = true;
        /* One routine per file: a second document is a mistake, not something to skip. */
        yaml_document_t next;
        if (!yaml_parser_load(&parser, &next)) {
            report_parser_error(&parser, data, size, diags);
        } else {
            yaml_node_t *root = yaml_document_get_root_node(&next);
            if (root)
                lb_diags_add(diags, LB_SEV_ERROR, (int)next.start_mark.line + 1,
                             (int)next.start_mark.column + 1, "a second YAML document starts "
                             "here; a routine file holds one routine");
            yaml_document_delete(&next);
        }
    } else {
        report_parser_error(&parser, data, size, diags);
    }
    yaml_parser_delete(&parser);
    return ok;
}

void lb_yaml_close(struct lb_yaml *y)
{
    if (y->loaded)
        yaml_document_delete(&y->doc);
    y->loaded = false;
}

yaml_node_t *lb_yaml_node(struct lb_yaml *y, int index)
{
    yaml_node_t *n = yaml_document_get_node(&y->doc, index);
    if (++y->visits > LB_MAX_NODE_VISITS) {
        if (!y->exploded)
            lb_yaml_error(y, n, "", "the file expands to more than %d values (aliases used "
                          "over and over?); refused", LB_MAX_NODE_VISITS);
        y->exploded = true;
        return NULL;
    }
    return n;
}

yaml_node_t *lb_yaml_root(struct lb_yaml *y)
{
    return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL;
}

struct lb_pos lb_yaml_pos(const yaml_node_t *n)
{
    if (!n)
        return (struct lb_pos){0, 0};
    return (struct lb_pos){(int)n->start_mark.line + 1, (int)n->start_mark.column + 1};
}

void lb_yaml_error(struct lb_yaml *y, const yaml_node_t *n, const char *context,
                   const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct lb_pos p = lb_yaml_pos(n);
    if (context && context[0])
        lb_diags_add(y->diags, LB_SEV_ERROR, p.line, p.col, "%s %s", msg, context);
    else
        lb_diags_add(y->diags, LB_SEV_ERROR, p.line, p.col, "%s", msg);
}

const char *lb_yaml_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

bool lb_yaml_is_null(const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = (const char *)n->data.scalar.value;
    return !s[0] || !strcmp(s, "~") || !strcasecmp(s, "null");
}

bool lb_yaml_meant(const struct lb_yaml *y, int id)
{
    return id >= 0 && id < 64 && (y->meant >> id & 1);
}

const char *lb_suggest(const char *word, const char *const *names)
{
    const char *best = NULL;
    int best_d = 99;
    for (int i = 0; names[i]; i++) {
        int d = lb_edit_distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    size_t len = strlen(word);
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    return best_d <= limit ? best : NULL;
}

int lb_yaml_fields(struct lb_yaml *y, yaml_node_t *map, const char *const *names,
                   const char *what, const char *context, struct lb_field *out, int max)
{
    y->meant = 0;
    if (!map || map->type != YAML_MAPPING_NODE) {
        if (map)
            lb_yaml_error(y, map, context, "expected %s (a set of 'field: value' lines)", what);
        return -1;
    }
    int n = 0;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
         p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *key = lb_yaml_node(y, p->key);
        yaml_node_t *value = lb_yaml_node(y, p->value);
        if (!key || !value)
            return n;
        const char *name = lb_yaml_scalar(key);
        if (!name) {
            lb_yaml_error(y, key, context, "a field name must be plain text");
            continue;
        }
        if (!strncmp(name, "x-", 2))
            continue; /* free for authors, e.g. to hold anchors that steps refer to */
        int id = -1;
        for (int i = 0; names[i]; i++)
            if (!strcmp(names[i], name))
                id = i;
        if (id < 0) {
            const char *hint = lb_suggest(name, names);
            for (int i = 0; hint && i < 64 && names[i]; i++)
                if (names[i] == hint)
                    y->meant |= 1ull << i;
            struct lb_pos at = lb_yaml_pos(key);
            lb_diags_add(y->diags, LB_SEV_ERROR, at.line, at.col, "unknown field '%s'%s%s%s%s%s",
                         name, context && context[0] ? " " : "", context ? context : "",
                         hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
            continue;
        }
        bool dup = false;
        for (int i = 0; i < n; i++) {
            if (out[i].id == id) {
                lb_yaml_error(y, key, context, "duplicate field '%s' (first given at line %d)",
                              name, lb_yaml_pos(out[i].key).line);
                dup = true;
            }
        }
        if (dup || n >= max)
            continue;
        out[n++] = (struct lb_field){id, key, value};
    }
    return n;
}

/* True when s holds only spaces, tabs or line breaks: text the person would not see. */
static bool is_blank(const char *s)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    return !*s;
}

/* A scalar's text into *out. Problems are reported about `field`, or, for an item of a list,
 * as `each` ("each side must be a text label like left") followed by what is wrong. */
long lb_text_length(const char *s)
{
    long n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80; /* count the first byte of each character */
    return n;
}

/* The longest text each field may hold (docs/routine-format.md, Limits): what a screen can
 * show and a voice can say at once, with room to spare; a real routine is far below. */
static const struct {
    const char *field;
    long limit;
} lb_text_limits[] = {
    { "title", LB_MAX_TITLE_CHARS },   { "author", LB_MAX_TITLE_CHARS },
    { "warning", LB_MAX_TITLE_CHARS }, { "sides", LB_MAX_LABEL_CHARS },
    { "language", LB_MAX_LABEL_CHARS }, { "text", LB_MAX_CAPTION_CHARS },
    { "say", LB_MAX_SAY_CHARS },        { "ask", LB_MAX_SAY_CHARS },
    { "safety", LB_MAX_SAY_CHARS },     { "clip", LB_MAX_PATH_CHARS },
    { "audio", LB_MAX_PATH_CHARS },
};

long lb_text_limit(const char *field)
{
    for (size_t i = 0; i < sizeof(lb_text_limits) / sizeof(lb_text_limits[0]); i++)
        if (!strcmp(field, lb_text_limits[i].field))
            return lb_text_limits[i].limit;
    return LB_MAX_TEXT_CHARS; /* description, instructions, advice */
}

/* What to do about a text that is too long, after the limit in the message. */
static const char *lb_text_advice(const char *field)
{
    if (!strcmp(field, "say") || !strcmp(field, "text"))
        return " (split it into several cues)";
    if (!strcmp(field, "title"))
        return " (put the rest in 'instructions' or 'description')";
    return "";
}

static bool read_text(struct lb_yaml *y, yaml_node_t *n, const char *field, const char *each,
                      const char *context, char **out)
{
    const char *s = lb_yaml_scalar(n);
    const char *shape = n && n->type == YAML_SEQUENCE_NODE ? "list" : "set of fields";
    const char *problem = !s ? NULL : lb_yaml_is_null(n) || !s[0] ? "empty"
                                    : is_blank(s) ? "only spaces" : NULL;
    if (!s && each)
        lb_yaml_error(y, n, context, "%s, not a %s", each, shape);
    else if (!s)
        lb_yaml_error(y, n, context, "'%s' must be text, not a %s", field, shape);
    else if (problem && each)
        lb_yaml_error(y, n, context, "%s; this one is %s", each, problem);
    else if (problem)
        lb_yaml_error(y, n, context, "'%s' is %s; write the text", field, problem);
    if (!s || problem)
        return false;
    long length = lb_text_length(s), limit = lb_text_limit(field);
    if (length > limit) {
        lb_yaml_error(y, n, context, "'%s' is %ld characters long; at most %ld are allowed%s",
                      field, length, limit, lb_text_advice(field));
        return false;
    }
    char *copy = strdup(s);
    if (!copy)
        return false;
    free(*out);
    *out = copy;
    return true;
}

bool lb_yaml_text(struct lb_yaml *y, yaml_node_t *n, const char *field, const char *context,
                  char **out)
{
    return read_text(y, n, field, NULL, context, out);
}

bool lb_yaml_int(struct lb_yaml *y, yaml_node_t *n, const char *field, const char *context,
                 int min, int max, int *out)
{
    const char *s = lb_yaml_scalar(n);
    char *end = NULL;
    long v = s ? strtol(s, &end, 10) : 0;
    if (!s || !s[0] || *end || isspace((unsigned char)s[0])) {
        lb_yaml_error(y, n, context, "'%s' must be a whole number, not '%s'", field,
                      s ? s : "a list or set of fields");
        return false;
    }
    /* strtol saturates at LONG_MIN/MAX: quote what the author wrote, not the clamped value. */
    if (v < min || v > max) {
        lb_yaml_error(y, n, context, "'%s' must be from %d to %d, not %s", field, min, max, s);
        return false;
    }
    *out = (int)v;
    return true;
}

bool lb_parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "yes", "on", NULL};
    static const char *const no[] = {"false", "no", "off", NULL};
    for (int i = 0; s && yes[i]; i++)
        if (!strcasecmp(s, yes[i]))
            return *out = true, true;
    for (int i = 0; s && no[i]; i++)
        if (!strcasecmp(s, no[i]))
            return *out = false, true;
    return false;
}

bool lb_yaml_bool(struct lb_yaml *y, yaml_node_t *n, const char *field, const char *context,
                  bool *out)
{
    const char *s = lb_yaml_scalar(n);
    if (lb_parse_bool(s, out))
        return true;
    lb_yaml_error(y, n, context, "'%s' must be true or false, not '%s'", field,
                  s ? s : "a list or set of fields");
    return false;
}

bool lb_yaml_duration(struct lb_yaml *y, yaml_node_t *n, const char *field,
                      const char *context, bool allow_negative, int64_t *out)
{
    const char *s = lb_yaml_scalar(n);
    if (!s) {
        lb_yaml_error(y, n, context, "'%s' must be a duration like 30s, 1m30s or 1:30", field);
        return false;
    }
    char why[120];
    if (!lb_duration_parse(s, allow_negative, out, why, sizeof(why))) {
        lb_yaml_error(y, n, context, "bad duration '%s' for '%s': %s (write e.g. 30s, 45 sec, "
                      "1m30s, 2 min, 1:30 or 250ms)", s, field, why);
        return false;
    }
    return true;
}

bool lb_yaml_text_list(struct lb_yaml *y, yaml_node_t *n, const char *field, const char *each,
                       const char *context, int max, char ***out, int *count)
{
    if (n && n->type == YAML_SCALAR_NODE) {
        char *one = NULL;
        if (!lb_yaml_text(y, n, field, context, &one))
            return false;
        char **list = malloc(sizeof(*list));
        if (!list) {
            free(one);
            return false;
        }
        list[0] = one;
        *out = list;
        *count = 1;
        return true;
    }
    if (!n || n->type != YAML_SEQUENCE_NODE) {
        lb_yaml_error(y, n, context, "'%s' must be a list of text lines", field);
        return false;
    }
    long len = n->data.sequence.items.top - n->data.sequence.items.start;
    if (len > max) {
        lb_yaml_error(y, n, context, "'%s' has %ld items; at most %d are allowed", field, len,
                      max);
        return false;
    }
    char **list = calloc(len ? (size_t)len : 1, sizeof(*list));
    if (!list)
        return false;
    int got = 0;
    bool ok = true;
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *item = lb_yaml_node(y, *it);
        if (!item || !read_text(y, item, field, each, context, &list[got])) {
            ok = false;
            continue;
        }
        got++;
    }
    if (!ok) {
        for (int i = 0; i < got; i++)
            free(list[i]);
        free(list);
        return false;
    }
    *out = list;
    *count = got;
    return true;
}
