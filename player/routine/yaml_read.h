/* Reading a YAML document node by node, with typed getters that report problems at line:col. */
#ifndef LB_YAML_READ_H
#define LB_YAML_READ_H

#include <stdbool.h>
#include <stdint.h>

#include <yaml.h>

#include "diag.h"
#include "routine.h"

/* One parsed document and the diagnostics it reports into. */
struct lb_yaml {
    yaml_document_t doc;
    bool loaded;
    struct lb_diags *diags;
    long visits;             /* nodes read so far, aliases counted each time */
    bool exploded;           /* the visit budget ran out; reported once */
    /* Set by each lb_yaml_fields: bit i when an unknown key was reported with names[i] as its
     * "did you mean" (`repz` for `reps`). The caller takes that field as given but already
     * reported, so nothing downstream reports it missing a second time. */
    unsigned long long meant;
};

/* Parse `data` as YAML. Syntax errors are reported with line:col; returns false on them. */
bool lb_yaml_open(struct lb_yaml *y, const unsigned char *data, size_t size,
                  struct lb_diags *diags);
void lb_yaml_close(struct lb_yaml *y);

/* The root node, or NULL for an empty document. */
yaml_node_t *lb_yaml_root(struct lb_yaml *y);

/* Node `index` of the document, counting the visit; NULL (reported once) past the budget. */
yaml_node_t *lb_yaml_node(struct lb_yaml *y, int index);

struct lb_pos lb_yaml_pos(const yaml_node_t *n);

/* Report an error at a node. `context` ("in step 3") is appended when not empty. */
void lb_yaml_error(struct lb_yaml *y, const yaml_node_t *n, const char *context,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* One key of a mapping, after lb_yaml_fields has checked it. */
struct lb_field {
    int id;                  /* index into the names table */
    yaml_node_t *key;
    yaml_node_t *value;
};

/* Check mapping `map` against the known field `names` (NULL-terminated, at most 64): report
 * unknown keys (with a "did you mean" suggestion, also recorded in y->meant), duplicate keys
 * and non-text keys. Fills `out` with the
 * known fields in file order (at most `max`) and returns how many; -1 if `map` is no mapping
 * (reported as "expected <what>"). */
int lb_yaml_fields(struct lb_yaml *y, yaml_node_t *map, const char *const *names,
                   const char *what, const char *context, struct lb_field *out, int max);

/* Typed getters: each reports a wrong type or value at the node and returns false. Text may
 * not be empty or only spaces. */
bool lb_yaml_text(struct lb_yaml *y, yaml_node_t *n, const char *field, const char *context,
                  char **out);
bool lb_yaml_int(struct lb_yaml *y, yaml_node_t *n, const char *field, const char *context,
                 int min, int max, int *out);
bool lb_yaml_bool(struct lb_yaml *y, yaml_node_t *n, const char *field, const char *context,
                  bool *out);
bool lb_yaml_duration(struct lb_yaml *y, yaml_node_t *n, const char *field,
                      const char *context, bool allow_negative, int64_t *out);
/* A list of text items (a single text is taken as a list of one). A bad item is reported as
 * `each` (what every item must be: "each side must be a text label like left") and what is
 * wrong with it. */
bool lb_yaml_text_list(struct lb_yaml *y, yaml_node_t *n, const char *field, const char *each,
                       const char *context, int max, char ***out, int *count);

/* Length of UTF-8 text in characters (code points). */
long lb_text_length(const char *s);

/* The most characters text field `field` ("title", "say", ...) may hold; lb_yaml_text and
 * lb_yaml_text_list refuse longer text with the limit in the message. */
long lb_text_limit(const char *field);

/* YAML 1.1 booleans: true/false, yes/no, on/off (any case). False when s is none of them. */
bool lb_parse_bool(const char *s, bool *out);

/* The scalar's text when n is a scalar, else NULL. */
const char *lb_yaml_scalar(const yaml_node_t *n);

/* True for a plain (unquoted) empty scalar or `~`/`null`: a field given without a value. */
bool lb_yaml_is_null(const yaml_node_t *n);

/* True when field `id` of the last lb_yaml_fields call was misspelled (and so reported). */
bool lb_yaml_meant(const struct lb_yaml *y, int id);

/* The closest of `names` to `word` when it is close enough to be a likely typo, else NULL. */
const char *lb_suggest(const char *word, const char *const *names);

#endif
