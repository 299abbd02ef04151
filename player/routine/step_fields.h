/* The fields a step (or the routine's `defaults`) may set, read into a raw form before defaults
 * are resolved. Shared by the loader's step and defaults readers. */
#ifndef LB_STEP_FIELDS_H
#define LB_STEP_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "routine.h"
#include "yaml_read.h"

enum lb_step_field {
    F_TITLE, F_KIND, F_INSTRUCTIONS, F_CLIP, F_CLIP_START, F_CLIP_END, F_CUES,
    /* the fields from here on may also have a default in `defaults` */
    F_LOOP, F_CLIP_AUDIO, F_MIRROR, F_SIDES, F_SETS, F_REPS, F_REP_TIME, F_HOLD, F_DURATION,
    F_COUNTDOWN, F_REST, F_SWITCH, F_SET_REST, F_WARNING, F_VOICE, F_COUNT_REPS, F_SAY_HOLDS,
    F_REP_BEEP, F_SHOW, F_COUNT_HOLDS,
    F_CHECKIN,            /* `defaults` only: the pain check-ins (history) */
    F_COUNT,
    F_FIRST_DEFAULT = F_LOOP,
};

extern const char *const lb_step_field_names[F_COUNT + 1];

/* What one mapping (a step or `defaults`) said, field by field, not yet checked together. */
struct lb_raw_step {
    bool set[F_COUNT];           /* given with a good value */
    bool given[F_COUNT];         /* given at all (a bad value was reported already) */
    yaml_node_t *node[F_COUNT];  /* the value node, for messages; owned by the document */
    int64_t ms[F_COUNT];         /* durations */
    int num[F_COUNT];            /* whole numbers, booleans, kind, mirror, clip_audio */
    char *text[F_COUNT];         /* owned; warning NULL = `warning: false` */
    char **sides;                /* owned */
    int n_sides;
    /* `clip` given as a map from side label to file (then text[F_CLIP] is NULL): checked
     * against the step's sides when they are known (the loader). */
    char *clip_labels[LB_MAX_SIDES];         /* owned */
    char *clip_files[LB_MAX_SIDES];          /* owned */
    yaml_node_t *clip_label_nodes[LB_MAX_SIDES];
    yaml_node_t *clip_file_nodes[LB_MAX_SIDES];
    int n_side_clips;
};

/* True when field id was given but could not be read (or was misspelt): reported already, so
 * what depends on it is not checked (one message per mistake). */
static inline bool lb_raw_failed(const struct lb_raw_step *raw, int id)
{
    return raw->given[id] && !raw->set[id];
}

/* Read the fields of a step (or of `defaults` when is_defaults) into raw, reporting every
 * problem. Cues are not read here: raw->node[F_CUES] points at them. */
void lb_raw_step_read(struct lb_yaml *y, yaml_node_t *map, bool is_defaults,
                      const char *context, struct lb_raw_step *raw);
void lb_raw_step_free(struct lb_raw_step *raw);

#endif
