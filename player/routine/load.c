/* Loading a routine file: reading the YAML, checking every field, resolving defaults. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clip_path.h"
#include "duration.h"
#include "i18n.h"
#include "plan.h"
#include "routine.h"
#include "safe_file.h"
#include "step_fields.h"
#include "yaml_read.h"

/* Everything the loader carries while it reads one file. */
struct loader {
    struct lb_yaml y;
    struct lb_routine *r;
    const struct lb_load_options *opts;
    struct lb_raw_step defaults;
};

static const char *const root_names[] = {
    "limber", "title", "description", "author", "language", "safety", "screening", "defaults",
    "steps", "checkin", NULL,
};
enum { R_LIMBER, R_TITLE, R_DESCRIPTION, R_AUTHOR, R_LANGUAGE, R_SAFETY, R_SCREENING,
       R_DEFAULTS, R_STEPS, R_CHECKIN, R_COUNT };

static const char *const screening_names[] = {"ask", "stop_if", "advice", NULL};
static const char *const cue_names[] = {"at", "text", "say", "audio", "show", "every", NULL};
enum { C_AT, C_TEXT, C_SAY, C_AUDIO, C_SHOW, C_EVERY, C_COUNT };
static const char *const every_names[] = {"block", "rep", "hold", NULL}; /* enum lb_cue_every */

/* Built-in defaults, where neither the step nor `defaults` sets a field. */
#define DEFAULT_COUNTDOWN_MS 3000
#define DEFAULT_REST_MS 10000
#define DEFAULT_SWITCH_MS 5000
#define DEFAULT_SET_REST_MS 15000
#define DEFAULT_REP_TIME_MS 3000
#define DEFAULT_SHOW_MS 4000

const char *lb_step_kind_name(enum lb_step_kind kind)
{
    switch (kind) {
    case LB_KIND_TIMER: return "timer";
    case LB_KIND_INFO: return "info";
    default: return "exercise";
    }
}

const char *lb_cue_every_name(enum lb_cue_every every)
{
    return every >= LB_CUE_EVERY_BLOCK && every <= LB_CUE_EVERY_HOLD ? every_names[every] : "?";
}

int lb_step_blocks(const struct lb_step *s)
{
    if (s->kind != LB_KIND_EXERCISE)
        return 1;
    return s->sets * (s->n_sides ? s->n_sides : 1);
}

int64_t lb_step_block_ms(const struct lb_step *s)
{
    if (s->reps > 0)
        return s->reps * (s->rep_time_ms + s->hold_ms);
    return s->duration_ms;
}

static void read_screening(struct loader *ld, yaml_node_t *list)
{
    struct lb_routine *r = ld->r;
    if (list->type != YAML_SEQUENCE_NODE) {
        lb_yaml_error(&ld->y, list, "", "'screening' must be a list of questions (- ask: ...)");
        return;
    }
    long len = list->data.sequence.items.top - list->data.sequence.items.start;
    if (len > LB_MAX_LIST) {
        lb_yaml_error(&ld->y, list, "", "'screening' has %ld questions; at most %d", len,
                      LB_MAX_LIST);
        return;
    }
    r->screening = calloc(len ? (size_t)len : 1, sizeof(*r->screening));
    if (!r->screening)
        return;
    for (long i = 0; i < len; i++) {
        yaml_node_t *q = lb_yaml_node(&ld->y, list->data.sequence.items.start[i]);
        if (!q)
            return;
        char ctx[64];
        snprintf(ctx, sizeof(ctx), "in screening question %ld", i + 1);
        struct lb_screening *s = &r->screening[r->n_screening++];
        *s = (struct lb_screening){.stop_if = true, .pos = lb_yaml_pos(q)};
        struct lb_field f[3];
        int n = lb_yaml_fields(&ld->y, q, screening_names, "a question (ask, stop_if, advice)",
                               ctx, f, 3);
        bool has_ask = lb_yaml_meant(&ld->y, 0), has_advice = lb_yaml_meant(&ld->y, 2);
        for (int k = 0; k < n; k++) {
            if (f[k].id == 0) {
                has_ask = true;
                lb_yaml_text(&ld->y, f[k].value, "ask", ctx, &s->ask);
            } else if (f[k].id == 1) {
                lb_yaml_bool(&ld->y, f[k].value, "stop_if", ctx, &s->stop_if);
            } else {
                has_advice = true;
                lb_yaml_text(&ld->y, f[k].value, "advice", ctx, &s->advice);
            }
        }
        if (n >= 0 && !has_ask)
            lb_yaml_error(&ld->y, q, ctx, "missing 'ask' (the question)");
        if (n >= 0 && !has_advice)
            lb_yaml_error(&ld->y, q, ctx, "missing 'advice' (what to do when the answer stops "
                          "the routine)");
    }
}

/* Resolve a path named in the file (a clip or a recorded voice) and check it, reporting at n. */
static char *resolve_file(struct loader *ld, yaml_node_t *n, const char *field, const char *ctx,
                          const char *written)
{
    char why[PATH_MAX + 200];
    char *path = ld->opts->lookup
                     ? ld->opts->lookup(ld->opts->lookup_ctx, written, why, sizeof(why))
                     : lb_clip_path_resolve(ld->r->dir, written, ld->opts->assets_dir,
                                            ld->opts->allow_any_path, ld->opts->check_files,
                                            why, sizeof(why));
    if (!path)
        lb_yaml_error(&ld->y, n, ctx, "%s '%s' %s", field, written, why);
    return path;
}

/* `every: block|rep|hold`: what a cue's `at` counts from. */
static bool read_every(struct loader *ld, yaml_node_t *n, const char *ctx,
                       enum lb_cue_every *out)
{
    const char *s = lb_yaml_scalar(n);
    for (int i = 0; s && every_names[i]; i++)
        if (!strcmp(s, every_names[i]))
            return *out = (enum lb_cue_every)i, true;
    const char *hint = s ? lb_suggest(s, every_names) : NULL;
    char where[128];
    snprintf(where, sizeof(where), "%s%s%s%s", ctx, hint ? " (did you mean '" : "",
             hint ? hint : "", hint ? "'?)" : "");
    lb_yaml_error(&ld->y, n, where, "'every' must be block, rep or hold, not '%s'",
                  s ? s : "a list");
    return false;
}

/* A cue said in every rep or every hold: the step must have reps (and holds), and `at` must
 * fall inside each one. */
static void check_every(struct loader *ld, const struct lb_step *s, const struct lb_cue *cue,
                        yaml_node_t *every_node, yaml_node_t *at_node, const char *ctx)
{
    bool hold = cue->every == LB_CUE_EVERY_HOLD;
    if (s->kind != LB_KIND_EXERCISE || s->reps == 0) {
        lb_yaml_error(&ld->y, every_node, ctx, "'every: %s' needs a step with reps; this step "
                      "%s", hold ? "hold" : "rep", s->kind == LB_KIND_EXERCISE
                      ? "is timed (duration)" : "has none (only exercise steps have reps)");
        return;
    }
    if (hold && s->hold_ms == 0) {
        lb_yaml_error(&ld->y, every_node, ctx, "'every: hold' needs reps with a hold; this "
                      "step's reps have none (give it a 'hold', or use 'every: rep')");
        return;
    }
    int64_t len = hold ? s->hold_ms : s->rep_time_ms + s->hold_ms;
    if (cue->at_ms >= len || -cue->at_ms > len) {
        char a[32], b[32];
        lb_yaml_error(&ld->y, at_node, ctx, "cue at %s is outside each %s, which lasts %s",
                      lb_duration_format(cue->at_ms, a, sizeof(a)), hold ? "hold" : "rep",
                      lb_duration_format(len, b, sizeof(b)));
    }
}

/* Cues of step s. `length_known` is false when a field the block's length depends on could not
 * be read: that was reported, so cue times are not measured against a guessed length. */
static void read_cues(struct loader *ld, struct lb_step *s, yaml_node_t *list, int64_t show_ms,
                      int step_no, bool length_known)
{
    char ctx[64];
    snprintf(ctx, sizeof(ctx), "in step %d", step_no);
    if (list->type != YAML_SEQUENCE_NODE) {
        lb_yaml_error(&ld->y, list, ctx, "'cues' must be a list (- at: 0s ...)");
        return;
    }
    long len = list->data.sequence.items.top - list->data.sequence.items.start;
    if (len > LB_MAX_CUES) {
        lb_yaml_error(&ld->y, list, ctx, "%ld cues; at most %d", len, LB_MAX_CUES);
        return;
    }
    int64_t block = lb_step_block_ms(s);
    s->cues = calloc(len ? (size_t)len : 1, sizeof(*s->cues));
    if (!s->cues)
        return;
    for (long i = 0; i < len; i++) {
        yaml_node_t *c = lb_yaml_node(&ld->y, list->data.sequence.items.start[i]);
        if (!c)
            return;
        snprintf(ctx, sizeof(ctx), "in cue %ld of step %d", i + 1, step_no);
        struct lb_cue *cue = &s->cues[s->n_cues++];
        *cue = (struct lb_cue){.show_ms = show_ms, .pos = lb_yaml_pos(c)};
        struct lb_field f[C_COUNT];
        int n = lb_yaml_fields(&ld->y, c, cue_names, "a cue (at, text, say, show, every)", ctx,
                               f, C_COUNT);
        bool has_at = lb_yaml_meant(&ld->y, C_AT);
        bool has_words = lb_yaml_meant(&ld->y, C_TEXT) || lb_yaml_meant(&ld->y, C_SAY) ||
                         lb_yaml_meant(&ld->y, C_AUDIO);
        yaml_node_t *at_node = c, *every_node = NULL;
        bool every_unread = lb_yaml_meant(&ld->y, C_EVERY); /* reported: at is not judged */
        for (int k = 0; k < n; k++) {
            yaml_node_t *v = f[k].value;
            switch (f[k].id) {
            case C_AT:
                has_at = true;
                at_node = v;
                if (!lb_yaml_duration(&ld->y, v, "at", ctx, true, &cue->at_ms))
                    at_node = NULL;
                break;
            case C_TEXT:
                has_words = true;
                lb_yaml_text(&ld->y, v, "text", ctx, &cue->text);
                break;
            case C_SAY:
                has_words = true;
                lb_yaml_text(&ld->y, v, "say", ctx, &cue->say);
                break;
            case C_AUDIO: {
                char *written = NULL;
                has_words = true;
                if (lb_yaml_text(&ld->y, v, "audio", ctx, &written))
                    cue->audio = resolve_file(ld, v, "audio file", ctx, written);
                cue->audio_pos = lb_yaml_pos(v);
                free(written);
                break;
            }
            case C_SHOW:
                if (lb_yaml_duration(&ld->y, v, "show", ctx, false, &cue->show_ms) &&
                    cue->show_ms == 0)
                    lb_yaml_error(&ld->y, v, ctx, "'show' must be longer than 0s");
                break;
            case C_EVERY:
                every_node = read_every(ld, v, ctx, &cue->every) ? v : NULL;
                every_unread = !every_node;
                break;
            }
        }
        if (n < 0)
            continue;
        if (!has_at)
            lb_yaml_error(&ld->y, c, ctx, "missing 'at' (when the cue starts, e.g. at: 0s)");
        if (!has_words)
            lb_yaml_error(&ld->y, c, ctx, "a cue needs 'text', 'say' or 'audio'");
        if (!has_at || !at_node || at_node == c || !length_known || every_unread)
            continue;
        /* A timer or exercise step without a length was reported as such already. */
        if (block < 0 && s->kind == LB_KIND_INFO) {
            lb_yaml_error(&ld->y, at_node, ctx, "an info step without 'duration' waits for "
                          "the person; give it a duration to have cues");
        } else if (cue->every != LB_CUE_EVERY_BLOCK) {
            check_every(ld, s, cue, every_node, at_node, ctx);
        } else if (block > 0 && (cue->at_ms >= block || -cue->at_ms > block)) {
            char a[32], b[32];
            lb_yaml_error(&ld->y, at_node, ctx, "cue at %s is outside the block, which lasts %s",
                          lb_duration_format(cue->at_ms, a, sizeof(a)),
                          lb_duration_format(block, b, sizeof(b)));
        }
    }
}

/* The step's side labels as a NULL-terminated list, for suggestions (malloc'd; NULL if none). */
static const char **side_names(const struct lb_step *s)
{
    const char **names = calloc((size_t)s->n_sides + 1, sizeof(*names));
    for (int i = 0; names && i < s->n_sides; i++)
        names[i] = s->sides[i];
    return names;
}

/* `clip` as a map from side label to file: each label one of the step's sides (resolved with
 * `defaults`), a file for every side, each file resolved as any clip is. A label that is a
 * typo of a side counts as that side, so the side is not also reported as without a file. */
static void resolve_side_clips(struct loader *ld, struct lb_step *s, struct lb_raw_step *raw,
                               const char *ctx)
{
    const struct lb_raw_step *def = &ld->defaults;
    yaml_node_t *map = raw->node[F_CLIP] ? raw->node[F_CLIP] : raw->clip_label_nodes[0];
    if (lb_raw_failed(raw, F_SIDES) || lb_raw_failed(def, F_SIDES))
        return; /* the sides were reported; the labels cannot be matched */
    if (s->n_sides == 0) {
        lb_yaml_error(&ld->y, map, ctx, "'clip' gives a file per side, but the step has no "
                      "'sides'; add sides: [left, right], or give one clip");
        return;
    }
    s->side_clips = calloc((size_t)s->n_sides, sizeof(*s->side_clips));
    s->side_clip_paths = calloc((size_t)s->n_sides, sizeof(*s->side_clip_paths));
    s->side_clip_at = calloc((size_t)s->n_sides, sizeof(*s->side_clip_at));
    const char **names = side_names(s);
    bool *covered = calloc((size_t)s->n_sides, sizeof(*covered));
    if (!s->side_clips || !s->side_clip_paths || !s->side_clip_at || !names || !covered) {
        lb_yaml_error(&ld->y, map, ctx, "out of memory");
        goto done;
    }
    for (int k = 0; k < raw->n_side_clips; k++) {
        const char *label = raw->clip_labels[k];
        int side = -1;
        for (int i = 0; i < s->n_sides && side < 0; i++)
            if (!strcmp(s->sides[i], label))
                side = i;
        if (side < 0) {
            const char *hint = lb_suggest(label, names);
            char list[LB_MAX_SIDES * (LB_MAX_LABEL_CHARS * 4 + 2) + 1] = "";
            for (int i = 0; i < s->n_sides; i++)
                snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
                         i ? ", " : "", s->sides[i]);
            char where[128];
            snprintf(where, sizeof(where), "%s%s%s%s", ctx, hint ? " (did you mean '" : "",
                     hint ? hint : "", hint ? "'?)" : "");
            lb_yaml_error(&ld->y, raw->clip_label_nodes[k], where, "side '%s' in 'clip' is not "
                          "one of the step's sides (%s)", label, list);
            for (int i = 0; hint && i < s->n_sides; i++)
                covered[i] |= names[i] == hint;
            continue;
        }
        covered[side] = true;
        s->side_clips[side] = strdup(raw->clip_files[k]);
        s->side_clip_at[side] = lb_yaml_pos(raw->clip_file_nodes[k]);
        s->side_clip_paths[side] = resolve_file(ld, raw->clip_file_nodes[k], "clip", ctx,
                                                raw->clip_files[k]);
    }
    /* An entry that could not be read was reported; which side it was for is not known. */
    for (int i = 0; i < s->n_sides && !lb_raw_failed(raw, F_CLIP); i++)
        if (!covered[i])
            lb_yaml_error(&ld->y, map, ctx, "'clip' has no file for side '%s'; give every side "
                          "its file, or one clip for all sides", s->sides[i]);
    if (raw->set[F_MIRROR] && raw->node[F_MIRROR])
        lb_yaml_error(&ld->y, raw->node[F_MIRROR], ctx, "'mirror' does not apply when each "
                      "side has its own clip: a filmed side is shown as it was filmed");
    /* What asks only whether the step has a clip (and which one opens first) sees side 1's. */
    for (int i = 0; i < s->n_sides && !s->clip; i++) {
        if (s->side_clips[i]) {
            s->clip = strdup(s->side_clips[i]);
            s->clip_path = s->side_clip_paths[i] ? strdup(s->side_clip_paths[i]) : NULL;
        }
    }
done:
    free(names);
    free(covered);
}

const char *lb_step_clip_path(const struct lb_step *s, int side)
{
    if (s->side_clip_paths && side >= 0 && side < s->n_sides)
        return s->side_clip_paths[side];
    return s->clip_path;
}

const char *lb_step_clip_written(const struct lb_step *s, int side)
{
    if (s->side_clips && side >= 0 && side < s->n_sides)
        return s->side_clips[side];
    return s->clip;
}

/* A value for field `id`: the step's own, else the default (when it applies to this kind of
 * step), else the built-in. */
static bool pick(const struct lb_raw_step *own, const struct lb_raw_step *def, int id,
                 bool default_applies, const struct lb_raw_step **from)
{
    if (own->set[id])
        return *from = own, true;
    if (default_applies && def->set[id])
        return *from = def, true;
    return false;
}

static int64_t pick_ms(const struct lb_raw_step *own, const struct lb_raw_step *def, int id,
                       bool default_applies, int64_t builtin)
{
    const struct lb_raw_step *from;
    return pick(own, def, id, default_applies, &from) ? from->ms[id] : builtin;
}

static int pick_num(const struct lb_raw_step *own, const struct lb_raw_step *def, int id,
                    bool default_applies, int builtin)
{
    const struct lb_raw_step *from;
    return pick(own, def, id, default_applies, &from) ? from->num[id] : builtin;
}

/* Fields that mean nothing for timer and info steps: an error rather than silently ignored. */
static const int exercise_only[] = {F_CLIP, F_CLIP_START, F_CLIP_END, F_LOOP, F_CLIP_AUDIO,
                                    F_MIRROR, F_SIDES, F_SETS, F_REPS, F_REP_TIME, F_HOLD,
                                    F_SWITCH, F_SET_REST};

/* Fields a block's length is made of. */
static const int length_fields[] = {F_REPS, F_DURATION, F_REP_TIME, F_HOLD};

/* Resolve a step's fields against the defaults and check them together. Returns false when the
 * block's length is unknown because a field it depends on was reported already. */
static bool resolve_step(struct loader *ld, struct lb_step *s, struct lb_raw_step *raw,
                         yaml_node_t *map, const char *ctx)
{
    const struct lb_raw_step *def = &ld->defaults;
    s->kind = raw->set[F_KIND] ? (enum lb_step_kind)raw->num[F_KIND] : LB_KIND_EXERCISE;
    bool ex = s->kind == LB_KIND_EXERCISE;
    /* A kind that could not be read leaves what the step needs unknown. */
    bool kind_known = !lb_raw_failed(raw, F_KIND);
    bool length_known = kind_known;
    for (size_t i = 0; i < sizeof(length_fields) / sizeof(length_fields[0]); i++)
        if (lb_raw_failed(raw, length_fields[i]) || lb_raw_failed(def, length_fields[i]))
            length_known = false;
    s->title = raw->text[F_TITLE];
    s->instructions = raw->text[F_INSTRUCTIONS];
    s->clip = raw->text[F_CLIP];
    raw->text[F_TITLE] = raw->text[F_INSTRUCTIONS] = raw->text[F_CLIP] = NULL;
    if (!raw->given[F_TITLE])
        lb_yaml_error(&ld->y, map, ctx, "missing 'title'");
    if (raw->given[F_CHECKIN])
        lb_yaml_error(&ld->y, raw->node[F_CHECKIN], ctx, "'checkin' belongs at the top of the "
                      "routine or in its defaults, not in a step");

    if (!ex && kind_known) {
        for (size_t i = 0; i < sizeof(exercise_only) / sizeof(exercise_only[0]); i++) {
            int id = exercise_only[i];
            if (raw->set[id])
                lb_yaml_error(&ld->y, raw->node[id], ctx, "'%s' applies to exercise steps, "
                              "not to %s steps", lb_step_field_names[id],
                              lb_step_kind_name(s->kind));
        }
    }
    if (ex && raw->set[F_REPS] && raw->set[F_DURATION]) {
        yaml_node_t *later = raw->node[F_REPS]->start_mark.index >
                                     raw->node[F_DURATION]->start_mark.index
                                 ? raw->node[F_REPS] : raw->node[F_DURATION];
        lb_yaml_error(&ld->y, later, ctx, "give either 'reps' or 'duration', not both");
    }

    /* Exercise steps take every default; timer and info steps only the ones that fit them. */
    s->reps = ex && !raw->set[F_DURATION] ? pick_num(raw, def, F_REPS, true, 0) : 0;
    s->duration_ms = !s->reps ? pick_ms(raw, def, F_DURATION, ex, -1) : -1;
    s->sets = pick_num(raw, def, F_SETS, ex, 1);
    s->rep_time_ms = pick_ms(raw, def, F_REP_TIME, ex, DEFAULT_REP_TIME_MS);
    s->hold_ms = pick_ms(raw, def, F_HOLD, ex, 0);
    s->countdown_ms = pick_ms(raw, def, F_COUNTDOWN, ex, ex ? DEFAULT_COUNTDOWN_MS : 0);
    s->rest_ms = pick_ms(raw, def, F_REST, true, DEFAULT_REST_MS);
    s->switch_ms = pick_ms(raw, def, F_SWITCH, ex, DEFAULT_SWITCH_MS);
    s->set_rest_ms = pick_ms(raw, def, F_SET_REST, ex, DEFAULT_SET_REST_MS);
    s->loop = pick_num(raw, def, F_LOOP, ex, 1);
    s->clip_audio = (enum lb_clip_audio)pick_num(raw, def, F_CLIP_AUDIO, ex, LB_CLIP_AUDIO_ONCE);
    s->mirror = (enum lb_mirror)pick_num(raw, def, F_MIRROR, ex, LB_MIRROR_NEVER);
    s->voice = pick_num(raw, def, F_VOICE, true, 1);
    s->count_reps = pick_num(raw, def, F_COUNT_REPS, ex, 1);
    s->say_holds = pick_num(raw, def, F_SAY_HOLDS, ex, 1);
    s->count_holds = pick_num(raw, def, F_COUNT_HOLDS, ex, 1);
    /* The rep tick: as given, else where reps are not counted aloud. */
    s->rep_beep_auto = !raw->set[F_REP_BEEP] && !def->set[F_REP_BEEP];
    s->rep_beep = pick_num(raw, def, F_REP_BEEP, true, !(s->voice && s->count_reps));
    s->clip_start_ms = raw->set[F_CLIP_START] ? raw->ms[F_CLIP_START] : 0;
    s->clip_end_ms = raw->set[F_CLIP_END] ? raw->ms[F_CLIP_END] : -1;

    const struct lb_raw_step *from;
    if (pick(raw, def, F_SIDES, ex, &from)) {
        s->n_sides = from->n_sides;
        s->sides = calloc((size_t)s->n_sides, sizeof(*s->sides));
        for (int i = 0; s->sides && i < s->n_sides; i++)
            s->sides[i] = strdup(from->sides[i]);
        if (!s->sides)
            s->n_sides = 0;
    }
    if (pick(raw, def, F_WARNING, ex, &from))
        s->warning = from->num[F_WARNING] ? strdup(from->text[F_WARNING] ? from->text[F_WARNING]
                                                                         : LB_DEFAULT_WARNING)
                                          : NULL;
    else if (ex)
        s->warning = strdup(LB_DEFAULT_WARNING);

    /* What a block needs to have a length. */
    if (ex && kind_known && !s->reps && s->duration_ms < 0 && !raw->given[F_REPS] &&
        !raw->given[F_DURATION] && !def->given[F_REPS] && !def->given[F_DURATION])
        lb_yaml_error(&ld->y, map, ctx, "an exercise step needs 'reps' or 'duration'");
    if (s->kind == LB_KIND_TIMER && s->duration_ms < 0 && !raw->given[F_DURATION])
        lb_yaml_error(&ld->y, map, ctx, "a timer step needs 'duration'");
    if (s->reps && length_known && s->rep_time_ms + s->hold_ms == 0)
        lb_yaml_error(&ld->y, raw->node[F_REPS] ? raw->node[F_REPS] : map, ctx,
                      "a rep lasts 0s: give 'rep_time' or 'hold' a length");
    if (s->n_sides > 0 && s->mirror == LB_MIRROR_OTHER_SIDE && s->n_sides < 2 &&
        raw->set[F_MIRROR])
        lb_yaml_error(&ld->y, raw->node[F_MIRROR], ctx, "'mirror: other-side' needs two sides");

    if (raw->set[F_CLIP_END] && !lb_raw_failed(raw, F_CLIP_START) &&
        s->clip_end_ms <= s->clip_start_ms)
        lb_yaml_error(&ld->y, raw->node[F_CLIP_END], ctx, "'clip_end' must come after "
                      "'clip_start'");
    if (ex && !raw->given[F_CLIP] && (raw->set[F_CLIP_START] || raw->set[F_CLIP_END]))
        lb_yaml_error(&ld->y, raw->node[raw->set[F_CLIP_START] ? F_CLIP_START : F_CLIP_END],
                      ctx, "a trim needs a 'clip'");
    if (ex && s->clip)
        s->clip_path = resolve_file(ld, raw->node[F_CLIP], "clip", ctx, s->clip);
    else if (ex && kind_known && raw->n_side_clips > 0)
        resolve_side_clips(ld, s, raw, ctx);
    s->clip_at = (struct lb_clip_places){
        .clip = lb_yaml_pos(raw->node[F_CLIP]),
        .clip_start = lb_yaml_pos(raw->node[F_CLIP_START]),
        .clip_end = lb_yaml_pos(raw->node[F_CLIP_END]),
        .clip_audio = lb_yaml_pos(raw->node[F_CLIP_AUDIO]),
    };
    return length_known;
}

static void read_steps(struct loader *ld, yaml_node_t *list)
{
    struct lb_routine *r = ld->r;
    if (list->type != YAML_SEQUENCE_NODE) {
        lb_yaml_error(&ld->y, list, "", "'steps' must be a list of steps (- title: ...)");
        return;
    }
    long len = list->data.sequence.items.top - list->data.sequence.items.start;
    if (len == 0) {
        lb_yaml_error(&ld->y, list, "", "'steps' is empty: a routine needs at least one step");
        return;
    }
    if (len > LB_MAX_STEPS) {
        lb_yaml_error(&ld->y, list, "", "%ld steps; at most %d", len, LB_MAX_STEPS);
        return;
    }
    r->steps = calloc((size_t)len, sizeof(*r->steps));
    if (!r->steps)
        return;
    long blocks = 0;
    for (long i = 0; i < len; i++) {
        yaml_node_t *map = lb_yaml_node(&ld->y, list->data.sequence.items.start[i]);
        if (!map)
            return;
        char ctx[32];
        snprintf(ctx, sizeof(ctx), "in step %ld", i + 1);
        struct lb_step *s = &r->steps[r->n_steps++];
        s->pos = lb_yaml_pos(map);
        struct lb_raw_step raw;
        lb_raw_step_read(&ld->y, map, false, ctx, &raw);
        if (map->type == YAML_MAPPING_NODE) {
            bool length_known = resolve_step(ld, s, &raw, map, ctx);
            int64_t show = pick_ms(&raw, &ld->defaults, F_SHOW, true, DEFAULT_SHOW_MS);
            if (raw.set[F_CUES] && !lb_yaml_is_null(raw.node[F_CUES]))
                read_cues(ld, s, raw.node[F_CUES], show, (int)i + 1, length_known);
            blocks += lb_step_blocks(s);
        }
        lb_raw_step_free(&raw);
    }
    if (blocks > LB_MAX_BLOCKS)
        lb_yaml_error(&ld->y, list, "", "the routine has %ld blocks; at most %d", blocks,
                      LB_MAX_BLOCKS);
}

static void read_version(struct loader *ld, yaml_node_t *v)
{
    const char *s = lb_yaml_scalar(v);
    char *end = NULL;
    long n = s ? strtol(s, &end, 10) : 0;
    if (!s || !s[0] || *end || isspace((unsigned char)s[0])) {
        lb_yaml_error(&ld->y, v, "", "'limber' is the format version and must be a whole "
                      "number, like 'limber: %d'", LB_FORMAT_VERSION);
        return;
    }
    /* Quote what the author wrote: strtol saturates numbers too large for a long. */
    if (n < 1)
        lb_yaml_error(&ld->y, v, "", "there is no format version %s; this Limber reads format "
                      "version %d: write 'limber: %d'", s, LB_FORMAT_VERSION, LB_FORMAT_VERSION);
    else if (n > LB_FORMAT_VERSION)
        lb_yaml_error(&ld->y, v, "", "format version %s is newer than this Limber reads "
                      "(version %d); update Limber or write 'limber: %d'", s,
                      LB_FORMAT_VERSION, LB_FORMAT_VERSION);
    else
        ld->r->version = (int)n;
}

static void read_language(struct loader *ld, yaml_node_t *v)
{
    if (!lb_yaml_text(&ld->y, v, "language", "", &ld->r->language))
        return;
    /* BCP 47 in its plain shape: letters, digits and hyphens, starting with 2-3 letters. */
    const char *s = ld->r->language;
    size_t lead = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    if (lead < 2 || lead > 3 || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789-") != strlen(s))
        lb_yaml_error(&ld->y, v, "", "'language' must be a language tag like en, de or "
                      "pt-BR, not '%s'", s);
    else if (!lb_i18n_has_catalog(s))
        lb_diags_add(ld->y.diags, LB_SEV_WARNING, (int)v->start_mark.line + 1,
                     (int)v->start_mark.column + 1, "Limber has no translation into '%s': its "
                     "own words (screens, spoken phrases) will be in English", s);
}

/* More safety points than the start card shows: the first one left off is named, so that
 * nobody believes the person reads it. */
static void warn_unshown_safety(struct loader *ld, yaml_node_t *list)
{
    if (!list || list->type != YAML_SEQUENCE_NODE || ld->r->n_safety <= LB_SAFETY_ON_CARD)
        return;
    yaml_node_t *first = lb_yaml_node(&ld->y, list->data.sequence.items.start[LB_SAFETY_ON_CARD]);
    if (!first)
        return;
    int left = ld->r->n_safety - LB_SAFETY_ON_CARD;
    lb_diags_add(ld->y.diags, LB_SEV_WARNING, (int)first->start_mark.line + 1,
                 (int)first->start_mark.column + 1,
                 "the start card shows the first %d safety points and the pain-stop screens "
                 "the first %d: this one %s not shown; put the most important first or merge "
                 "some", LB_SAFETY_ON_CARD, LB_SAFETY_ON_PAIN,
                 left == 1 ? "is" : "and the ones after it are");
}

static void read_root(struct loader *ld, yaml_node_t *root)
{
    struct lb_routine *r = ld->r;
    if (!root || lb_yaml_is_null(root)) {
        lb_diags_add(ld->y.diags, LB_SEV_ERROR, 1, 1, "the file is empty; a routine starts "
                     "with 'limber: 1', a 'title' and its 'steps'");
        return;
    }
    struct lb_field f[R_COUNT];
    int n = lb_yaml_fields(&ld->y, root, root_names, "a routine (limber: 1, title, steps)", "",
                           f, R_COUNT);
    if (n < 0)
        return;
    yaml_node_t *by_id[R_COUNT] = {0};
    for (int i = 0; i < n; i++)
        by_id[f[i].id] = f[i].value;
    /* A misspelt top-level field was reported; it is not also missing. */
    bool meant[R_COUNT];
    for (int i = 0; i < R_COUNT; i++)
        meant[i] = lb_yaml_meant(&ld->y, i);
    /* Defaults first: steps use them, wherever they stand in the file. */
    if (by_id[R_DEFAULTS] && !lb_yaml_is_null(by_id[R_DEFAULTS]))
        lb_raw_step_read(&ld->y, by_id[R_DEFAULTS], true, "in defaults", &ld->defaults);
    for (int i = 0; i < n; i++) {
        yaml_node_t *v = f[i].value;
        switch (f[i].id) {
        case R_LIMBER: read_version(ld, v); break;
        case R_TITLE: lb_yaml_text(&ld->y, v, "title", "", &r->title); break;
        case R_DESCRIPTION: lb_yaml_text(&ld->y, v, "description", "", &r->description); break;
        case R_AUTHOR: lb_yaml_text(&ld->y, v, "author", "", &r->author); break;
        case R_LANGUAGE: read_language(ld, v); break;
        case R_SAFETY:
            if (!lb_yaml_is_null(v))
                lb_yaml_text_list(&ld->y, v, "safety", "each safety point must be text", "",
                                  LB_MAX_LIST, &r->safety, &r->n_safety);
            warn_unshown_safety(ld, v);
            break;
        case R_SCREENING:
            if (!lb_yaml_is_null(v))
                read_screening(ld, v);
            break;
        case R_STEPS: read_steps(ld, v); break;
        case R_CHECKIN: {
            bool b;
            if (lb_yaml_bool(&ld->y, v, "checkin", "", &b))
                r->checkin = b ? 1 : 0;
            break;
        }
        default: break;
        }
    }
    if (!by_id[R_LIMBER] && !meant[R_LIMBER])
        lb_yaml_error(&ld->y, root, "", "missing 'limber: 1' (the format version) at the top");
    if (!by_id[R_TITLE] && !meant[R_TITLE])
        lb_yaml_error(&ld->y, root, "", "missing 'title'");
    if (!by_id[R_STEPS] && !meant[R_STEPS])
        lb_yaml_error(&ld->y, root, "", "missing 'steps'");
    if (!r->language)
        r->language = strdup("en");
    /* The pain check-ins: the routine's own word, else its defaults', else on. */
    if (r->checkin < 0)
        r->checkin = ld->defaults.set[F_CHECKIN] ? ld->defaults.num[F_CHECKIN] : 1;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* A routine longer than LB_MAX_TOTAL_MS is a mistake (or an attack: seeking in it takes time
 * in proportion); refuse it with the limit. */
static void check_total(const struct lb_routine *r, struct lb_diags *diags)
{
    struct lb_plan plan;
    if (r->n_steps == 0 || !lb_plan_init(&plan, r))
        return;
    if (plan.total_ms > LB_MAX_TOTAL_MS) {
        char total[32];
        lb_duration_clock(plan.total_ms, total, sizeof(total));
        lb_diags_add(diags, LB_SEV_ERROR, r->steps[0].pos.line, r->steps[0].pos.col,
                     "the routine lasts %s in all; at most %lld hours are allowed (split it "
                     "into several routines)", total, LB_MAX_TOTAL_MS / 3600000);
    }
    lb_plan_destroy(&plan);
}

struct lb_routine *lb_routine_load_buffer(const char *name, const unsigned char *data,
                                          size_t size, const struct lb_load_options *opts,
                                          struct lb_diags *diags)
{
    static const struct lb_load_options no_opts = {0};
    struct loader ld = {.opts = opts ? opts : &no_opts};
    int errors_before = diags->errors;
    ld.r = calloc(1, sizeof(*ld.r));
    if (!ld.r) {
        lb_diags_add(diags, LB_SEV_ERROR, 0, 0, "out of memory");
        return NULL;
    }
    ld.r->path = strdup(name);
    ld.r->dir = dir_of(name);
    ld.r->checkin = -1; /* not said yet */
    if (size > LB_MAX_FILE_BYTES) {
        lb_diags_add(diags, LB_SEV_ERROR, 0, 0, "the file is %zu bytes; a routine file may be "
                     "at most %d bytes", size, LB_MAX_FILE_BYTES);
    } else if (lb_yaml_open(&ld.y, data, size, diags)) {
        read_root(&ld, lb_yaml_root(&ld.y));
        if (diags->errors == errors_before)
            check_total(ld.r, diags);
    }
    lb_yaml_close(&ld.y);
    lb_raw_step_free(&ld.defaults);
    lb_diags_sort(diags);
    if (!ld.r->path || !ld.r->dir || (diags->errors > errors_before && !ld.opts->keep_on_error)) {
        lb_routine_free(ld.r);
        return NULL;
    }
    return ld.r;
}

struct lb_routine *lb_routine_load(const char *path, const struct lb_load_options *opts,
                                   struct lb_diags *diags)
{
    /* Checked as opened: a FIFO, device or folder is refused at once instead of blocking. */
    char *data = NULL;
    size_t size = 0;
    char why[256];
    if (!lb_file_read_all(path, 0, LB_MAX_FILE_BYTES, &data, &size, why, sizeof(why))) {
        lb_diags_add(diags, LB_SEV_ERROR, 0, 0, "cannot read the file: %s", why);
        return NULL;
    }
    struct lb_routine *r = lb_routine_load_buffer(path, (const unsigned char *)data, size, opts,
                                                  diags);
    free(data);
    return r;
}

static void free_list(char **list, int n)
{
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

const char *lb_warning_words(const char *warning)
{
    return warning && !strcmp(warning, LB_DEFAULT_WARNING) ? _("Stop if painful") : warning;
}

void lb_routine_free(struct lb_routine *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->n_steps; i++) {
        struct lb_step *s = &r->steps[i];
        free(s->title);
        free(s->instructions);
        free(s->clip);
        free(s->clip_path);
        for (int k = 0; s->side_clips && k < s->n_sides; k++)
            free(s->side_clips[k]);
        for (int k = 0; s->side_clip_paths && k < s->n_sides; k++)
            free(s->side_clip_paths[k]);
        free(s->side_clips);
        free(s->side_clip_paths);
        free(s->side_clip_at);
        free(s->warning);
        free_list(s->sides, s->n_sides);
        for (int c = 0; c < s->n_cues; c++) {
            free(s->cues[c].text);
            free(s->cues[c].say);
            free(s->cues[c].audio);
        }
        free(s->cues);
    }
    free(r->steps);
    for (int i = 0; i < r->n_screening; i++) {
        free(r->screening[i].ask);
        free(r->screening[i].advice);
    }
    free(r->screening);
    free_list(r->safety, r->n_safety);
    free(r->path);
    free(r->dir);
    free(r->title);
    free(r->description);
    free(r->author);
    free(r->language);
    free(r);
}
