/* Reading the fields of one step, or of the routine's defaults, into a raw form. */
#include "step_fields.h"

#include <stdlib.h>
#include <string.h>

const char *const lb_step_field_names[F_COUNT + 1] = {
    "title", "kind", "instructions", "clip", "clip_start", "clip_end", "cues",
    "loop", "clip_audio", "mirror", "sides", "sets", "reps", "rep_time", "hold", "duration",
    "countdown", "rest", "switch", "set_rest", "warning", "voice", "count_reps", "say_holds",
    "rep_beep", "show", "count_holds", "checkin",
    NULL,
};

/* One of `names` (its index into *out), or an error that lists them and suggests the
 * nearest: "'kind' must be exercise, timer or info, not 'exersice' (did you mean ...?)". */
static bool read_choice(struct lb_yaml *y, yaml_node_t *n, const char *ctx, const char *field,
                        const char *const *names, const char *listed, int *out)
{
    const char *s = lb_yaml_scalar(n);
    for (int i = 0; s && names[i]; i++)
        if (!strcmp(s, names[i]))
            return *out = i, true;
    const char *hint = s ? lb_suggest(s, names) : NULL;
    char where[128];
    snprintf(where, sizeof(where), "%s%s%s%s", ctx, hint ? " (did you mean '" : "",
             hint ? hint : "", hint ? "'?)" : "");
    lb_yaml_error(y, n, where, "'%s' must be %s, not '%s'", field, listed, s ? s : "a list");
    return false;
}

static bool read_mirror(struct lb_yaml *y, yaml_node_t *n, const char *ctx, int *out)
{
    const char *s = lb_yaml_scalar(n);
    bool b;
    if (s && !strcmp(s, "other-side"))
        return *out = LB_MIRROR_OTHER_SIDE, true;
    if (lb_parse_bool(s, &b))
        return *out = b ? LB_MIRROR_ALWAYS : LB_MIRROR_NEVER, true;
    lb_yaml_error(y, n, ctx, "'mirror' must be false, true or other-side, not '%s'",
                  s ? s : "a list");
    return false;
}

/* `warning: Some text`, `warning: false` (none) or `warning: true` (the default text). */
static bool read_warning(struct lb_yaml *y, yaml_node_t *n, const char *ctx,
                         struct lb_raw_step *raw)
{
    bool b;
    if (n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        lb_parse_bool(lb_yaml_scalar(n), &b)) {
        raw->num[F_WARNING] = b;
        raw->text[F_WARNING] = NULL;
        return true;
    }
    raw->num[F_WARNING] = 1;
    return lb_yaml_text(y, n, "warning", ctx, &raw->text[F_WARNING]);
}

static bool read_sides(struct lb_yaml *y, yaml_node_t *n, const char *ctx,
                       struct lb_raw_step *raw)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        lb_yaml_error(y, n, ctx, "'sides' must be a list of labels, like [left, right]");
        return false;
    }
    if (!lb_yaml_text_list(y, n, "sides", "each side must be a text label like left", ctx,
                           LB_MAX_SIDES, &raw->sides, &raw->n_sides))
        return false;
    if (raw->n_sides == 0) {
        lb_yaml_error(y, n, ctx, "'sides' is an empty list; leave it out for one side");
        return false;
    }
    for (int i = 0; i < raw->n_sides; i++) {
        for (int j = 0; j < i; j++) {
            if (!strcmp(raw->sides[i], raw->sides[j])) {
                lb_yaml_error(y, n, ctx, "side '%s' is listed twice", raw->sides[i]);
                return false;
            }
        }
    }
    return true;
}

/* `clip: {left: a.mp4, right: b.mp4}`: a file per side label. The labels are matched against
 * the step's sides by the loader, which knows them only once `defaults` are applied. */
static bool read_side_clips(struct lb_yaml *y, yaml_node_t *map, const char *ctx,
                            struct lb_raw_step *raw)
{
    long len = map->data.mapping.pairs.top - map->data.mapping.pairs.start;
    if (len == 0) {
        lb_yaml_error(y, map, ctx, "'clip' is an empty map; give one file, or a file for each "
                      "side like {left: knee-left.mp4, right: knee-right.mp4}");
        return false;
    }
    if (len > LB_MAX_SIDES) {
        lb_yaml_error(y, map, ctx, "'clip' names %ld sides; a step has at most %d", len,
                      LB_MAX_SIDES);
        return false;
    }
    bool ok = true;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *key = lb_yaml_node(y, p->key), *value = lb_yaml_node(y, p->value);
        if (!key || !value)
            return false;
        const char *label = lb_yaml_scalar(key);
        if (!label || !label[0]) {
            lb_yaml_error(y, key, ctx, "each key of 'clip' must be a side label like left");
            ok = false;
            continue;
        }
        bool dup = false;
        for (int i = 0; i < raw->n_side_clips && !dup; i++) {
            if (!strcmp(raw->clip_labels[i], label)) {
                lb_yaml_error(y, key, ctx, "side '%s' has two clips (first given at line %d)",
                              label, lb_yaml_pos(raw->clip_label_nodes[i]).line);
                dup = true;
            }
        }
        char *file = NULL;
        if (!dup && lb_yaml_is_null(value))
            lb_yaml_error(y, value, ctx, "side '%s' in 'clip' has no file; write one after "
                          "'%s:'", label, label);
        if (dup || lb_yaml_is_null(value) || !lb_yaml_text(y, value, "clip", ctx, &file)) {
            ok = false;
            continue;
        }
        int k = raw->n_side_clips++;
        raw->clip_labels[k] = strdup(label);
        raw->clip_files[k] = file;
        raw->clip_label_nodes[k] = key;
        raw->clip_file_nodes[k] = value;
        if (!raw->clip_labels[k])
            ok = false;
    }
    return ok;
}

static bool read_field(struct lb_yaml *y, int id, yaml_node_t *v, const char *ctx,
                       struct lb_raw_step *raw)
{
    const char *name = lb_step_field_names[id];
    bool b = false;
    switch (id) {
    case F_CLIP:
        if (v->type == YAML_MAPPING_NODE)
            return read_side_clips(y, v, ctx, raw);
        if (v->type == YAML_SEQUENCE_NODE) {
            lb_yaml_error(y, v, ctx, "'clip' must be a file name, or a file for each side like "
                          "{left: knee-left.mp4, right: knee-right.mp4}, not a list");
            return false;
        }
        return lb_yaml_text(y, v, name, ctx, &raw->text[id]);
    case F_TITLE:
    case F_INSTRUCTIONS:
        return lb_yaml_text(y, v, name, ctx, &raw->text[id]);
    case F_KIND: {
        static const char *const kinds[] = {"exercise", "timer", "info", NULL};
        return read_choice(y, v, ctx, name, kinds, "exercise, timer or info", &raw->num[id]);
    }
    case F_CUES:
        return true; /* read by the loader, which knows the block length */
    case F_MIRROR:
        return read_mirror(y, v, ctx, &raw->num[id]);
    case F_CLIP_AUDIO: {
        static const char *const when[] = {"off", "once", "loop", NULL}; /* enum lb_clip_audio */
        return read_choice(y, v, ctx, name, when, "once, loop or off", &raw->num[id]);
    }
    case F_SIDES:
        return read_sides(y, v, ctx, raw);
    case F_SETS:
        return lb_yaml_int(y, v, name, ctx, 1, LB_MAX_SETS, &raw->num[id]);
    case F_REPS:
        return lb_yaml_int(y, v, name, ctx, 1, LB_MAX_REPS, &raw->num[id]);
    case F_LOOP:
    case F_VOICE:
    case F_COUNT_REPS:
    case F_SAY_HOLDS:
    case F_COUNT_HOLDS:
    case F_REP_BEEP:
    case F_CHECKIN:
        if (!lb_yaml_bool(y, v, name, ctx, &b))
            return false;
        raw->num[id] = b;
        return true;
    case F_WARNING:
        return read_warning(y, v, ctx, raw);
    default: /* the durations */
        if (!lb_yaml_duration(y, v, name, ctx, false, &raw->ms[id]))
            return false;
        if (raw->ms[id] == 0 && (id == F_DURATION || id == F_SHOW)) {
            lb_yaml_error(y, v, ctx, "'%s' must be longer than 0s", name);
            return false;
        }
        return true;
    }
}

void lb_raw_step_read(struct lb_yaml *y, yaml_node_t *map, bool is_defaults,
                      const char *context, struct lb_raw_step *raw)
{
    *raw = (struct lb_raw_step){0};
    struct lb_field fields[F_COUNT];
    int n = lb_yaml_fields(y, map, lb_step_field_names, is_defaults ? "defaults" : "a step",
                           context, fields, F_COUNT);
    /* A misspelt field was reported as unknown: it counts as given, so its absence is not
     * reported again ("needs 'reps'" after "unknown field 'repz'"). */
    for (int id = 0; id < F_COUNT; id++)
        if (lb_yaml_meant(y, id))
            raw->given[id] = true;
    for (int i = 0; i < n; i++) {
        int id = fields[i].id;
        yaml_node_t *v = fields[i].value;
        if (is_defaults && id < F_FIRST_DEFAULT) {
            lb_yaml_error(y, fields[i].key, context, "'%s' cannot have a default; set it in "
                          "each step", lb_step_field_names[id]);
            continue;
        }
        raw->given[id] = true;
        if (lb_yaml_is_null(v) && id != F_CUES) {
            lb_yaml_error(y, v, context, "'%s' has no value", lb_step_field_names[id]);
            continue;
        }
        if (read_field(y, id, v, context, raw)) {
            raw->set[id] = true;
            raw->node[id] = v;
        }
    }
}

void lb_raw_step_free(struct lb_raw_step *raw)
{
    for (int i = 0; i < F_COUNT; i++)
        free(raw->text[i]);
    for (int i = 0; i < raw->n_sides; i++)
        free(raw->sides[i]);
    free(raw->sides);
    for (int i = 0; i < raw->n_side_clips; i++) {
        free(raw->clip_labels[i]);
        free(raw->clip_files[i]);
    }
    *raw = (struct lb_raw_step){0};
}
