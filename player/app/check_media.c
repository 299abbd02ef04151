/* Probing the clips and recorded voices a routine names, with messages at their fields. */
#include "check_media.h"

#include <stdio.h>
#include <string.h>

#include "duration.h"

#define PROBE_TIMEOUT_MS 5000

/* A problem with a file: an error unless `warning`, at pos, else at the step. */
static void add(struct lb_diags *diags, bool warning, struct lb_pos pos, struct lb_pos fallback,
                const char *what, const char *ctx)
{
    if (pos.line <= 0)
        pos = fallback;
    lb_diags_add(diags, warning ? LB_SEV_WARNING : LB_SEV_ERROR, pos.line, pos.col, "%s %s",
                 what, ctx);
}

/* Messages shared by clips and voices: a file that cannot be played at all. False if any. */
static bool playable(const struct lb_probe_result *p, const char *field, const char *name,
                     struct lb_pos pos, const char *ctx, struct lb_diags *diags)
{
    char msg[600];
    if (p->verdict != LB_PROBE_MEDIA) {
        snprintf(msg, sizeof(msg), "%s '%s' cannot be played: %s", field, name, p->reason);
        add(diags, false, pos, pos, msg, ctx);
        return false;
    }
    return true;
}

/* A stream this build cannot decode: which codec, and how to convert it. */
static void undecodable(const char *field, const char *name, const char *kind,
                        const struct lb_probe_stream *s, struct lb_pos pos, const char *ctx,
                        struct lb_diags *diags, bool warning)
{
    char msg[600];
    /* FFmpeg versions without VVC name it only by its MP4 tag. */
    const char *codec = !strcmp(s->codec, "vvc1") || !strcmp(s->codec, "vvi1") ||
                        !strcmp(s->codec, "vvc") ? "VVC (H.266)" : s->codec;
    snprintf(msg, sizeof(msg), "%s '%s': %s is in %s, which this build of Limber cannot decode; "
             "convert it (e.g. ffmpeg -i IN -c:v libx264 -c:a aac OUT.mp4)", field, name, kind,
             codec);
    add(diags, warning, pos, pos, msg, ctx);
}

/* Clip file `name` of step s (its one clip, or one side's), written at `clip_at`. */
static void check_clip(const struct lb_step *s, const char *name, struct lb_pos clip_at,
                       const struct lb_probe_result *p, const char *ctx, struct lb_diags *diags)
{
    const struct lb_clip_places *at = &s->clip_at;
    char msg[600];
    if (!playable(p, "clip", name, clip_at, ctx, diags))
        return;
    if (!p->video.present) {
        snprintf(msg, sizeof(msg), "clip '%s' has no picture (no video stream%s); a clip must "
                 "be a video", name, p->audio.present ? ", only sound" : "");
        add(diags, false, clip_at, clip_at, msg, ctx);
        return;
    }
    if (!p->video.decodable) {
        undecodable("clip", name, "its video", &p->video, clip_at, ctx, diags, false);
        return;
    }
    char len[32], when[32];
    if (p->duration_ms > 0)
        lb_duration_format(p->duration_ms, len, sizeof(len));
    if (p->duration_ms > 0 && s->clip_start_ms >= p->duration_ms) {
        snprintf(msg, sizeof(msg), "clip_start %s is past the end of clip '%s', which lasts %s",
                 lb_duration_format(s->clip_start_ms, when, sizeof(when)), name, len);
        add(diags, false, at->clip_start, clip_at, msg, ctx);
    } else if (p->duration_ms > 0 && s->clip_end_ms > p->duration_ms) {
        snprintf(msg, sizeof(msg), "clip_end %s is past the end of clip '%s', which lasts %s",
                 lb_duration_format(s->clip_end_ms, when, sizeof(when)), name, len);
        add(diags, false, at->clip_end, clip_at, msg, ctx);
    }
    /* Sound asked of a clip that has none: the routine plays, silently. */
    if (s->clip_audio != LB_CLIP_AUDIO_OFF && at->clip_audio.line > 0) {
        const char *word = s->clip_audio == LB_CLIP_AUDIO_LOOP ? "loop" : "once";
        if (!p->audio.present) {
            snprintf(msg, sizeof(msg), "'clip_audio: %s' but clip '%s' has no sound; nothing "
                     "will be heard from it (write clip_audio: off, or leave it out)", word,
                     name);
            add(diags, true, at->clip_audio, clip_at, msg, ctx);
        } else if (!p->audio.decodable) {
            undecodable("clip", name, "its sound", &p->audio, at->clip_audio, ctx, diags,
                        true);
        }
    }
}

static void check_voice(const struct lb_cue *c, const struct lb_probe_result *p,
                        const char *ctx, struct lb_diags *diags)
{
    if (!playable(p, "audio file", c->audio, c->audio_pos, ctx, diags))
        return;
    char msg[600];
    if (!p->audio.present) {
        snprintf(msg, sizeof(msg), "audio file '%s' has no sound (no audio stream)", c->audio);
        add(diags, false, c->audio_pos, c->pos, msg, ctx);
    } else if (!p->audio.decodable) {
        undecodable("audio file", c->audio, "its sound", &p->audio, c->audio_pos, ctx, diags,
                    false);
    }
}

/* Look at one file the routine names: a member of bundle (its window, in place) or a file. */
static void probe(const struct lb_bundle *bundle, struct lb_probe_cache *cache, const char *path,
                  struct lb_probe_result *p)
{
    if (!bundle) {
        lb_probe_file(cache, path, PROBE_TIMEOUT_MS, p);
        return;
    }
    const struct lb_bundle_member *m = lb_bundle_lookup(bundle, path);
    if (m) {
        lb_probe_window(bundle->fd, m->offset, m->size, path, PROBE_TIMEOUT_MS, p);
    } else { /* the loader refuses this first */
        *p = (struct lb_probe_result){.verdict = LB_PROBE_NOT_FILE, .duration_ms = -1};
        snprintf(p->reason, sizeof(p->reason), "it is not in the bundle");
    }
}

void lb_check_media(const struct lb_routine *r, const struct lb_bundle *bundle,
                    struct lb_probe_cache *cache, struct lb_diags *diags)
{
    for (int i = 0; i < r->n_steps; i++) {
        const struct lb_step *s = &r->steps[i];
        char ctx[64];
        snprintf(ctx, sizeof(ctx), "in step %d", i + 1);
        struct lb_probe_result p;
        if (s->side_clips) { /* a clip per side: each file */
            for (int k = 0; k < s->n_sides; k++) {
                if (!s->side_clip_paths[k])
                    continue;
                probe(bundle, cache, s->side_clip_paths[k], &p);
                check_clip(s, s->side_clips[k], s->side_clip_at[k], &p, ctx, diags);
            }
        } else if (s->clip_path) {
            probe(bundle, cache, s->clip_path, &p);
            check_clip(s, s->clip, s->clip_at.clip, &p, ctx, diags);
        }
        for (int k = 0; k < s->n_cues; k++) {
            if (!s->cues[k].audio)
                continue;
            snprintf(ctx, sizeof(ctx), "in cue %d of step %d", k + 1, i + 1);
            probe(bundle, cache, s->cues[k].audio, &p);
            check_voice(&s->cues[k], &p, ctx, diags);
        }
    }
    lb_diags_sort(diags);
}
