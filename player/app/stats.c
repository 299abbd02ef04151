/* Collecting and writing playback statistics. */
#include "stats.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "json.h"
#include "log.h"

bool lb_stats_open(struct lb_stats *st, const char *path)
{
    *st = (struct lb_stats){.first_frame_ms = -1, .first_draw_ms = -1};
    if (!path)
        return true;
    st->out = fopen(path, "w");
    if (!st->out) {
        lb_log_error("cannot write statistics to '%s'", path);
        return false;
    }
    st->av_offsets = malloc(LB_STATS_MAX_SAMPLES * sizeof(*st->av_offsets));
    return true;
}

void lb_stats_transition(struct lb_stats *st, const char *kind, double at_s, int step,
                         double late_ms, double frame_interval_ms)
{
    if (!st->out)
        return;
    double gap = late_ms - frame_interval_ms;
    if (gap < 0)
        gap = 0;
    if (gap > st->worst_gap_ms)
        st->worst_gap_ms = gap;
    st->transitions++;
    fprintf(st->out, "{\"type\": \"transition\", \"kind\": \"%s\", \"at_s\": %.3f, \"step\": %d, "
            "\"late_ms\": %.1f, \"gap_ms\": %.1f}\n", kind, at_s, step + 1, late_ms, gap);
}

void lb_stats_screen(struct lb_stats *st, const char *screen, int step, double at_s)
{
    if (!st->out)
        return;
    fprintf(st->out, "{\"type\": \"screen\", \"screen\": \"%s\", \"step\": %d, "
            "\"at_s\": %.3f}\n", screen, step, at_s);
    fflush(st->out);
}

static int by_value(const void *a, const void *b);

/* The "drawn" line of the screen counted so far. */
static void write_drawn(struct lb_stats *st)
{
    if (!st->drawn_screen)
        return;
    int n = st->draws - 1 < 64 ? (int)st->draws - 1 : 64;
    double again = -1;
    if (n > 0) {
        qsort(st->again_ms, (size_t)n, sizeof(float), by_value);
        again = n % 2 ? st->again_ms[n / 2] : (st->again_ms[n / 2 - 1] + st->again_ms[n / 2]) / 2;
    }
    fprintf(st->out, "{\"type\": \"drawn\", \"screen\": \"%s\", \"step\": %d, "
            "\"draws\": %lld, \"shades\": %lld, \"reuses\": %lld, \"first_ms\": %.2f, "
            "\"again_ms_median\": %.2f}\n", st->drawn_screen, st->drawn_step,
            (long long)st->draws, (long long)st->shades, (long long)st->reuses,
            st->screen_first_ms, again);
    fflush(st->out);
}

void lb_stats_drawn(struct lb_stats *st, const char *screen, int step, int64_t shades,
                    bool reused, double ms)
{
    if (!st->out)
        return;
    if (screen != st->drawn_screen || step != st->drawn_step) {
        write_drawn(st);
        st->drawn_screen = screen;
        st->drawn_step = step;
        st->draws = st->shades = st->reuses = 0;
        st->screen_first_ms = ms;
    } else if (st->draws - 1 < 64) {
        st->again_ms[st->draws - 1] = (float)ms;
    }
    st->draws++;
    st->shades += shades;
    st->reuses += reused;
}

void lb_stats_reload(struct lb_stats *st, bool ok, int errors, double from_s, double to_s,
                     double at_s)
{
    if (!st->out)
        return;
    fprintf(st->out, "{\"type\": \"reload\", \"ok\": %s, \"errors\": %d, \"from_s\": %.3f, "
            "\"to_s\": %.3f, \"at_s\": %.3f}\n", ok ? "true" : "false", errors, from_s, to_s,
            at_s);
    fflush(st->out);
}

void lb_stats_spoken(struct lb_stats *st, const char *text, const char *voice, double routine_s,
                     double at_s)
{
    if (!st->out)
        return;
    fputs("{\"type\": \"spoken\", \"line\": ", st->out);
    lb_json_string(st->out, text);
    fputs(", \"voice\": ", st->out);
    lb_json_string(st->out, voice ? voice : "");
    fprintf(st->out, ", \"routine_s\": %.3f, \"at_s\": %.3f}\n", routine_s, at_s);
    fflush(st->out);
}

void lb_stats_block(struct lb_stats *st, int step, int set, const char *side,
                    const char *result, double ended_s, double recorded_s)
{
    if (!st->out)
        return;
    fprintf(st->out, "{\"type\": \"block\", \"step\": %d, \"set\": %d, \"side\": ", step,
            set);
    lb_json_string(st->out, side); /* a side label is the author's text */
    fprintf(st->out, ", \"result\": \"%s\", \"ended_s\": %.3f, \"recorded_s\": %.3f}\n",
            result, ended_s, recorded_s);
    fflush(st->out);
}

void lb_stats_line(struct lb_stats *st, const char *text, double at_s, double routine_s,
                   double length_s)
{
    if (!st->out)
        return;
    fputs("{\"type\": \"line\", \"text\": ", st->out);
    lb_json_string(st->out, text);
    fprintf(st->out, ", \"at_s\": %.3f, \"routine_s\": %.3f, \"length_s\": %.3f}\n", at_s,
            routine_s, length_s);
    fflush(st->out);
}

void lb_stats_cues(struct lb_stats *st, int step, const int *cues, int n,
                   const double *planned_s, double at_s)
{
    if (n > 8)
        n = 8;
    for (int i = 0; st->out && i < n; i++) {
        bool seen = false;
        for (int k = 0; k < st->n_cues_shown && step == st->cue_step; k++)
            seen = seen || (st->cues_shown[k] == cues[i] && st->cues_planned_s[k] == planned_s[i]);
        if (!seen)
            fprintf(st->out, "{\"type\": \"cue\", \"step\": %d, \"cue\": %d, \"at_s\": %.3f, "
                    "\"planned_s\": %.3f}\n", step + 1, cues[i] + 1, at_s, planned_s[i]);
    }
    st->cue_step = step;
    st->n_cues_shown = n;
    memcpy(st->cues_shown, cues, (size_t)n * sizeof(*cues));
    memcpy(st->cues_planned_s, planned_s, (size_t)n * sizeof(*planned_s));
}

void lb_stats_resync(struct lb_stats *st, const char *what, double at_s)
{
    if (!strcmp(what, "clip"))
        st->clip_resyncs++;
    else
        st->sound_resyncs++;
    if (st->out)
        fprintf(st->out, "{\"type\": \"resync\", \"what\": \"%s\", \"at_s\": %.3f}\n", what,
                at_s);
}

void lb_stats_audio_clock(struct lb_stats *st, int64_t device_frame, int64_t routine_frame)
{
    if (st->out)
        fprintf(st->out, "{\"type\": \"audio_clock\", \"device_frame\": %lld, "
                "\"routine_frame\": %lld}\n", (long long)device_frame, (long long)routine_frame);
}

void lb_stats_av_offset(struct lb_stats *st, double ms)
{
    if (st->av_offsets && st->n_av < LB_STATS_MAX_SAMPLES)
        st->av_offsets[st->n_av++] = (float)ms;
}

static int by_value(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

double lb_stats_peak_rss_mb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss / 1024.0 : 0;
}

void lb_stats_close(struct lb_stats *st, const char *extra)
{
    if (!st->out)
        return;
    write_drawn(st);
    double median = 0, p99 = 0, worst = 0;
    if (st->n_av > 0) {
        /* Percentiles of the size of the offset, signed median. */
        qsort(st->av_offsets, (size_t)st->n_av, sizeof(float), by_value);
        median = st->av_offsets[st->n_av / 2];
        for (int i = 0; i < st->n_av; i++)
            st->av_offsets[i] = st->av_offsets[i] < 0 ? -st->av_offsets[i] : st->av_offsets[i];
        qsort(st->av_offsets, (size_t)st->n_av, sizeof(float), by_value);
        p99 = st->av_offsets[(int)(st->n_av * 0.99)];
        worst = st->av_offsets[st->n_av - 1];
    }
    fprintf(st->out, "{\"type\": \"summary\", \"frames_presented\": %lld, "
            "\"frames_dropped\": %lld, \"frames_late\": %lld, \"first_frame_ms\": %lld, "
            "\"first_draw_ms\": %lld, \"av_offset_median_ms\": %.1f, \"av_offset_p99_ms\": %.1f, "
            "\"av_offset_max_ms\": %.1f, \"av_samples\": %d, \"transitions\": %d, "
            "\"worst_gap_ms\": %.1f, \"peak_rss_mb\": %.1f, \"clip_resyncs\": %d",
            (long long)st->frames_presented, (long long)st->frames_dropped,
            (long long)st->frames_late, (long long)st->first_frame_ms,
            (long long)st->first_draw_ms, median, p99, worst, st->n_av, st->transitions,
            st->worst_gap_ms, lb_stats_peak_rss_mb(), st->clip_resyncs);
    if (extra && extra[0])
        fprintf(st->out, ", %s", extra);
    fprintf(st->out, "}\n");
    fclose(st->out);
    free(st->av_offsets);
    *st = (struct lb_stats){0};
}
